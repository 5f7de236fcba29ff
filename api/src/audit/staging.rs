//! The staging table of the audit rows of reads, and moving its rows into
//! `audit_log`.
//!
//! `audit_log`'s index by record (`resource_type, resource_id`) takes each
//! row at a random place. Committed a few dozen rows at a time, as the
//! group writer commits reads, nearly every row dirtied a page of that
//! index of its own, and every commit wrote each such page whole into the
//! write-ahead log. So the group writer commits into `audit_log_staged`,
//! which has no index but its key (rows arrive in key order), and moves
//! what it staged into `audit_log` later, thousands of rows at a time,
//! sorted by record, in slices of neighbouring records, so that many rows
//! share each page of the index. A staged row is as durable as one in
//! `audit_log`: it was committed before its read was answered, and it
//! leaves the staging table only in the transaction that puts it into the
//! log. Whoever reads the log first moves whatever is staged ([`settle`]).

use diesel::prelude::*;

use super::Event;
use crate::db::schema::{audit_log, audit_log_staged};
use crate::db::DbConnection;
use crate::error::ApiError;

/// Commits the group writer's rows, with the ids it chose, to the staging table.
pub(super) fn stage(
    conn: &mut DbConnection,
    events: &[Event<'_>],
    ids: &[String],
) -> Result<(), ApiError> {
    insert_into!(
        audit_log_staged,
        conn,
        events.iter().zip(ids.iter().cloned())
    )
}

/// Moves the staged rows with these ids into `audit_log` in one
/// transaction, and returns how many moved (rows someone else moved
/// already are not there any more and are skipped).
pub(super) fn move_rows(conn: &mut DbConnection, ids: &[String]) -> Result<usize, ApiError> {
    conn.transaction(|conn| {
        one_mover_at_a_time(conn)?;
        crate::on_backend!(conn, c => {
            let staged = || audit_log_staged::table.filter(audit_log_staged::id.eq_any(ids));
            let moved = diesel::insert_into(audit_log::table)
                .values(staged().select((
                    audit_log_staged::id,
                    audit_log_staged::organization_id,
                    audit_log_staged::actor_type,
                    audit_log_staged::actor_id,
                    audit_log_staged::action,
                    audit_log_staged::resource_type,
                    audit_log_staged::resource_id,
                    audit_log_staged::request_id,
                    audit_log_staged::occurred_at,
                )))
                .into_columns((
                    audit_log::id,
                    audit_log::organization_id,
                    audit_log::actor_type,
                    audit_log::actor_id,
                    audit_log::action,
                    audit_log::resource_type,
                    audit_log::resource_id,
                    audit_log::request_id,
                    audit_log::occurred_at,
                ))
                .execute(c)?;
            diesel::delete(staged()).execute(c)?;
            Ok(moved)
        })
    })
}

/// The columns of both audit tables, in their order.
const COLUMNS: &str = "id, organization_id, actor_type, actor_id, action, resource_type, \
                       resource_id, request_id, occurred_at";

/// Moves every staged row into `audit_log` in one transaction, sorted by
/// record, and returns how many moved. Every reader of the log calls this
/// first, so that a read is in the log as soon as its answer has left; the
/// group writer calls it when it starts (rows a stopped server left) and
/// when it stops. On PostgreSQL, where other server processes stage rows
/// at the same time, one statement deletes exactly the rows it inserts.
pub fn settle(conn: &mut DbConnection) -> Result<usize, ApiError> {
    conn.transaction(|conn| {
        one_mover_at_a_time(conn)?;
        settle_in(conn)
    })
}

fn settle_in(conn: &mut DbConnection) -> Result<usize, ApiError> {
    match conn {
        DbConnection::Sqlite(c) => {
            // SQLite has one writer: nothing is staged between the two.
            let moved = diesel::sql_query(format!(
                "INSERT INTO audit_log ({COLUMNS}) SELECT {COLUMNS} FROM audit_log_staged \
                 ORDER BY resource_type, resource_id"
            ))
            .execute(c)?;
            diesel::sql_query("DELETE FROM audit_log_staged").execute(c)?;
            Ok(moved)
        }
        DbConnection::Postgres(c) => Ok(diesel::sql_query(format!(
            "WITH moved AS (DELETE FROM audit_log_staged RETURNING {COLUMNS}) \
             INSERT INTO audit_log ({COLUMNS}) SELECT {COLUMNS} FROM moved \
             ORDER BY resource_type, resource_id"
        ))
        .execute(c)?),
    }
}

/// Waits, on PostgreSQL, until no other transaction is moving staged rows
/// (a lock held until this transaction ends). Two moves of the same rows
/// at once (the writer's slice, an admin reading the log, another server
/// process) would each insert what the other deletes and wait for each
/// other. SQLite has one writer at a time anyway.
fn one_mover_at_a_time(conn: &mut DbConnection) -> Result<(), ApiError> {
    /// The lock's number: "audit" in ASCII.
    const MOVING_STAGED_AUDIT_ROWS: i64 = 0x61_75_64_69_74;
    if let DbConnection::Postgres(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(MOVING_STAGED_AUDIT_ROWS)
            .execute(c)?;
    }
    Ok(())
}
