//! Members administration: who belongs to the organisation with which role,
//! invitations to join, and password-reset links an admin passes on.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::audit;
use crate::auth::Actor;
use crate::db::schema::{invitations, memberships, refresh_tokens, users};
use crate::error::{ApiError, Problem, ProblemCode};
use crate::http::params::PageQuery;
use crate::http::ApiJson;
use crate::identity::{self, Membership, User};
use crate::ids;
use crate::pagination::{self, Page};
use crate::policy::{Action, Resource, Role};
use crate::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_members)
        .service(update_member)
        .service(delete_member)
        .service(create_password_reset)
        .service(list_invitations)
        .service(create_invitation)
        .service(delete_invitation);
}

/// A member of the organisation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Member {
    /// The membership's id (what PATCH and DELETE take).
    pub id: String,
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
    /// Send it back with a change; a stale one answers 409.
    pub version: i32,
}

impl From<(Membership, User)> for Member {
    fn from((m, u): (Membership, User)) -> Self {
        Member {
            id: m.id,
            user_id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: Role::parse(&m.role).unwrap_or(Role::Participant),
            joined_at: ids::utc(m.created_at),
            version: m.version,
        }
    }
}

/// Paging and filters for the member list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberListQuery {
    /// Only members with this role.
    pub role: Option<Role>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The organisation's members, in the order they joined.
#[utoipa::path(
    tag = "members",
    operation_id = "list_members",
    security(("bearer" = [])),
    params(MemberListQuery),
    responses(
        (status = 200, description = "A page of members", body = Page<Member>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This role may not list members", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/members")]
async fn list_members(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<MemberListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Member)?;
    let (limit, after) = pagination::parse(query.limit, query.cursor.as_deref())?;
    let role = query.role;
    let read = audit::ReadEvent::new(&actor, "list", "member");
    let page = state
        .db(move |conn| {
            let mut q = memberships::table
                .inner_join(users::table)
                .filter(memberships::organization_id.eq(&actor.organization_id))
                .select((Membership::as_select(), User::as_select()))
                .order(memberships::id.asc())
                .limit(limit + 1)
                .into_boxed();
            if let Some(after) = &after {
                q = q.filter(memberships::id.gt(after.clone()));
            }
            if let Some(role) = role {
                q = q.filter(memberships::role.eq(role.as_str()));
            }
            let rows: Vec<(Membership, User)> = q.load(conn)?;
            Ok(pagination::page(
                rows,
                limit,
                |(m, _)| m.id.clone(),
                Member::from,
            ))
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
}

fn find_member(
    conn: &mut crate::db::DbConnection,
    org: &str,
    id: &str,
) -> Result<(Membership, User), ApiError> {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::organization_id.eq(org))
        .filter(memberships::id.eq(id))
        .select((Membership::as_select(), User::as_select()))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such member"))
}

/// A new role, with the version last read.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct UpdateMemberRequest {
    pub role: Role,
    /// The `version` the change is based on.
    #[schema(minimum = 1)]
    #[validate(range(min = 1))]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub version: i32,
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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins change roles", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member in this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the last admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/members/{id}")]
async fn update_member(
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
                let (m, u) = find_member(conn, &actor.organization_id, &id)?;
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
                    && identity::admin_count(conn, &actor.organization_id)? <= 1
                {
                    return Err(ApiError::conflict(
                        ProblemCode::LastAdmin,
                        "the organisation needs at least one admin",
                    ));
                }
                let now = ids::now();
                let changed = diesel::update(
                    memberships::table
                        .find(&m.id)
                        .filter(memberships::version.eq(m.version)),
                )
                .set((
                    memberships::role.eq(body.role.as_str()),
                    memberships::updated_at.eq(now),
                    memberships::version.eq(m.version + 1),
                ))
                .execute(conn)?;
                if changed != 1 {
                    return Err(ApiError::conflict(
                        ProblemCode::VersionConflict,
                        "the member changed meanwhile; reload and try again",
                    ));
                }
                audit::record(conn, &actor, "update", "member", Some(&m.id))?;
                let m = Membership {
                    role: body.role.as_str().into(),
                    updated_at: now,
                    version: m.version + 1,
                    ..m
                };
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
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins remove members", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member in this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/members/{id}")]
async fn delete_member(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Delete, Resource::Member)?;
    let id = id.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (m, _) = find_member(conn, &actor.organization_id, &id)?;
                if m.role == Role::Admin.as_str()
                    && identity::admin_count(conn, &actor.organization_id)? <= 1
                {
                    return Err(ApiError::conflict(
                        ProblemCode::LastAdmin,
                        "the organisation needs at least one admin",
                    ));
                }
                diesel::delete(memberships::table.find(&m.id)).execute(conn)?;
                diesel::update(
                    refresh_tokens::table
                        .filter(refresh_tokens::user_id.eq(&m.user_id))
                        .filter(refresh_tokens::organization_id.eq(&actor.organization_id))
                        .filter(refresh_tokens::revoked_at.is_null()),
                )
                .set(refresh_tokens::revoked_at.eq(ids::now()))
                .execute(conn)?;
                audit::record(conn, &actor, "delete", "member", Some(&m.id))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A single-use link to pass on by phone, message or in person.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LinkCreated {
    pub id: String,
    /// The full link to open in a browser.
    #[schema(example = "http://127.0.0.1:8080/invite#token=ski_…")]
    pub url: String,
    /// The secret in the link; shown only now.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

fn link_url(req: &HttpRequest, page: &str, token: &str) -> String {
    // The token travels in the fragment, which browsers never send to a
    // server: it stays out of access logs and Referer headers.
    let configured = req
        .app_data::<web::Data<AppState>>()
        .and_then(|s| s.settings.public_url.clone());
    let base = configured.unwrap_or_else(|| {
        let info = req.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    });
    format!("{base}/{page}#token={token}")
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
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins issue reset links", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member in this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account also belongs to an organisation the admin does not administer (code shared_account)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/members/{id}/password-reset")]
async fn create_password_reset(
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
                let (_, u) = find_member(conn, &actor.organization_id, &id)?;
                if !identity::administers_all_of(conn, &admin, &u.id)? {
                    return Err(identity::shared_account());
                }
                let created = identity::create_link(
                    conn,
                    &actor.organization_id,
                    identity::RESET,
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
        .json(LinkCreated {
            url: link_url(&req, "reset-password", &token),
            id: inv.id,
            token,
            expires_at: ids::utc(inv.expires_at),
        }))
}

