//! The interview list: filters and paging.

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
use crate::pagination::{time_key, Page, PageRequest};

/// The list's one order: the latest scheduled first.
pub(super) const ORDER: &str = "-scheduled_at";

/// A page of the interviews the actor sees, the latest scheduled first.
pub(super) fn page(
    conn: &mut DbConnection,
    actor: &Actor,
    q: &InterviewListQuery,
    request: &PageRequest,
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
    if let Some(after) = &request.after {
        let at = after.time()?;
        // `(scheduled_at, id) < (at, id)`, written so that the index's
        // range answers the first term on both databases.
        sql = sql.filter(
            interviews::scheduled_at.le(at).and(
                interviews::scheduled_at
                    .lt(at)
                    .or(interviews::id.lt(after.id.clone())),
            ),
        );
    }
    let rows: Vec<InterviewRow> = sql
        .order((interviews::scheduled_at.desc(), interviews::id.desc()))
        .limit(request.fetch())
        .load(conn)?;
    let mut rows = rows;
    let next_cursor = request.cut(&mut rows, |r| (time_key(r.scheduled_at), r.id.clone()));
    let items = build(conn, rows, lang)?;
    Ok(Page { items, next_cursor })
}
