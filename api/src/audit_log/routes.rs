//! `GET /audit`: the organisation's append-only log, newest first.

use actix_web::{get, web, HttpResponse};

use super::json::{AuditEntry, AuditQuery};
use super::{access, model};
use crate::auth::Actor;
use crate::error::{ApiError, Problem};
use crate::pagination::{self, Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

/// The organisation's audit log, newest first.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of events", body = Page<AuditEntry>),
        (status = 403, description = "Only admins (or keys with audit:read) read the log", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub(super) async fn list_audit(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Audit)?;
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), pagination::BY_ID)?;
    let query = query.into_inner();
    let key = access::pseudonymising_key(&actor, &query)?;
    let secret = state.settings.jwt_secret.expose().to_vec();
    let page = state
        .db(move |conn| {
            let org = &actor.organization_id;
            let rows = model::page(conn, org, &query, request.fetch(), request.after_id())?;
            Ok(request.page(
                rows,
                |r| (String::new(), r.0.clone()),
                |r| {
                    model::entry_from(r, |t, id| {
                        access::shown_id(key.as_deref(), &secret, org, t, id)
                    })
                },
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
