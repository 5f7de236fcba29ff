//! A participant's skills: from the taxonomy, with level, years, where they
//! were learnt, the evidence and an optional certificate; and suggestions
//! from an occupation the person held.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde_json::Value;
use validator::Validate;

use crate::audit;
use crate::auth::Actor;
use crate::codes::ConsentPurpose;
use crate::error::{ApiError, Problem, ProblemCode};
use crate::http::params::{language, Lang, LangQuery};
use crate::http::patch::merge_patch;
use crate::http::ApiJson;
use crate::participants::access::visible;
use crate::participants::model::version_conflict;
use crate::participants::validation::require_consent;
use crate::policy::{Action, Resource};
use crate::skills::access::{may_edit, refuse_pseudonymised};
use crate::skills::json::{
    ConceptRef, ParticipantSkill, SkillInput, SuggestQuery, UpdateSkillRequest,
};
use crate::skills::model::concepts::{essential_skills, is_occupation};
use crate::skills::model::participant_skills as skills;
use crate::skills::model::refs;
use crate::AppState;

pub(in crate::skills) fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_participant_skills)
        .service(add_participant_skill)
        .service(update_participant_skill)
        .service(delete_participant_skill)
        .service(suggest_participant_skills);
}

/// A participant's skills, labelled in the caller's language.
#[utoipa::path(
    tag = "participants",
    operation_id = "list_participant_skills",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id"), LangQuery),
    responses(
        (status = 200, description = "The skills", body = Vec<ParticipantSkill>),
        (status = 403, description = "This role may not read participants, or sees them pseudonymised", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants/{id}/skills")]
async fn list_participant_skills(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Participant)?;
    refuse_pseudonymised(&actor)?;
    let lang = lang.pick()?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "participant_skill");
    let (person, list) = state
        .db(move |conn| {
            let (p, _) = visible(conn, &actor, &id)?;
            Ok((p.row.id.clone(), skills::load(conn, &p.row.id, lang)?))
        })
        .await?;
    state.audit.write(read.of(person)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Adds a skill to a participant (needs the person's consent to keep a profile).
#[utoipa::path(
    tag = "participants",
    operation_id = "add_participant_skill",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id"), LangQuery),
    request_body = SkillInput,
    responses(
        (status = 201, description = "Added", body = ParticipantSkill),
        (status = 403, description = "You may not change this person's skills", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already has this skill, or consent missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/skills")]
async fn add_participant_skill(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
    body: ApiJson<SkillInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Participant)?;
    let lang = lang.pick()?;
    let input = body.into_inner();
    let id = id.into_inner();
    let skill = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (p, view) = visible(conn, &actor, &id)?;
                may_edit(view)?;
                require_consent(&p, ConsentPurpose::ProfileProcessing)?;
                skills::check(conn, &input, None)?;
                if skills::holds(conn, &p.row.id, &input.skill_uri)? {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "the person already has this skill; change it instead",
                    ));
                }
                let skill_id = skills::insert(conn, &p.row.id, &input)?;
                skills::touch(conn, &p.row.id)?;
                audit::record(conn, &actor, "create", "participant_skill", Some(&p.row.id))?;
                crate::opportunities::matches::changes::participant(
                    conn,
                    &actor.organization_id,
                    &p.row.id,
                )?;
                skills::load(conn, &p.row.id, lang)?
                    .into_iter()
                    .find(|s| s.id == skill_id)
                    .ok_or_else(|| ApiError::internal("the new skill vanished"))
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(skill))
}

/// Changes a participant's skill: a JSON merge patch with the `version`.
#[utoipa::path(
    tag = "participants",
    operation_id = "update_participant_skill",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The participant's id"),
        ("skill_id" = String, Path, description = "The participant skill's id"),
        LangQuery,
    ),
    request_body(content = UpdateSkillRequest, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "Changed", body = ParticipantSkill),
        (status = 403, description = "You may not change this person's skills", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or consent missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/participants/{id}/skills/{skill_id}")]
async fn update_participant_skill(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    lang: Lang,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Participant)?;
    let lang = lang.pick()?;
    let (mut patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    patch.remove("skill_uri");
    let (id, skill_id) = path.into_inner();
    let skill = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (p, view) = visible(conn, &actor, &id)?;
                may_edit(view)?;
                require_consent(&p, ConsentPurpose::ProfileProcessing)?;
                let current = skills::load(conn, &p.row.id, lang)?
                    .into_iter()
                    .find(|s| s.id == skill_id)
                    .ok_or_else(|| ApiError::not_found("no such skill"))?;
                if current.version != version {
                    return Err(version_conflict(version));
                }
                let before = SkillInput {
                    skill_uri: current.skill.uri.clone(),
                    level: current.level,
                    years: current.years,
                    acquired: current.acquired,
                    evidence: current.evidence,
                    certificate: current.certificate.clone(),
                    last_confirmed: current.last_confirmed,
                };
                let mut merged = serde_json::to_value(&before).map_err(ApiError::internal)?;
                merge_patch(&mut merged, &Value::Object(patch.clone()));
                let input: SkillInput = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                skills::check(conn, &input, Some(&current.skill.uri))?;
                let changed = skills::update(conn, &skill_id, version, &input)?;
                if changed != 1 {
                    return Err(version_conflict(version));
                }
                skills::touch(conn, &p.row.id)?;
                audit::record(conn, &actor, "update", "participant_skill", Some(&p.row.id))?;
                crate::opportunities::matches::changes::participant(
                    conn,
                    &actor.organization_id,
                    &p.row.id,
                )?;
                skills::load(conn, &p.row.id, lang)?
                    .into_iter()
                    .find(|s| s.id == skill_id)
                    .ok_or_else(|| ApiError::internal("the skill vanished"))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(skill))
}

