//! `/auth`: logging in and out (access tokens, rotating refresh tokens),
//! accepting invitations and using password-reset links.

use actix_web::{post, web, HttpRequest, HttpResponse};
use diesel::Connection;
use validator::Validate;

use super::{invalid_credentials, request_id};
use crate::accounts::json::{
    AcceptInvitationRequest, LoginRequest, LogoutRequest, RefreshRequest, ResetPasswordRequest,
    TokenResponse,
};
use crate::accounts::{access, model};
use crate::audit;
use crate::auth::password;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::http::ApiJson;
use crate::policy::Role;
use crate::AppState;

/// Logs in with e-mail and password.
///
/// Answers the same error, in about the same time, for an unknown e-mail
/// and a wrong password. Repeated failures for one account (5 in 15
/// minutes) or one client address (20) answer 429 with `Retry-After`.
#[utoipa::path(
    tag = "auth",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong e-mail or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account belongs to no (such) organisation", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub(in crate::accounts) async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    let body = body.into_inner();
    let addr = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let rid = request_id(&req);
    let jwt = state.jwt.clone();
    let res = state
        .db(move |conn| {
            let email = model::normalize_email(&body.email);
            model::check_login_rate(conn, &email, &addr)?;
            let user = model::find_user_by_email(conn, &email)?;
            let ok = match &user {
                Some(u) => password::verify(&u.password_hash, &body.password) && u.is_active,
                None => {
                    password::verify_dummy(&body.password);
                    false
                }
            };
            let user = match (ok, user) {
                (true, Some(u)) => u,
                (_, user) => {
                    model::record_login_attempt(conn, &email, &addr, false)?;
                    audit::write(
                        conn,
                        audit::Event {
                            organization_id: None,
                            actor_type: "anonymous",
                            actor_id: None,
                            action: "login_failed",
                            resource_type: "user",
                            resource_id: user.as_ref().map(|u| u.id.as_str()),
                            request_id: rid.as_deref(),
                        },
                    )?;
                    return Err(invalid_credentials());
                }
            };
            let memberships = model::memberships_of(conn, &user.id)?;
            let chosen = match &body.organization_id {
                Some(org) => memberships.iter().find(|(m, _)| &m.organization_id == org),
                None => memberships.first(),
            };
            let Some((membership, _)) = chosen else {
                model::record_login_attempt(conn, &email, &addr, true)?;
                return Err(ApiError::forbidden(
                    "this account is not a member of that organisation",
                ));
            };
            let role = Role::parse(&membership.role).unwrap_or(Role::Participant);
            let org = membership.organization_id.clone();
            conn.transaction(|conn| {
                model::record_login_attempt(conn, &email, &addr, true)?;
                let session = model::start_session(conn, &jwt, &user.id, &org, None)?;
                audit::by_user(
                    conn,
                    &org,
                    &user.id,
                    "login",
                    "session",
                    &session.family_id,
                    rid.as_deref(),
                )?;
                Ok::<_, ApiError>(TokenResponse::new(session, role))
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(res))
}

/// Exchanges a refresh token for a new pair (rotation).
///
/// Each refresh token works once. Presenting one that was already used
/// revokes its whole family: someone else has a copy, so every session from
/// that login ends.
#[utoipa::path(
    tag = "auth",
    operation_id = "refresh_session",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the requested organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub(in crate::accounts) async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    let body = body.into_inner();
    let rid = request_id(&req);
    let jwt = state.jwt.clone();
    let res = state
        .db(move |conn| {
            // The outer Result rolls back; the inner one is a refusal whose
            // side effects (revoking a family) must be kept.
            conn.transaction(|conn| {
                model::rotate(
                    conn,
                    &jwt,
                    &body.refresh_token,
                    body.organization_id.as_deref(),
                    rid.as_deref(),
                )
            })?
            .map(|(session, role)| TokenResponse::new(session, role))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(res))
}

/// Ends a session: its refresh token (and every token rotated from the same
/// login) stops working. Access tokens already issued expire on their own
/// within 15 minutes. Answers 204 even for an unknown token.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    request_body = LogoutRequest,
    responses(
        (status = 204, description = "The session is over"),
    )
)]
#[post("/auth/logout")]
pub(in crate::accounts) async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<LogoutRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    let refresh_token = body.into_inner().refresh_token;
    let rid = request_id(&req);
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                if let Some((family, user_id, org)) = model::session_of(conn, &refresh_token)? {
                    model::revoke_family(conn, &family)?;
                    audit::by_user(
                        conn,
                        &org,
                        &user_id,
                        "logout",
                        "session",
                        &family,
                        rid.as_deref(),
                    )?;
                }
                Ok::<_, ApiError>(())
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Accepts an invitation: creates the account (or adds the membership to an
/// existing one) and logs in.
#[utoipa::path(
    tag = "auth",
    operation_id = "accept_invitation",
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Joined and logged in", body = TokenResponse),
        (status = 404, description = "The link is unknown, used, withdrawn or expired (code link_invalid)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong password for the existing account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a member", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, e.g. a weak password", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/accept-invitation")]
