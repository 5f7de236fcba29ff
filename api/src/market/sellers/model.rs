//! The seller rows: reading, writing, and the lookups listings make.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::{Seller, SellerFields};
use crate::db::schema::{market_listings, market_sellers};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::ids;
use crate::market::payment::iban;
use crate::market::texts;

/// A seller row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = market_sellers)]
pub struct SellerRow {
    pub id: String,
    pub organization_id: String,
    pub participant_id: Option<String>,
    pub public_name: String,
    pub story: String,
    pub municipality: Option<String>,
    pub iban: Option<String>,
    pub account_holder: Option<String>,
    pub paused_at: Option<NaiveDateTime>,
    pub erased_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl SellerRow {
    /// The view; payout details only `with_payout`.
    pub fn view(self, listing_count: i64, with_payout: bool) -> Seller {
        Seller {
            story: texts::parse(&self.story),
            paused_at: self.paused_at.map(ids::utc),
            iban: self.iban.filter(|_| with_payout),
            account_holder: self.account_holder.filter(|_| with_payout),
            listing_count,
            created_at: ids::utc(self.created_at),
            updated_at: ids::utc(self.updated_at),
            id: self.id,
            participant_id: self.participant_id,
            public_name: self.public_name,
            municipality: self.municipality,
            version: self.version,
        }
    }

    /// The fields as a client sends them (the base of a merge patch).
    pub fn fields(&self) -> SellerFields {
        SellerFields {
            participant_id: self.participant_id.clone(),
            public_name: self.public_name.clone(),
            story: texts::parse(&self.story),
            municipality: self.municipality.clone(),
            iban: self.iban.clone(),
            account_holder: self.account_holder.clone(),
            paused: self.paused_at.is_some(),
        }
    }
}

/// The IBAN in its electronic form, or a 422 naming the reason.
pub fn checked_iban(field: &str, s: Option<&str>) -> Result<Option<String>, ApiError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => iban::validate(s)
            .map(|i| Some(i.as_str().to_string()))
            .map_err(|e| {
                ApiError::Validation(vec![FieldError {
                    field: field.into(),
                    code: format!("iban_{}", e.code()),
                    message: e.message(),
                }])
            }),
    }
}

#[derive(AsChangeset)]
#[diesel(table_name = market_sellers, treat_none_as_null = true)]
struct SellerValues<'a> {
    public_name: &'a str,
    story: String,
    municipality: Option<&'a str>,
    iban: Option<String>,
    account_holder: Option<&'a str>,
}