/// Removes a skill from a participant.
#[utoipa::path(
    tag = "participants",
    operation_id = "delete_participant_skill",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The participant's id"),
        ("skill_id" = String, Path, description = "The participant skill's id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "You may not change this person's skills", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/participants/{id}/skills/{skill_id}")]
async fn delete_participant_skill(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Participant)?;
    let (id, skill_id) = path.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (p, view) = visible(conn, &actor, &id)?;
                may_edit(view)?;
                let n = skills::delete(conn, &p.row.id, &skill_id)?;
                if n == 0 {
                    return Err(ApiError::not_found("no such skill"));
                }
                skills::touch(conn, &p.row.id)?;
                crate::opportunities::matches::changes::participant(
                    conn,
                    &actor.organization_id,
                    &p.row.id,
                )?;
                audit::record(conn, &actor, "delete", "participant_skill", Some(&p.row.id))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// "Add from an occupation": the essential skills of an occupation the
/// person held that they do not have yet, to confirm one by one.
#[utoipa::path(
    tag = "participants",
    operation_id = "suggest_participant_skills",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id"), SuggestQuery),
    responses(
        (status = 200, description = "Skills to confirm", body = Vec<ConceptRef>),
        (status = 403, description = "This role may not read participants, or sees them pseudonymised", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant or occupation", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants/{id}/skill-suggestions")]
async fn suggest_participant_skills(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<SuggestQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Participant)?;
    refuse_pseudonymised(&actor)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let occupation = query.occupation_uri.clone();
    let id = id.into_inner();
    let suggestions = state
        .db(move |conn| {
            let (p, _) = visible(conn, &actor, &id)?;
            if !is_occupation(conn, &occupation)? {
                return Err(ApiError::not_found("no such occupation"));
            }
            let held = skills::held_uris(conn, &p.row.id)?;
            let essential = essential_skills(conn, &occupation)?;
            refs(
                conn,
                essential
                    .into_iter()
                    .filter(|u| !held.contains(u))
                    .collect(),
                lang,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(suggestions))
}
