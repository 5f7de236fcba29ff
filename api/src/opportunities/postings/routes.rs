//! `/opportunities`: postings as staff, partners and participants see them
//! (see `access`), and the eligibility rules as data.
//!
//! "Fill from an occupation" is the client's: `GET
//! /api/v1/concepts?uri=<occupation>` gives the occupation's essential and
//! optional skills, which the client puts into `essential_skills` and
//! `optional_skills` (and the occupation into `occupation_uri`).

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use serde_json::Value;
use validator::Validate;

use super::access::Caller;
use super::json::{
    EligibilityQuery, EligibilityRules, Opportunity, OpportunityFields, OpportunityListQuery,
};
use super::{list, model, rules};
use crate::audit;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::error::{ApiError, Problem};
use crate::http::params::language;
use crate::http::ApiJson;
use crate::opportunities::matches::changes::{self, Subject};
use crate::pagination::{Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

/// The organisation's opportunity if the caller may see it, else 404.
fn visible(
    conn: &mut DbConnection,
    org: &str,
    caller: &Caller,
    id: &str,
) -> Result<model::OpportunityRow, ApiError> {
    let row = model::find(conn, org, id)?;
    if caller.sees(conn, &row)? {
        Ok(row)
    } else {
        Err(ApiError::not_found("no such opportunity"))
    }
}

/// The opportunities the caller sees: staff (admins, coordinators,
/// advisers, mentors) every one of the organisation; a partner only their
/// own (`partner_user_id` is them), in any status, never another
/// partner's; a participant the open ones, the newest opened first (with
/// `application`: their own application or null). Staff and partners get
/// the newest created first. `q` searches the title and description in
/// every language and the provider's name, ignoring accents and case
/// ("vilicar" finds "viličar"). With `updated_since` every change in
/// order, archived ones included as tombstones.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "list_opportunities",
    security(("bearer" = [])),
    params(OpportunityListQuery),
    responses((status = 200, description = "A page of opportunities", body = Page<Opportunity>))
)]
#[get("/opportunities")]
pub(super) async fn list_opportunities(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<OpportunityListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Opportunity)?;
    let lang = language(&req, None);
    let query = query.into_inner();
    let page = state
        .db(move |conn| {
            let caller = Caller::of(conn, &actor)?;
            let participant = matches!(caller, Caller::Participant { .. });
            let request = PageRequest::parse(
                query.limit,
                query.cursor.as_deref(),
                list::order_of(&query, participant),
            )?;
            list::page(
                conn,
                &actor.organization_id,
                &caller,
                actor.user_id(),
                &query,
                &request,
                lang,
            )
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Vary", "Accept-Language"))
        .json(page))
}

/// Posts an opportunity. A partner posts as themself; staff (admins,
/// coordinators, advisers) may name one of the organisation's partner
/// members in `partner_user_id`, or none. Skills are taxonomy URIs: to
/// fill them from an occupation, read `GET /api/v1/concepts?uri=` (its
/// `essential_skills` and `optional_skills`).
#[utoipa::path(
    tag = "opportunities",
    operation_id = "create_opportunity",
    security(("bearer" = [])),
    request_body = OpportunityFields,
    responses(
        (status = 201, description = "Posted", body = Opportunity),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/opportunities")]
pub(super) async fn create_opportunity(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    body: ApiJson<OpportunityFields>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Opportunity)?;
    let lang = language(&req, None);
    let fields = body.into_inner();
    fields.validate()?;
    if fields.archived.is_some() {
        return Err(ApiError::field(
            "archived",
            "read_only",
            "a new opportunity is not archived",
        ));
    }
    let opportunity = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let org = &actor.organization_id;
                let caller = Caller::of(conn, &actor)?;
                if !caller.is_staff() && caller.partner().is_none() {
                    return Err(ApiError::forbidden("only partners and staff post"));
                }
                let partner = rules::partner_for(
                    conn,
                    org,
                    caller.partner(),
                    fields.partner_user_id.as_deref(),
                )?;
                rules::check(conn, &fields)?;
                let status = rules::next_status(None, fields.status)?;
                let id = model::insert(
                    conn,
                    org,
                    &fields,
                    partner.as_deref(),
                    status,
                    actor.user_id(),
                )?;
                changes::record(conn, org, Subject::Opportunity, &id)?;
                audit::record(conn, &actor, "create", "opportunity", Some(&id))?;
                let row = model::find(conn, org, &id)?;
                model::build_one(conn, row, lang, None)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(opportunity))
}

