//! The person's rights in rows: erasure by anonymisation, and what the
//! export reads besides the person's own rows.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::people::Participant;
use crate::db::schema::{consents, organizations, participant_qualifications, participants};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// What erasure writes over a participant row: whatever could name or
/// reach the person becomes NULL; coded fields are not touched.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = participants, treat_none_as_null = true)]
struct Erasure<'a> {
    status: &'a str,
    name: Option<&'a str>,
    name_is_pseudonym: bool,
    phone: Option<&'a str>,
    whatsapp: Option<&'a str>,
    viber: Option<&'a str>,
    email: Option<&'a str>,
    gender_self_description: Option<&'a str>,
    work_permit_date: Option<NaiveDate>,
    /// Only the year stays (as its 1 January).
    arrival_date: Option<NaiveDate>,
    municipality: Option<&'a str>,
    needs_other: Option<&'a str>,
    legal_status_detail: Option<&'a str>,
    notes: Option<&'a str>,
    adviser_id: Option<&'a str>,
    mentor_id: Option<&'a str>,
    user_id: Option<&'a str>,
    name_folded: Option<&'a str>,
    erased_at: Option<NaiveDateTime>,
    erasure_reason: Option<&'a str>,
    updated_at: NaiveDateTime,
    version: i32,
}

/// Anonymises a person for good: everything that could name or reach them
/// goes; coded fields that reports count stay. Also drops stored answers of
/// idempotent creates, which hold the original record.
pub fn erase(conn: &mut DbConnection, p: &Participant, reason: &str) -> Result<(), ApiError> {
    use crate::db::schema::idempotency_keys;
    let now = ids::now();
    let arrival_year = p
        .row
        .arrival_date
        .and_then(|d| NaiveDate::from_ymd_opt(d.year(), 1, 1));
    diesel::update(participants::table.find(&p.row.id))
        .set(Erasure {
            status: "erased",
            name: None,
            name_is_pseudonym: false,
            phone: None,
            whatsapp: None,
            viber: None,
            email: None,
            gender_self_description: None,
            work_permit_date: None,
            arrival_date: arrival_year,
            municipality: None,
            needs_other: None,
            legal_status_detail: None,
            notes: None,
            adviser_id: None,
            mentor_id: None,
            user_id: None,
            name_folded: None,
            erased_at: Some(now),
            erasure_reason: Some(reason),
            updated_at: now,
            version: p.row.version + 1,
        })
        .execute(conn)?;
    diesel::update(
        participant_qualifications::table
            .filter(participant_qualifications::participant_id.eq(&p.row.id)),
    )
    .set(participant_qualifications::title.eq("—"))
    .execute(conn)?;
    diesel::delete(
        idempotency_keys::table.filter(idempotency_keys::response.like(format!("%{}%", p.row.id))),
    )
    .execute(conn)?;
    // Interview answers can name or describe the person: they go, and so
    // does the person's place in the interviews (the interviews stay).
    {
        use crate::db::schema::{interview_answers, interview_participants};
        diesel::delete(
            interview_answers::table.filter(interview_answers::participant_id.eq(&p.row.id)),
        )
        .execute(conn)?;
        diesel::delete(
            interview_participants::table
                .filter(interview_participants::participant_id.eq(&p.row.id)),
        )
        .execute(conn)?;
    }
    // Out of every meeting; attendance stays as an anonymous guest count.
    let age_band = p
        .row
        .birth_year
        .map(|y| crate::participants::access::age_band(y, now.date()).as_str());
    crate::meetings::rights::erase_for(conn, &p.row.id, p.row.gender.as_deref(), age_band)?;
    // Out of the market: listings archived, the seller row without the person.
    crate::market::rights::erase_for(conn, &p.row.id)?;
    // Out of opportunities: messages without text, anonymous applications and outcomes.
    crate::opportunities::rights::erase(conn, &p.row.id)?;
    // Nothing is processed for an erased person any more.
    diesel::update(
        consents::table
            .filter(consents::participant_id.eq(&p.row.id))
            .filter(consents::withdrawn_at.is_null()),
    )
    .set((
        consents::withdrawn_at.eq(Some(now)),
        consents::withdrawn_by.eq(Some("erasure")),
    ))
    .execute(conn)?;
    Ok(())
}

/// The name of the organisation that holds the data.
pub fn organization_name(conn: &mut DbConnection, org: &str) -> Result<String, ApiError> {
    Ok(organizations::table
        .find(org)
        .select(organizations::name)
        .first(conn)?)
}
