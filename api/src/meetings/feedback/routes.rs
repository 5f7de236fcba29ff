//! `/meetings/{id}/feedback`, `/meetings/feedback/summary` and
//! `/meetings/stats`: rating a meeting one attended, one's own rating, a
//! meeting's feedback for its organisers, summaries, and the coordinator's
//! list of meetings with attendance and satisfaction.

use actix_web::{get, put, web, HttpRequest, HttpResponse};
use chrono::Datelike;
use diesel::Connection;
use validator::Validate;

use super::access::{period, require_staff, suppresses, utc_range};
use super::json::{
    FeedbackInput, FeedbackSummary, MeetingFeedback, MeetingStats, MyFeedback, StatsQuery,
    SummaryQuery,
};
use super::model::{self, FeedbackRow, Rating};
use super::summary::{self, Ask};
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::http::params::language;
use crate::http::ApiJson;
use crate::ids;
use crate::meetings::access::{self as meeting_access, Viewer};
use crate::pagination::{time_key, Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

fn mine_view(r: FeedbackRow) -> MyFeedback {
    MyFeedback {
        meeting_id: r.meeting_id,
        rating: r.rating,
        comment: r.comment,
        comment_language: r.comment_language,
        created_at: ids::utc(r.created_at),
        updated_at: ids::utc(r.updated_at),
    }
}

/// Rates a meeting the caller attended (participants, for themselves),
/// from 1 to 10 with an optional comment in any language. One rating per
/// person and meeting: sending it again changes it. Organisers see the
/// numbers and, once three people rated the meeting, the comments, never
/// who gave which.
#[utoipa::path(
    tag = "meetings",
    operation_id = "rate_meeting",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id")),
    request_body = FeedbackInput,
    responses(
        (status = 200, description = "Changed", body = MyFeedback),
        (status = 201, description = "Rated", body = MyFeedback),
        (status = 409, description = "The meeting has not started, or the caller did not attend it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/meetings/{id}/feedback")]
pub(super) async fn rate_meeting(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<FeedbackInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Feedback)?;
    actor.require_user()?;
    let input = body.into_inner();
    input.validate()?;
    let comment = input
        .comment
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let rating = Rating {
        rating: input.rating,
        comment_language: comment.as_ref().and(input.comment_language),
        comment,
    };
    let id = id.into_inner();
    let (view, created) = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let viewer = Viewer::of(conn, &actor)?;
                let meeting = meeting_access::find(conn, &actor, &viewer, &id)?;
                if meeting.starts_at > ids::now() {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "the meeting has not started yet: feedback opens when it starts",
                    ));
                }
                let attended = match viewer.participant() {
                    Some(pid) => model::attended(conn, &meeting.id, pid)?,
                    None => false,
                };
                let Some(pid) = viewer.participant().filter(|_| attended) else {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "only people marked as having attended the meeting may rate it",
                    ));
                };
                let (row, created) =
                    model::save(conn, &actor.organization_id, &meeting.id, pid, &rating)?;
                let action = if created { "create" } else { "update" };
                audit::record(conn, &actor, action, "meeting_feedback", Some(&row.id))?;
                Ok((mine_view(row), created))
            })
        })
        .await?;
    let mut res = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(res.json(view))
}

/// The caller's own rating of a meeting (404 when they have not rated it).
#[utoipa::path(
    tag = "meetings",
    operation_id = "get_my_feedback",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id")),
    responses((status = 200, description = "The caller's rating", body = MyFeedback))
)]
#[get("/meetings/{id}/feedback/mine")]
pub(super) async fn get_my_feedback(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Feedback)?;
    actor.require_user()?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "read", "meeting_feedback");
    let row = state
        .db(move |conn| {
            let viewer = Viewer::of(conn, &actor)?;
            let meeting = meeting_access::find(conn, &actor, &viewer, &id)?;
            let found = match viewer.participant() {
                Some(pid) => model::mine(conn, &meeting.id, pid)?,
                None => None,
            };
            found.ok_or_else(|| ApiError::not_found("you have not rated this meeting"))
        })
        .await?;
    state.audit.write(read.of(row.id.clone())).await?;
    Ok(HttpResponse::Ok().json(mine_view(row)))
}

