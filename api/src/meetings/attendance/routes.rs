//! Attendance at the door: `/meetings/{id}/attendance`, its check-in and
//! close, and `/meetings/{id}/guests`.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use diesel::Connection;
use validator::Validate;

use super::json::{CheckIn, CheckedIn, Closed, DoorList, DoorQuery, Guest, NewGuest};
use super::model;
use crate::audit;
use crate::auth::Actor;
use crate::codes::MeetingStatus;
use crate::db::DbConnection;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::idempotency;
use crate::ids;
use crate::meetings::access::{find, Viewer};
use crate::meetings::bookings::model::{lock_meeting, mark_no_shows};
use crate::meetings::model::{utc_to_local, MeetingRow};
use crate::policy::{Action, Resource};
use crate::skills::model::search::fold;
use crate::AppState;

/// The meeting, for staff at its door (404 when not the organisation's).
fn meeting(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<MeetingRow, ApiError> {
    find(conn, actor, &Viewer::Staff, id)
}

/// 409 for a cancelled meeting: nobody comes to it.
fn not_cancelled(m: &MeetingRow) -> Result<(), ApiError> {
    if m.status() == MeetingStatus::Cancelled {
        Err(ApiError::conflict(
            ProblemCode::Conflict,
            "this meeting is cancelled",
        ))
    } else {
        Ok(())
    }
}

/// The door list: everyone registered or waiting (not cancelled), by
/// name, with whether they came; `q` narrows it to names containing it.
/// With the guests without a record and the meeting's counts.
#[utoipa::path(
    tag = "meetings",
    operation_id = "get_attendance",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), DoorQuery),
    responses((status = 200, description = "The door list", body = DoorList))
)]
#[get("/meetings/{id}/attendance")]
pub(super) async fn get_attendance(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    query: web::Query<DoorQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Attendance)?;
    query.validate()?;
    let q = query
        .into_inner()
        .q
        .map(|q| fold(&q))
        .filter(|q| !q.is_empty());
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "attendance").of(id.clone());
    let list = state
        .db(move |conn| {
            let m = meeting(conn, &actor, &id)?;
            let mut people: Vec<(Option<String>, model::DoorRow)> = model::door_rows(conn, &m.id)?
                .into_iter()
                .map(|p| (p.name.as_deref().map(fold), p))
                .filter(|(name, _)| match &q {
                    None => true,
                    Some(q) => name.as_ref().is_some_and(|n| n.contains(q.as_str())),
                })
                .collect();
            people.sort_by(|(a, x), (b, y)| (a.is_none(), a, &x.id).cmp(&(b.is_none(), b, &y.id)));
            Ok(DoorList {
                meeting_id: m.id.clone(),
                meeting_status: m.status(),
                starts_at: ids::utc(m.starts_at),
                start_local: utc_to_local(m.starts_at, m.zone()),
                people: people.into_iter().map(|(_, p)| p.view()).collect(),
                guests: model::guests(conn, &m.id)?,
                counts: model::counts(conn, &m.id)?,
            })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Ticks (`attended: true`) or unticks a person at the door. Someone with
/// a record who is not registered becomes a walk-in registration (beyond
/// the capacity: they are there); someone waiting or cancelled who came
/// is registered. Unticking a walk-in takes them off the list again; after
/// the meeting is closed, unticking makes a no-show.
#[utoipa::path(
    tag = "meetings",
    operation_id = "check_in",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id")),
    request_body = CheckIn,
    responses(
        (status = 200, description = "Ticked or unticked", body = CheckedIn),
        (status = 409, description = "The meeting is cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such participant, or unticking someone not on the list", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/attendance/check-in")]
pub(super) async fn check_in(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: crate::http::ApiJson<CheckIn>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Attendance)?;
    let body = body.into_inner();
    body.validate()?;
    let id = id.into_inner();
    let done = state
        .db(move |conn| {
            let org = &actor.organization_id;
            let m = meeting(conn, &actor, &id)?;
            if !model::participant_exists(conn, org, &body.participant_id)? {
                return Err(ApiError::field(
                    "participant_id",
                    "not_found",
                    "no such participant",
                ));
            }
            not_cancelled(&m)?;
            conn.transaction(|conn| {
                lock_meeting(conn, &m.id)?;
                let m = crate::meetings::model::row(conn, org, &m.id)?;
                not_cancelled(&m)?;
                let reg = model::tick(
                    conn,
                    org,
                    &m.id,
                    m.status(),
                    &body.participant_id,
                    body.attended,
                    actor.user_id(),
                )?
                .ok_or_else(|| {
                    ApiError::field(
                        "participant_id",
                        "not_registered",
                        "this person is not on the list",
                    )
                })?;
                audit::record(conn, &actor, "check_in", "registration", Some(&reg))?;
                Ok(CheckedIn {
                    entry: model::entry(conn, &reg)?.view(),
                    counts: model::counts(conn, &m.id)?,
                })
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Adds someone who came without a record: only their gender and age
/// band, for the statistics. Send an `Idempotency-Key` so that a retried
/// tap counts them once.
#[utoipa::path(
    tag = "meetings",
    operation_id = "add_guest",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The meeting's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request return the first answer"),
    ),
    request_body = NewGuest,
    responses(
        (status = 201, description = "Counted", body = Guest),
        (status = 409, description = "The meeting is cancelled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/guests")]
pub(super) async fn add_guest(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    body: crate::http::ApiJson<NewGuest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Attendance)?;
    let key = idempotency::key(&req)?;
    let body = body.into_inner();
    body.validate()?;
    let id = id.into_inner();
    let hash = idempotency::request_hash(&(&id, &body));
    let (status, value) = state
        .db(move |conn| {
            let scope = key.as_deref().map(|k| idempotency::Scope {
                organization_id: &actor.organization_id,
                actor_id: actor.audit_identity().1,
                operation: "add_guest",
                key: k,
                request_hash: &hash,
            });
            let m = meeting(conn, &actor, &id)?;
            idempotency::create_once(
                conn,
                scope.as_ref(),
                |conn| lock_meeting(conn, &m.id),
                |conn| {
                    not_cancelled(&m)?;
                    let guest = model::insert_guest(conn, &m.id, &body)?;
                    audit::record(conn, &actor, "create", "meeting_guest", Some(&guest.id))?;
                    Ok(guest)
                },
            )
        })
        .await?;
    Ok(idempotency::created(status).json(value))
}

/// Removes a guest counted by mistake.
#[utoipa::path(
    tag = "meetings",
    operation_id = "remove_guest",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The meeting's id"),
        ("guest_id" = String, Path, description = "The guest's id"),
    ),
    responses((status = 204, description = "Removed"))
)]
#[delete("/meetings/{id}/guests/{guest_id}")]
pub(super) async fn remove_guest(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Attendance)?;
    let (id, guest) = path.into_inner();
    state
        .db(move |conn| {
            let m = meeting(conn, &actor, &id)?;
            conn.transaction(|conn| {
                model::delete_guest(conn, &m.id, &guest)?;
                audit::record(conn, &actor, "delete", "meeting_guest", Some(&guest))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Closes a meeting that has started: everyone registered without a tick
/// and every booking without attendance becomes a no-show, and the
/// meeting is `done` (a new version). Closing again marks only those
/// added since.
#[utoipa::path(
    tag = "meetings",
    operation_id = "close_attendance",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id")),
    responses(
        (status = 200, description = "Closed", body = Closed),
        (status = 409, description = "The meeting has not started yet, or is cancelled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/attendance/close")]
pub(super) async fn close_attendance(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Attendance)?;
    let id = id.into_inner();
    let closed = state
        .db(move |conn| {
            let m = meeting(conn, &actor, &id)?;
            not_cancelled(&m)?;
            if ids::now() < m.starts_at {
                return Err(ApiError::conflict(
                    ProblemCode::Conflict,
                    "this meeting has not started yet",
                ));
            }
            conn.transaction(|conn| {
                let (version, no_shows) = model::close(conn, &m.id)?;
                let booking_no_shows = mark_no_shows(conn, &m.id)?;
                audit::record(conn, &actor, "close", "meeting", Some(&m.id))?;
                Ok(Closed {
                    meeting_id: m.id.clone(),
                    meeting_status: MeetingStatus::Done,
                    version,
                    no_shows: i64::try_from(no_shows).unwrap_or(i64::MAX),
                    booking_no_shows: i64::try_from(booking_no_shows).unwrap_or(i64::MAX),
                    counts: model::counts(conn, &m.id)?,
                })
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(closed))
}
