//! `/interviews`: individual and group interviews with a published template
//! version, their answers (saved as they are entered), completion, and the
//! profile updates the answers suggest, applied only when confirmed.

mod answering;
mod checks;
mod export;
mod list;
mod profile_updates;
pub use answering::*;
use checks::*;
pub use export::*;
pub use list::*;
pub use profile_updates::*;

use std::collections::{BTreeMap, HashMap, HashSet};

use actix_web::{get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::audit;
use crate::auth::Actor;
use crate::codes::{
    self, ConsentPurpose, InterviewChannel, InterviewKind, InterviewStatus, LanguageLevel, Need,
    SkillEvidence, SkillLevel,
};
use crate::db::schema::{
    interview_answers as answers, interview_interviewers as interviewers,
    interview_participants as attendees, interview_templates, interviews, memberships,
    participant_languages, participant_needs, participant_skills, participants, taxonomy_concepts,
    users,
};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, Problem};
use crate::http::params::{language, LangQuery};
use crate::http::ApiJson;
use crate::idempotency;
use crate::ids;
use crate::pagination::{self, Page};
use crate::participants::visible;
use crate::participants::{self as model, Participant, ParticipantStatus, View};
use crate::policy::{Action, Resource, Role};
use crate::questionnaires::{self, ProfileField, QuestionType, TemplateContent};
use crate::routes::interview_templates::{self as templates, VersionStatus};
use crate::skills::{refs, ConceptRef};
use crate::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_interviews)
        .service(create_interview)
        .service(get_interview)
        .service(update_interview)
        .service(list_answers)
        .service(save_answers)
        .service(complete_interview)
        .service(list_profile_updates)
        .service(apply_profile_updates);
}

/// The most people in one interview.
pub const MAX_PARTICIPANTS: usize = 30;

/// Someone taking part in an interview, as sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AttendeeInput {
    pub participant_id: String,
    /// The language the questions are shown to this person in, beside the
    /// interviewer's (a `languages` code; `en`, `sl`, `ar`, `uk`, `fa` have template texts).
    #[schema(example = "ar")]
    pub language: Option<String>,
    /// Whether the person was there; only those present answer.
    #[serde(default = "yes")]
    pub attended: bool,
}

fn yes() -> bool {
    true
}

/// The fields of an interview that can be set (create) or changed (merge patch).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InterviewFields {
    pub kind: InterviewKind,
    pub scheduled_at: DateTime<Utc>,
    #[schema(minimum = 5, maximum = 600)]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub duration_minutes: Option<i32>,
    pub channel: InterviewChannel,
    #[schema(max_length = 200, example = "Skupaj office, Metelkova 6")]
    pub location: Option<String>,
    /// The interview's language (a `languages` code).
    #[schema(example = "sl")]
    pub language: String,
    /// The interpreter's language, when there is one.
    #[schema(example = "ar")]
    pub interpreter_language: Option<String>,
    #[schema(max_length = 200)]
    pub interpreter_name: Option<String>,
    /// Whether the interview is recorded: needs every present participant's
    /// `interview_recording` consent.
    #[serde(default)]
    pub recorded: bool,
    #[schema(max_length = 5000)]
    pub notes: Option<String>,
    /// One for an individual interview, 2 to 30 for a group (typically 3–5).
    pub participants: Vec<AttendeeInput>,
    /// Members (admin, coordinator or adviser) who conduct it; the creator when left out.
    #[serde(default)]
    pub interviewer_ids: Vec<String>,
}

/// A new interview with a template's newest published version.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateInterviewRequest {
    pub template_id: String,
    #[serde(flatten)]
    pub fields: InterviewFields,
}

/// Which template version an interview uses.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TemplateRef {
    pub id: String,
    pub version: i32,
    /// In the caller's language.
    pub title: String,
}

/// Someone taking part.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Attendee {
    pub participant_id: String,
    /// The name (or pseudonym the person chose).
    pub name: Option<String>,
    pub language: Option<String>,
    pub attended: bool,
    /// How many questions the person has answered.
    pub answered: i64,
    /// Whether the person has a recording consent now.
    pub recording_consent: bool,
}

/// Someone conducting it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Interviewer {
    pub user_id: String,
    pub name: String,
}

