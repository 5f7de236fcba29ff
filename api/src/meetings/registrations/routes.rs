//! `/meetings/{id}/registrations`, `/registrations/{id}` and
//! `/meetings/{id}/invitations`: taking a place at a meeting (or a place
//! on its waiting list), cancelling it, the meeting's list, and who is
//! invited.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use diesel::Connection;
use validator::Validate;

use super::json::{
    InvitationInput, InvitationListQuery, MeetingInvitation, Registration, RegistrationInput,
    RegistrationListQuery, RegistrationPatch,
};
use super::{access, invitations, model, places, views};
use crate::audit;
use crate::auth::Actor;
use crate::codes::RegistrationStatus;
use crate::error::{ApiError, FieldError, Problem};
use crate::http::ApiJson;
use crate::idempotency;
use crate::meetings::access::{self as meeting_access, Viewer};
use crate::pagination::{Page, PageRequest, BY_ID};
use crate::policy::{Action, Resource};
use crate::AppState;

/// Takes a place at a meeting: registered while places are free, else on
/// the waiting list in order of arrival. A participant registers themself
/// (leave `participant_id` out); staff name the person. Staff registering
/// someone for an invitation-only meeting invite them too. A cancelled
/// registration comes back at the end of the queue. Send an
/// `Idempotency-Key` to make a retry safe.
#[utoipa::path(
    tag = "meetings",
    operation_id = "create_registration",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The meeting's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first answer instead of registering twice"),
    ),
    request_body = RegistrationInput,
    responses(
        (status = 201, description = "Registered or on the waiting list (see `status`)", body = Registration),
        (status = 409, description = "Already registered or waiting; the meeting is cancelled, done or over, or is booked by slot; or the Idempotency-Key was used for another request", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/registrations")]
pub(super) async fn create_registration(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    body: ApiJson<RegistrationInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Registration)?;
    let key = idempotency::key(&req)?;
    let meeting_id = id.into_inner();
    let input = body.into_inner();
    let hash = idempotency::request_hash(&(&meeting_id, &input.participant_id));
    let (status, value) = state
        .db(move |conn| {
            let org = &actor.organization_id;
            let scope = key.as_deref().map(|k| idempotency::Scope {
                organization_id: org,
                actor_id: actor.audit_identity().1,
                operation: "create_registration",
                key: k,
                request_hash: &hash,
            });
            idempotency::create_once(
                conn,
                scope.as_ref(),
                // The lock first: it serialises the meeting's registrations.
                |conn| model::lock_meeting(conn, org, &meeting_id),
                |conn| {
                    let id = places::register(
                        conn,
                        &actor,
                        &meeting_id,
                        input.participant_id.as_deref(),
                    )?;
                    audit::record(conn, &actor, "create", "registration", Some(&id))?;
                    views::one(conn, org, &id, access::is_staff(&actor))
                },
            )
        })
        .await?;
    Ok(idempotency::created(status).json(value))
}

/// Cancels a registration (`{"status": "cancelled", "version": n}`): a
/// participant their own, staff anyone's. A place freed goes to the first
/// person on the waiting list in the same transaction; they see it on
/// their home page (`my_place.promoted_at`).
#[utoipa::path(
    tag = "meetings",
    operation_id = "update_registration",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The registration's id")),
    request_body = RegistrationPatch,
    responses(
        (status = 200, description = "Cancelled", body = Registration),
        (status = 409, description = "Changed since that version, already cancelled, or the meeting is cancelled, done or over", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/registrations/{id}")]
pub(super) async fn update_registration(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<RegistrationPatch>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Registration)?;
    let patch = body.into_inner();
    if patch.version < 1 {
        return Err(ApiError::field(
            "version",
            "range",
            "send the version you last read (a whole number from 1)",
        ));
    }
    if patch.status != RegistrationStatus::Cancelled {
        return Err(ApiError::field(
            "status",
            "unsupported",
            "a registration can only be cancelled here; register again to come back",
        ));
    }
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                places::change(conn, &actor, &id, &patch)?;
                audit::record(conn, &actor, "cancel", "registration", Some(&id))?;
                views::one(conn, &actor.organization_id, &id, access::is_staff(&actor))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// A meeting's registrations by order of arrival (staff), with names and
/// places on the waiting list.
#[utoipa::path(
    tag = "meetings",
    operation_id = "list_registrations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), RegistrationListQuery),
    responses((status = 200, description = "A page of registrations", body = Page<Registration>))
)]
#[get("/meetings/{id}/registrations")]
pub(super) async fn list_registrations(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    query: web::Query<RegistrationListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Registration)?;
    access::require_staff(&actor)?;
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), views::ORDER)?;
    let status = query.status;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "registration");
    let (meeting, page) = state
        .db(move |conn| {
            let m = meeting_access::find(conn, &actor, &Viewer::Staff, &id)?;
            let page = views::page(conn, &m.id, status, &request)?;
            Ok((m.id, page))
        })
        .await?;
    state.audit.write(read.of(meeting)).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Invites participants to a meeting (staff). Invited people see the
