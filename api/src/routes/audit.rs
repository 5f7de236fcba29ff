//! Reading the audit log (nothing in the API can change or delete it).

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Actor, Principal};
use crate::db::schema::audit_log;
use crate::error::{ApiError, Problem};
use crate::ids;
use crate::pagination::{self, Page};
use crate::policy::{Action, Resource};
use crate::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit);
}

/// Who did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    User,
    ApiKey,
    System,
    Anonymous,
}

/// One audit event.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    pub actor_type: ActorType,
    /// The user's or API key's id.
    pub actor_id: Option<String>,
    /// e.g. `read`, `list`, `create`, `update`, `delete`, `login`, `login_failed`.
    #[schema(example = "update")]
    pub action: String,
    /// e.g. `member`, `api_key`, `invitation`, `session`, `user`.
    #[schema(example = "member")]
    pub resource_type: String,
    /// The record's id. For an API key, a participant's id (resource types
    /// `participant`, `participant_skill`, `consent`, `personal_data`) is
    /// that key's pseudonym of the person instead, as everywhere else.
    pub resource_id: Option<String>,
    /// The `X-Request-Id` of the request that did it.
    pub request_id: Option<String>,
}

/// Filters and paging for the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only events by this user or API key.
    pub actor_id: Option<String>,
    /// Only events on this kind of record.
    pub resource_type: Option<String>,
    /// Only events on this record. API keys may use it only together with
    /// a `resource_type` that is not about a participant.
    pub resource_id: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only events at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only events before this time.
    pub until: Option<DateTime<Utc>>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Resource types whose `resource_id` is a participant's id.
const PARTICIPANT_TYPES: &[&str] = &[
    "participant",
    "participant_skill",
    "consent",
    "personal_data",
];

/// An audit row as the API shows it.
pub fn entry_from(r: Row) -> AuditEntry {
    AuditEntry {
        id: r.0,
        occurred_at: ids::utc(r.1),
        actor_type: match r.2.as_str() {
            "user" => ActorType::User,
            "api_key" => ActorType::ApiKey,
            "system" => ActorType::System,
            _ => ActorType::Anonymous,
        },
        actor_id: r.3,
        action: r.4,
        resource_type: r.5,
        resource_id: r.6,
        request_id: r.7,
    }
}

pub type Row = (
    String,
    chrono::NaiveDateTime,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// The organisation's audit log, newest first.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of events", body = Page<AuditEntry>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins (or keys with audit:read) read the log", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
async fn list_audit(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Audit)?;
    let (limit, after) = pagination::parse(query.limit, query.cursor.as_deref())?;
    let query = query.into_inner();
    // A key sees participants only by its pseudonyms: a real id here would
    // undo them (read a person, then find the read in the log), and a
    // filter on one would be a way to test ids.
    let key = match &actor.principal {
        Principal::ApiKey { key_id, .. } => Some(key_id.clone()),
        Principal::User { .. } => None,
    };
    if key.is_some()
        && query.resource_id.is_some()
        && query
            .resource_type
            .as_deref()
            .is_none_or(|t| PARTICIPANT_TYPES.contains(&t))
    {
        return Err(ApiError::forbidden(
            "an API key may filter by `resource_id` only with a `resource_type` other than a participant's",
        ));
    }
    let secret = state.settings.jwt_secret.expose().to_vec();
    let page = state
        .db(move |conn| {
            let mut q = audit_log::table
                .filter(audit_log::organization_id.eq(&actor.organization_id))
                .select((
                    audit_log::id,
                    audit_log::occurred_at,
                    audit_log::actor_type,
                    audit_log::actor_id,
                    audit_log::action,
                    audit_log::resource_type,
                    audit_log::resource_id,
                    audit_log::request_id,
                ))
                .order(audit_log::id.desc())
                .limit(limit + 1)
                .into_boxed();
            if let Some(after) = &after {
                q = q.filter(audit_log::id.lt(after.clone()));
            }
            if let Some(v) = &query.actor_id {
                q = q.filter(audit_log::actor_id.eq(v.clone()));
            }
            if let Some(v) = &query.resource_type {
                q = q.filter(audit_log::resource_type.eq(v.clone()));
            }
            if let Some(v) = &query.resource_id {
                q = q.filter(audit_log::resource_id.eq(v.clone()));
            }
            if let Some(v) = &query.action {
                q = q.filter(audit_log::action.eq(v.clone()));
            }
            if let Some(v) = query.since {
                q = q.filter(audit_log::occurred_at.ge(v.naive_utc()));
            }
            if let Some(v) = query.until {
                q = q.filter(audit_log::occurred_at.lt(v.naive_utc()));
            }
            let rows: Vec<Row> = q.load(conn)?;
            Ok(pagination::page(
                rows,
                limit,
                |r| r.0.clone(),
                |r| AuditEntry {
                    id: r.0,
                    occurred_at: ids::utc(r.1),
                    actor_type: match r.2.as_str() {
                        "user" => ActorType::User,
                        "api_key" => ActorType::ApiKey,
                        "system" => ActorType::System,
                        _ => ActorType::Anonymous,
                    },
                    actor_id: r.3,
                    action: r.4,
                    resource_id: match &key {
                        Some(key) if PARTICIPANT_TYPES.contains(&r.5.as_str()) => r.6.map(|id| {
                            crate::participants::pseudonym(
                                &secret,
                                &actor.organization_id,
                                key,
                                &id,
                            )
                        }),
                        _ => r.6,
                    },
                    resource_type: r.5,
                    request_id: r.7,
                },
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