/// An interview.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Interview {
    pub id: String,
    pub template: TemplateRef,
    pub kind: InterviewKind,
    pub scheduled_at: DateTime<Utc>,
    pub duration_minutes: Option<i32>,
    pub channel: InterviewChannel,
    pub location: Option<String>,
    pub language: String,
    pub interpreter_language: Option<String>,
    pub interpreter_name: Option<String>,
    pub recorded: bool,
    pub status: InterviewStatus,
    pub notes: Option<String>,
    pub participants: Vec<Attendee>,
    pub interviewers: Vec<Interviewer>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Send it back with a change; a stale one answers 409.
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interviews)]
pub struct InterviewRow {
    pub id: String,
    pub organization_id: String,
    pub template_version_id: String,
    pub kind: String,
    pub scheduled_at: NaiveDateTime,
    pub duration_minutes: Option<i32>,
    pub channel: String,
    pub location: Option<String>,
    pub language: String,
    pub interpreter_language: Option<String>,
    pub interpreter_name: Option<String>,
    pub recorded: bool,
    pub status: String,
    pub notes: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    pub version: i32,
}

impl InterviewRow {
    pub fn status(&self) -> InterviewStatus {
        InterviewStatus::parse(&self.status).unwrap_or(InterviewStatus::Planned)
    }
}

