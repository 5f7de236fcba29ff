//! `/me`: the logged-in person: who they are, where they belong, their
//! password.

use actix_web::{get, post, web, HttpResponse};
use diesel::Connection;
use validator::Validate;

use crate::accounts::json::{
    ChangePasswordRequest, Me, MembershipSummary, TokenResponse, UserSummary,
};
use crate::accounts::model;
use crate::audit;
use crate::auth::{password, Actor};
use crate::error::{ApiError, Problem};
use crate::http::ApiJson;
use crate::ids;
use crate::policy::Role;
use crate::AppState;

/// The logged-in account and its organisations.
#[utoipa::path(
    tag = "me",
    operation_id = "get_me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = Me),
        (status = 403, description = "API keys have no account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub(in crate::accounts) async fn get_me(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    let user_id = actor.require_user()?.to_string();
    let me = state
        .db(move |conn| {
            let user = model::find_user(conn, &user_id)?
                .ok_or_else(|| ApiError::unauthorized("no such account"))?;
            let memberships = model::memberships_of(conn, &user.id)?
                .into_iter()
                .map(|(m, o)| MembershipSummary {
                    id: m.id,
                    organization_id: m.organization_id,
                    organization_name: o.name,
                    role: Role::parse(&m.role).unwrap_or(Role::Participant),
                })
                .collect();
            Ok(Me {
                user: UserSummary {
                    id: user.id,
                    email: user.email,
                    display_name: user.display_name,
                },
                organization_id: actor.organization_id.clone(),
                role: actor.role,
                memberships,
                created_at: ids::utc(user.created_at),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Changes the password. Every other session of the account ends; this one
/// continues with the new tokens in the answer.
#[utoipa::path(
    tag = "me",
    operation_id = "change_password",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed; new tokens for this device", body = TokenResponse),
        (status = 403, description = "API keys have no password", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current password, or a weak new one", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/password")]
pub(in crate::accounts) async fn change_password(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    let user_id = actor.require_user()?.to_string();
    let body = body.into_inner();
    let jwt = state.jwt.clone();
    let res = state
        .db(move |conn| {
            let user = model::find_user(conn, &user_id)?
                .ok_or_else(|| ApiError::unauthorized("no such account"))?;
            if !password::verify(&user.password_hash, &body.current_password) {
                return Err(ApiError::field(
                    "current_password",
                    "incorrect",
                    "is not the current password",
                ));
            }
            if body.new_password == body.current_password {
                return Err(ApiError::field(
                    "new_password",
                    "unchanged",
                    "must differ from the current password",
                ));
            }
            password::check_strength(
                "new_password",
                &body.new_password,
                &[&user.email, &user.display_name],
            )
            .map_err(|e| ApiError::Validation(vec![e]))?;
            let hash = password::hash(&body.new_password).map_err(ApiError::internal)?;
            conn.transaction(|conn| {
                model::set_password(conn, &user.id, &hash)?;
                audit::record(conn, &actor, "change_password", "user", Some(&user.id))?;
                let session =
                    model::start_session(conn, &jwt, &user.id, &actor.organization_id, None)?;
                Ok(TokenResponse::new(session, actor.role))
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(res))
}
