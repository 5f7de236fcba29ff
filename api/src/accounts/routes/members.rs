//! `/members`: who belongs to the organisation with which role, and the
//! password-reset links an admin passes on.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use diesel::Connection;
use validator::Validate;

use super::link_url;
use crate::accounts::json::{LinkCreated, Member, MemberListQuery, UpdateMemberRequest};
use crate::accounts::{access, model};
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::http::ApiJson;
use crate::pagination::{self, Page, PageRequest};
use crate::policy::{Action, Resource, Role};
use crate::AppState;

/// The organisation's members, in the order they joined.
#[utoipa::path(
    tag = "members",
    operation_id = "list_members",
    security(("bearer" = [])),
    params(MemberListQuery),
    responses(
        (status = 200, description = "A page of members", body = Page<Member>),
        (status = 403, description = "This role may not list members", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/members")]
pub(in crate::accounts) async fn list_members(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<MemberListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Member)?;
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), pagination::BY_ID)?;
    let role = query.role;
    let read = audit::ReadEvent::new(&actor, "list", "member");
    let page = state
        .db(move |conn| {
            let rows = model::members_page(
                conn,
                &actor.organization_id,
                role,
                request.fetch(),
                request.after_id(),
            )?;
            Ok(request.page(rows, |(m, _)| (String::new(), m.id.clone()), Member::from))
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Changes a member's role. The organisation's last admin cannot be demoted.
#[utoipa::path(
    tag = "members",
    operation_id = "update_member",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The membership's id")),
    request_body = UpdateMemberRequest,
    responses(
        (status = 200, description = "The member as changed", body = Member),
        (status = 403, description = "Only admins change roles", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member in this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the last admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/members/{id}")]
pub(in crate::accounts) async fn update_member(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<UpdateMemberRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Member)?;
    body.validate()?;
    let id = id.into_inner();
    let body = body.into_inner();
    let member = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (m, u) = model::find_member(conn, &actor.organization_id, &id)?;
                if m.version != body.version {
                    return Err(ApiError::conflict(
                        ProblemCode::VersionConflict,
                        format!(
                            "the member changed since version {} (now {}); reload and try again",
                            body.version, m.version
                        ),
                    ));
                }
                if m.role == Role::Admin.as_str()
                    && body.role != Role::Admin
                    && model::admin_count(conn, &actor.organization_id)? <= 1
                {
                    return Err(ApiError::conflict(
                        ProblemCode::LastAdmin,
                        "the organisation needs at least one admin",
                    ));
                }
                let Some(m) = model::change_role(conn, m, body.role)? else {
                    return Err(ApiError::conflict(
                        ProblemCode::VersionConflict,
                        "the member changed meanwhile; reload and try again",
                    ));
                };
                audit::record(conn, &actor, "update", "member", Some(&m.id))?;
                Ok(Member::from((m, u)))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(member))
}

/// Removes a member from the organisation (the account stays, with its other
/// memberships). Their sessions in this organisation end. The last admin
/// cannot be removed.
#[utoipa::path(
    tag = "members",
    operation_id = "delete_member",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The membership's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Only admins remove members", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member in this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/members/{id}")]
pub(in crate::accounts) async fn delete_member(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Delete, Resource::Member)?;
    let id = id.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (m, _) = model::find_member(conn, &actor.organization_id, &id)?;
                if m.role == Role::Admin.as_str()
                    && model::admin_count(conn, &actor.organization_id)? <= 1
                {
                    return Err(ApiError::conflict(
                        ProblemCode::LastAdmin,
                        "the organisation needs at least one admin",
                    ));
                }
                model::remove_membership(conn, &m)?;
                audit::record(conn, &actor, "delete", "member", Some(&m.id))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Creates a password-reset link for a member (valid 24 hours, single use).
/// No e-mail is sent: the admin passes the link on. Refused (409
/// `shared_account`) when the person also belongs to an organisation the
/// admin does not administer: a reset there would open that organisation.
#[utoipa::path(
    tag = "members",
    operation_id = "create_password_reset",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The membership's id")),
    responses(
        (status = 201, description = "The link", body = LinkCreated),
        (status = 403, description = "Only admins issue reset links", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member in this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account also belongs to an organisation the admin does not administer (code shared_account)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/members/{id}/password-reset")]
pub(in crate::accounts) async fn create_password_reset(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Member)?;
    let admin = actor.require_user()?.to_string();
    let id = id.into_inner();
    let (inv, token) = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (_, u) = model::find_member(conn, &actor.organization_id, &id)?;
                if !access::administers_all_of(conn, &admin, &u.id)? {
                    return Err(access::shared_account());
                }
                let created = model::create_link(
                    conn,
                    &actor.organization_id,
                    model::RESET,
                    &u.email,
                    None,
                    Some(&u.id),
                    &admin,
                )?;
                audit::record(
                    conn,
                    &actor,
                    "create",
                    "password_reset",
                    Some(&created.0.id),
                )?;
                Ok(created)
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(LinkCreated::new(
            link_url(&req, "reset-password", &token),
            inv,
            token,
        )))
}