/// One opportunity, as the caller may see it (see the list).
#[utoipa::path(
    tag = "opportunities",
    operation_id = "get_opportunity",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The opportunity's id")),
    responses(
        (status = 200, description = "The opportunity", body = Opportunity),
        (status = 404, description = "No such opportunity (or not one the caller sees)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/opportunities/{id}")]
pub(super) async fn get_opportunity(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Opportunity)?;
    let lang = language(&req, None);
    let id = id.into_inner();
    let opportunity = state
        .db(move |conn| {
            let caller = Caller::of(conn, &actor)?;
            let row = visible(conn, &actor.organization_id, &caller, &id)?;
            model::build_one(conn, row, lang, caller.participant())
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Vary", "Accept-Language"))
        .json(opportunity))
}

/// Changes an opportunity (staff, or its partner): a JSON merge patch of
/// its fields with the `version` last read (409 when stale). Status moves
/// draft → open → closed | filled, and closed → open; `archived: true`
/// archives it (a tombstone in lists), `false` brings it back. Staff may
/// hand it to another partner member; a partner may not.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "update_opportunity",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The opportunity's id")),
    request_body(content = OpportunityFields, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "Changed", body = Opportunity),
        (status = 409, description = "Changed by someone else since that version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/opportunities/{id}")]
pub(super) async fn update_opportunity(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Opportunity)?;
    let lang = language(&req, None);
    let (patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    let id = id.into_inner();
    let opportunity = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                let org = &actor.organization_id;
                let caller = Caller::of(conn, &actor)?;
                let row = visible(conn, org, &caller, &id)?;
                if !caller.may_change(&row) {
                    return Err(ApiError::not_found("no such opportunity"));
                }
                let req = model::requirements_of(conn, &row.id)?;
                let mut merged =
                    serde_json::to_value(row.fields(req)).map_err(ApiError::internal)?;
                crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
                // `{"title": {"ar": null}}` removes a language.
                for texts in ["title", "description"] {
                    if let Some(Value::Object(map)) = merged.get_mut(texts) {
                        map.retain(|_, v| !v.is_null());
                    }
                }
                let fields: OpportunityFields = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                fields.validate()?;
                if fields.partner_user_id != row.partner_user_id {
                    if caller.partner().is_some() {
                        return Err(ApiError::field(
                            "partner_user_id",
                            "read_only",
                            "an opportunity stays with its partner",
                        ));
                    }
                    rules::partner_for(conn, org, None, fields.partner_user_id.as_deref())?;
                }
                rules::check(conn, &fields)?;
                let status = rules::next_status(Some(row.status()), fields.status)?;
                let archived = fields.archived.unwrap_or(row.archived_at.is_some());
                model::update(conn, &row, version, &fields, status, archived)?;
                changes::record(conn, org, Subject::Opportunity, &id)?;
                let what = match (row.archived_at.is_some(), archived) {
                    (false, true) => "archive",
                    (true, false) => "restore",
                    _ => "update",
                };
                audit::record(conn, &actor, what, "opportunity", Some(&id))?;
                let row = model::find(conn, org, &id)?;
                model::build_one(conn, row, lang, None)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(opportunity))
}

/// Who may take which kind of opportunity in a country, as data with the
/// legal sources (Slovenia's by default, and for a country without
/// rules). Public law: any signed-in role may read it.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "get_eligibility_rules",
    security(("bearer" = [])),
    params(EligibilityQuery),
    responses((status = 200, description = "The country's rules, in the order they are tried", body = EligibilityRules))
)]
#[get("/opportunities/eligibility-rules")]
pub(super) async fn eligibility_rules(
    _actor: Actor,
    query: web::Query<EligibilityQuery>,
) -> Result<HttpResponse, ApiError> {
    let country = query
        .country
        .as_deref()
        .unwrap_or(crate::opportunities::eligibility::DEFAULT_COUNTRY);
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(ApiError::field(
            "country",
            "code",
            "must be an ISO 3166-1 alpha-2 country code",
        ));
    }
    let rules = crate::opportunities::eligibility::rules(country);
    Ok(HttpResponse::Ok().json(EligibilityRules::from(rules)))
}
