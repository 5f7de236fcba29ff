//! A participant's skills: from the taxonomy, with level, years, where they
//! were learnt, the evidence and an optional certificate; and suggestions
//! from an occupation the person held.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::audit;
use crate::auth::Actor;
use crate::codes::{ConsentPurpose, SkillAcquired, SkillEvidence, SkillLevel};
use crate::db::schema::{occupation_skills, participant_skills, taxonomy_concepts};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, Problem, ProblemCode};
use crate::http::params::{language, LangQuery};
use crate::http::patch::merge_patch;
use crate::http::ApiJson;
use crate::ids;
use crate::participants::visible;
use crate::participants::{self as model, View};
use crate::policy::{Action, Resource};
use crate::skills::{refs, ConceptRef};
use crate::AppState;

pub(in crate::skills) fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_participant_skills)
        .service(add_participant_skill)
        .service(update_participant_skill)
        .service(delete_participant_skill)
        .service(suggest_participant_skills);
}

/// A certificate that proves a skill, e.g. a forklift licence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
pub struct Certificate {
    #[schema(
        example = "Forklift operator licence",
        min_length = 1,
        max_length = 200
    )]
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    #[schema(
        example = "Zavod za varstvo pri delu",
        min_length = 1,
        max_length = 200
    )]
    #[validate(length(min = 1, max = 200))]
    pub issuer: Option<String>,
    pub issued: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
}

/// A skill to add, or the fields of one to change.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
pub struct SkillInput {
    /// A skill or knowledge concept URI from `/skills`.
    #[schema(min_length = 1, max_length = 300)]
    #[validate(length(min = 1, max = 300))]
    pub skill_uri: String,
    pub level: SkillLevel,
    /// Years of experience.
    #[schema(minimum = 0, maximum = 60)]
    #[validate(range(min = 0, max = 60))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub years: Option<i32>,
    pub acquired: Option<SkillAcquired>,
    #[serde(default = "self_declared")]
    pub evidence: SkillEvidence,
    #[validate(nested)]
    pub certificate: Option<Certificate>,
    /// When an adviser last confirmed it.
    pub last_confirmed: Option<NaiveDate>,
}

fn self_declared() -> SkillEvidence {
    SkillEvidence::SelfDeclared
}

/// A merge patch of a participant's skill, with the version it is based on.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateSkillRequest {
    /// The `version` the change is based on.
    #[schema(minimum = 1)]
    pub version: i32,
    pub level: Option<SkillLevel>,
    #[schema(minimum = 0, maximum = 60)]
    pub years: Option<i32>,
    pub acquired: Option<SkillAcquired>,
    pub evidence: Option<SkillEvidence>,
    pub certificate: Option<Certificate>,
    pub last_confirmed: Option<NaiveDate>,
}

/// A skill the participant has.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantSkill {
    pub id: String,
    pub skill: ConceptRef,
    pub level: SkillLevel,
    pub years: Option<i32>,
    pub acquired: Option<SkillAcquired>,
    pub evidence: SkillEvidence,
    pub certificate: Option<Certificate>,
    /// Whether the certificate has expired.
    pub certificate_expired: bool,
    pub last_confirmed: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
    /// Send it back with a change; a stale one answers 409.
    pub version: i32,
}

type Row = (
    String,
    String,
    String,
    Option<i32>,
    Option<String>,
    String,
    (
        Option<String>,
        Option<String>,
        Option<NaiveDate>,
        Option<NaiveDate>,
    ),
    Option<NaiveDate>,
    chrono::NaiveDateTime,
    i32,
);

fn columns() -> _Columns {
    (
        participant_skills::id,
        participant_skills::skill_uri,
        participant_skills::level,
        participant_skills::years,
        participant_skills::acquired,
        participant_skills::evidence,
        (
            participant_skills::certificate_name,
            participant_skills::certificate_issuer,
            participant_skills::certificate_issued,
            participant_skills::certificate_expires,
        ),
        participant_skills::last_confirmed,
        participant_skills::updated_at,
        participant_skills::version,
    )
}

type _Columns = (
    participant_skills::id,
    participant_skills::skill_uri,
    participant_skills::level,
    participant_skills::years,
    participant_skills::acquired,
    participant_skills::evidence,
    (
        participant_skills::certificate_name,
        participant_skills::certificate_issuer,
        participant_skills::certificate_issued,
        participant_skills::certificate_expires,
    ),
    participant_skills::last_confirmed,
    participant_skills::updated_at,
    participant_skills::version,
);

