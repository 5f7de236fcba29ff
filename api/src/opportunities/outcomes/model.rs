//! The outcome rows and every diesel query of outcomes.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::Outcome;
use crate::codes::{ContractType, OpportunityKind, OutcomeKind};
use crate::db::schema::outcomes;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// An outcome row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outcomes)]
pub struct OutcomeRow {
    pub id: String,
    pub organization_id: String,
    pub application_id: Option<String>,
    pub opportunity_id: Option<String>,
    pub participant_id: Option<String>,
    pub programme: String,
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub recorded_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

/// A new outcome.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outcomes)]
pub struct NewOutcome<'a> {
    pub id: String,
    pub organization_id: &'a str,
    pub application_id: Option<&'a str>,
    pub opportunity_id: Option<&'a str>,
    pub participant_id: Option<&'a str>,
    /// The opportunity's kind.
    pub programme: &'a str,
    pub kind: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub recorded_by: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The outcome a hire (or a completed course) is recorded as, from the
/// opportunity's kind and contract.
pub fn kind_for(kind: OpportunityKind, contract: Option<ContractType>) -> OutcomeKind {
    match (kind, contract) {
        (_, Some(ContractType::Permanent)) => OutcomeKind::Permanent,
        (_, Some(ContractType::FixedTerm)) => OutcomeKind::FixedTerm,
        (OpportunityKind::Internship | OpportunityKind::Traineeship, _) => OutcomeKind::Internship,
        (_, Some(ContractType::InternshipAgreement)) => OutcomeKind::Internship,
        (
            OpportunityKind::Course
            | OpportunityKind::Workshop
            | OpportunityKind::Apprenticeship
            | OpportunityKind::MentoringProgramme
            | OpportunityKind::Volunteering,
            _,
        ) => OutcomeKind::Training,
        (OpportunityKind::Job, _) => OutcomeKind::FixedTerm,
    }
}

/// Inserts an outcome; returns its id.
pub fn insert(conn: &mut DbConnection, new: NewOutcome<'_>) -> Result<String, ApiError> {
    let id = new.id.clone();
    diesel::insert_into(outcomes::table)
        .values(&new)
        .execute(conn)?;
    Ok(id)
}

/// The outcome of an application, if one was recorded.
pub fn of_application(
    conn: &mut DbConnection,
    application_id: &str,
) -> Result<Option<OutcomeRow>, ApiError> {
    Ok(outcomes::table
        .filter(outcomes::application_id.eq(application_id))
        .select(OutcomeRow::as_select())
        .first(conn)
        .optional()?)
}

/// A new outcome's id and timestamps.
pub fn stamp() -> (String, NaiveDateTime) {
    (ids::new_id(), ids::now())
}

impl OutcomeRow {
    pub fn view(self) -> Outcome {
        Outcome {
            programme: OpportunityKind::parse(&self.programme).unwrap_or(OpportunityKind::Job),
            kind: OutcomeKind::parse(&self.kind).unwrap_or(OutcomeKind::Training),
            id: self.id,
            application_id: self.application_id,
            opportunity_id: self.opportunity_id,
            participant_id: self.participant_id,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            recorded_by: self.recorded_by,
            created_at: ids::utc(self.created_at),
            updated_at: ids::utc(self.updated_at),
            version: self.version,
        }
    }
}

/// One outcome of the organisation, or 404.
pub fn find(conn: &mut DbConnection, org: &str, id: &str) -> Result<OutcomeRow, ApiError> {
    outcomes::table
        .filter(outcomes::organization_id.eq(org))
        .filter(outcomes::id.eq(id))
        .select(OutcomeRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such outcome"))
}

/// Changes an outcome's kind and dates if it is still at `version` (409
/// otherwise).
pub fn update(
    conn: &mut DbConnection,
    row: &OutcomeRow,
    version: i32,
    kind: OutcomeKind,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
) -> Result<(), ApiError> {
    let n = diesel::update(
        outcomes::table
            .filter(outcomes::id.eq(&row.id))
            .filter(outcomes::version.eq(version)),
    )
    .set((
        outcomes::kind.eq(kind.as_str()),
        outcomes::starts_on.eq(starts_on),
        outcomes::ends_on.eq(ends_on),
        outcomes::updated_at.eq(ids::now()),
        outcomes::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(crate::participants::model::version_conflict(version));
    }
    Ok(())
}

/// (period start, programme, kind) of every outcome of the organisation.
pub fn all_for_stats(
    conn: &mut DbConnection,
    org: &str,
) -> Result<Vec<(NaiveDate, String, String)>, ApiError> {
    Ok(outcomes::table
        .filter(outcomes::organization_id.eq(org))
        .select((outcomes::starts_on, outcomes::programme, outcomes::kind))
        .load(conn)?)
}

/// (created at, programme) of every application of the organisation.
pub fn applications_for_stats(
    conn: &mut DbConnection,
    org: &str,
) -> Result<Vec<(NaiveDateTime, String)>, ApiError> {
    use crate::db::schema::{applications, opportunities};
    Ok(applications::table
        .inner_join(opportunities::table)
        .filter(applications::organization_id.eq(org))
        .select((applications::created_at, opportunities::kind))
        .load(conn)?)
}