/// One meeting's feedback for admins and coordinators: how many rated it,
/// mean, median and the count of each rating, and the comments (sorted by
/// text, without author or time) once at least three people rated it.
#[utoipa::path(
    tag = "meetings",
    operation_id = "get_meeting_feedback",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id")),
    responses((status = 200, description = "The meeting's feedback", body = MeetingFeedback))
)]
#[get("/meetings/{id}/feedback")]
pub(super) async fn get_meeting_feedback(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Feedback)?;
    require_staff(&actor)?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "read", "meeting_feedback").of(id.clone());
    let view = state
        .db(move |conn| {
            let meeting = meeting_access::find(conn, &actor, &Viewer::Staff, &id)?;
            let rows = model::of_meeting(conn, &meeting.id)?;
            Ok(summary::meeting_feedback(meeting.id, rows))
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Ratings summarised per meeting, kind or period: count, mean (one
/// decimal), median and the count of each rating. Admins and coordinators
/// get exact numbers over any period, by calendar month. Analysts and API
/// keys get one whole calendar year, with groups and counts below the
/// suppression threshold hidden: the per-meeting, per-kind and yearly
/// tables are protected together, so that none can be worked out from the
/// others; meetings too few rated are merged into one `suppressed` group.
#[utoipa::path(
    tag = "meetings",
    operation_id = "summarise_feedback",
    security(("bearer" = [])),
    params(SummaryQuery),
    responses((status = 200, description = "The summary", body = FeedbackSummary))
)]
#[get("/meetings/feedback/summary")]
pub(super) async fn summarise_feedback(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<SummaryQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Feedback)?;
    let q = query.into_inner();
    q.validate()?;
    let (from, to) = period(q.from, q.to, &actor)?;
    let zone = state.settings.time_zone;
    let (start, end) = utc_range(from, to, zone)?;
    let threshold = suppresses(&actor).then_some(state.settings.suppression_threshold);
    let ask = Ask {
        by: q.by.unwrap_or_default(),
        from,
        to,
        kind: q.kind,
        threshold,
        lang: language(&req, q.lang.as_deref()),
        zone,
    };
    let read = audit::ReadEvent::new(&actor, "read", "feedback_summary");
    let result = state
        .db(move |conn| {
            // Analysts and keys: every kind, filtered only when shown.
            let kind = q.kind.filter(|_| threshold.is_none()).map(|k| k.as_str());
            let rows = model::rated_between(conn, &actor.organization_id, start, end, kind)?;
            Ok(summary::summarise(&rows, &ask))
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// The order of the coordinator's list.
const STATS_ORDER: &str = "starts_at";

/// The coordinator's list of meetings with attendance and satisfaction:
/// per meeting, earliest first, registrations, the waiting list, bookings,
/// attended, no-shows, walk-in guests, and how many rated it with the mean
/// rating (admins and coordinators).
#[utoipa::path(
    tag = "meetings",
    operation_id = "list_meeting_stats",
    security(("bearer" = [])),
    params(StatsQuery),
    responses((status = 200, description = "A page of meetings with their numbers", body = Page<MeetingStats>))
)]
#[get("/meetings/stats")]
pub(super) async fn list_meeting_stats(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<StatsQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Feedback)?;
    actor.require(Action::List, Resource::Attendance)?;
    require_staff(&actor)?;
    let q = query.into_inner();
    q.validate()?;
    let today = ids::now().date();
    let from = q.from.unwrap_or_else(|| today.with_day(1).unwrap_or(today));
    let to = match q.to {
        Some(t) => t,
        None => from
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.with_day(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(from),
    };
    if to < from {
        return Err(ApiError::field(
            "to",
            "before_from",
            "must not be before `from`",
        ));
    }
    if (to - from).num_days() > 3660 {
        return Err(ApiError::field("to", "range", "at most ten years"));
    }
    let (start, end) = utc_range(from, to, state.settings.time_zone)?;
    let lang = language(&req, q.lang.as_deref());
    let request = PageRequest::parse(q.limit, q.cursor.as_deref(), STATS_ORDER)?;
    let kind = q.kind;
    let page = state
        .db(move |conn| {
            let mut rows = model::meetings_between(
                conn,
                &actor.organization_id,
                start,
                end,
                kind.map(|k| k.as_str()),
                &request,
            )?;
            let next_cursor = request.cut(&mut rows, |r| (time_key(r.starts_at), r.id.clone()));
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let mut tallies = model::tallies(conn, &ids)?;
            let items = rows
                .iter()
                .map(|r| {
                    let t = tallies.remove(&r.id).unwrap_or_default();
                    summary::meeting_stats(r, t, lang)
                })
                .collect();
            Ok(Page { items, next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