fn load(
    conn: &mut DbConnection,
    participant: &str,
    lang: &str,
) -> Result<Vec<ParticipantSkill>, ApiError> {
    let rows: Vec<Row> = participant_skills::table
        .filter(participant_skills::participant_id.eq(participant))
        .select(columns())
        .load(conn)?;
    let uris: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
    let concepts = refs(conn, uris, lang)?;
    let today = ids::now().date();
    let mut out: Vec<ParticipantSkill> = rows
        .into_iter()
        .filter_map(|r| {
            let skill = concepts.iter().find(|c| c.uri == r.1)?.clone();
            let (name, issuer, issued, expires) = r.6;
            Some(ParticipantSkill {
                id: r.0,
                skill,
                level: SkillLevel::parse(&r.2).unwrap_or(SkillLevel::Basic),
                years: r.3,
                acquired: r.4.as_deref().and_then(SkillAcquired::parse),
                evidence: SkillEvidence::parse(&r.5).unwrap_or(SkillEvidence::SelfDeclared),
                certificate_expired: expires.is_some_and(|e| e < today),
                certificate: name.map(|name| Certificate {
                    name,
                    issuer,
                    issued,
                    expires,
                }),
                last_confirmed: r.7,
                updated_at: ids::utc(r.8),
                version: r.9,
            })
        })
        .collect();
    out.sort_by_key(|s| s.skill.label.to_lowercase());
    Ok(out)
}

/// Checks an input against the taxonomy and across fields.
fn check(
    conn: &mut DbConnection,
    input: &SkillInput,
    existing_uri: Option<&str>,
) -> Result<(), ApiError> {
    let mut errors = match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => crate::error::field_errors(&e, ""),
    };
    let concept: Option<(String, String)> = taxonomy_concepts::table
        .find(&input.skill_uri)
        .select((taxonomy_concepts::kind, taxonomy_concepts::status))
        .first(conn)
        .optional()?;
    match concept {
        None => errors.push(FieldError {
            field: "skill_uri".into(),
            code: "unknown".into(),
            message: "is not a skill in the taxonomy".into(),
        }),
        Some((kind, _)) if kind == "occupation" => errors.push(FieldError {
            field: "skill_uri".into(),
            code: "occupation".into(),
            message: "is an occupation, not a skill".into(),
        }),
        Some((_, status))
            if status == "obsolete" && existing_uri != Some(input.skill_uri.as_str()) =>
        {
            errors.push(FieldError {
                field: "skill_uri".into(),
                code: "obsolete".into(),
                message: "is no longer in the current taxonomy".into(),
            })
        }
        Some(_) => {}
    }
    if let Some(c) = &input.certificate {
        if let (Some(i), Some(e)) = (c.issued, c.expires) {
            if e < i {
                errors.push(FieldError {
                    field: "certificate.expires".into(),
                    code: "before_issued".into(),
                    message: "must not be before the issue date".into(),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// A person's skills are not part of what analysts and API keys see of
/// them: a rare skill, a certificate or a date would single the person out
/// where k-anonymity cannot follow (the interview analysis counts skills).
fn refuse_pseudonymised(actor: &Actor) -> Result<(), ApiError> {
    if crate::participants::pseudonymised(actor) {
        Err(ApiError::forbidden(
            "a person's skills are not part of the pseudonymised view",
        ))
    } else {
        Ok(())
    }
}

fn may_edit(view: View) -> Result<(), ApiError> {
    if matches!(view, View::Full | View::Limited | View::Own) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "you may not change this person's skills",
        ))
    }
}

/// A participant's skills, labelled in the caller's language.
#[utoipa::path(
    tag = "participants",
    operation_id = "list_participant_skills",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The participant's id"), LangQuery),
    responses(
        (status = 200, description = "The skills", body = Vec<ParticipantSkill>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This role may not read participants, or sees them pseudonymised", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/participants/{id}/skills")]
async fn list_participant_skills(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Participant)?;
    refuse_pseudonymised(&actor)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "participant_skill");
    let (person, skills) = state
        .db(move |conn| {
            let (p, _) = visible(conn, &actor, &id)?;
            Ok((p.row.id.clone(), load(conn, &p.row.id, lang)?))
        })
        .await?;
    state.audit.write(read.of(person)).await?;
    Ok(HttpResponse::Ok().json(skills))
}

fn touch(conn: &mut DbConnection, participant: &str) -> Result<(), ApiError> {
    use crate::db::schema::participants;
    diesel::update(participants::table.find(participant))
        .set((
            participants::updated_at.eq(ids::now()),
            participants::version.eq(participants::version + 1),
        ))
        .execute(conn)?;
    Ok(())
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
        (status = 404, description = "No such participant visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already has this skill, or consent missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/participants/{id}/skills")]
