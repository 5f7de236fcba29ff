//! `/venues`: the places meetings happen.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;
use validator::Validate;

use super::json::{Venue, VenueFields};
use super::model;
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem};
use crate::http::ApiJson;
use crate::pagination::{Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

/// The venue list's one order.
const ORDER: &str = "name";

/// Which venues, and which page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct VenueListQuery {
    /// Archived venues too.
    #[serde(default)]
    archived: bool,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The organisation's venues by name.
#[utoipa::path(
    tag = "meetings",
    operation_id = "list_venues",
    security(("bearer" = [])),
    params(VenueListQuery),
    responses((status = 200, description = "A page of venues", body = Page<Venue>))
)]
#[get("/venues")]
pub(super) async fn list_venues(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<VenueListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Venue)?;
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), ORDER)?;
    let archived = query.archived;
    let page = state
        .db(move |conn| {
            let after = request
                .after
                .as_ref()
                .map(|c| (c.key.as_str(), c.id.as_str()));
            let rows = model::list(
                conn,
                &actor.organization_id,
                archived,
                after,
                request.fetch(),
            )?;
            Ok(request.page(
                rows,
                |v| (v.name.clone(), v.id.clone()),
                model::VenueRow::view,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Adds a venue.
#[utoipa::path(
    tag = "meetings",
    operation_id = "create_venue",
    security(("bearer" = [])),
    request_body = VenueFields,
    responses((status = 201, description = "Added", body = Venue))
)]
#[post("/venues")]
pub(super) async fn create_venue(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<VenueFields>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Venue)?;
    let fields = body.into_inner();
    fields.validate()?;
    let zone = state.settings.time_zone.name().to_string();
    let venue = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let id = model::insert(conn, &actor.organization_id, &fields, &zone)?;
                audit::record(conn, &actor, "create", "venue", Some(&id))?;
                Ok(model::find(conn, &actor.organization_id, &id)?.view())
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(venue))
}

/// One venue.
#[utoipa::path(
    tag = "meetings",
    operation_id = "get_venue",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The venue's id")),
    responses((status = 200, description = "The venue", body = Venue))
)]
#[get("/venues/{id}")]
pub(super) async fn get_venue(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Venue)?;
    let id = id.into_inner();
    let venue = state
        .db(move |conn| Ok(model::find(conn, &actor.organization_id, &id)?.view()))
        .await?;
    Ok(HttpResponse::Ok().json(venue))
}

/// Changes a venue: a JSON merge patch with the `version` last read.
/// `archived: true` keeps it for past meetings and offers it for no new one.
#[utoipa::path(
    tag = "meetings",
    operation_id = "update_venue",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The venue's id")),
    request_body(content = VenueFields, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "Changed", body = Venue),
        (status = 409, description = "Changed by someone else since that version", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/venues/{id}")]
pub(super) async fn update_venue(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Venue)?;
    let (patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    let id = id.into_inner();
    let venue = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let org = &actor.organization_id;
                let row = model::find(conn, org, &id)?;
                let mut merged = serde_json::to_value(row.fields()).map_err(ApiError::internal)?;
                crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
                let fields: VenueFields = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                fields.validate()?;
                model::update(conn, &row, version, &fields)?;
                audit::record(conn, &actor, "update", "venue", Some(&id))?;
                Ok(model::find(conn, org, &id)?.view())
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(venue))
}
