//! `/meeting-series`: planning a recurring series (a meeting at each
//! occurrence), reading it, changing its rule; and `DELETE /meetings/{id}`
//! ("this one does not happen").

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use diesel::Connection;
use validator::Validate;

use super::json::{CreateSeriesRequest, Series, UpdateSeriesRequest, VersionQuery};
use super::{change, model};
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem};
use crate::http::ApiJson;
use crate::idempotency;
use crate::meetings::access::{self, Viewer};
use crate::policy::{Action, Resource};
use crate::AppState;

/// Plans a recurring series: a meeting at each occurrence of its rule
/// (`rrule`, or `pattern` from a form), each a meeting of its own for
/// registrations and attendance, all sharing the first meeting's fields
/// and local time of day (kept across daylight saving). Send an
/// `Idempotency-Key` to make a retry safe.
#[utoipa::path(
    tag = "meetings",
    operation_id = "create_meeting_series",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first answer")),
    request_body = CreateSeriesRequest,
    responses(
        (status = 201, description = "Planned, with its meetings", body = Series),
        (status = 409, description = "The Idempotency-Key was used for another request", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; a rule that cannot be used names `rrule` or `pattern` with a code: invalid_rule, invalid_pattern, unbounded, too_frequent, too_many_occurrences, no_occurrences, ends_before_start, dtstart_in_rule", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meeting-series")]
pub(super) async fn create_series(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    body: ApiJson<CreateSeriesRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Meeting)?;
    let key = idempotency::key(&req)?;
    let mut body = body.into_inner();
    body.validate()?;
    if body.meeting.organiser_ids.is_empty() {
        body.meeting
            .organiser_ids
            .push(actor.require_user()?.to_string());
    }
    let hash = idempotency::request_hash(&body);
    let zone = state.settings.time_zone;
    let (status, value) = state
        .db(move |conn| {
            let scope = key.as_deref().map(|k| idempotency::Scope {
                organization_id: &actor.organization_id,
                actor_id: actor.audit_identity().1,
                operation: "create_meeting_series",
                key: k,
                request_hash: &hash,
            });
            idempotency::create_once(
                conn,
                scope.as_ref(),
                |_| Ok(()),
                |conn| {
                    let id = change::create(conn, &actor, &body, zone)?;
                    audit::record(conn, &actor, "create", "meeting_series", Some(&id))?;
                    let row = model::find(conn, &actor.organization_id, &id)?;
                    model::view(conn, row, None)
                },
            )
        })
        .await?;
    Ok(idempotency::created(status).json(value))
}

/// A series with its meetings (those the caller sees).
#[utoipa::path(
    tag = "meetings",
    operation_id = "get_meeting_series",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The series' id")),
    responses((status = 200, description = "The series", body = Series))
)]
#[get("/meeting-series/{id}")]
pub(super) async fn get_series(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Meeting)?;
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            let viewer = Viewer::of(conn, &actor)?;
            let row = model::find(conn, &actor.organization_id, &id)?;
            let view = model::view(conn, row, access::condition(&viewer))?;
            if !matches!(viewer, Viewer::Staff) && view.occurrences.is_empty() {
                return Err(ApiError::not_found("no such series"));
            }
            Ok(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Changes a series' rule (`rrule` or `pattern`) or its removed dates
/// (`exdates`), with the series' `version`. Its meetings follow: those the
/// new rule no longer gives are removed (tombstones in `updated_since`
/// pulls), those it adds are made like the series' next meeting. Meetings
/// that already ended are kept.
#[utoipa::path(
    tag = "meetings",
    operation_id = "update_meeting_series",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The series' id")),
    request_body = UpdateSeriesRequest,
    responses(
        (status = 200, description = "Changed", body = Series),
        (status = 409, description = "Changed by someone else since that version, or people are registered for meetings the change removes (cancel them first)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields; a rule that cannot be used names `rrule` or `pattern` with its code, an exdate that is not a meeting names `exdates[i]`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/meeting-series/{id}")]
pub(super) async fn update_series(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<UpdateSeriesRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Meeting)?;
    let body = body.into_inner();
    body.validate()?;
    let id = id.into_inner();
    let zone = state.settings.time_zone;
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                change::update(conn, &actor, &id, &body, zone)?;
                audit::record(conn, &actor, "update", "meeting_series", Some(&id))?;
                let row = model::find(conn, &actor.organization_id, &id)?;
                model::view(conn, row, None)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Removes a meeting that will not happen, with its `version`: a meeting of
/// a series leaves the series (its start joins the `exdates`). It stays as
/// a tombstone for `updated_since` pulls. Refused while people are
/// registered: cancel it instead (`status` `cancelled`), which keeps it in
/// the agenda marked cancelled.
#[utoipa::path(
    tag = "meetings",
    operation_id = "delete_meeting",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), VersionQuery),
    responses(
        (status = 204, description = "Removed"),
        (status = 409, description = "Changed by someone else since that version, or people are registered for it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/meetings/{id}")]
pub(super) async fn delete_meeting(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    query: web::Query<VersionQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Meeting)?;
    let version = query
        .version
        .and_then(|v| i32::try_from(v).ok())
        .filter(|v| *v >= 1)
        .ok_or_else(|| {
            ApiError::field(
                "version",
                "required",
                "send the version you last read (?version=, a whole number from 1)",
            )
        })?;
    let id = id.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                change::remove(conn, &actor, &id, version)?;
                audit::record(conn, &actor, "delete", "meeting", Some(&id))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