/// meeting and may register for it even when it is by invitation only;
/// people already invited stay invited. Answers the invitations of the
/// people named.
#[utoipa::path(
    tag = "meetings",
    operation_id = "invite_to_meeting",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id")),
    request_body = InvitationInput,
    responses(
        (status = 200, description = "Everyone named is invited", body = Vec<MeetingInvitation>),
        (status = 409, description = "The meeting is cancelled, done or over", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/meetings/{id}/invitations")]
pub(super) async fn invite_to_meeting(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<InvitationInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Registration)?;
    access::require_staff(&actor)?;
    body.validate()?;
    let mut people: Vec<String> = Vec::new();
    for p in body.into_inner().participant_ids {
        if !people.contains(&p) {
            people.push(p);
        }
    }
    let id = id.into_inner();
    let list = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let org = &actor.organization_id;
                model::lock_meeting(conn, org, &id)?;
                let m = meeting_access::find(conn, &actor, &Viewer::Staff, &id)?;
                let active = model::active_participants(conn, org, &people)?;
                let unknown: Vec<FieldError> = people
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| !active.contains(p))
                    .map(|(i, _)| FieldError {
                        field: format!("participant_ids[{i}]"),
                        code: "unknown".into(),
                        message: "no active participant of this organisation has this id".into(),
                    })
                    .collect();
                if !unknown.is_empty() {
                    return Err(ApiError::Validation(unknown));
                }
                places::open(&m)?;
                invitations::invite(conn, &m.id, &people, actor.user_id())?;
                for p in &people {
                    audit::record(conn, &actor, "invite", "meeting_invitation", Some(p))?;
                }
                invitations::of(conn, &m.id, &people)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Who is invited to a meeting (staff), with where their registration
/// stands.
#[utoipa::path(
    tag = "meetings",
    operation_id = "list_meeting_invitations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), InvitationListQuery),
    responses((status = 200, description = "A page of invitations", body = Page<MeetingInvitation>))
)]
#[get("/meetings/{id}/invitations")]
pub(super) async fn list_meeting_invitations(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    query: web::Query<InvitationListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Registration)?;
    access::require_staff(&actor)?;
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), BY_ID)?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "meeting_invitation");
    let (meeting, page) = state
        .db(move |conn| {
            let m = meeting_access::find(conn, &actor, &Viewer::Staff, &id)?;
            let page = invitations::page(conn, &m.id, &request)?;
            Ok((m.id, page))
        })
        .await?;
    state.audit.write(read.of(meeting)).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Withdraws an invitation (staff). A registration the person already has
/// stays; cancel it separately.
#[utoipa::path(
    tag = "meetings",
    operation_id = "withdraw_meeting_invitation",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The meeting's id"),
        ("participant_id" = String, Path, description = "The invited participant's id"),
    ),
    responses((status = 204, description = "Withdrawn"))
)]
#[delete("/meetings/{id}/invitations/{participant_id}")]
pub(super) async fn withdraw_meeting_invitation(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Registration)?;
    access::require_staff(&actor)?;
    let (id, participant) = path.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                model::lock_meeting(conn, &actor.organization_id, &id)?;
                let m = meeting_access::find(conn, &actor, &Viewer::Staff, &id)?;
                if !invitations::withdraw(conn, &m.id, &participant)? {
                    return Err(ApiError::not_found("this person is not invited"));
                }
                audit::record(
                    conn,
                    &actor,
                    "withdraw",
                    "meeting_invitation",
                    Some(&participant),
                )
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