/// A pending invitation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PendingInvitation {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Invitations not yet accepted, withdrawn or expired.
#[utoipa::path(
    tag = "members",
    operation_id = "list_invitations",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of pending invitations", body = Page<PendingInvitation>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins see invitations", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/invitations")]
async fn list_invitations(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Invitation)?;
    let (limit, after) = pagination::parse(query.limit, query.cursor.as_deref())?;
    let page = state
        .db(move |conn| {
            let mut q = invitations::table
                .filter(invitations::organization_id.eq(&actor.organization_id))
                .filter(invitations::kind.eq(identity::INVITE))
                .filter(invitations::used_at.is_null())
                .filter(invitations::revoked_at.is_null())
                .filter(invitations::expires_at.gt(ids::now()))
                .select(identity::Invitation::as_select())
                .order(invitations::id.asc())
                .limit(limit + 1)
                .into_boxed();
            if let Some(after) = &after {
                q = q.filter(invitations::id.gt(after.clone()));
            }
            let rows = q.load(conn)?;
            Ok(pagination::page(
                rows,
                limit,
                |i| i.id.clone(),
                |i| PendingInvitation {
                    role: i
                        .role
                        .as_deref()
                        .and_then(Role::parse)
                        .unwrap_or(Role::Participant),
                    id: i.id,
                    email: i.email,
                    created_at: ids::utc(i.created_at),
                    expires_at: ids::utc(i.expires_at),
                },
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Whom to invite, with which role.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateInvitationRequest {
    #[schema(
        example = "adviser@example.org",
        max_length = 254,
        pattern = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"
    )]
    #[validate(length(max = 254), custom(function = "crate::fields::email"))]
    pub email: String,
    pub role: Role,
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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins invite", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a member", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations")]
async fn create_invitation(
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
                if let Some(user) = identity::find_user_by_email(conn, &body.email)? {
                    let member: i64 = memberships::table
                        .filter(memberships::organization_id.eq(&actor.organization_id))
                        .filter(memberships::user_id.eq(&user.id))
                        .count()
                        .get_result(conn)?;
                    if member > 0 {
                        return Err(ApiError::conflict(
                            ProblemCode::Conflict,
                            "this person is already a member",
                        ));
                    }
                }
                let created = identity::create_link(
                    conn,
                    &actor.organization_id,
                    identity::INVITE,
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
        .json(LinkCreated {
            url: link_url(&req, "invite", &token),
            id: inv.id,
            token,
            expires_at: ids::utc(inv.expires_at),
        }))
}

/// Withdraws a pending invitation: its link stops working.
#[utoipa::path(
    tag = "members",
    operation_id = "delete_invitation",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The invitation's id")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only admins withdraw invitations", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pending invitation", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/invitations/{id}")]
async fn delete_invitation(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Delete, Resource::Invitation)?;
    let id = id.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                let n = diesel::update(
                    invitations::table
                        .filter(invitations::id.eq(&id))
                        .filter(invitations::organization_id.eq(&actor.organization_id))
                        .filter(invitations::kind.eq(identity::INVITE))
                        .filter(invitations::used_at.is_null())
                        .filter(invitations::revoked_at.is_null()),
                )
                .set(invitations::revoked_at.eq(ids::now()))
                .execute(conn)?;
                if n == 0 {
                    return Err(ApiError::not_found("no such pending invitation"));
                }
                audit::record(conn, &actor, "delete", "invitation", Some(&id))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
