//! `/market/sellers`: participants who sell in the market.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;
use validator::Validate;

use super::access::Caller;
use super::json::{Seller, SellerFields};
use super::model;
use crate::audit;
use crate::auth::Actor;
use crate::codes::ConsentPurpose;
use crate::error::{ApiError, Problem};
use crate::http::ApiJson;
use crate::pagination::{Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

/// The seller list's one order.
const ORDER: &str = "public_name";

/// Which page of sellers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct SellerListQuery {
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The organisation's sellers by public name (admins and coordinators).
#[utoipa::path(
    tag = "market",
    operation_id = "list_sellers",
    security(("bearer" = [])),
    params(SellerListQuery),
    responses((status = 200, description = "A page of sellers", body = Page<Seller>))
)]
#[get("/market/sellers")]
pub(super) async fn list_sellers(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<SellerListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Seller)?;
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), ORDER)?;
    let page = state
        .db(move |conn| {
            let caller = Caller::of(conn, &actor)?;
            if !caller.is_staff() {
                return Err(ApiError::forbidden("only staff list the sellers"));
            }
            let after = request
                .after
                .as_ref()
                .map(|c| (c.key.as_str(), c.id.as_str()));
            let mut rows = model::list(conn, &actor.organization_id, after, request.fetch())?;
            let next_cursor = request.cut(&mut rows, |r| (r.public_name.clone(), r.id.clone()));
            let ids_: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let counts = model::listing_counts(conn, &ids_)?;
            let items = rows
                .into_iter()
                .map(|r| {
                    let n = counts.get(&r.id).copied().unwrap_or(0);
                    let payout = caller.sees_payout(&r.id);
                    r.view(n, payout)
                })
                .collect();
            Ok(Page { items, next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Makes a participant a seller. Staff name the participant; a participant
/// leaves `participant_id` out and becomes a seller themself. The person
/// needs an active `market_selling` consent (409 `consent_required`), and
/// has one seller record at most (409 `already_seller`).
#[utoipa::path(
    tag = "market",
    operation_id = "create_seller",
    security(("bearer" = [])),
    request_body = SellerFields,
    responses(
        (status = 201, description = "Added", body = Seller),
        (status = 409, description = "Consent missing, or already a seller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/market/sellers")]
pub(super) async fn create_seller(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<SellerFields>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Seller)?;
    let fields = body.into_inner();
    fields.validate()?;
    let seller = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let org = &actor.organization_id;
                let caller = Caller::of(conn, &actor)?;
                let pid = match &caller {
                    Caller::Staff { .. } => fields.participant_id.clone().ok_or_else(|| {
                        ApiError::field(
                            "participant_id",
                            "required",
                            "name the participant who sells",
                        )
                    })?,
                    Caller::Participant { participant_id, .. } => {
                        let own = participant_id.clone().ok_or_else(|| {
                            ApiError::forbidden("your account has no participant record")
                        })?;
                        if fields.participant_id.as_ref().is_some_and(|p| *p != own) {
                            return Err(ApiError::field(
                                "participant_id",
                                "not_yours",
                                "leave it out: you can only become a seller yourself",
                            ));
                        }
                        own
                    }
                    Caller::Other => return Err(ApiError::forbidden("your role may not sell")),
                };
                let person =
                    crate::participants::model::people::find(conn, org, &pid).map_err(|_| {
                        ApiError::field("participant_id", "not_found", "no such participant")
                    })?;
                crate::participants::validation::require_consent(
                    &person,
                    ConsentPurpose::MarketSelling,
                )?;
                if model::of_participant(conn, &pid)?.is_some() {
                    return Err(model::already_seller());
                }
                let id = model::insert(conn, org, &pid, &fields)?;
                audit::record(conn, &actor, "create", "seller", Some(&id))?;
                let row = model::find(conn, org, &id)?;
                // The new seller themself, or staff: payout details for people.
                let payout = !matches!(caller, Caller::Staff { person: false });
                model::view_one(conn, row, payout)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(seller))
}

/// The caller's own seller record (participants), or 404.
#[utoipa::path(
    tag = "market",
    operation_id = "get_my_seller",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Your seller record", body = Seller),
        (status = 404, description = "You are not a seller (yet)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/market/sellers/me")]
pub(super) async fn get_my_seller(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Seller)?;
    let seller = state
        .db(move |conn| {
            let caller = Caller::of(conn, &actor)?;
            let id = caller
                .seller_id()
                .ok_or_else(|| ApiError::not_found("you are not a seller"))?
                .to_string();
            let row = model::find(conn, &actor.organization_id, &id)?;
            model::view_one(conn, row, true)
        })
        .await?;
    Ok(HttpResponse::Ok().json(seller))
}

/// One seller (staff, or the seller themself).
#[utoipa::path(
    tag = "market",
    operation_id = "get_seller",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The seller's id")),
    responses((status = 200, description = "The seller", body = Seller))
)]
#[get("/market/sellers/{id}")]
pub(super) async fn get_seller(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Seller)?;
    let id = id.into_inner();
    let seller = state
        .db(move |conn| {
            let caller = Caller::of(conn, &actor)?;
            if !caller.may_see_seller(&id) {
                return Err(ApiError::not_found("no such seller"));
            }
            let row = model::find(conn, &actor.organization_id, &id)?;
            model::view_one(conn, row, caller.sees_payout(&id))
        })
        .await?;
    Ok(HttpResponse::Ok().json(seller))
}

/// Changes a seller: a JSON merge patch with the `version` last read
/// (staff, or the seller themself). `paused: true` takes the seller's
/// listings out of the catalogue until `paused: false`.
#[utoipa::path(
    tag = "market",
    operation_id = "update_seller",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The seller's id")),
    request_body(content = SellerFields, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "Changed", body = Seller),
        (status = 409, description = "Changed by someone else since that version", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/market/sellers/{id}")]
pub(super) async fn update_seller(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Seller)?;
    let (patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    let id = id.into_inner();
    let seller = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let org = &actor.organization_id;
                let caller = Caller::of(conn, &actor)?;
                if !caller.may_see_seller(&id) {
                    return Err(ApiError::not_found("no such seller"));
                }
                let row = model::find(conn, org, &id)?;
                if row.erased_at.is_some() {
                    return Err(ApiError::not_found("this seller was erased"));
                }
                let mut merged = serde_json::to_value(row.fields()).map_err(ApiError::internal)?;
                crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
                let fields: SellerFields = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                fields.validate()?;
                if fields.participant_id != row.participant_id {
                    return Err(ApiError::field(
                        "participant_id",
                        "read_only",
                        "a seller record stays with its participant",
                    ));
                }
                model::update(conn, &row, version, &fields)?;
                audit::record(conn, &actor, "update", "seller", Some(&id))?;
                let row = model::find(conn, org, &id)?;
                model::view_one(conn, row, caller.sees_payout(&id))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(seller))
}
