//! `/participants` and `/participants/{id}`: create (idempotent), read,
//! update (merge patch with a version), archive and restore.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde_json::Value;
use validator::Validate;

use crate::audit;
use crate::auth::{tokens, Actor, Credentials};
use crate::codes::ConsentPurpose;
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, Problem, ProblemCode};
use crate::http::ApiJson;
use crate::ids;
use crate::participants::access::{
    self, find_pseudonymised, into_view, pseudonymised_view, visible, Viewer,
};
use crate::participants::json::{
    CreateParticipantRequest, ParticipantFields, ParticipantStatus, ParticipantView,
    UpdateParticipantRequest, VersionRequest, View,
};
use crate::participants::model;
use crate::participants::validation;
use crate::policy::{Action, Resource, Role};
use crate::AppState;

/// Registers a participant.
///
/// Send an `Idempotency-Key` (e.g. a UUID made by the client) so that a
/// retry after a lost connection returns the first answer instead of
/// creating the person twice.
#[utoipa::path(
    tag = "participants",
    operation_id = "create_participant",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried create return the first result")),
    request_body = CreateParticipantRequest,
    responses(
        (status = 201, description = "Registered", body = ParticipantView),
        (status = 409, description = "Consent missing, or the Idempotency-Key was used for another request", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants")]
pub(in crate::participants) async fn create_participant(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    body: ApiJson<CreateParticipantRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Participant)?;
    let key = crate::idempotency::key(&req)?;
    let body = body.into_inner();
    validation::validate_fields(&body.fields)?;
    let mut errors = Vec::new();
    for (i, c) in body.consents.iter().enumerate() {
        if let Err(e) = c.validate() {
            errors.extend(crate::error::field_errors(&e, &format!("consents[{i}]")));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let consenting = body
        .consents
        .iter()
        .any(|c| c.purpose == ConsentPurpose::ProfileProcessing);
    if validation::has_profile_data(&body.fields) && !consenting {
        return Err(validation::consent_missing(
            ConsentPurpose::ProfileProcessing,
        ));
    }
    let request_hash = tokens::sha256_hex(&serde_json::to_string(&body).unwrap_or_default());
    let viewer = Viewer::new(&state, &actor);
    let (status, response) = state
        .db(move |conn| {
            crate::idempotency::run(conn, |conn| {
                create_once(conn, &actor, &body, key.as_deref(), &request_hash, &viewer)
            })
        })
        .await?;
    let mut res = HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::CREATED),
    );
    if let Some(id) = response.get("id").and_then(Value::as_str) {
        res.insert_header(("Location", format!("/api/v1/participants/{id}")));
    }
    Ok(res.json(response))
}

const CREATE_OP: &str = "create_participant";

fn create_once(
    conn: &mut DbConnection,
    actor: &Actor,
    body: &CreateParticipantRequest,
    key: Option<&str>,
    request_hash: &str,
    viewer: &Viewer,
) -> Result<(u16, Value), ApiError> {
    let actor_id = actor.audit_identity().1.to_string();
    let scope = key.map(|key| crate::idempotency::Scope {
        organization_id: &actor.organization_id,
        actor_id: &actor_id,
        operation: CREATE_OP,
        key,
        request_hash,
    });
    if let Some(scope) = &scope {
        if let Some(stored) = crate::idempotency::replay(conn, scope)? {
            return Ok(stored);
        }
    }
    // An adviser who registers someone is their adviser unless they name another.
    let mut fields = body.fields.clone();
    if actor.role == Role::Adviser && fields.adviser_id.is_none() {
        fields.adviser_id = actor.user_id().map(str::to_string);
    }
    validation::check_links(conn, &actor.organization_id, &fields)?;
    let id = ids::new_id();
    model::save(conn, &id, &actor.organization_id, &fields, None)?;
    for c in &body.consents {
        model::add_consent(
            conn,
            &actor.organization_id,
            &id,
            c.purpose,
            &c.text_version,
            &actor_id,
        )?;
        audit::record(conn, actor, "create", "consent", Some(&id))?;
    }
    audit::record(conn, actor, "create", "participant", Some(&id))?;
    crate::opportunities::matches::changes::participant(conn, &actor.organization_id, &id)?;
    let p = model::find(conn, &actor.organization_id, &id)?;
    let view = access::view_for(actor, &p).unwrap_or(View::Limited);
    let value = serde_json::to_value(into_view(p, view, viewer)).map_err(ApiError::internal)?;
    if let Some(scope) = &scope {
        crate::idempotency::store(conn, scope, 201, &value)?;
    }
    Ok((201, value))
}

/// One participant, with the fields the caller may see.
///
/// Analysts and API keys name the person by the `pseudonym` their list
/// gave them (a real id answers 404 to them).
#[utoipa::path(
    tag = "participants",
    operation_id = "get_participant",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id; for analysts and API keys, their pseudonym (`P-…`)")),
    responses(
        (status = 200, description = "The participant", body = ParticipantView),
    )
)]
#[get("/participants/{id}")]
pub(in crate::participants) async fn get_participant(
    state: web::Data<AppState>,
    caller: Credentials,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let settings = state.settings.clone();
    // The caller's role is read in the same database call as the person.
    let (read, view) = state
        .quick_read_as(caller, access::not_pseudonymised, move |conn, actor| {
            actor.require(Action::Read, Resource::Participant)?;
            let viewer = Viewer::of(&settings, actor);
            let read = audit::ReadEvent::new(actor, "read", "participant");
            if access::pseudonymised(actor) {
                let (p, mask) = find_pseudonymised(conn, actor, &viewer, &id)?;
                let view = pseudonymised_view(&p, &mask, &viewer);
                return Ok((read.of(p.row.id), view));
            }
            let (p, view) = visible(conn, actor, &id)?;
            let read = read.of(p.row.id.clone());
            Ok((read, into_view(p, view, &viewer)))
        })
        .await?;
    // Durable before the answer leaves, committed with other reads' rows.
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Changes a participant: a JSON merge patch (RFC 7386) of its fields, with
/// the `version` it is based on. `null` clears a field; absent fields stay.
#[utoipa::path(
    tag = "participants",
    operation_id = "update_participant",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    request_body(content = UpdateParticipantRequest, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "The participant as changed", body = ParticipantView),
        (status = 409, description = "Stale version, archived, or a consent is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/participants/{id}")]