fn trimmed(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl<'a> SellerValues<'a> {
    fn of(f: &'a SellerFields) -> Result<Self, ApiError> {
        Ok(Self {
            public_name: f.public_name.trim(),
            story: texts::to_json(&texts::cleaned(&f.story)),
            municipality: trimmed(&f.municipality),
            iban: checked_iban("iban", f.iban.as_deref())?,
            account_holder: trimmed(&f.account_holder),
        })
    }
}

/// The 409 for a participant who already sells.
pub fn already_seller() -> ApiError {
    ApiError::conflict(
        crate::error::ProblemCode::AlreadySeller,
        "this participant already has a seller record",
    )
}

/// Inserts a seller for `participant`; returns its id.
pub fn insert(
    conn: &mut DbConnection,
    org: &str,
    participant: &str,
    f: &SellerFields,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    let v = SellerValues::of(f)?;
    diesel::insert_into(market_sellers::table)
        .values((
            market_sellers::id.eq(&id),
            market_sellers::organization_id.eq(org),
            market_sellers::participant_id.eq(participant),
            market_sellers::public_name.eq(v.public_name),
            market_sellers::story.eq(&v.story),
            market_sellers::municipality.eq(v.municipality),
            market_sellers::iban.eq(&v.iban),
            market_sellers::account_holder.eq(v.account_holder),
            market_sellers::paused_at.eq(f.paused.then_some(now)),
            market_sellers::created_at.eq(now),
            market_sellers::updated_at.eq(now),
            market_sellers::version.eq(1),
        ))
        .execute(conn)
        .map_err(|e| match e {
            // Two requests for the same person at once: the index decides.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => already_seller(),
            other => other.into(),
        })?;
    Ok(id)
}

/// Pauses the seller who is `participant` (if any, and not paused yet):
/// their `market_selling` consent was withdrawn, so their listings leave
/// the catalogue at once. Giving the consent again does not resume them:
/// the seller or a coordinator does. Returns how many were paused.
pub fn pause_for_withdrawn_consent(
    conn: &mut DbConnection,
    participant: &str,
) -> Result<usize, ApiError> {
    let now = ids::now();
    Ok(diesel::update(
        market_sellers::table
            .filter(market_sellers::participant_id.eq(participant))
            .filter(market_sellers::paused_at.is_null()),
    )
    .set((
        market_sellers::paused_at.eq(now),
        market_sellers::updated_at.eq(now),
        market_sellers::version.eq(market_sellers::version + 1),
    ))
    .execute(conn)?)
}

/// Writes the changed fields if the seller is still at `version`.
pub fn update(
    conn: &mut DbConnection,
    row: &SellerRow,
    version: i32,
    f: &SellerFields,
) -> Result<(), ApiError> {
    let now = ids::now();
    let paused_at = match (f.paused, row.paused_at) {
        (true, Some(at)) => Some(at),
        (true, None) => Some(now),
        (false, _) => None,
    };
    let n = diesel::update(
        market_sellers::table
            .filter(market_sellers::id.eq(&row.id))
            .filter(market_sellers::version.eq(version)),
    )
    .set((
        SellerValues::of(f)?,
        market_sellers::paused_at.eq(paused_at),
        market_sellers::updated_at.eq(now),
        market_sellers::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(crate::participants::model::version_conflict(version));
    }
    Ok(())
}

/// The organisation's seller, or 404.
pub fn find(conn: &mut DbConnection, org: &str, id: &str) -> Result<SellerRow, ApiError> {
    market_sellers::table
        .filter(market_sellers::id.eq(id))
        .filter(market_sellers::organization_id.eq(org))
        .select(SellerRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such seller"))
}

/// The seller record of the participant `pid`, if any.
pub fn of_participant(conn: &mut DbConnection, pid: &str) -> Result<Option<SellerRow>, ApiError> {
    Ok(market_sellers::table
        .filter(market_sellers::participant_id.eq(pid))
        .select(SellerRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// The id of the seller record of the participant `pid` of `org`, if any.
pub fn id_of_participant(
    conn: &mut DbConnection,
    org: &str,
    pid: &str,
) -> Result<Option<String>, ApiError> {
    Ok(market_sellers::table
        .filter(market_sellers::participant_id.eq(pid))
        .filter(market_sellers::organization_id.eq(org))
        .select(market_sellers::id)
        .get_result(conn)
        .optional()?)
}

/// How many listings (not archived) each of the sellers has.
pub fn listing_counts(
    conn: &mut DbConnection,
    sellers: &[String],
) -> Result<std::collections::HashMap<String, i64>, ApiError> {
    if sellers.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(String, i64)> = market_listings::table
        .filter(market_listings::seller_id.eq_any(sellers))
        .filter(market_listings::status.ne("archived"))
        .group_by(market_listings::seller_id)
        .select((market_listings::seller_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The view of one seller with its listing count.
pub fn view_one(
    conn: &mut DbConnection,
    row: SellerRow,
    with_payout: bool,
) -> Result<Seller, ApiError> {
    let count = listing_counts(conn, std::slice::from_ref(&row.id))?
        .get(&row.id)
        .copied()
        .unwrap_or(0);
    Ok(row.view(count, with_payout))
}

/// A page of the organisation's sellers by public name.
pub fn list(
    conn: &mut DbConnection,
    org: &str,
    after: Option<(&str, &str)>,
    fetch: i64,
) -> Result<Vec<SellerRow>, ApiError> {
    let mut q = market_sellers::table
        .filter(market_sellers::organization_id.eq(org))
        .select(SellerRow::as_select())
        .into_boxed();
    if let Some((name, id)) = after {
        q = q.filter(
            market_sellers::public_name
                .gt(name.to_string())
                .or(market_sellers::public_name
                    .eq(name.to_string())
                    .and(market_sellers::id.gt(id.to_string()))),
        );
    }
    Ok(
        q.order((market_sellers::public_name.asc(), market_sellers::id.asc()))
            .limit(fetch)
            .load(conn)?,
    )
}
