//! API keys for integrations (another NGO, a funder, a city): created by an
//! admin with scopes and an expiry, shown once, stored hashed, revocable.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::audit;
use crate::auth::{parse_scopes, Actor, API_KEY_PREFIX};
use crate::db::schema::api_keys;
use crate::error::{ApiError, Problem};
use crate::http::params::PageQuery;
use crate::http::ApiJson;
use crate::identity::{self, ApiKey};
use crate::ids;
use crate::pagination::{self, Page};
use crate::policy::{Action, Resource, Scope};
use crate::AppState;

/// The longest a key may live.
pub const MAX_KEY_LIFETIME: Duration = Duration::days(366);

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_api_keys)
        .service(create_api_key)
        .service(revoke_api_key);
}

/// An API key as listed (never with its secret).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiKeyInfo {
    pub id: String,
    #[schema(example = "City of Ljubljana statistics")]
    pub name: String,
    /// The start of the key (`skp_<prefix>_…`), to recognise it.
    #[schema(example = "skp_a1B2c3D4e5")]
    pub prefix: String,
    /// What the key may do beyond the analyst role.
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKey> for ApiKeyInfo {
    fn from(k: ApiKey) -> Self {
        ApiKeyInfo {
            prefix: format!("{API_KEY_PREFIX}{}", k.prefix),
            scopes: parse_scopes(&k.scopes),
            id: k.id,
            name: k.name,
            created_at: ids::utc(k.created_at),
            expires_at: ids::utc(k.expires_at),
            last_used_at: k.last_used_at.map(ids::utc),
            revoked_at: k.revoked_at.map(ids::utc),
        }
    }
}

/// A new key's name, scopes and expiry.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateApiKeyRequest {
    #[schema(min_length = 1, max_length = 120)]
    #[validate(length(min = 1, max = 120))]
    pub name: String,
    /// Empty: the key acts as an analyst (aggregated and pseudonymised data).
    #[serde(default)]
    pub scopes: Vec<Scope>,
    /// When the key stops working: in the future, at most a year ahead.
    /// Default: 90 days from now.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A new key with its secret, shown only in this answer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiKeyCreated {
    #[serde(flatten)]
    pub key: ApiKeyInfo,
    /// Send as `Authorization: Bearer <secret>`. It cannot be shown again.
    pub secret: String,
}

/// The organisation's API keys, newest first, revoked ones included.
#[utoipa::path(
    tag = "api-keys",
    operation_id = "list_api_keys",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of keys", body = Page<ApiKeyInfo>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins manage keys", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api-keys")]
async fn list_api_keys(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::ApiKey)?;
    let (limit, after) = pagination::parse(query.limit, query.cursor.as_deref())?;
    let page = state
        .db(move |conn| {
            let mut q = api_keys::table
                .filter(api_keys::organization_id.eq(&actor.organization_id))
                .select(ApiKey::as_select())
                .order(api_keys::id.desc())
                .limit(limit + 1)
                .into_boxed();
            if let Some(after) = &after {
                q = q.filter(api_keys::id.lt(after.clone()));
            }
            let rows = q.load(conn)?;
            Ok(pagination::page(
                rows,
                limit,
                |k| k.id.clone(),
                ApiKeyInfo::from,
            ))
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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins create keys", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api-keys")]
async fn create_api_key(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::ApiKey)?;
    body.validate()?;
    let admin = actor.require_user()?.to_string();
    let body = body.into_inner();
    let now = ids::now();
    let expires_at = match body.expires_at {
        None => now + Duration::days(90),
        Some(t) => {
            let t = t.naive_utc();
            if t <= now {
                return Err(ApiError::field(
                    "expires_at",
                    "past",
                    "must be in the future",
                ));
            }
            if t > now + MAX_KEY_LIFETIME {
                return Err(ApiError::field(
                    "expires_at",
                    "too_far",
                    "must be at most a year from now",
                ));
            }
            t
        }
    };
    let (row, secret) = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let created = identity::create_api_key(
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
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins revoke keys", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key in this organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/api-keys/{id}")]
async fn revoke_api_key(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Delete, Resource::ApiKey)?;
    let id = id.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                let exists: i64 = api_keys::table
                    .filter(api_keys::id.eq(&id))
                    .filter(api_keys::organization_id.eq(&actor.organization_id))
                    .count()
                    .get_result(conn)?;
                if exists == 0 {
                    return Err(ApiError::not_found("no such API key"));
                }
                diesel::update(
                    api_keys::table
                        .find(&id)
                        .filter(api_keys::revoked_at.is_null()),
                )
                .set(api_keys::revoked_at.eq(ids::now()))
                .execute(conn)?;
                audit::record(conn, &actor, "revoke", "api_key", Some(&id))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
