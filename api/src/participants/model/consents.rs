//! Consent rows: recording, listing and withdrawing them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::codes::ConsentPurpose;
use crate::db::schema::consents;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::participants::json::Consent;

/// A stored consent (without the organisation and the person it belongs to).
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = consents)]
pub struct ConsentRow {
    pub id: String,
    pub purpose: String,
    pub text_version: String,
    pub recorded_by: String,
    pub given_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<String>,
}

impl From<ConsentRow> for Consent {
    fn from(r: ConsentRow) -> Self {
        Consent {
            active: r.withdrawn_at.is_none(),
            id: r.id,
            purpose: ConsentPurpose::parse(&r.purpose).unwrap_or(ConsentPurpose::ProfileProcessing),
            text_version: r.text_version,
            recorded_by: r.recorded_by,
            given_at: ids::utc(r.given_at),
            withdrawn_at: r.withdrawn_at.map(ids::utc),
            withdrawn_by: r.withdrawn_by,
        }
    }
}

/// A consent given now.
#[derive(Debug, Insertable)]
#[diesel(table_name = consents)]
struct NewConsent<'a> {
    id: &'a str,
    organization_id: &'a str,
    participant_id: &'a str,
    purpose: &'static str,
    text_version: &'a str,
    recorded_by: &'a str,
    given_at: NaiveDateTime,
}

/// Records a consent; returns its id.
pub fn add_consent(
    conn: &mut DbConnection,
    org: &str,
    participant: &str,
    purpose: ConsentPurpose,
    text_version: &str,
    recorded_by: &str,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    diesel::insert_into(consents::table)
        .values(NewConsent {
            id: &id,
            organization_id: org,
            participant_id: participant,
            purpose: purpose.as_str(),
            text_version: text_version.trim(),
            recorded_by,
            given_at: ids::now(),
        })
        .execute(conn)?;
    Ok(id)
}

/// Every consent of a participant, given and withdrawn, newest or oldest first.
pub fn of_participant(
    conn: &mut DbConnection,
    participant: &str,
    newest_first: bool,
) -> Result<Vec<ConsentRow>, ApiError> {
    let q = consents::table
        .filter(consents::participant_id.eq(participant))
        .select(ConsentRow::as_select());
    Ok(if newest_first {
        q.order(consents::id.desc()).load(conn)?
    } else {
        q.order(consents::id.asc()).load(conn)?
    })
}

/// One consent by id.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<ConsentRow, ApiError> {
    Ok(consents::table
        .find(id)
        .select(ConsentRow::as_select())
        .first(conn)?)
}

/// One consent of a participant, or `None`.
pub fn find(
    conn: &mut DbConnection,
    participant: &str,
    id: &str,
) -> Result<Option<ConsentRow>, ApiError> {
    Ok(consents::table
        .filter(consents::id.eq(id))
        .filter(consents::participant_id.eq(participant))
        .select(ConsentRow::as_select())
        .first(conn)
        .optional()?)
}

/// Marks a consent withdrawn now, by `by`.
pub fn withdraw(conn: &mut DbConnection, id: &str, by: &str) -> Result<(), ApiError> {
    diesel::update(consents::table.find(id))
        .set((
            consents::withdrawn_at.eq(ids::now()),
            consents::withdrawn_by.eq(by),
        ))
        .execute(conn)?;
    Ok(())
}
