//! The outcome rows and every diesel query of outcomes.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

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
