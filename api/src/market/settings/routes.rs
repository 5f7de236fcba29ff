//! `/market/settings`: the organisation's payout account, commission and
//! approval rule (admins and coordinators).

use actix_web::{get, patch, web, HttpResponse};
use serde_json::Value;
use validator::Validate;

use super::json::{MarketSettings, MarketSettingsFields};
use super::model;
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem};
use crate::http::ApiJson;
use crate::policy::{Action, Resource};
use crate::AppState;

/// The organisation's market settings (the defaults, version 0, until
/// first changed).
#[utoipa::path(
    tag = "market",
    operation_id = "get_market_settings",
    security(("bearer" = [])),
    responses((status = 200, description = "The settings", body = MarketSettings))
)]
#[get("/market/settings")]
pub(super) async fn get_market_settings(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::MarketSettings)?;
    let settings = state
        .db(move |conn| model::get(conn, &actor.organization_id))
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}

/// The `version` of a merge patch, 0 allowed (settings never changed).
fn split_version(body: Value) -> Result<(serde_json::Map<String, Value>, i32), ApiError> {
    let Value::Object(mut patch) = body else {
        return Err(ApiError::field("body", "type", "must be a JSON object"));
    };
    let version = patch
        .remove("version")
        .and_then(|v| v.as_i64())
        .and_then(|v| i32::try_from(v).ok())
        .filter(|v| *v >= 0)
        .ok_or_else(|| {
            ApiError::field(
                "version",
                "required",
                "send the version you last read (0 before the first change)",
            )
        })?;
    Ok((patch, version))
}

/// Changes the market settings: a JSON merge patch with the `version` last
/// read (0 before the first change).
#[utoipa::path(
    tag = "market",
    operation_id = "update_market_settings",
    security(("bearer" = [])),
    request_body(content = MarketSettingsFields, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "Changed", body = MarketSettings),
        (status = 409, description = "Changed by someone else since that version", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/market/settings")]
pub(super) async fn update_market_settings(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::MarketSettings)?;
    let (patch, version) = split_version(body.into_inner())?;
    let settings = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let org = &actor.organization_id;
                let current = model::get(conn, org)?;
                let mut merged =
                    serde_json::to_value(model::fields(&current)).map_err(ApiError::internal)?;
                crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
                let fields: MarketSettingsFields = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                fields.validate()?;
                model::save(conn, org, version, &fields)?;
                audit::record(conn, &actor, "update", "market_settings", Some(org))?;
                model::get(conn, org)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(settings))
}
