//! `/participants`: create (idempotent), read, update (merge patch with a
//! version), archive and restore, list with filters and keyset paging,
//! incremental pulls with tombstones, and consents.

mod consent_records;
mod list;
mod rights;
mod views;

pub use consent_records::Consent;
use consent_records::*;
use list::*;
pub use list::{ParticipantListQuery, ParticipantPage};
use rights::*;
pub use rights::{EraseRequest, ParticipantExport};
pub use views::ParticipantView;
use views::*;

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::audit;
use crate::auth::{tokens, Actor};
use crate::codes::{self, ConsentPurpose, Gender, LegalStatus, Need, WorkPermit};
use crate::db::schema::{consents, participant_languages, participant_needs, participants};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, Problem, ProblemCode};
use crate::http::ApiJson;
use crate::ids;
use crate::pagination::MAX_LIMIT;
pub(crate) use crate::participants::visible;
use crate::participants::{
    self as model, LanguageSkill, Participant, ParticipantFields, ParticipantRow,
    ParticipantStatus, Qualification, View,
};
use crate::policy::{Action, Resource, Role};
use crate::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_participants)
        .service(create_participant)
        .service(get_participant)
        .service(update_participant)
        .service(archive_participant)
        .service(restore_participant)
        .service(list_consents)
        .service(record_consent)
        .service(withdraw_consent)
        .service(export_participant)
        .service(erase_participant);
}

/// A consent to record: its purpose and the version of the text the person was shown.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
pub struct ConsentInput {
    pub purpose: ConsentPurpose,
    /// The version of the consent text shown, e.g. `2026-05 sl`.
    #[schema(example = "2026-05 sl", min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub text_version: String,
}

/// A new participant: their fields and the consents they gave while being registered.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreateParticipantRequest {
    #[serde(flatten)]
    pub fields: ParticipantFields,
    /// Consents given now. Profile fields beyond name and contacts need `profile_processing`.
    #[serde(default)]
    #[schema(max_items = 4)]
    pub consents: Vec<ConsentInput>,
}

fn insert_consent(
    conn: &mut DbConnection,
    org: &str,
    participant: &str,
    c: &ConsentInput,
    recorded_by: &str,
) -> Result<String, ApiError> {
    model::add_consent(
        conn,
        org,
        participant,
        c.purpose,
        &c.text_version,
        recorded_by,
    )
}

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
        (status = 403, description = "This role may not register participants", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Consent missing, or the Idempotency-Key was used for another request", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants")]
async fn create_participant(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    body: ApiJson<CreateParticipantRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Participant)?;
    let key = crate::idempotency::key(&req)?;
    let body = body.into_inner();
    model::validate_fields(&body.fields)?;
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
    if model::has_profile_data(&body.fields) && !consenting {
        return Err(model::consent_missing(ConsentPurpose::ProfileProcessing));
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
    model::check_links(conn, &actor.organization_id, &fields)?;
    let id = ids::new_id();
    model::save(conn, &id, &actor.organization_id, &fields, None)?;
    for c in &body.consents {
        let consent_id = insert_consent(conn, &actor.organization_id, &id, c, &actor_id)?;
        let _ = consent_id;
        audit::record(conn, actor, "create", "consent", Some(&id))?;
    }
    audit::record(conn, actor, "create", "participant", Some(&id))?;
    let p = model::find(conn, &actor.organization_id, &id)?;
    let view = model::view_for(actor, &p).unwrap_or(View::Limited);
    let value = serde_json::to_value(build_view(&p, view, viewer)).map_err(ApiError::internal)?;
    if let Some(scope) = &scope {
        crate::idempotency::store(conn, scope, 201, &value)?;
    }
    Ok((201, value))
}

