//! `/invitations`: single-use links to join the organisation with a role,
//! made by an admin to pass on (no e-mail server is needed).

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use diesel::Connection;
use validator::Validate;

use super::link_url;
use crate::accounts::json::{CreateInvitationRequest, LinkCreated, PendingInvitation};
use crate::accounts::model;
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::http::params::PageQuery;
use crate::http::ApiJson;
use crate::pagination::{self, Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

/// Invitations not yet accepted, withdrawn or expired.
#[utoipa::path(
    tag = "members",
    operation_id = "list_invitations",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of pending invitations", body = Page<PendingInvitation>),
        (status = 403, description = "Only admins see invitations", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/invitations")]
pub(in crate::accounts) async fn list_invitations(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Invitation)?;
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), pagination::BY_ID)?;
    let page = state
        .db(move |conn| {
            let rows = model::pending_invitations_page(
                conn,
                &actor.organization_id,
                request.fetch(),
                request.after_id(),
            )?;
            Ok(request.page(
                rows,
                |i| (String::new(), i.id.clone()),
                PendingInvitation::from,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Invites someone to join with a role: returns a single-use link (valid 7
/// days) for the admin to pass on. No e-mail server is needed.
#[utoipa::path(
    tag = "members",
    operation_id = "create_invitation",
    security(("bearer" = [])),
    request_body = CreateInvitationRequest,
    responses(
        (status = 201, description = "The invitation link", body = LinkCreated),
        (status = 403, description = "Only admins invite", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a member", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations")]
pub(in crate::accounts) async fn create_invitation(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    body: ApiJson<CreateInvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Invitation)?;
    body.validate()?;
    let admin = actor.require_user()?.to_string();
    let body = body.into_inner();
    let (inv, token) = state
        .db(move |conn| {
            conn.transaction(|conn| {
                if let Some(user) = model::find_user_by_email(conn, &body.email)? {
                    if model::is_member(conn, &actor.organization_id, &user.id)? {
                        return Err(ApiError::conflict(
                            ProblemCode::Conflict,
                            "this person is already a member",
                        ));
                    }
                }
                let created = model::create_link(
                    conn,
                    &actor.organization_id,
                    model::INVITE,
                    &body.email,
                    Some(body.role),
                    None,
                    &admin,
                )?;
                audit::record(conn, &actor, "create", "invitation", Some(&created.0.id))?;
                Ok(created)
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(LinkCreated::new(
            link_url(&req, "invite", &token),
            inv,
            token,
        )))
}

/// Withdraws a pending invitation: its link stops working.
#[utoipa::path(
    tag = "members",
    operation_id = "delete_invitation",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The invitation's id")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 403, description = "Only admins withdraw invitations", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pending invitation", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/invitations/{id}")]
pub(in crate::accounts) async fn delete_invitation(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Delete, Resource::Invitation)?;
    let id = id.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                if !model::withdraw_invitation(conn, &actor.organization_id, &id)? {
                    return Err(ApiError::not_found("no such pending invitation"));
                }
                audit::record(conn, &actor, "delete", "invitation", Some(&id))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