/// An interview the actor may see: all of the organisation's for admins
/// and coordinators; for advisers, those they conduct or planned.
pub fn find(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<InterviewRow, ApiError> {
    let row = interviews::table
        .filter(interviews::organization_id.eq(&actor.organization_id))
        .filter(interviews::id.eq(id))
        .select(InterviewRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such interview"))?;
    if sees_all(actor) || conducts(conn, actor, &row)? {
        Ok(row)
    } else {
        Err(ApiError::not_found("no such interview"))
    }
}

fn sees_all(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Coordinator)
}

fn conducts(conn: &mut DbConnection, actor: &Actor, row: &InterviewRow) -> Result<bool, ApiError> {
    let Some(me) = actor.user_id() else {
        return Ok(false);
    };
    if row.created_by.as_deref() == Some(me) {
        return Ok(true);
    }
    let n: i64 = interviewers::table
        .filter(interviewers::interview_id.eq(&row.id))
        .filter(interviewers::user_id.eq(me))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// (participant id, position, language, attended)
type AttendeeRow = (String, String, i32, Option<String>, bool);

/// Builds the views of several interviews with a fixed number of queries.
fn build(
    conn: &mut DbConnection,
    rows: Vec<InterviewRow>,
    lang: &str,
) -> Result<Vec<Interview>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut people: Vec<AttendeeRow> = attendees::table
        .filter(attendees::interview_id.eq_any(&ids))
        .select((
            attendees::interview_id,
            attendees::participant_id,
            attendees::position,
            attendees::language,
            attendees::attended,
        ))
        .load(conn)?;
    people.sort_by_key(|p| p.2);
    let pids: Vec<String> = people.iter().map(|p| p.1.clone()).collect();
    let names: HashMap<String, Option<String>> = participants::table
        .filter(participants::id.eq_any(&pids))
        .select((participants::id, participants::name))
        .load::<(String, Option<String>)>(conn)?
        .into_iter()
        .collect();
    let recording: HashSet<String> = crate::db::schema::consents::table
        .filter(crate::db::schema::consents::participant_id.eq_any(&pids))
        .filter(
            crate::db::schema::consents::purpose.eq(ConsentPurpose::InterviewRecording.as_str()),
        )
        .filter(crate::db::schema::consents::withdrawn_at.is_null())
        .select(crate::db::schema::consents::participant_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let counts: Vec<(String, String, i64)> = answers::table
        .filter(answers::interview_id.eq_any(&ids))
        .group_by((answers::interview_id, answers::participant_id))
        .select((
            answers::interview_id,
            answers::participant_id,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let staff: Vec<(String, String, String)> = interviewers::table
        .inner_join(users::table.on(users::id.eq(interviewers::user_id)))
        .filter(interviewers::interview_id.eq_any(&ids))
        .order(users::display_name.asc())
        .select((interviewers::interview_id, users::id, users::display_name))
        .load(conn)?;
    let mut version_cache: HashMap<String, (String, i32, String)> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if !version_cache.contains_key(&r.template_version_id) {
            let v =
                templates::load_version_by_id(conn, &r.organization_id, &r.template_version_id)?;
            let title = questionnaires::text_in(&v.content.title, lang).to_string();
            version_cache.insert(
                r.template_version_id.clone(),
                (v.template_id, v.number, title),
            );
        }
        let (tid, number, title) = version_cache
            .get(&r.template_version_id)
            .cloned()
            .unwrap_or_default();
        out.push(Interview {
            template: TemplateRef {
                id: tid,
                version: number,
                title,
            },
            kind: InterviewKind::parse(&r.kind).unwrap_or(InterviewKind::Individual),
            scheduled_at: ids::utc(r.scheduled_at),
            duration_minutes: r.duration_minutes,
            channel: InterviewChannel::parse(&r.channel).unwrap_or(InterviewChannel::InPerson),
            location: r.location.clone(),
            language: r.language.clone(),
            interpreter_language: r.interpreter_language.clone(),
            interpreter_name: r.interpreter_name.clone(),
            recorded: r.recorded,
            status: r.status(),
            notes: r.notes.clone(),
            participants: people
                .iter()
                .filter(|p| p.0 == r.id)
                .map(|p| Attendee {
                    participant_id: p.1.clone(),
                    name: names.get(&p.1).cloned().flatten(),
                    language: p.3.clone(),
                    attended: p.4,
                    answered: counts
                        .iter()
                        .find(|c| c.0 == r.id && c.1 == p.1)
                        .map(|c| c.2)
                        .unwrap_or(0),
                    recording_consent: recording.contains(&p.1),
                })
                .collect(),
            interviewers: staff
                .iter()
                .filter(|s| s.0 == r.id)
                .map(|s| Interviewer {
                    user_id: s.1.clone(),
                    name: s.2.clone(),
                })
                .collect(),
            created_at: ids::utc(r.created_at),
            updated_at: ids::utc(r.updated_at),
            completed_at: r.completed_at.map(ids::utc),
            version: r.version,
            id: r.id,
        });
    }
    Ok(out)
}

fn build_one(
    conn: &mut DbConnection,
    row: InterviewRow,
    lang: &str,
) -> Result<Interview, ApiError> {
    build(conn, vec![row], lang)?
        .pop()
        .ok_or_else(|| ApiError::internal("the interview vanished"))
}

/// Plans an interview with the newest published version of a template.
/// Send an `Idempotency-Key` to make a retry safe.
#[utoipa::path(
    tag = "interviews",
    operation_id = "create_interview",
    security(("bearer" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request return the first answer"),
        LangQuery,
    ),
    request_body = CreateInterviewRequest,
    responses(
        (status = 201, description = "Planned", body = Interview),
        (status = 403, description = "This role may not plan interviews", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Recording without everyone's consent (see `participants`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/interviews")]
async fn create_interview(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<LangQuery>,
    body: ApiJson<CreateInterviewRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Interview)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let key = idempotency::key(&req)?;
    let CreateInterviewRequest {
        template_id,
        fields,
    } = body.into_inner();
    let hash = format!(
        "{:x}",
        <sha2::Sha256 as sha2::Digest>::digest(
            serde_json::json!({"t": template_id, "f": fields}).to_string()
        )
    );
    let (status, value) = state
        .db(move |conn| {
            let (_, actor_id) = actor.audit_identity();
            let scope = key.as_deref().map(|k| idempotency::Scope {
                organization_id: &actor.organization_id,
                actor_id,
                operation: "create_interview",
                key: k,
                request_hash: &hash,
            });
            if let Some(s) = &scope {
                if let Some(stored) = idempotency::replay(conn, s)? {
                    return Ok(stored);
                }
            }
            idempotency::run(conn, |conn| {
                if let Some(s) = &scope {
                    if let Some(stored) = idempotency::replay(conn, s)? {
                        return Ok(stored);
                    }
                }
                let owned: i64 = interview_templates::table
                    .filter(interview_templates::id.eq(&template_id))
                    .filter(interview_templates::organization_id.eq(&actor.organization_id))
                    .count()
                    .get_result(conn)?;
                if owned == 0 {
                    return Err(ApiError::field(
                        "template_id",
                        "unknown",
                        "is not a template of this organisation",
                    ));
                }
                let version = templates::load_versions(conn, &actor.organization_id, &template_id)?
                    .into_iter()
                    .find(|v| v.status == VersionStatus::Published)
                    .ok_or_else(|| {
                        ApiError::field(
                            "template_id",
                            "unpublished",
                            "has no published version yet; publish it first",
                        )
                    })?;
                check_fields(conn, &actor, &fields, &[])?;
                let id = ids::new_id();
                let now = ids::now();
                diesel::insert_into(interviews::table)
                    .values((
                        (
                            interviews::id.eq(&id),
                            interviews::organization_id.eq(&actor.organization_id),
                            interviews::template_version_id.eq(&version.id),
                            interviews::kind.eq(fields.kind.as_str()),
                            interviews::scheduled_at.eq(fields.scheduled_at.naive_utc()),
                            interviews::duration_minutes.eq(fields.duration_minutes),
                            interviews::channel.eq(fields.channel.as_str()),
                            interviews::location.eq(trimmed(&fields.location)),
                            interviews::language.eq(&fields.language),
                            interviews::interpreter_language.eq(&fields.interpreter_language),
                        ),
                        (
                            interviews::interpreter_name.eq(trimmed(&fields.interpreter_name)),
                            interviews::recorded.eq(fields.recorded),
                            interviews::status.eq("planned"),
                            interviews::notes.eq(trimmed(&fields.notes)),
                            interviews::created_by.eq(actor.user_id()),
                            interviews::created_at.eq(now),
                            interviews::updated_at.eq(now),
                            interviews::version.eq(1),
                        ),
                    ))
                    .execute(conn)?;
                write_people(conn, &id, &fields, actor.user_id())?;
                audit::record(conn, &actor, "create", "interview", Some(&id))?;
                let row = find(conn, &actor, &id)?;
                let view = serde_json::to_value(build_one(conn, row, lang)?)
                    .map_err(ApiError::internal)?;
                if let Some(s) = &scope {
                    idempotency::store(conn, s, 201, &view)?;
                }
                Ok((201, view))
            })
        })
        .await?;
    Ok(HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::CREATED),
    )
    .json(value))
}

/// One interview.
#[utoipa::path(
    tag = "interviews",
    operation_id = "get_interview",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id"), LangQuery),
    responses(
        (status = 200, description = "The interview", body = Interview),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This role may not read interviews", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such interview visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interviews/{id}")]
async fn get_interview(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Interview)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "read", "interview");
    let view = state
        .db(move |conn| {
            let row = find(conn, &actor, &id)?;
            build_one(conn, row, lang)
        })
        .await?;
    state.audit.write(read.of(&view.id)).await?;
    Ok(HttpResponse::Ok().json(view))
}

