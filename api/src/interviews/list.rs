//! The interview list: filters and paging.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::access::list_condition;
use super::json::{Interview, InterviewListQuery};
use super::model::{build, InterviewRow};
use crate::auth::Actor;
use crate::db::schema::{
    interview_participants as attendees, interview_template_versions as versions, interviews,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::pagination::{self, Page};

/// A page of the interviews the actor sees, the latest scheduled first.
pub(super) fn page(
    conn: &mut DbConnection,
    actor: &Actor,
    q: &InterviewListQuery,
    limit: i64,
    after: Option<&str>,
    lang: &str,
) -> Result<Page<Interview>, ApiError> {
    let mut sql = interviews::table
        .filter(interviews::organization_id.eq(&actor.organization_id))
        .select(InterviewRow::as_select())
        .into_boxed();
    if let Some(theirs) = list_condition(actor) {
        sql = sql.filter(theirs);
    }
    if let Some(s) = q.status {
        sql = sql.filter(interviews::status.eq(s.as_str()));
    }
    if let Some(from) = q.from {
        sql = sql.filter(interviews::scheduled_at.ge(from.naive_utc()));
    }
    if let Some(to) = q.to {
        sql = sql.filter(interviews::scheduled_at.lt(to.naive_utc()));
    }
    if let Some(pid) = &q.participant_id {
        let with = attendees::table
            .filter(attendees::participant_id.eq(pid.clone()))
            .select(attendees::interview_id);
        sql = sql.filter(interviews::id.eq_any(with));
    }
    if let Some(tid) = &q.template_id {
        let of_template = versions::table
            .filter(versions::template_id.eq(tid.clone()))
            .select(versions::id);
        sql = sql.filter(interviews::template_version_id.eq_any(of_template));
    }
    if let Some(after) = after {
        let at: Option<NaiveDateTime> = interviews::table
            .filter(interviews::id.eq(after))
            .filter(interviews::organization_id.eq(&actor.organization_id))
            .select(interviews::scheduled_at)
            .first(conn)
            .optional()?;
        let at = at.ok_or_else(|| {
            ApiError::field("cursor", "invalid", "is not a cursor this server gave out")
        })?;
        sql = sql.filter(
            interviews::scheduled_at.lt(at).or(interviews::scheduled_at
                .eq(at)
                .and(interviews::id.lt(after.to_string()))),
        );
    }
    let rows: Vec<InterviewRow> = sql
        .order((interviews::scheduled_at.desc(), interviews::id.desc()))
        .limit(limit + 1)
        .load(conn)?;
    let more = rows.len() as i64 > limit;
    let mut rows = rows;
    rows.truncate(limit as usize);
    let last = rows.last().map(|r| r.id.clone());
    let items = build(conn, rows, lang)?;
    Ok(Page {
        items,
        next_cursor: last.filter(|_| more).map(|id| pagination::encode(&id)),
    })
}