/// A person by pseudonym, for an analyst or API key: the one of the
/// organisation (not erased) whose pseudonym for this viewer is `pseudonym`,
/// with what k-anonymity withholds from their record; otherwise 404, also
/// for anything shaped like a real id.
fn find_pseudonymised(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    pseudonym: &str,
) -> Result<(Participant, Vec<bool>), ApiError> {
    let absent = || ApiError::not_found("no such participant");
    if !model::looks_like_pseudonym(pseudonym) {
        return Err(absent());
    }
    pseudonymised_people(conn, &actor.organization_id, viewer)?
        .into_iter()
        .find(|(p, person, _)| p == pseudonym && person.status() != ParticipantStatus::Erased)
        .map(|(_, person, mask)| (person, mask))
        .ok_or_else(absent)
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
        (status = 403, description = "This role may not read participants", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants/{id}")]
async fn get_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Participant)?;
    let viewer = Viewer::new(&state, &actor);
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "read", "participant");
    let (person, view) = state
        .db(move |conn| {
            if model::pseudonymised(&actor) {
                let (p, mask) = find_pseudonymised(conn, &actor, &viewer, &id)?;
                return Ok((p.row.id.clone(), pseudonymised_view(&p, &mask, &viewer)));
            }
            let (p, view) = visible(conn, &actor, &id)?;
            Ok((p.row.id.clone(), build_view(&p, view, &viewer)))
        })
        .await?;
    // Durable before the answer leaves, committed with other reads' rows.
    state.audit.write(read.of(person)).await?;
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
        (status = 403, description = "This role may not change this participant", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, archived, or a consent is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/participants/{id}")]
async fn update_participant(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Participant)?;
    let Value::Object(mut patch) = body.into_inner() else {
        return Err(ApiError::field("body", "type", "must be a JSON object"));
    };
    let version = match patch.remove("version") {
        Some(v) => {
            #[derive(Deserialize)]
            struct V(#[serde(deserialize_with = "crate::fields::whole_i32")] i32);
            serde_json::from_value::<V>(v)
                .map(|v| v.0)
                .ok()
                .filter(|v| *v >= 1)
        }
        None => None,
    }
    .ok_or_else(|| {
        ApiError::field(
            "version",
            "required",
            "send the version you last read (a whole number from 1)",
        )
    })?;
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
                        .filter(|k| model::STAFF_ONLY_FIELDS.contains(&k.as_str()))
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
                model::validate_fields(&fields)?;
                model::check_links(conn, &actor.organization_id, &fields)?;
                let before = p.fields();
                let profile_changed = serde_json::to_value(profile_part(&before)).ok()
                    != serde_json::to_value(profile_part(&fields)).ok();
                if profile_changed && model::has_profile_data(&fields) {
                    model::require_consent(&p, ConsentPurpose::ProfileProcessing)?;
                }
                model::save(
                    conn,
                    &p.row.id,
                    &actor.organization_id,
                    &fields,
                    Some(version),
                )?;
                audit::record(conn, &actor, "update", "participant", Some(&p.row.id))?;
                let p = model::find(conn, &actor.organization_id, &p.row.id)?;
                Ok(build_view(&p, view, &viewer))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The profile fields (those needing consent) of a record, for comparison.
fn profile_part(f: &ParticipantFields) -> ParticipantFields {
    ParticipantFields {
        name: String::new(),
        name_is_pseudonym: false,
        phone: None,
        whatsapp: None,
        viber: None,
        email: None,
        adviser_id: None,
        mentor_id: None,
        user_id: None,
        notes: None,
        ..f.clone()
    }
}

/// A merge patch of a participant's fields, with the version it is based on.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateParticipantRequest {
    /// The `version` the change is based on.
    #[schema(minimum = 1)]
    pub version: i32,
    #[serde(flatten)]
    pub fields: PatchFields,
}

/// Any subset of the participant's fields; `null` clears one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PatchFields {
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    pub name_is_pseudonym: Option<bool>,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub viber: Option<String>,
    pub email: Option<String>,
    pub gender: Option<Gender>,
    pub gender_self_description: Option<String>,
    pub birth_year: Option<i32>,
    pub country_of_origin: Option<String>,
    pub legal_status: Option<LegalStatus>,
    #[schema(min_length = 1, max_length = 200)]
    pub legal_status_detail: Option<String>,
    pub work_permit: Option<WorkPermit>,
    pub work_permit_date: Option<NaiveDate>,
    pub arrival_date: Option<NaiveDate>,
    pub municipality: Option<String>,
    pub education_level: Option<codes::EducationLevel>,
    pub employment_state: Option<codes::EmploymentState>,
    pub languages: Option<Vec<LanguageSkill>>,
    pub needs: Option<Vec<Need>>,
    pub needs_other: Option<String>,
    pub qualifications: Option<Vec<Qualification>>,
    pub adviser_id: Option<String>,
    pub mentor_id: Option<String>,
    pub user_id: Option<String>,
    pub notes: Option<String>,
}

/// The version a state change is based on.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct VersionRequest {
    #[schema(minimum = 1)]
    #[validate(range(min = 1))]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub version: i32,
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
                let now = ids::now();
                diesel::update(
                    participants::table
                        .find(&p.row.id)
                        .filter(participants::version.eq(version)),
                )
                .set((
                    participants::status.eq(to.as_str()),
                    participants::archived_at
                        .eq((to == ParticipantStatus::Archived).then_some(now)),
                    participants::updated_at.eq(now),
                    participants::version.eq(version + 1),
                ))
                .execute(conn)?;
                let action = if to == ParticipantStatus::Archived {
                    "archive"
                } else {
                    "restore"
                };
                audit::record(conn, &actor, action, "participant", Some(&p.row.id))?;
                let p = model::find(conn, &actor.organization_id, &p.row.id)?;
                Ok(build_view(&p, view, &viewer))
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
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or already archived", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/archive")]
async fn archive_participant(
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
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or not archived", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/restore")]
async fn restore_participant(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_belong_to_their_sort_order() {
        let c = encode_cursor(&Cursor {
            s: SortOrder::Name,
            k: "Amina".into(),
            i: ids::new_id(),
        });
        assert!(decode_cursor(&c, SortOrder::Name).is_ok());
        assert!(decode_cursor(&c, SortOrder::Created).is_err());
        assert!(decode_cursor("garbage", SortOrder::Name).is_err());
    }
}
