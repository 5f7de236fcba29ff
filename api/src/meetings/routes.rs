//! `/meetings`: the agenda, planning a meeting, reading and changing one.

use actix_web::{get, patch, post, web, HttpResponse};
use diesel::prelude::*;
use serde_json::Value;
use validator::Validate;

use super::access::{self, Viewer};
use super::json::{Meeting, MeetingFields, MeetingListQuery};
use super::series::{self, EditScope, ScopeQuery};
use super::{checks, list, model};
use crate::audit;
use crate::auth::Actor;
use crate::codes::MeetingStatus;
use crate::db::schema::meetings;
use crate::error::{ApiError, Problem};
use crate::http::params::{Lang, LangQuery};
use crate::http::ApiJson;
use crate::ids;
use crate::pagination::{Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

/// The agenda: the meetings the caller sees, the earliest first. With
/// `updated_since`, every change since then in the order it happened,
/// with tombstones of meetings removed from a series.
#[utoipa::path(
    tag = "meetings",
    operation_id = "list_meetings",
    security(("bearer" = [])),
    params(MeetingListQuery),
    responses((status = 200, description = "A page of meetings", body = Page<Meeting>))
)]
#[get("/meetings")]
pub(super) async fn list_meetings(
    state: web::Data<AppState>,
    actor: Actor,
    req: actix_web::HttpRequest,
    query: web::Query<MeetingListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Meeting)?;
    query.validate()?;
    let lang = crate::http::params::language(&req, query.lang.as_deref());
    let q = query.into_inner();
    let request = PageRequest::parse(q.limit, q.cursor.as_deref(), list::order_of(&q))?;
    let page = state
        .db(move |conn| {
            let viewer = Viewer::of(conn, &actor)?;
            list::page(conn, &actor, &viewer, &q, &request, lang)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Plans a meeting. Its organisers are the ones named, else whoever plans it.
#[utoipa::path(
    tag = "meetings",
    operation_id = "create_meeting",
    security(("bearer" = [])),
    params(LangQuery),
    request_body = MeetingFields,
    responses((status = 201, description = "Planned", body = Meeting))
)]
#[post("/meetings")]
pub(super) async fn create_meeting(
    state: web::Data<AppState>,
    actor: Actor,
    lang: Lang,
    body: ApiJson<MeetingFields>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Meeting)?;
    let lang = lang.pick()?;
    let mut fields = body.into_inner();
    fields.validate()?;
    if fields.organiser_ids.is_empty() {
        fields.organiser_ids.push(actor.require_user()?.to_string());
    }
    let zone = state.settings.time_zone;
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let org = &actor.organization_id;
                let values = checks::check(conn, org, &fields, zone, None)?;
                let staff = model::staff_of(&fields);
                let id = model::insert(conn, org, &values, None, &staff, actor.user_id())?;
                audit::record(conn, &actor, "create", "meeting", Some(&id))?;
                let row = model::row(conn, org, &id)?;
                model::build_one(conn, row, lang, None)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One meeting, with the caller's own place at it.
#[utoipa::path(
    tag = "meetings",
    operation_id = "get_meeting",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), LangQuery),
    responses((status = 200, description = "The meeting", body = Meeting))
)]
#[get("/meetings/{id}")]
pub(super) async fn get_meeting(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Meeting)?;
    let lang = lang.pick()?;
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            let viewer = Viewer::of(conn, &actor)?;
            let row = access::find(conn, &actor, &viewer, &id)?;
            model::build_one(conn, row, lang, viewer.participant())
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Changes one meeting: a JSON merge patch of its fields with the
/// `version` last read, and `status` (`cancelled` or `done`). An
/// occurrence of a series changed here alone (`scope=this`, the default)
/// is detached: later changes to the whole series leave it alone. With
/// `scope=following` the series is split here and this meeting and the
/// later ones change; with `scope=all` every meeting of the series that
/// has not ended and was not changed on its own changes. A change of the
/// time applies as the same wall-clock change to each.
#[utoipa::path(
    tag = "meetings",
    operation_id = "update_meeting",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), ScopeQuery, LangQuery),
    request_body(content = MeetingFields, description = "The changed fields, `status`, and the version"),
    responses(
        (status = 200, description = "Changed", body = Meeting),
        (status = 409, description = "Changed by someone else since that version", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/meetings/{id}")]
pub(super) async fn update_meeting(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
    scope: web::Query<ScopeQuery>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Meeting)?;
    let lang = lang.pick()?;
    let scope = scope.into_inner().scope.unwrap_or_default();
    let (mut patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    let status = match patch.remove("status") {
        None => None,
        Some(v) => Some(serde_json::from_value::<MeetingStatus>(v).map_err(|_| {
            ApiError::field("status", "type", "must be planned, cancelled or done")
        })?),
    };
    let id = id.into_inner();
    let zone = state.settings.time_zone;
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let org = &actor.organization_id;
                if scope == EditScope::This {
                    let row = access::find(conn, &actor, &Viewer::Staff, &id)?;
                    update_one(conn, &row, version, &patch, status, zone)?;
                } else {
                    let change = series::edit::Change {
                        version,
                        patch: &patch,
                        status,
                    };
                    series::edit::update_scoped(conn, &actor, &id, scope, &change, zone)?;
                }
                audit::record(conn, &actor, "update", "meeting", Some(&id))?;
                let row = model::row(conn, org, &id)?;
                model::build_one(conn, row, lang, None)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Applies a merge patch and a status to one meeting at `version`.
pub(super) fn update_one(
    conn: &mut crate::db::DbConnection,
    row: &model::MeetingRow,
    version: i32,
    patch: &serde_json::Map<String, Value>,
    status: Option<MeetingStatus>,
    zone: chrono_tz::Tz,
) -> Result<(), ApiError> {
    if row.version != version {
        return Err(crate::participants::model::version_conflict(version));
    }
    let before = model::fields_of(conn, row)?;
    let mut merged = serde_json::to_value(&before).map_err(ApiError::internal)?;
    if patch.contains_key("venue_id") && !patch.contains_key("time_zone") {
        // A new venue brings its own time zone.
        if let Value::Object(m) = &mut merged {
            m.insert("time_zone".into(), Value::Null);
        }
    }
    crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
    let after: MeetingFields = serde_json::from_value(merged)
        .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
    after.validate()?;
    let values = checks::check(
        conn,
        &row.organization_id,
        &after,
        zone,
        row.venue_id.as_deref(),
    )?;
    if let Some(c) = values.capacity {
        if c < row.registered_count {
            return Err(ApiError::field(
                "capacity",
                "below_registered",
                format!(
                    "{} people are registered; cancel registrations before lowering the capacity below that",
                    row.registered_count
                ),
            ));
        }
    }
    let n = diesel::update(
        meetings::table
            .filter(meetings::id.eq(&row.id))
            .filter(meetings::version.eq(version)),
    )
    .set((
        &values,
        meetings::status.eq(status.unwrap_or(row.status()).as_str()),
        meetings::detached.eq(row.detached || row.series_id.is_some()),
        meetings::updated_at.eq(ids::now()),
        meetings::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(crate::participants::model::version_conflict(version));
    }
    if patch.contains_key("organiser_ids") || patch.contains_key("facilitator_ids") {
        model::write_staff(conn, &row.id, &model::staff_of(&after))?;
    }
    // A capacity raised or removed moves people up from the waiting list
    // (the update above holds the meeting's lock).
    super::registrations::promote(conn, &row.id)?;
    Ok(())
}
