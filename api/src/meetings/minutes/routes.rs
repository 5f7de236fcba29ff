//! `/meetings/{id}/minutes`, `/meetings/{id}/action-items` and
//! `/action-items`: a meeting's minutes and decisions, its action items,
//! and each person's own action items (their home page).

use actix_web::{get, patch, post, put, web, HttpResponse};
use diesel::Connection;
use serde_json::Value;
use validator::Validate;

use super::access::{looker, meeting_for_minutes, took_part};
use super::json::{ActionItem, ActionItemInput, ActionItemQuery, Minutes, MinutesInput};
use super::model::{self, ItemRow};
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem};
use crate::http::params::{Lang, LangQuery};
use crate::http::ApiJson;
use crate::meetings::access::{find, Viewer};
use crate::pagination::{Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

/// A meeting's minutes (Markdown source, never HTML), decisions and action
/// items. Staff read every meeting's; participants those of meetings they
/// are registered for, attended or booked, or own an action item of.
#[utoipa::path(
    tag = "meetings",
    operation_id = "get_minutes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), LangQuery),
    responses((status = 200, description = "The minutes (empty, version 0, until first saved)", body = Minutes))
)]
#[get("/meetings/{id}/minutes")]
pub(super) async fn get_minutes(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Minutes)?;
    actor.require_user()?;
    let lang = lang.pick()?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "read", "meeting_minutes").of(id.clone());
    let view = state
        .db(move |conn| {
            let viewer = Viewer::of(conn, &actor)?;
            let meeting = meeting_for_minutes(conn, &actor, &viewer, &id)?;
            minutes_of(conn, &actor, &viewer, meeting.id, lang)
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(view))
}

fn minutes_of(
    conn: &mut crate::db::DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    meeting_id: String,
    lang: &str,
) -> Result<Minutes, ApiError> {
    let found = model::find(conn, &meeting_id)?;
    let rows = model::of_meeting(conn, &meeting_id)?;
    let items = model::views(conn, rows, &looker(actor, viewer, lang)?)?;
    Ok(model::minutes_view(meeting_id, found, items))
}

/// Writes a meeting's minutes and decisions (admins, coordinators,
/// advisers). The first save needs no version (or 0); after that, send the
/// version last read: a stale one is refused (409) rather than overwriting
/// someone else's change.
#[utoipa::path(
    tag = "meetings",
    operation_id = "save_minutes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), LangQuery),
    request_body = MinutesInput,
    responses(
        (status = 200, description = "Saved", body = Minutes),
        (status = 201, description = "Written for the first time", body = Minutes),
        (status = 409, description = "Changed by someone else since that version", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/meetings/{id}/minutes")]
pub(super) async fn save_minutes(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
    body: ApiJson<MinutesInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Minutes)?;
    let user = actor.require_user()?.to_string();
    let lang = lang.pick()?;
    let input = body.into_inner();
    input.validate()?;
    let decisions: Vec<String> = input
        .decisions
        .iter()
        .map(|d| d.trim().to_string())
        .collect();
    let id = id.into_inner();
    let (view, created) = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let meeting = find(conn, &actor, &Viewer::Staff, &id)?;
                let created = model::save(
                    conn,
                    &meeting.id,
                    &input.body,
                    &decisions,
                    input.version,
                    &user,
                )?;
                let action = if created { "create" } else { "update" };
                audit::record(conn, &actor, action, "meeting_minutes", Some(&meeting.id))?;
                let view = minutes_of(conn, &actor, &Viewer::Staff, meeting.id, lang)?;
                Ok((view, created))
            })
        })
        .await?;
    let mut res = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(res.json(view))
}

/// Adds an action item to a meeting (admins, coordinators, advisers): a
/// title, at most one owner (a member of the team or a participant of the
/// organisation), a due day and a state (`open` by default).
#[utoipa::path(
    tag = "meetings",
    operation_id = "create_action_item",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The meeting's id"), LangQuery),
    request_body = ActionItemInput,
    responses((status = 201, description = "Added", body = ActionItem))
)]
#[post("/meetings/{id}/action-items")]
pub(super) async fn create_action_item(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
    body: ApiJson<ActionItemInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Minutes)?;
    let user = actor.require_user()?.to_string();
    let lang = lang.pick()?;
    let input = body.into_inner();
    input.validate()?;
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let org = &actor.organization_id;
                let meeting = find(conn, &actor, &Viewer::Staff, &id)?;
                model::check_owner(conn, org, &input)?;
                let item = model::insert_item(conn, org, &meeting.id, &input, &user)?;
                audit::record(conn, &actor, "create", "action_item", Some(&item))?;
                let row = model::item(conn, org, &item)?;
                one_view(conn, &actor, &Viewer::Staff, row, lang)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

fn one_view(
    conn: &mut crate::db::DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    row: ItemRow,
    lang: &str,
) -> Result<ActionItem, ApiError> {
    model::views(conn, vec![row], &looker(actor, viewer, lang)?)?
        .pop()
        .ok_or_else(|| ApiError::not_found("no such action item"))
}