pub(in crate::participants) async fn update_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Participant)?;
    let (mut patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    let known: Vec<String> = serde_json::to_value(ParticipantFields::default())
        .ok()
        .and_then(|v| v.as_object().map(|o| o.keys().cloned().collect()))
        .unwrap_or_default();
    patch.retain(|k, _| known.contains(k));
    let viewer = Viewer::new(&state, &actor);
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (p, view) = visible(conn, &actor, &id)?;
                if !matches!(view, View::Full | View::Own) {
                    return Err(ApiError::forbidden("you may not change this participant"));
                }
                if view == View::Own {
                    let read_only: Vec<FieldError> = patch
                        .keys()
                        .filter(|k| access::STAFF_ONLY_FIELDS.contains(&k.as_str()))
                        .map(|k| FieldError {
                            field: k.clone(),
                            code: "read_only".into(),
                            message: "only staff may set this".into(),
                        })
                        .collect();
                    if !read_only.is_empty() {
                        return Err(ApiError::Validation(read_only));
                    }
                }
                if p.status() != ParticipantStatus::Active {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "the participant is archived; restore them first",
                    ));
                }
                if p.row.version != version {
                    return Err(model::version_conflict(version));
                }
                let mut merged = serde_json::to_value(p.fields()).map_err(ApiError::internal)?;
                crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
                for list in ["languages", "needs", "qualifications"] {
                    if merged.get(list).is_some_and(Value::is_null) {
                        merged[list] = Value::Array(Vec::new());
                    }
                }
                if merged.get("name").is_none_or(Value::is_null) {
                    return Err(ApiError::field("name", "required", "is required"));
                }
                let fields: ParticipantFields = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                validation::validate_fields(&fields)?;
                validation::check_links(conn, &actor.organization_id, &fields)?;
                let before = p.fields();
                let profile_changed = serde_json::to_value(validation::profile_part(&before)).ok()
                    != serde_json::to_value(validation::profile_part(&fields)).ok();
                if profile_changed && validation::has_profile_data(&fields) {
                    validation::require_consent(&p, ConsentPurpose::ProfileProcessing)?;
                }
                model::save(
                    conn,
                    &p.row.id,
                    &actor.organization_id,
                    &fields,
                    Some(version),
                )?;
                audit::record(conn, &actor, "update", "participant", Some(&p.row.id))?;
                crate::opportunities::matches::changes::participant(
                    conn,
                    &actor.organization_id,
                    &p.row.id,
                )?;
                let p = model::find(conn, &actor.organization_id, &p.row.id)?;
                Ok(into_view(p, view, &viewer))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

async fn set_status(
    state: web::Data<AppState>,
    actor: Actor,
    id: String,
    version: i32,
    to: ParticipantStatus,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Delete, Resource::Participant)?;
    let viewer = Viewer::new(&state, &actor);
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (p, view) = visible(conn, &actor, &id)?;
                if p.row.version != version {
                    return Err(model::version_conflict(version));
                }
                let from = p.status();
                if from == to {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        format!("the participant is already {}", to.as_str()),
                    ));
                }
                model::people::set_status(conn, &p.row.id, version, to)?;
                let action = if to == ParticipantStatus::Archived {
                    "archive"
                } else {
                    "restore"
                };
                audit::record(conn, &actor, action, "participant", Some(&p.row.id))?;
                crate::opportunities::matches::changes::participant(
                    conn,
                    &actor.organization_id,
                    &p.row.id,
                )?;
                let p = model::find(conn, &actor.organization_id, &p.row.id)?;
                Ok(into_view(p, view, &viewer))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Archives a participant who left the programme: out of the default list,
/// kept for reports, restorable. Integrations see a tombstone.
#[utoipa::path(
    tag = "participants",
    operation_id = "archive_participant",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    request_body = VersionRequest,
    responses(
        (status = 200, description = "Archived", body = ParticipantView),
        (status = 403, description = "Only admins and coordinators archive", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or already archived", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/archive")]
pub(in crate::participants) async fn archive_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<VersionRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    set_status(
        state,
        actor,
        id.into_inner(),
        body.version,
        ParticipantStatus::Archived,
    )
    .await
}

/// Brings an archived participant back.
#[utoipa::path(
    tag = "participants",
    operation_id = "restore_participant",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id")),
    request_body = VersionRequest,
    responses(
        (status = 200, description = "Active again", body = ParticipantView),
        (status = 403, description = "Only admins and coordinators restore", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or not archived", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/restore")]
pub(in crate::participants) async fn restore_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<VersionRequest>,
) -> Result<HttpResponse, ApiError> {
    body.validate()?;
    set_status(
        state,
        actor,
        id.into_inner(),
        body.version,
        ParticipantStatus::Active,
    )
    .await
}