fn current_fields(
    conn: &mut DbConnection,
    row: &InterviewRow,
) -> Result<InterviewFields, ApiError> {
    let people: Vec<(String, Option<String>, bool)> = attendees::table
        .filter(attendees::interview_id.eq(&row.id))
        .order(attendees::position.asc())
        .select((
            attendees::participant_id,
            attendees::language,
            attendees::attended,
        ))
        .load(conn)?;
    let staff: Vec<String> = interviewers::table
        .filter(interviewers::interview_id.eq(&row.id))
        .order(interviewers::user_id.asc())
        .select(interviewers::user_id)
        .load(conn)?;
    Ok(InterviewFields {
        kind: InterviewKind::parse(&row.kind).unwrap_or(InterviewKind::Individual),
        scheduled_at: ids::utc(row.scheduled_at),
        duration_minutes: row.duration_minutes,
        channel: InterviewChannel::parse(&row.channel).unwrap_or(InterviewChannel::InPerson),
        location: row.location.clone(),
        language: row.language.clone(),
        interpreter_language: row.interpreter_language.clone(),
        interpreter_name: row.interpreter_name.clone(),
        recorded: row.recorded,
        notes: row.notes.clone(),
        participants: people
            .into_iter()
            .map(|(participant_id, language, attended)| AttendeeInput {
                participant_id,
                language,
                attended,
            })
            .collect(),
        interviewer_ids: staff,
    })
}

/// A merge patch of an interview's fields with the `version` it is based on.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateInterviewRequest {
    #[schema(minimum = 1)]
    pub version: i32,
    /// `planned`, `cancelled` or `no_show` (`done` only through /complete).
    pub status: Option<InterviewStatus>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub duration_minutes: Option<i32>,
    pub channel: Option<InterviewChannel>,
    pub location: Option<String>,
    pub language: Option<String>,
    pub interpreter_language: Option<String>,
    pub interpreter_name: Option<String>,
    pub recorded: Option<bool>,
    pub notes: Option<String>,
    /// Replaces the list (with who attended).
    pub participants: Option<Vec<AttendeeInput>>,
    pub interviewer_ids: Option<Vec<String>>,
}