async fn add_participant_skill(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<LangQuery>,
    body: ApiJson<SkillInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Participant)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let input = body.into_inner();
    let id = id.into_inner();
    let skill = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (p, view) = visible(conn, &actor, &id)?;
                may_edit(view)?;
                model::require_consent(&p, ConsentPurpose::ProfileProcessing)?;
                check(conn, &input, None)?;
                let held: i64 = participant_skills::table
                    .filter(participant_skills::participant_id.eq(&p.row.id))
                    .filter(participant_skills::skill_uri.eq(&input.skill_uri))
                    .count()
                    .get_result(conn)?;
                if held > 0 {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "the person already has this skill; change it instead",
                    ));
                }
                let skill_id = ids::new_id();
                let now = ids::now();
                let c = input.certificate.clone();
                diesel::insert_into(participant_skills::table)
                    .values((
                        participant_skills::id.eq(&skill_id),
                        participant_skills::participant_id.eq(&p.row.id),
                        participant_skills::skill_uri.eq(&input.skill_uri),
                        participant_skills::level.eq(input.level.as_str()),
                        participant_skills::years.eq(input.years),
                        participant_skills::acquired.eq(input.acquired.map(|a| a.as_str())),
                        participant_skills::evidence.eq(input.evidence.as_str()),
                        participant_skills::certificate_name
                            .eq(c.as_ref().map(|c| c.name.trim().to_string())),
                        participant_skills::certificate_issuer
                            .eq(c.as_ref().and_then(|c| c.issuer.clone())),
                        participant_skills::certificate_issued
                            .eq(c.as_ref().and_then(|c| c.issued)),
                        participant_skills::certificate_expires
                            .eq(c.as_ref().and_then(|c| c.expires)),
                        participant_skills::last_confirmed.eq(input.last_confirmed),
                        participant_skills::created_at.eq(now),
                        participant_skills::updated_at.eq(now),
                        participant_skills::version.eq(1),
                    ))
                    .execute(conn)?;
                touch(conn, &p.row.id)?;
                audit::record(conn, &actor, "create", "participant_skill", Some(&p.row.id))?;
                load(conn, &p.row.id, lang)?
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
        (status = 404, description = "No such skill visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or consent missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/participants/{id}/skills/{skill_id}")]
async fn update_participant_skill(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<LangQuery>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Participant)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let (mut patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    patch.remove("skill_uri");
    let (id, skill_id) = path.into_inner();
    let skill = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let (p, view) = visible(conn, &actor, &id)?;
                may_edit(view)?;
                model::require_consent(&p, ConsentPurpose::ProfileProcessing)?;
                let current = load(conn, &p.row.id, lang)?
                    .into_iter()
                    .find(|s| s.id == skill_id)
                    .ok_or_else(|| ApiError::not_found("no such skill"))?;
                if current.version != version {
                    return Err(model::version_conflict(version));
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
                check(conn, &input, Some(&current.skill.uri))?;
                let c = input.certificate.clone();
                let changed = diesel::update(
                    participant_skills::table
                        .filter(participant_skills::id.eq(&skill_id))
                        .filter(participant_skills::version.eq(version)),
                )
                .set((
                    participant_skills::level.eq(input.level.as_str()),
                    participant_skills::years.eq(input.years),
                    participant_skills::acquired.eq(input.acquired.map(|a| a.as_str())),
                    participant_skills::evidence.eq(input.evidence.as_str()),
                    participant_skills::certificate_name
                        .eq(c.as_ref().map(|c| c.name.trim().to_string())),
                    participant_skills::certificate_issuer
                        .eq(c.as_ref().and_then(|c| c.issuer.clone())),
                    participant_skills::certificate_issued.eq(c.as_ref().and_then(|c| c.issued)),
                    participant_skills::certificate_expires.eq(c.as_ref().and_then(|c| c.expires)),
                    participant_skills::last_confirmed.eq(input.last_confirmed),
                    participant_skills::updated_at.eq(ids::now()),
                    participant_skills::version.eq(version + 1),
                ))
                .execute(conn)?;
                if changed != 1 {
                    return Err(model::version_conflict(version));
                }
                touch(conn, &p.row.id)?;
                audit::record(conn, &actor, "update", "participant_skill", Some(&p.row.id))?;
                load(conn, &p.row.id, lang)?
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
        (status = 404, description = "No such skill visible to you", body = Problem, content_type = "application/problem+json"),
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
                let n = diesel::delete(
                    participant_skills::table
                        .filter(participant_skills::id.eq(&skill_id))
                        .filter(participant_skills::participant_id.eq(&p.row.id)),
                )
                .execute(conn)?;
                if n == 0 {
                    return Err(ApiError::not_found("no such skill"));
                }
                touch(conn, &p.row.id)?;
                audit::record(conn, &actor, "delete", "participant_skill", Some(&p.row.id))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// An occupation the person held.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct SuggestQuery {
    /// An occupation URI from `/occupations`.
    #[param(min_length = 1, max_length = 300)]
    #[validate(length(min = 1, max = 300))]
    pub occupation_uri: String,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
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
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This role may not read participants, or sees them pseudonymised", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such participant or occupation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
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
            let is_occupation: i64 = taxonomy_concepts::table
                .filter(taxonomy_concepts::uri.eq(&occupation))
                .filter(taxonomy_concepts::kind.eq("occupation"))
                .count()
                .get_result(conn)?;
            if is_occupation == 0 {
                return Err(ApiError::not_found("no such occupation"));
            }
            let held: Vec<String> = participant_skills::table
                .filter(participant_skills::participant_id.eq(&p.row.id))
                .select(participant_skills::skill_uri)
                .load(conn)?;
            let essential: Vec<String> = occupation_skills::table
                .inner_join(
                    taxonomy_concepts::table
                        .on(taxonomy_concepts::uri.eq(occupation_skills::skill_uri)),
                )
                .filter(occupation_skills::occupation_uri.eq(&occupation))
                .filter(occupation_skills::relation.eq("essential"))
                .filter(taxonomy_concepts::status.eq("released"))
                .select(occupation_skills::skill_uri)
                .load(conn)?;
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
