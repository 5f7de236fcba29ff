//! The matching cache's change log: every write that changes what matching
//! sees of a person (skills, languages, education, municipality, legal
//! status, work permit, arrival, consents, archive and erasure) or of an
//! opportunity appends a row in the same transaction; each server process
//! applies the rows after the last `seq` it has seen before it matches.

use diesel::prelude::*;

use crate::db::schema::match_changes;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// The `organization_id` of a change every organisation follows (the
/// taxonomy is shared by all).
pub const ALL_ORGANISATIONS: &str = "*";

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Participant,
    Opportunity,
    /// The taxonomy (its hierarchy): everything is reloaded.
    Taxonomy,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Participant => "participant",
            Subject::Opportunity => "opportunity",
            Subject::Taxonomy => "taxonomy",
        }
    }
}

/// Notes that the person `id` changed in `org` (see [`record`]).
pub fn participant(conn: &mut DbConnection, org: &str, id: &str) -> Result<(), ApiError> {
    record(conn, org, Subject::Participant, id)
}

/// Notes that `id` (of `subject`) changed in `org`; call it inside the
/// transaction that makes the change. A taxonomy change is every
/// organisation's ([`ALL_ORGANISATIONS`], whatever `org` says).
pub fn record(
    conn: &mut DbConnection,
    org: &str,
    subject: Subject,
    id: &str,
) -> Result<(), ApiError> {
    diesel::insert_into(match_changes::table)
        .values((
            match_changes::organization_id.eq(match subject {
                Subject::Taxonomy => ALL_ORGANISATIONS,
                _ => org,
            }),
            match_changes::subject.eq(subject.as_str()),
            match_changes::subject_id.eq(id),
            match_changes::changed_at.eq(ids::now()),
        ))
        .execute(conn)?;
    Ok(())
}