/// Changes an action item: a JSON merge patch of `title`,
/// `owner_user_id`, `owner_participant_id`, `due_on` and `state`, with the
/// `version` last read. Admins, coordinators and advisers change anything;
/// the item's owner may change its `state` only (done, dropped, open again).
#[utoipa::path(
    tag = "meetings",
    operation_id = "update_action_item",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The action item's id"), LangQuery),
    request_body(content = ActionItemInput, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "Changed", body = ActionItem),
        (status = 409, description = "Changed by someone else since that version", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/action-items/{id}")]
pub(super) async fn update_action_item(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Minutes)?;
    actor.require_user()?;
    let lang = lang.pick()?;
    let (patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    let editor = actor.require(Action::Update, Resource::Minutes).is_ok();
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let org = &actor.organization_id;
                let viewer = Viewer::of(conn, &actor)?;
                let row = model::item(conn, org, &id)?;
                let owner = row.owner_user_id.as_deref() == actor.user_id()
                    || (viewer.participant().is_some()
                        && row.owner_participant_id.as_deref() == viewer.participant());
                if !editor {
                    if !owner {
                        // Participants may not know of items of meetings
                        // they were not at.
                        return Err(match viewer.participant() {
                            Some(pid) if took_part(conn, &row.meeting_id, pid)? => {
                                ApiError::forbidden(
                                    "only the item's owner or the meeting's staff may change it",
                                )
                            }
                            Some(_) => ApiError::not_found("no such action item"),
                            None => ApiError::forbidden(
                                "only the item's owner or the meeting's staff may change it",
                            ),
                        });
                    }
                    if patch.keys().any(|k| k != "state") {
                        return Err(ApiError::forbidden(
                            "as its owner you may change the item's state only",
                        ));
                    }
                }
                if row.version != version {
                    return Err(crate::participants::model::version_conflict(version));
                }
                let mut merged = serde_json::to_value(row.input()).map_err(ApiError::internal)?;
                crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
                let after: ActionItemInput = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                after.validate()?;
                if after.owner_user_id != row.owner_user_id
                    || after.owner_participant_id != row.owner_participant_id
                {
                    model::check_owner(conn, org, &after)?;
                }
                model::update_item(conn, &row.id, version, &after)?;
                audit::record(conn, &actor, "update", "action_item", Some(&row.id))?;
                let row = model::item(conn, org, &id)?;
                one_view(conn, &actor, &viewer, row, lang)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The order of action-item lists.
const ORDER: &str = "due_on";

/// Action items: the caller's own with `mine=true` (as a member, or as a
/// participant through their record; with `state=open`, what the home page
/// lists), or a meeting's with `meeting_id`; the earliest due first, those
/// without a due day last, each with its meeting's title and start.
#[utoipa::path(
    tag = "meetings",
    operation_id = "list_action_items",
    security(("bearer" = [])),
    params(ActionItemQuery),
    responses(
        (status = 200, description = "A page of action items", body = Page<ActionItem>),
        (status = 404, description = "With `meeting_id`: no such meeting, or not one the caller sees", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/action-items")]
pub(super) async fn list_action_items(
    state: web::Data<AppState>,
    actor: Actor,
    req: actix_web::HttpRequest,
    query: web::Query<ActionItemQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Minutes)?;
    actor.require_user()?;
    let q = query.into_inner();
    q.validate()?;
    if !q.mine && q.meeting_id.is_none() {
        return Err(ApiError::field(
            "mine",
            "required",
            "ask for your own items (mine=true) or a meeting's (meeting_id)",
        ));
    }
    let lang = crate::http::params::language(&req, q.lang.as_deref());
    let request = PageRequest::parse(q.limit, q.cursor.as_deref(), ORDER)?;
    let read = audit::ReadEvent::new(&actor, "list", "action_item");
    let page = state
        .db(move |conn| {
            let viewer = Viewer::of(conn, &actor)?;
            let user = actor.require_user()?;
            let mut rows = match &q.meeting_id {
                Some(m) => {
                    let meeting = meeting_for_minutes(conn, &actor, &viewer, m)?;
                    let mut rows = model::of_meeting(conn, &meeting.id)?;
                    rows.retain(|r| q.state.is_none_or(|s| r.state == s.as_str()));
                    if q.mine {
                        rows.retain(|r| {
                            r.owner_user_id.as_deref() == Some(user)
                                || (viewer.participant().is_some()
                                    && r.owner_participant_id.as_deref() == viewer.participant())
                        });
                    }
                    rows
                }
                None => model::of_owner(
                    conn,
                    &actor.organization_id,
                    user,
                    viewer.participant(),
                    q.state,
                )?,
            };
            if let Some(after) = &request.after {
                rows.retain(|r| (r.due_key(), r.id.as_str()) > (after.key.clone(), &after.id));
            }
            let next_cursor = request.cut(&mut rows, |r| (r.due_key(), r.id.clone()));
            let items = model::views(conn, rows, &looker(&actor, &viewer, lang)?)?;
            Ok(Page { items, next_cursor })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
}
