//! `/market/listings`: what sellers offer, as they and staff see it (the
//! public sees published listings through the catalogue).

use actix_web::{get, patch, post, web, HttpResponse};
use serde_json::Value;
use validator::Validate;

use super::json::{Listing, ListingFields, ListingListQuery};
use super::{checks, list, model, rules};
use crate::audit;
use crate::auth::Actor;
use crate::codes::ListingStatus;
use crate::db::DbConnection;
use crate::error::{ApiError, Problem};
use crate::http::ApiJson;
use crate::market::sellers::access::Caller;
use crate::pagination::{Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

/// The organisation's listing if the caller may see it (staff, or its
/// seller), else 404.
fn visible(
    conn: &mut DbConnection,
    org: &str,
    caller: &Caller,
    id: &str,
) -> Result<model::ListingRow, ApiError> {
    let row = model::find(conn, org, id)?;
    if caller.is_staff() || caller.seller_id() == Some(row.seller_id.as_str()) {
        Ok(row)
    } else {
        Err(ApiError::not_found("no such listing"))
    }
}

/// The listings the caller sees (staff: the organisation's; a seller:
/// their own), newest first; with `updated_since` every change in order,
/// archived listings included as the tombstones.
#[utoipa::path(
    tag = "market",
    operation_id = "list_listings",
    security(("bearer" = [])),
    params(ListingListQuery),
    responses((status = 200, description = "A page of listings", body = Page<Listing>))
)]
#[get("/market/listings")]
pub(super) async fn list_listings(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<ListingListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Listing)?;
    let query = query.into_inner();
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), list::order_of(&query))?;
    let page = state
        .db(move |conn| {
            let caller = Caller::of(conn, &actor)?;
            list::page(conn, &actor.organization_id, &caller, &query, &request)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Adds a listing. Staff name the seller; a seller adds their own.
/// `published` becomes `in_review` when the organisation approves
/// listings first and the caller is not an admin or coordinator.
#[utoipa::path(
    tag = "market",
    operation_id = "create_listing",
    security(("bearer" = [])),
    request_body = ListingFields,
    responses(
        (status = 201, description = "Added", body = Listing),
        (status = 409, description = "`consent_required`: the seller's `market_selling` consent is missing or withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/market/listings")]
pub(super) async fn create_listing(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<ListingFields>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Listing)?;
    let fields = body.into_inner();
    fields.validate()?;
    let listing = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let org = &actor.organization_id;
                let caller = Caller::of(conn, &actor)?;
                let seller = checks::seller_for_new(
                    conn,
                    org,
                    caller.is_staff(),
                    caller.seller_id(),
                    fields.seller_id.as_deref(),
                )?;
                checks::check(conn, org, &fields)?;
                let approval = crate::market::settings::model::require_approval(conn, org)?;
                let status = rules::next_status(
                    None,
                    fields.status.unwrap_or(ListingStatus::Draft),
                    fields.stock,
                    approval,
                    caller.is_staff(),
                )?;
                let id = model::insert(conn, org, &seller, &fields, status, actor.user_id())?;
                audit::record(conn, &actor, "create", "listing", Some(&id))?;
                let row = model::find(conn, org, &id)?;
                model::build_one(conn, row)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(listing))
}

/// One listing (staff, or its seller).
#[utoipa::path(
    tag = "market",
    operation_id = "get_listing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The listing's id")),
    responses((status = 200, description = "The listing", body = Listing))
)]
#[get("/market/listings/{id}")]
pub(super) async fn get_listing(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Listing)?;
    let id = id.into_inner();
    let listing = state
        .db(move |conn| {
            let caller = Caller::of(conn, &actor)?;
            let row = visible(conn, &actor.organization_id, &caller, &id)?;
            model::build_one(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(listing))
}

/// Changes a listing (staff, or its seller): a JSON merge patch with the
/// `version` last read. Stock 0 makes a published listing `sold_out`; new
/// stock publishes a sold-out one again. Staff approve a listing
/// `in_review` by setting `status: published`.
#[utoipa::path(
    tag = "market",
    operation_id = "update_listing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The listing's id")),
    request_body(content = ListingFields, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "Changed", body = Listing),
        (status = 409, description = "Changed by someone else since that version", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/market/listings/{id}")]
pub(super) async fn update_listing(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Listing)?;
    let (patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    let id = id.into_inner();
    let listing = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let org = &actor.organization_id;
                let caller = Caller::of(conn, &actor)?;
                model::lock(conn, org, &id)?;
                let row = visible(conn, org, &caller, &id)?;
                let mut merged = serde_json::to_value(row.fields()).map_err(ApiError::internal)?;
                crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
                let fields: ListingFields = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                fields.validate()?;
                if fields.seller_id.as_deref() != Some(row.seller_id.as_str()) {
                    return Err(ApiError::field(
                        "seller_id",
                        "read_only",
                        "a listing stays with its seller",
                    ));
                }
                checks::check(conn, org, &fields)?;
                let approval = crate::market::settings::model::require_approval(conn, org)?;
                let old = row.status();
                let status = rules::next_status(
                    Some(old),
                    fields.status.unwrap_or(old),
                    fields.stock,
                    approval,
                    caller.is_staff(),
                )?;
                if status != ListingStatus::Archived
                    && crate::market::sellers::model::find(conn, org, &row.seller_id)?
                        .erased_at
                        .is_some()
                {
                    return Err(ApiError::field(
                        "status",
                        "erased",
                        "the seller was erased: the listing stays archived",
                    ));
                }
                model::update(conn, &row, version, &fields, status)?;
                let what = if old == ListingStatus::InReview && status == ListingStatus::Published {
                    "approve"
                } else {
                    "update"
                };
                audit::record(conn, &actor, what, "listing", Some(&id))?;
                let row = model::find(conn, org, &id)?;
                model::build_one(conn, row)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(listing))
}
