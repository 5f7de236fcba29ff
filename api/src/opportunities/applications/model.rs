//! The application rows, their history, the summary of the opportunity
//! they are for, and every diesel query of applications.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::codes::ApplicationState;
use crate::db::schema::{application_events, applications, opportunities, participants};
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::ids;

/// An application row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct ApplicationRow {
    pub id: String,
    pub organization_id: String,
    pub opportunity_id: String,
    pub participant_id: Option<String>,
    pub state: String,
    pub cover_note: String,
    pub proposed_by: Option<String>,
    pub interview_meeting_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub erased_at: Option<NaiveDateTime>,
    pub version: i32,
}

impl ApplicationRow {
    pub fn state(&self) -> Result<ApplicationState, ApiError> {
        ApplicationState::parse(&self.state)
            .ok_or_else(|| ApiError::internal("unknown application state"))
    }
}

/// What applications need of an opportunity (postings own the rest).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = opportunities)]
pub struct OpportunitySummary {
    pub id: String,
    pub organization_id: String,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub provider_name: String,
    pub partner_user_id: Option<String>,
    pub country: String,
    pub starts_on: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub contract_type: Option<String>,
    pub archived_at: Option<NaiveDateTime>,
}

/// What applications need of a person: who advises them, their account,
/// and what eligibility reads.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = participants)]
pub struct PersonLinks {
    pub id: String,
    pub adviser_id: Option<String>,
    pub user_id: Option<String>,
    pub legal_status: Option<String>,
    pub work_permit: Option<String>,
    pub work_permit_date: Option<NaiveDate>,
    pub arrival_date: Option<NaiveDate>,
}

/// A step of an application's history.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = application_events)]
pub struct EventRow {
    pub id: String,
    pub application_id: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub by_user_id: Option<String>,
    pub by_role: String,
    pub note: Option<String>,
    pub at: NaiveDateTime,
}

fn no_application() -> ApiError {
    ApiError::not_found("no such application")
}

/// An application of the organisation, or 404.
pub fn find(conn: &mut DbConnection, org: &str, id: &str) -> Result<ApplicationRow, ApiError> {
    applications::table
        .filter(applications::id.eq(id))
        .filter(applications::organization_id.eq(org))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(no_application)
}

/// An opportunity of the organisation, or 404.
pub fn opportunity(
    conn: &mut DbConnection,
    org: &str,
    id: &str,
) -> Result<OpportunitySummary, ApiError> {
    opportunities::table
        .filter(opportunities::id.eq(id))
        .filter(opportunities::organization_id.eq(org))
        .select(OpportunitySummary::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such opportunity"))
}

/// Opportunities by id.
pub fn opportunities_by_id(
    conn: &mut DbConnection,
    ids_: &[String],
) -> Result<HashMap<String, OpportunitySummary>, ApiError> {
    if ids_.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<OpportunitySummary> = opportunities::table
        .filter(opportunities::id.eq_any(ids_))
        .select(OpportunitySummary::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.id.clone(), r)).collect())
}

/// A person's links, if the person is in the organisation.
pub fn person(
    conn: &mut DbConnection,
    org: &str,
    id: &str,
) -> Result<Option<PersonLinks>, ApiError> {
    Ok(participants::table
        .filter(participants::id.eq(id))
        .filter(participants::organization_id.eq(org))
        .select(PersonLinks::as_select())
        .first(conn)
        .optional()?)
}

