//! Logging in and out: access tokens, rotating refresh tokens, invitations
//! and password-reset links.

use actix_web::{post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::audit;
use crate::auth::password;
use crate::auth::tokens::{self, ACCESS_TTL_SECONDS};
use crate::db::schema::refresh_tokens;
use crate::db::DbConnection;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::http::ApiJson;
use crate::http::RequestId;
use crate::identity::{self, Session};
use crate::ids;
use crate::policy::Role;
use crate::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(accept_invitation)
        .service(reset_password);
}

/// E-mail and password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LoginRequest {
    #[schema(
        example = "coordinator@demo.skupaj.org",
        min_length = 1,
        max_length = 254
    )]
    #[validate(length(min = 1, max = 254))]
    pub email: String,
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub password: String,
    /// The organisation to act in; default: the first one the account belongs to.
    pub organization_id: Option<String>,
}

/// Always `Bearer`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub enum TokenType {
    Bearer,
}

/// A new session (OAuth 2 style names).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer …`; valid for `expires_in` seconds.
    pub access_token: String,
    pub token_type: TokenType,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
    /// Opaque, single-use: exchange it at `/auth/refresh` for a new pair.
    pub refresh_token: String,
    /// The organisation the tokens act in.
    pub organization_id: String,
    /// The account's role there.
    pub role: Role,
}

fn token_response(session: Session, role: Role) -> TokenResponse {
    TokenResponse {
        access_token: session.access_token,
        token_type: TokenType::Bearer,
        expires_in: ACCESS_TTL_SECONDS,
        refresh_token: session.refresh_token,
        organization_id: session.organization_id,
        role,
    }
}

fn request_id(req: &HttpRequest) -> Option<String> {
    use actix_web::HttpMessage;
    req.extensions().get::<RequestId>().map(|r| r.0.clone())
}

fn invalid_credentials() -> ApiError {
    ApiError::conflict(
        ProblemCode::InvalidCredentials,
        "the e-mail or the password is wrong",
    )
}

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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong e-mail or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account belongs to no (such) organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
async fn login(
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
            let email = identity::normalize_email(&body.email);
            identity::check_login_rate(conn, &email, &addr)?;
            let user = identity::find_user_by_email(conn, &email)?;
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
                    identity::record_login_attempt(conn, &email, &addr, false)?;
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
            let memberships = identity::memberships_of(conn, &user.id)?;
            let chosen = match &body.organization_id {
                Some(org) => memberships.iter().find(|(m, _)| &m.organization_id == org),
                None => memberships.first(),
            };
            let Some((membership, _)) = chosen else {
                identity::record_login_attempt(conn, &email, &addr, true)?;
                return Err(ApiError::forbidden(
                    "this account is not a member of that organisation",
                ));
            };
            let role = Role::parse(&membership.role).unwrap_or(Role::Participant);
            let org = membership.organization_id.clone();
            conn.transaction(|conn| {
                identity::record_login_attempt(conn, &email, &addr, true)?;
                let session = identity::start_session(conn, &jwt, &user.id, &org, None)?;
                audit::by_user(
                    conn,
                    &org,
                    &user.id,
                    "login",
                    "session",
                    &session.family_id,
                    rid.as_deref(),
                )?;
                Ok::<_, ApiError>(token_response(session, role))
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(res))
}

/// A refresh token, and optionally another organisation to switch to.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RefreshRequest {
    #[schema(min_length = 1, max_length = 512)]
    #[validate(length(min = 1, max = 512))]
    pub refresh_token: String,
    /// Switch to this organisation (the account must be a member).
    pub organization_id: Option<String>,
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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member of the requested organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
async fn refresh(
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
            conn.transaction(|conn| rotate(conn, &jwt, &body, rid.as_deref()))?
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(res))
}

type RefreshRow = (
    String,
    String,
    String,
    String,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
    Option<chrono::NaiveDateTime>,
);

