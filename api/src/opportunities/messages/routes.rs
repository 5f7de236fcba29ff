//! `GET` and `POST /applications/{id}/messages`, `POST /applications/{id}/read`.

use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;

use super::json::{Message, MessageInput, MessageListQuery, ReadMark, MAX_BODY};
use super::{model, views};
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::http::ApiJson;
use crate::ids;
use crate::opportunities::applications::access;
use crate::pagination::{time_key, Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

const OLDEST: &str = "created_asc";

/// An application's message thread, oldest first: the partner, the
/// participant, their adviser and staff who see the application read it.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "list_application_messages",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id"), MessageListQuery),
    responses(
        (status = 200, description = "A page of messages", body = Page<Message>),
        (status = 404, description = "No such application (or not one the caller sees)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/applications/{id}/messages")]
pub(super) async fn list_messages(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    query: web::Query<MessageListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::ApplicationMessage)?;
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), OLDEST)?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "application_message").of(id.clone());
    let page = state
        .db(move |conn| {
            let (row, _) = access::visible(conn, &actor, &id)?;
            let mut rows = model::page(conn, &row.id, &request)?;
            let next_cursor = request.cut(&mut rows, |r| (time_key(r.created_at), r.id.clone()));
            let items = views::build(conn, &actor.organization_id, &row.id, rows, actor.user_id())?;
            Ok(Page { items, next_cursor })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Writes a message in an application's thread (text only, 1–4000
/// characters); the thread counts as read by its author.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "create_application_message",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    request_body = MessageInput,
    responses(
        (status = 201, description = "Written", body = Message),
        (status = 404, description = "No such application (or not one the caller sees)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The person was erased", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/applications/{id}/messages")]
pub(super) async fn create_message(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<MessageInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::ApplicationMessage)?;
    let text = body.into_inner().body.trim().to_string();
    let n = text.chars().count();
    if n == 0 || n > MAX_BODY {
        return Err(ApiError::field(
            "body",
            "length",
            format!("1 to {MAX_BODY} characters"),
        ));
    }
    let user = actor.require_user()?.to_string();
    let id = id.into_inner();
    let message = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (row, party) = access::visible(conn, &actor, &id)?;
                if row.participant_id.is_none() {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "the person was erased; the thread is closed",
                    ));
                }
                let now = ids::now();
                let mid = model::insert(conn, &row.id, Some(&user), party.as_str(), &text, now)?;
                model::mark_read(conn, &row.id, &user, now)?;
                audit::record(conn, &actor, "create", "application_message", Some(&mid))?;
                let one = model::find(conn, &mid)?;
                views::build(
                    conn,
                    &actor.organization_id,
                    &row.id,
                    vec![one],
                    Some(&user),
                )?
                .pop()
                .ok_or_else(|| ApiError::internal("the message just written is missing"))
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(message))
}

/// Marks the thread read by the caller up to now (read receipts; unread
/// counts).
#[utoipa::path(
    tag = "opportunities",
    operation_id = "mark_application_read",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses(
        (status = 200, description = "Read up to then", body = ReadMark),
        (status = 404, description = "No such application (or not one the caller sees)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/applications/{id}/read")]
pub(super) async fn mark_read(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::ApplicationMessage)?;
    let user = actor.require_user()?.to_string();
    let id = id.into_inner();
    let at = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (row, _) = access::visible(conn, &actor, &id)?;
                model::mark_read(conn, &row.id, &user, ids::now())
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(ReadMark {
        read_at: ids::utc(at),
    }))
}