/// Whether the person has an active consent for `purpose`.
pub fn has_consent(conn: &mut DbConnection, pid: &str, purpose: &str) -> Result<bool, ApiError> {
    use crate::db::schema::consents;
    let n: i64 = consents::table
        .filter(consents::participant_id.eq(pid))
        .filter(consents::purpose.eq(purpose))
        .filter(consents::withdrawn_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether the person applied (or accepted the proposal) at some point.
pub fn ever_applied(conn: &mut DbConnection, application_id: &str) -> Result<bool, ApiError> {
    let n: i64 = application_events::table
        .filter(application_events::application_id.eq(application_id))
        .filter(application_events::to_state.eq(ApplicationState::Applied.as_str()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether the person already applied (or was proposed) for the opportunity.
pub fn exists(conn: &mut DbConnection, opportunity: &str, pid: &str) -> Result<bool, ApiError> {
    let n: i64 = applications::table
        .filter(applications::opportunity_id.eq(opportunity))
        .filter(applications::participant_id.eq(pid))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn already_applied() -> ApiError {
    ApiError::conflict(
        ProblemCode::AlreadyApplied,
        "this person already has an application for this opportunity",
    )
}

/// A new application.
pub struct NewApplication<'a> {
    pub org: &'a str,
    pub opportunity_id: &'a str,
    pub participant_id: &'a str,
    pub state: ApplicationState,
    pub cover_note: &'a str,
    pub proposed_by: Option<&'a str>,
}

/// Inserts an application; returns its id.
pub fn insert(
    conn: &mut DbConnection,
    new: &NewApplication<'_>,
    now: NaiveDateTime,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    diesel::insert_into(applications::table)
        .values((
            applications::id.eq(&id),
            applications::organization_id.eq(new.org),
            applications::opportunity_id.eq(new.opportunity_id),
            applications::participant_id.eq(Some(new.participant_id)),
            applications::state.eq(new.state.as_str()),
            applications::cover_note.eq(new.cover_note),
            applications::proposed_by.eq(new.proposed_by),
            applications::created_at.eq(now),
            applications::updated_at.eq(now),
            applications::version.eq(1),
        ))
        .execute(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => already_applied(),
            other => other.into(),
        })?;
    Ok(id)
}

/// One step of the history.
pub struct NewEvent<'a> {
    pub from: Option<ApplicationState>,
    pub to: ApplicationState,
    pub by_user: Option<&'a str>,
    pub by_role: &'a str,
    pub note: Option<&'a str>,
}

/// Records a step.
pub fn add_event(
    conn: &mut DbConnection,
    application_id: &str,
    e: &NewEvent<'_>,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(application_events::table)
        .values((
            application_events::id.eq(ids::new_id()),
            application_events::application_id.eq(application_id),
            application_events::from_state.eq(e.from.map(|s| s.as_str())),
            application_events::to_state.eq(e.to.as_str()),
            application_events::by_user_id.eq(e.by_user),
            application_events::by_role.eq(e.by_role),
            application_events::note.eq(e.note),
            application_events::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The history, oldest first.
pub fn events(conn: &mut DbConnection, application_id: &str) -> Result<Vec<EventRow>, ApiError> {
    Ok(application_events::table
        .filter(application_events::application_id.eq(application_id))
        .order((application_events::at.asc(), application_events::id.asc()))
        .select(EventRow::as_select())
        .load(conn)?)
}

/// Takes the row's lock before it is read for a change.
pub fn lock(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::update(applications::table.filter(applications::id.eq(id)))
        .set(applications::version.eq(applications::version))
        .execute(conn)?;
    Ok(())
}

/// Moves the application to `to` (and its interview meeting), if it still
/// has `version`; 409 otherwise.
pub fn set_state(
    conn: &mut DbConnection,
    row: &ApplicationRow,
    to: ApplicationState,
    interview: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    let target = applications::table
        .filter(applications::id.eq(&row.id))
        .filter(applications::version.eq(row.version));
    let n = diesel::update(target)
        .set((
            applications::state.eq(to.as_str()),
            applications::interview_meeting_id.eq(interview
                .map(str::to_string)
                .or(row.interview_meeting_id.clone())),
            applications::updated_at.eq(now),
            applications::version.eq(row.version + 1),
        ))
        .execute(conn)?;
    if n != 1 {
        return Err(ApiError::conflict(
            ProblemCode::VersionConflict,
            "the application changed meanwhile; reload and try again",
        ));
    }
    Ok(())
}

/// Marks the application changed (a new message), for `updated_since` pulls.
pub fn touch(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> Result<(), ApiError> {
    diesel::update(applications::table.filter(applications::id.eq(id)))
        .set(applications::updated_at.eq(now))
        .execute(conn)?;
    Ok(())
}