/// Changes an interview: a JSON merge patch with the `version`. Marks it
/// cancelled or a no-show, records who attended, turns recording on (with
/// everyone's consent). A done interview only takes changes to its notes.
#[utoipa::path(
    tag = "interviews",
    operation_id = "update_interview",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id"), LangQuery),
    request_body(content = UpdateInterviewRequest, description = "The changed fields and the version"),
    responses(
        (status = 200, description = "Changed", body = Interview),
        (status = 403, description = "This role may not change interviews", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such interview visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, a done interview, or recording without consent", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/interviews/{id}")]
async fn update_interview(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<LangQuery>,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Interview)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let (mut patch, version) = crate::http::patch::patch_and_version(body.into_inner())?;
    let status = match patch.remove("status") {
        None => None,
        Some(v) => Some(serde_json::from_value::<InterviewStatus>(v).map_err(|_| {
            ApiError::field("status", "type", "must be planned, cancelled or no_show")
        })?),
    };
    if status == Some(InterviewStatus::Done) {
        return Err(ApiError::field(
            "status",
            "not_allowed",
            "an interview is completed with POST /interviews/{id}/complete",
        ));
    }
    if patch.contains_key("template_id") {
        return Err(ApiError::field(
            "template_id",
            "not_allowed",
            "the template cannot change after planning; plan a new interview",
        ));
    }
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let row = find(conn, &actor, &id)?;
                if row.version != version {
                    return Err(model::version_conflict(version));
                }
                let before = current_fields(conn, &row)?;
                let mut merged = serde_json::to_value(&before).map_err(ApiError::internal)?;
                crate::http::patch::merge_patch(&mut merged, &Value::Object(patch.clone()));
                let after: InterviewFields = serde_json::from_value(merged)
                    .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
                if row.status() == InterviewStatus::Done
                    && (status.is_some() || patch.keys().any(|k| k != "notes"))
                {
                    return Err(ApiError::conflict(
                        crate::error::ProblemCode::Conflict,
                        "the interview is done; only its notes can change",
                    ));
                }
                let keep: Vec<String> = before
                    .participants
                    .iter()
                    .map(|a| a.participant_id.clone())
                    .collect();
                check_fields(conn, &actor, &after, &keep)?;
                let new_status = status.unwrap_or(row.status());
                let n = diesel::update(
                    interviews::table
                        .filter(interviews::id.eq(&row.id))
                        .filter(interviews::version.eq(version)),
                )
                .set((
                    (
                        interviews::kind.eq(after.kind.as_str()),
                        interviews::scheduled_at.eq(after.scheduled_at.naive_utc()),
                        interviews::duration_minutes.eq(after.duration_minutes),
                        interviews::channel.eq(after.channel.as_str()),
                        interviews::location.eq(trimmed(&after.location)),
                        interviews::language.eq(&after.language),
                        interviews::interpreter_language.eq(&after.interpreter_language),
                        interviews::interpreter_name.eq(trimmed(&after.interpreter_name)),
                    ),
                    (
                        interviews::recorded.eq(after.recorded),
                        interviews::notes.eq(trimmed(&after.notes)),
                        interviews::status.eq(new_status.as_str()),
                        interviews::updated_at.eq(ids::now()),
                        interviews::version.eq(version + 1),
                    ),
                ))
                .execute(conn)?;
                if n != 1 {
                    return Err(model::version_conflict(version));
                }
                if patch.contains_key("participants") || patch.contains_key("interviewer_ids") {
                    let mut f = after.clone();
                    if f.interviewer_ids.is_empty() {
                        f.interviewer_ids = before.interviewer_ids.clone();
                    }
                    write_people(conn, &row.id, &f, actor.user_id())?;
                    // Answers of someone no longer in the interview go with them.
                    let ids: Vec<String> = f
                        .participants
                        .iter()
                        .map(|a| a.participant_id.clone())
                        .collect();
                    diesel::delete(
                        answers::table
                            .filter(answers::interview_id.eq(&row.id))
                            .filter(answers::participant_id.ne_all(&ids)),
                    )
                    .execute(conn)?;
                }
                audit::record(conn, &actor, "update", "interview", Some(&row.id))?;
                let row = find(conn, &actor, &row.id)?;
                build_one(conn, row, lang)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