pub(in crate::accounts) async fn accept_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<AcceptInvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    let body = body.into_inner();
    let rid = request_id(&req);
    let jwt = state.jwt.clone();
    let res = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let inv = model::take_link(conn, &body.token, model::INVITE)?;
                let role = inv
                    .role
                    .as_deref()
                    .and_then(Role::parse)
                    .unwrap_or(Role::Participant);
                let user = match model::find_user_by_email(conn, &inv.email)? {
                    Some(existing) => {
                        if !password::verify(&existing.password_hash, &body.password) {
                            return Err(invalid_credentials());
                        }
                        existing
                    }
                    None => {
                        let name = body
                            .display_name
                            .as_deref()
                            .map(str::trim)
                            .filter(|n| !n.is_empty())
                            .ok_or_else(|| {
                                ApiError::field(
                                    "display_name",
                                    "required",
                                    "is required for a new account",
                                )
                            })?;
                        password::check_strength("password", &body.password, &[&inv.email, name])
                            .map_err(|e| ApiError::Validation(vec![e]))?;
                        let hash = password::hash(&body.password).map_err(ApiError::internal)?;
                        model::create_user(conn, &inv.email, name, &hash)?
                    }
                };
                let membership = model::add_membership(conn, &inv.organization_id, &user.id, role)?;
                let session =
                    model::start_session(conn, &jwt, &user.id, &inv.organization_id, None)?;
                audit::by_user(
                    conn,
                    &inv.organization_id,
                    &user.id,
                    "accept_invitation",
                    "member",
                    &membership.id,
                    rid.as_deref(),
                )?;
                Ok(TokenResponse::new(session, role))
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(res))
}

/// Sets a new password with a single-use reset link from an admin. Every
/// session of the account ends.
#[utoipa::path(
    tag = "auth",
    operation_id = "reset_password",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "The password is changed; log in with it"),
        (status = 404, description = "The link is unknown, used, withdrawn or expired (code link_invalid)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account now also belongs to an organisation the link's maker does not administer (code shared_account)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, e.g. a weak password", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/reset-password")]
pub(in crate::accounts) async fn reset_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<ResetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    let body = body.into_inner();
    let rid = request_id(&req);
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                let inv = model::take_link(conn, &body.token, model::RESET)?;
                let user = inv
                    .user_id
                    .as_deref()
                    .map(|id| model::find_user(conn, id))
                    .transpose()?
                    .flatten()
                    .ok_or_else(|| {
                        ApiError::conflict(
                            ProblemCode::LinkInvalid,
                            "the account of this link no longer exists",
                        )
                    })?;
                // The person may have joined another organisation since the
                // link was made: the admin who made it must still
                // administer every organisation the account opens.
                if !access::administers_all_of(conn, &inv.created_by, &user.id)? {
                    return Err(access::shared_account());
                }
                password::check_strength(
                    "new_password",
                    &body.new_password,
                    &[&user.email, &user.display_name],
                )
                .map_err(|e| ApiError::Validation(vec![e]))?;
                let hash = password::hash(&body.new_password).map_err(ApiError::internal)?;
                model::set_password(conn, &user.id, &hash)?;
                audit::by_user(
                    conn,
                    &inv.organization_id,
                    &user.id,
                    "reset_password",
                    "user",
                    &user.id,
                    rid.as_deref(),
                )?;
                Ok::<_, ApiError>(())
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