fn rotate(
    conn: &mut DbConnection,
    jwt: &tokens::JwtKeys,
    body: &RefreshRequest,
    rid: Option<&str>,
) -> Result<Result<TokenResponse, ApiError>, ApiError> {
    let refused =
        || ApiError::unauthorized("the refresh token is invalid, expired or revoked; log in again");
    let row: Option<RefreshRow> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(tokens::sha256_hex(&body.refresh_token)))
        .select((
            refresh_tokens::id,
            refresh_tokens::family_id,
            refresh_tokens::user_id,
            refresh_tokens::organization_id,
            refresh_tokens::expires_at,
            refresh_tokens::used_at,
            refresh_tokens::revoked_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, family, user_id, token_org, expires_at, used_at, revoked_at)) = row else {
        return Ok(Err(refused()));
    };
    let now = ids::now();
    let claimed = if used_at.is_none() && revoked_at.is_none() {
        diesel::update(
            refresh_tokens::table
                .find(&id)
                .filter(refresh_tokens::used_at.is_null()),
        )
        .set(refresh_tokens::used_at.eq(now))
        .execute(conn)?
    } else {
        0
    };
    if claimed != 1 {
        if revoked_at.is_none() {
            // Reuse of a rotated token: theft detected.
            identity::revoke_family(conn, &family)?;
            audit::write(
                conn,
                audit::Event {
                    organization_id: Some(&token_org),
                    actor_type: "anonymous",
                    actor_id: None,
                    action: "refresh_token_reused",
                    resource_type: "session",
                    resource_id: Some(&family),
                    request_id: rid,
                },
            )?;
            log::warn!(
                "refresh token reused: session family {family} revoked (request_id={})",
                rid.unwrap_or("")
            );
        }
        return Ok(Err(refused()));
    }
    if expires_at <= now {
        return Ok(Err(refused()));
    }
    let Some(user) = identity::find_user(conn, &user_id)?.filter(|u| u.is_active) else {
        identity::revoke_family(conn, &family)?;
        return Ok(Err(refused()));
    };
    let target = body.organization_id.clone().unwrap_or(token_org);
    let memberships = identity::memberships_of(conn, &user.id)?;
    let Some((membership, _)) = memberships
        .iter()
        .find(|(m, _)| m.organization_id == target)
    else {
        // Still a valid session elsewhere? Keep the family but refuse the switch.
        let fallback = body.organization_id.is_some();
        if !fallback {
            identity::revoke_family(conn, &family)?;
            return Ok(Err(refused()));
        }
        return Err(ApiError::forbidden(
            "this account is not a member of that organisation",
        ));
    };
    let role = Role::parse(&membership.role).unwrap_or(Role::Participant);
    let session = identity::start_session(conn, jwt, &user.id, &target, Some(&family))?;
    Ok(Ok(token_response(session, role)))
}

/// The refresh token of the session to end.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LogoutRequest {
    #[schema(min_length = 1, max_length = 512)]
    #[validate(length(min = 1, max = 512))]
    pub refresh_token: String,
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
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<LogoutRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    let hash = tokens::sha256_hex(&body.refresh_token);
    let rid = request_id(&req);
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                let row: Option<(String, String, String)> = refresh_tokens::table
                    .filter(refresh_tokens::token_hash.eq(&hash))
                    .select((
                        refresh_tokens::family_id,
                        refresh_tokens::user_id,
                        refresh_tokens::organization_id,
                    ))
                    .first(conn)
                    .optional()?;
                if let Some((family, user_id, org)) = row {
                    identity::revoke_family(conn, &family)?;
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

/// Accepting an invitation: the token from the link, and the account's
/// name and password (an existing account proves itself with its password).
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct AcceptInvitationRequest {
    #[schema(min_length = 1, max_length = 512)]
    #[validate(length(min = 1, max = 512))]
    pub token: String,
    /// The name others in the organisation will see: needed for a new account,
    /// ignored for an existing one.
    #[schema(example = "Amina H.", min_length = 1, max_length = 120)]
    #[validate(length(min = 1, max = 120))]
    pub display_name: Option<String>,
    /// A new password (new accounts), or the current one (existing accounts).
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub password: String,
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
async fn accept_invitation(
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
                let inv = identity::take_link(conn, &body.token, identity::INVITE)?;
                let role = inv
                    .role
                    .as_deref()
                    .and_then(Role::parse)
                    .unwrap_or(Role::Participant);
                let user = match identity::find_user_by_email(conn, &inv.email)? {
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
                        identity::create_user(conn, &inv.email, name, &hash)?
                    }
                };
                let membership =
                    identity::add_membership(conn, &inv.organization_id, &user.id, role)?;
                let session =
                    identity::start_session(conn, &jwt, &user.id, &inv.organization_id, None)?;
                audit::by_user(
                    conn,
                    &inv.organization_id,
                    &user.id,
                    "accept_invitation",
                    "member",
                    &membership.id,
                    rid.as_deref(),
                )?;
                Ok(token_response(session, role))
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(res))
}

/// A reset link's token and the new password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ResetPasswordRequest {
    #[schema(min_length = 1, max_length = 512)]
    #[validate(length(min = 1, max = 512))]
    pub token: String,
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub new_password: String,
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
async fn reset_password(
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
                let inv = identity::take_link(conn, &body.token, identity::RESET)?;
                let user = inv
                    .user_id
                    .as_deref()
                    .map(|id| identity::find_user(conn, id))
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
                if !identity::administers_all_of(conn, &inv.created_by, &user.id)? {
                    return Err(identity::shared_account());
                }
                password::check_strength(
                    "new_password",
                    &body.new_password,
                    &[&user.email, &user.display_name],
                )
                .map_err(|e| ApiError::Validation(vec![e]))?;
                let hash = password::hash(&body.new_password).map_err(ApiError::internal)?;
                identity::set_password(conn, &user.id, &hash)?;
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
