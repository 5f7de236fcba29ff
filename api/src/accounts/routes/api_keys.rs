//! `/api-keys`: keys for integrations (another NGO, a funder, a city):
//! created by an admin with scopes and an expiry, shown once, stored
//! hashed, revocable.

use actix_web::{delete, get, post, web, HttpResponse};
use diesel::Connection;
use validator::Validate;

use crate::accounts::json::{ApiKeyCreated, ApiKeyInfo, CreateApiKeyRequest};
use crate::accounts::model;
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem};
use crate::http::params::PageQuery;
use crate::http::ApiJson;
use crate::ids;
use crate::pagination::{self, Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

/// The organisation's API keys, newest first, revoked ones included.
#[utoipa::path(
    tag = "api-keys",
    operation_id = "list_api_keys",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of keys", body = Page<ApiKeyInfo>),
        (status = 403, description = "Only admins manage keys", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api-keys")]
pub(in crate::accounts) async fn list_api_keys(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::ApiKey)?;
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), pagination::BY_ID)?;
    let page = state
        .db(move |conn| {
            let rows = model::api_keys_page(
                conn,
                &actor.organization_id,
                request.fetch(),
                request.after_id(),
            )?;
            Ok(request.page(rows, |k| (String::new(), k.id.clone()), ApiKeyInfo::from))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Creates an API key. Its secret is in this answer only.
#[utoipa::path(
    tag = "api-keys",
    operation_id = "create_api_key",
    security(("bearer" = [])),
    request_body = CreateApiKeyRequest,
    responses(
        (status = 201, description = "The key and its secret", body = ApiKeyCreated),
        (status = 403, description = "Only admins create keys", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api-keys")]
pub(in crate::accounts) async fn create_api_key(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::ApiKey)?;
    body.validate()?;
    let admin = actor.require_user()?.to_string();
    let body = body.into_inner();
    let expires_at = body.expiry(ids::now())?;
    let (row, secret) = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let created = model::create_api_key(
                    conn,
                    &actor.organization_id,
                    &body.name,
                    &body.scopes,
                    expires_at,
                    &admin,
                )?;
                audit::record(conn, &actor, "create", "api_key", Some(&created.0.id))?;
                Ok(created)
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(ApiKeyCreated {
            key: row.into(),
            secret,
        }))
}

/// Revokes a key: it stops working at once.
#[utoipa::path(
    tag = "api-keys",
    operation_id = "revoke_api_key",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The key's id")),
    responses(
        (status = 204, description = "Revoked (or already revoked)"),
        (status = 403, description = "Only admins revoke keys", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key in this organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/api-keys/{id}")]
pub(in crate::accounts) async fn revoke_api_key(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Delete, Resource::ApiKey)?;
    let id = id.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                if !model::revoke_api_key(conn, &actor.organization_id, &id)? {
                    return Err(ApiError::not_found("no such API key"));
                }
                audit::record(conn, &actor, "revoke", "api_key", Some(&id))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
