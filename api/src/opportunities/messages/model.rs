//! The message rows, the read receipts, and every diesel query of them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{application_messages as m, application_reads as r, users};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::pagination::PageRequest;

/// A message row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = m)]
pub struct MessageRow {
    pub id: String,
    pub application_id: String,
    pub author_user_id: Option<String>,
    pub author_role: String,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub erased_at: Option<NaiveDateTime>,
}

/// A page of a thread, oldest first (one more than the limit, to cut).
pub fn page(
    conn: &mut DbConnection,
    application_id: &str,
    request: &PageRequest,
) -> Result<Vec<MessageRow>, ApiError> {
    let q = m::table
        .filter(m::application_id.eq(application_id))
        .select(MessageRow::as_select())
        .into_boxed();
    Ok(crate::keyset_page!(
        q,
        request,
        asc,
        m::created_at,
        m::id,
        conn
    )?)
}

/// Every message of the threads, oldest first.
pub fn of_applications(
    conn: &mut DbConnection,
    application_ids: &[String],
) -> Result<Vec<MessageRow>, ApiError> {
    if application_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(m::table
        .filter(m::application_id.eq_any(application_ids))
        .order((m::created_at.asc(), m::id.asc()))
        .select(MessageRow::as_select())
        .load(conn)?)
}

/// Writes a message; returns its id.
pub fn insert(
    conn: &mut DbConnection,
    application_id: &str,
    author: Option<&str>,
    role: &str,
    body: &str,
    now: NaiveDateTime,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    diesel::insert_into(m::table)
        .values((
            m::id.eq(&id),
            m::application_id.eq(application_id),
            m::author_user_id.eq(author),
            m::author_role.eq(role),
            m::body.eq(body),
            m::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A message by id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<MessageRow, ApiError> {
    m::table
        .find(id)
        .select(MessageRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such message"))
}

/// Every reader's last read moment in a thread: (user, read_at).
pub fn reads(
    conn: &mut DbConnection,
    application_id: &str,
) -> Result<Vec<(String, NaiveDateTime)>, ApiError> {
    Ok(r::table
        .filter(r::application_id.eq(application_id))
        .select((r::user_id, r::read_at))
        .load(conn)?)
}

/// Marks the thread read by `user` up to `now` (never backwards).
pub fn mark_read(
    conn: &mut DbConnection,
    application_id: &str,
    user: &str,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, ApiError> {
    let n = diesel::update(
        r::table
            .filter(r::application_id.eq(application_id))
            .filter(r::user_id.eq(user))
            .filter(r::read_at.lt(now)),
    )
    .set(r::read_at.eq(now))
    .execute(conn)?;
    if n == 0 {
        let existing: Option<NaiveDateTime> = r::table
            .filter(r::application_id.eq(application_id))
            .filter(r::user_id.eq(user))
            .select(r::read_at)
            .first(conn)
            .optional()?;
        if let Some(t) = existing {
            return Ok(t);
        }
        diesel::insert_into(r::table)
            .values((
                r::application_id.eq(application_id),
                r::user_id.eq(user),
                r::read_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(now)
}

/// Display names of users.
pub fn names(
    conn: &mut DbConnection,
    user_ids: &[String],
) -> Result<std::collections::HashMap<String, String>, ApiError> {
    if user_ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(String, String)> = users::table
        .filter(users::id.eq_any(user_ids))
        .select((users::id, users::display_name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}
