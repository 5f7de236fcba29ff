//! `POST /opportunities/{id}/applications`, `GET /applications`,
//! `GET /applications/unread-count`, `GET /applications/{id}`,
//! `GET /applications/{id}/events` and `POST /applications/{id}/transitions`.

use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;

use super::json::{
    Application, ApplicationEvent, ApplicationListQuery, ApplyInput, TransitionInput, UnreadCount,
};
use super::model::{self, ApplicationRow};
use super::views::{self, Looker};
use super::{access, apply, steps, unread};
use crate::audit;
use crate::auth::Actor;
use crate::db::schema::{application_messages as m, application_reads as r, applications as a};
use crate::error::{ApiError, Problem};
use crate::http::ApiJson;
use crate::pagination::{time_key, Page, PageRequest, UPDATED};
use crate::policy::{Action, Resource};
use crate::AppState;

const NEWEST: &str = "created_desc";

/// Applies for an opportunity, or proposes a person for it. A participant
/// applies for themself (state `applied`); an adviser, coordinator or admin
/// names `participant_id` and proposes the person (state `proposed`), who
/// then accepts or declines. The opportunity must be open and before its
/// deadline (409 `opportunity_closed`); one application per person (409
/// `already_applied`); the person must be eligible (409 `not_eligible`
/// with the rule's `reason`, e.g. `work_permit_required`).
#[utoipa::path(
    tag = "opportunities",
    operation_id = "create_application",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The opportunity's id")),
    request_body = ApplyInput,
    responses(
        (status = 201, description = "Applied or proposed", body = Application),
        (status = 404, description = "No such opportunity", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`opportunity_closed`, `already_applied` or `not_eligible`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/opportunities/{id}/applications")]
pub(super) async fn create_application(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<ApplyInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Application)?;
    let input = body.into_inner();
    apply::cover_note(&input)?;
    let opportunity = id.into_inner();
    let settings = state.settings.clone();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let party = steps::party_of(&actor);
                let id = apply::create(conn, &actor, &opportunity, &input, party.as_str())?;
                let (row, opp, _, _) = access::visible_with(conn, &actor, &id)?;
                views::one(conn, &Looker::new(&settings, &actor), &row, &opp)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Applications the caller sees, newest first (or, with `updated_since`,
/// every change oldest first, erased ones as tombstones): staff every one
/// of the organisation; an adviser those of the people they advise or
/// proposed; a participant their own; a partner those to their
/// opportunities from people who share their profile with partners.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "list_applications",
    security(("bearer" = [])),
    params(ApplicationListQuery),
    responses((status = 200, description = "A page of applications", body = Page<Application>))
)]
#[get("/applications")]
pub(super) async fn list_applications(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<ApplicationListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Application)?;
    let by_update = query.updated_since.is_some();
    let request = PageRequest::parse(
        query.limit,
        query.cursor.as_deref(),
        if by_update { UPDATED } else { NEWEST },
    )?;
    let query = query.into_inner();
    let settings = state.settings.clone();
    let read = audit::ReadEvent::new(&actor, "list", "application");
    let page = state
        .db(move |conn| {
            let mut q = a::table
                .filter(a::organization_id.eq(actor.organization_id.clone()))
                .select(ApplicationRow::as_select())
                .into_boxed();
            if let Some(c) = access::list_condition(&actor)? {
                q = q.filter(c);
            }
            if let Some(o) = &query.opportunity_id {
                q = q.filter(a::opportunity_id.eq(o.clone()));
            }
            if let Some(p) = &query.participant_id {
                q = q.filter(a::participant_id.eq(p.clone()));
            }
            if let Some(s) = query.state {
                q = q.filter(a::state.eq(s.as_str()));
            }
            if query.unread == Some(true) {
                let user = actor.require_user()?.to_string();
                let unread = m::table
                    .left_join(
                        r::table.on(r::application_id
                            .eq(m::application_id)
                            .and(r::user_id.eq(user.clone()))),
                    )
                    .filter(m::erased_at.is_null())
                    .filter(m::author_user_id.assume_not_null().ne(user))
                    .filter(r::read_at.is_null().or(m::created_at.gt(r::read_at)))
                    .select(m::application_id);
                q = q.filter(a::id.eq_any(unread));
            }
            let mut rows: Vec<ApplicationRow> = if let Some(since) = query.updated_since {
                q = q.filter(a::updated_at.ge(since.naive_utc()));
                crate::keyset_page!(q, request, asc, a::updated_at, a::id, conn)?
            } else {
                q = q.filter(a::erased_at.is_null());
                crate::keyset_page!(q, request, desc, a::created_at, a::id, conn)?
            };
            let next_cursor = request.cut(&mut rows, |r| {
                let t = if by_update {
                    r.updated_at
                } else {
                    r.created_at
                };
                (time_key(t), r.id.clone())
            });
            let items = views::many(conn, &Looker::new(&settings, &actor), &rows)?;
            Ok(Page { items, next_cursor })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// How many messages the caller has not read, over every application they
/// see (for the SPA's badge).
#[utoipa::path(
    tag = "opportunities",
    operation_id = "count_unread_application_messages",
    security(("bearer" = [])),
    responses((status = 200, description = "The count", body = UnreadCount))
)]
#[get("/applications/unread-count")]
pub(super) async fn unread_count(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::ApplicationMessage)?;
    let count = state.db(move |conn| unread::total(conn, &actor)).await?;
    Ok(HttpResponse::Ok().json(UnreadCount { count }))
}

/// One application.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "get_application",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The application", body = Application),
        (status = 404, description = "No such application (or not one the caller sees)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications/{id}")]
pub(super) async fn get_application(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Application)?;
    let id = id.into_inner();
    let settings = state.settings.clone();
    let read = audit::ReadEvent::new(&actor, "read", "application").of(id.clone());
    let view = state
        .db(move |conn| {
            let (row, opp, _, _) = access::visible_with(conn, &actor, &id)?;
            views::one(conn, &Looker::new(&settings, &actor), &row, &opp)
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// An application's history: each step, who (role) made it, when and why.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "list_application_events",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "The steps, oldest first", body = Vec<ApplicationEvent>),
        (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications/{id}/events")]
pub(super) async fn list_application_events(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Application)?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "read", "application").of(id.clone());
    let events = state
        .db(move |conn| {
            let (row, _) = access::visible(conn, &actor, &id)?;
            views::events(model::events(conn, &row.id)?)
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(events))
}

/// Moves an application on, with the version last read. The participant
/// accepts a proposal (`proposed` → `applied`) or withdraws; the partner
/// who answers for the opportunity (or staff) shortlists, interviews,
/// offers, hires or rejects; the person's adviser or staff may withdraw on
/// their behalf. Moving to `interview` with `interview` arranges a
/// meeting both sides see in their calendars; `hired` records an outcome.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "transition_application",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    request_body = TransitionInput,
    responses(
        (status = 200, description = "The application after the step", body = Application),
        (status = 403, description = "The step is another role's to make", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition` from this state, or `version_conflict`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/applications/{id}/transitions")]
pub(super) async fn transition_application(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<TransitionInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Application)?;
    let input = body.into_inner();
    steps::check_input(&input)?;
    let id = id.into_inner();
    let settings = state.settings.clone();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                steps::apply(conn, &actor, &id, &input)?;
                let (row, opp, _, _) = access::visible_with(conn, &actor, &id)?;
                views::one(conn, &Looker::new(&settings, &actor), &row, &opp)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
