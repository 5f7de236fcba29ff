//! The market settings row of an organisation (none until first changed:
//! then the defaults hold).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::{MarketSettings, MarketSettingsFields};
use crate::db::schema::market_settings;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// A settings row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = market_settings)]
pub struct SettingsRow {
    pub organization_id: String,
    pub iban: Option<String>,
    pub account_holder: Option<String>,
    pub bic: Option<String>,
    pub commission_bp: i32,
    pub require_approval: bool,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

/// The organisation's settings row, if it was ever changed.
pub fn find(conn: &mut DbConnection, org: &str) -> Result<Option<SettingsRow>, ApiError> {
    Ok(market_settings::table
        .find(org)
        .select(SettingsRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// The organisation's settings (the defaults until first changed).
pub fn get(conn: &mut DbConnection, org: &str) -> Result<MarketSettings, ApiError> {
    Ok(view(find(conn, org)?))
}

/// Whether the organisation approves listings before they are published.
pub fn require_approval(conn: &mut DbConnection, org: &str) -> Result<bool, ApiError> {
    Ok(find(conn, org)?.is_some_and(|r| r.require_approval))
}

/// The view of a row, or the defaults.
pub fn view(row: Option<SettingsRow>) -> MarketSettings {
    match row {
        Some(r) => MarketSettings {
            iban: r.iban,
            account_holder: r.account_holder,
            bic: r.bic,
            commission_bp: r.commission_bp,
            require_approval: r.require_approval,
            updated_at: Some(ids::utc(r.updated_at)),
            version: r.version,
        },
        None => MarketSettings {
            iban: None,
            account_holder: None,
            bic: None,
            commission_bp: 0,
            require_approval: false,
            updated_at: None,
            version: 0,
        },
    }
}

/// The fields as a client sends them (the base of a merge patch).
pub fn fields(s: &MarketSettings) -> MarketSettingsFields {
    MarketSettingsFields {
        iban: s.iban.clone(),
        account_holder: s.account_holder.clone(),
        bic: s.bic.clone(),
        commission_bp: s.commission_bp,
        require_approval: s.require_approval,
    }
}

/// Writes the settings if they are still at `version` (0: none yet).
pub fn save(
    conn: &mut DbConnection,
    org: &str,
    version: i32,
    f: &MarketSettingsFields,
) -> Result<(), ApiError> {
    let iban = crate::market::sellers::model::checked_iban("iban", f.iban.as_deref())?;
    let holder = f
        .account_holder
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let bic = f.bic.as_deref().filter(|s| !s.is_empty());
    let now = ids::now();
    let current = find(conn, org)?.map(|r| r.version).unwrap_or(0);
    if current != version {
        return Err(crate::participants::model::version_conflict(version));
    }
    let n = if version == 0 {
        diesel::insert_into(market_settings::table)
            .values((
                market_settings::organization_id.eq(org),
                market_settings::iban.eq(&iban),
                market_settings::account_holder.eq(holder),
                market_settings::bic.eq(bic),
                market_settings::commission_bp.eq(f.commission_bp),
                market_settings::require_approval.eq(f.require_approval),
                market_settings::updated_at.eq(now),
                market_settings::version.eq(1),
            ))
            .execute(conn)
            .map_err(|e| match e {
                // Someone else saved the first settings at the same time.
                diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                ) => crate::participants::model::version_conflict(version),
                other => other.into(),
            })?
    } else {
        diesel::update(
            market_settings::table
                .filter(market_settings::organization_id.eq(org))
                .filter(market_settings::version.eq(version)),
        )
        .set((
            market_settings::iban.eq(&iban),
            market_settings::account_holder.eq(holder),
            market_settings::bic.eq(bic),
            market_settings::commission_bp.eq(f.commission_bp),
            market_settings::require_approval.eq(f.require_approval),
            market_settings::updated_at.eq(now),
            market_settings::version.eq(version + 1),
        ))
        .execute(conn)?
    };
    if n != 1 {
        return Err(crate::participants::model::version_conflict(version));
    }
    Ok(())
}
