//! The append-only audit log: who (user, API key, system) did what to which
//! record, when, in which request. Rows are written in the same transaction
//! as the change they record; the database refuses UPDATE and DELETE on the
//! table (triggers in the migration), and no endpoint offers either.
//! Rows carry ids, never names or other personal data, so that an erasure
//! leaves the trail intact without leaving the person in it. Changes to a
//! participant's consents and skills name the participant's id, so that one
//! query gives a person's whole history.

use diesel::prelude::*;

use crate::db::schema::audit_log;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// One audit row to write.
pub struct Event<'a> {
    pub organization_id: Option<&'a str>,
    pub actor_type: &'a str,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub resource_type: &'a str,
    pub resource_id: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

/// Writes one row.
pub fn write(conn: &mut DbConnection, e: Event<'_>) -> Result<(), ApiError> {
    insert(conn, &[e])
}

/// Writes rows (the group commit's batches) on the backend's own
/// connection: on PostgreSQL in one INSERT, one round trip; on SQLite one
/// cached single-row INSERT run once a row. `$rows` yields each row's
/// [`Event`] and id.
macro_rules! insert_into {
    ($table:ident, $conn:expr, $rows:expr) => {{
        let now = crate::ids::now();
        let rows: Vec<_> = $rows
            .map(|(e, id): (&Event<'_>, String)| {
                (
                    $table::id.eq(id),
                    $table::organization_id.eq(e.organization_id),
                    $table::actor_type.eq(e.actor_type),
                    $table::actor_id.eq(e.actor_id),
                    $table::action.eq(e.action),
                    $table::resource_type.eq(e.resource_type),
                    $table::resource_id.eq(e.resource_id),
                    $table::request_id.eq(e.request_id),
                    $table::occurred_at.eq(now),
                )
            })
            .collect();
        match $conn {
            // One prepared statement, kept in the connection's cache and
            // run once a row: a statement of many rows differs with their
            // number and would be compiled anew at every batch.
            DbConnection::Sqlite(c) => {
                for row in &rows {
                    diesel::insert_into($table::table).values(row).execute(c)?;
                }
            }
            // One round trip for the batch.
            DbConnection::Postgres(c) => {
                diesel::insert_into($table::table)
                    .values(&rows)
                    .execute(c)?;
            }
        }
        Ok(())
    }};
}

mod group_writer;
mod staging;

pub use group_writer::{GroupWriter, ReadEvent};
pub use staging::settle;

fn insert(conn: &mut DbConnection, events: &[Event<'_>]) -> Result<(), ApiError> {
    insert_into!(audit_log, conn, events.iter().map(|e| (e, ids::new_id())))
}

/// Records what a user did outside an authenticated request (logging in or
/// out, accepting an invitation, resetting a password).
pub fn by_user(
    conn: &mut DbConnection,
    organization_id: &str,
    user_id: &str,
    action: &str,
    resource_type: &str,
    resource_id: &str,
    request_id: Option<&str>,
) -> Result<(), ApiError> {
    write(
        conn,
        Event {
            organization_id: Some(organization_id),
            actor_type: "user",
            actor_id: Some(user_id),
            action,
            resource_type,
            resource_id: Some(resource_id),
            request_id,
        },
    )
}

/// Who acted, in which organisation and request: what the audit log needs
/// of an authenticated caller (`auth::Actor` converts into it, so that the
/// log does not depend on how callers are authenticated).
pub struct Who<'a> {
    pub organization_id: &'a str,
    /// `user` or `api_key`.
    pub actor_type: &'static str,
    pub actor_id: &'a str,
    pub request_id: Option<&'a str>,
}

/// Records what an authenticated actor did, in its organisation.
pub fn record<'a>(
    conn: &mut DbConnection,
    who: impl Into<Who<'a>>,
    action: &str,
    resource_type: &str,
    resource_id: Option<&str>,
) -> Result<(), ApiError> {
    let who = who.into();
    write(
        conn,
        Event {
            organization_id: Some(who.organization_id),
            actor_type: who.actor_type,
            actor_id: Some(who.actor_id),
            action,
            resource_type,
            resource_id,
            request_id: who.request_id,
        },
    )
}
