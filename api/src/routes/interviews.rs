//! `/interviews`: individual and group interviews with a published template
//! version, their answers (saved as they are entered), completion, and the
//! profile updates the answers suggest, applied only when confirmed.

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
use crate::http::ApiJson;
use crate::idempotency;
use crate::ids;
use crate::pagination::{self, Page};
use crate::participants::{self as model, Participant, ParticipantStatus, View};
use crate::policy::{Action, Resource, Role};
use crate::questionnaires::{self, ProfileField, QuestionType, TemplateContent};
use crate::routes::interview_templates::{self as templates, VersionStatus};
use crate::routes::participant_skills::LangQuery;
use crate::routes::participants::visible;
use crate::routes::skills::{language, refs, ConceptRef};
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

fn language_code(errors: &mut Vec<FieldError>, field: &str, code: &str) {
    if !codes::languages().contains_key(code) {
        errors.push(FieldError {
            field: field.into(),
            code: "language".into(),
            message: "is not a code of the languages code list".into(),
        });
    }
}

fn too_long(errors: &mut Vec<FieldError>, field: &str, value: &Option<String>, max: usize) {
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        errors.push(FieldError {
            field: field.into(),
            code: "length".into(),
            message: format!("must be at most {max} characters"),
        });
    }
}

/// Checks the fields and the people named in them; returns the participants.
fn check_fields(
    conn: &mut DbConnection,
    actor: &Actor,
    f: &InterviewFields,
    keep: &[String],
) -> Result<Vec<Participant>, ApiError> {
    let mut errors = Vec::new();
    let field = |errors: &mut Vec<FieldError>, name: &str, code: &str, message: &str| {
        errors.push(FieldError {
            field: name.into(),
            code: code.into(),
            message: message.into(),
        })
    };
    if f.duration_minutes.is_some_and(|d| !(5..=600).contains(&d)) {
        field(
            &mut errors,
            "duration_minutes",
            "range",
            "must be 5 to 600 minutes",
        );
    }
    language_code(&mut errors, "language", &f.language);
    if let Some(l) = &f.interpreter_language {
        language_code(&mut errors, "interpreter_language", l);
    }
    too_long(&mut errors, "location", &f.location, 200);
    too_long(&mut errors, "interpreter_name", &f.interpreter_name, 200);
    too_long(&mut errors, "notes", &f.notes, 5000);
    match (f.kind, f.participants.len()) {
        (_, 0) => field(
            &mut errors,
            "participants",
            "required",
            "name at least one participant",
        ),
        (InterviewKind::Individual, n) if n > 1 => field(
            &mut errors,
            "participants",
            "length",
            "an individual interview has one participant; make it a group interview",
        ),
        (InterviewKind::Group, 1) => field(
            &mut errors,
            "participants",
            "length",
            "a group interview has at least two participants",
        ),
        (_, n) if n > MAX_PARTICIPANTS => field(
            &mut errors,
            "participants",
            "length",
            &format!("at most {MAX_PARTICIPANTS} people"),
        ),
        _ => {}
    }
    let mut seen = HashSet::new();
    let mut people = Vec::new();
    for (i, a) in f.participants.iter().enumerate() {
        if let Some(l) = &a.language {
            language_code(&mut errors, &format!("participants[{i}].language"), l);
        }
        if !seen.insert(a.participant_id.as_str()) {
            field(
                &mut errors,
                &format!("participants[{i}].participant_id"),
                "duplicate",
                "is listed twice",
            );
            continue;
        }
        match visible(conn, actor, &a.participant_id) {
            Ok((p, _)) if p.status() == ParticipantStatus::Active || keep.contains(&p.row.id) => {
                people.push(p)
            }
            Ok(_) => field(
                &mut errors,
                &format!("participants[{i}].participant_id"),
                "archived",
                "is archived; restore the person first",
            ),
            Err(_) => field(
                &mut errors,
                &format!("participants[{i}].participant_id"),
                "unknown",
                "is not a participant you can see",
            ),
        }
    }
    let mut staff = HashSet::new();
    for (i, uid) in f.interviewer_ids.iter().enumerate() {
        if !staff.insert(uid.as_str()) {
            field(
                &mut errors,
                &format!("interviewer_ids[{i}]"),
                "duplicate",
                "is listed twice",
            );
            continue;
        }
        let role: Option<String> = memberships::table
            .filter(memberships::organization_id.eq(&actor.organization_id))
            .filter(memberships::user_id.eq(uid))
            .select(memberships::role)
            .first(conn)
            .optional()?;
        match role.as_deref().and_then(Role::parse) {
            Some(Role::Admin | Role::Coordinator | Role::Adviser) => {}
            Some(_) => field(
                &mut errors,
                &format!("interviewer_ids[{i}]"),
                "role",
                "interviewers are admins, coordinators or advisers",
            ),
            None => field(
                &mut errors,
                &format!("interviewer_ids[{i}]"),
                "unknown",
                "is not a member of this organisation",
            ),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if f.recorded {
        require_recording_consent(f, &people)?;
    }
    Ok(people)
}

/// Recording needs every present participant's consent: 409 naming who lacks it.
fn require_recording_consent(f: &InterviewFields, people: &[Participant]) -> Result<(), ApiError> {
    let missing: Vec<String> = f
        .participants
        .iter()
        .filter(|a| a.attended)
        .filter_map(|a| people.iter().find(|p| p.row.id == a.participant_id))
        .filter(|p| {
            !p.active_consents
                .contains(&ConsentPurpose::InterviewRecording)
        })
        .map(|p| p.row.id.clone())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing
        .iter()
        .filter_map(|id| people.iter().find(|p| &p.row.id == id))
        .map(|p| p.row.name.clone().unwrap_or_else(|| p.row.id.clone()))
        .collect();
    Err(ApiError::ConsentMissing {
        detail: format!(
            "recording needs the `interview_recording` consent of everyone present; missing for: {}",
            names.join(", ")
        ),
        participants: missing,
    })
}

fn write_people(
    conn: &mut DbConnection,
    interview: &str,
    f: &InterviewFields,
    creator: Option<&str>,
) -> Result<(), ApiError> {
    diesel::delete(attendees::table.filter(attendees::interview_id.eq(interview))).execute(conn)?;
    for (i, a) in f.participants.iter().enumerate() {
        diesel::insert_into(attendees::table)
            .values((
                attendees::interview_id.eq(interview),
                attendees::participant_id.eq(&a.participant_id),
                attendees::position.eq(i as i32),
                attendees::language.eq(&a.language),
                attendees::attended.eq(a.attended),
            ))
            .execute(conn)?;
    }
    diesel::delete(interviewers::table.filter(interviewers::interview_id.eq(interview)))
        .execute(conn)?;
    let mut staff: Vec<&str> = f.interviewer_ids.iter().map(String::as_str).collect();
    if staff.is_empty() {
        staff.extend(creator);
    }
    for uid in staff {
        diesel::insert_into(interviewers::table)
            .values((
                interviewers::interview_id.eq(interview),
                interviewers::user_id.eq(uid),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Filters and paging of the interview list.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct InterviewListQuery {
    pub status: Option<InterviewStatus>,
    /// Scheduled at or after.
    pub from: Option<DateTime<Utc>>,
    /// Scheduled before.
    pub to: Option<DateTime<Utc>>,
    /// Only interviews with this participant.
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub participant_id: Option<String>,
    /// Only interviews with this template (any version).
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub template_id: Option<String>,
    /// 1–100, default 50.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    #[param(max_length = 200)]
    #[validate(length(max = 200))]
    pub cursor: Option<String>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

/// Interviews, the latest scheduled first. Advisers see the ones they conduct or planned.
#[utoipa::path(
    tag = "interviews",
    operation_id = "list_interviews",
    security(("bearer" = [])),
    params(InterviewListQuery),
    responses(
        (status = 200, description = "A page of interviews", body = Page<Interview>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This role may not list interviews", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interviews")]
async fn list_interviews(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<InterviewListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Interview)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let (limit, after) = pagination::parse(query.limit, query.cursor.as_deref())?;
    let q = query.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "interview");
    let page = state
        .db(move |conn| {
            let mut sql = interviews::table
                .filter(interviews::organization_id.eq(&actor.organization_id))
                .select(InterviewRow::as_select())
                .into_boxed();
            if !sees_all(&actor) {
                let me = actor.user_id().unwrap_or("").to_string();
                let mine = interviewers::table
                    .filter(interviewers::user_id.eq(me.clone()))
                    .select(interviewers::interview_id);
                sql = sql.filter(
                    interviews::created_by
                        .eq(me)
                        .or(interviews::id.eq_any(mine)),
                );
            }
            if let Some(s) = q.status {
                sql = sql.filter(interviews::status.eq(s.as_str()));
            }
            if let Some(from) = q.from {
                sql = sql.filter(interviews::scheduled_at.ge(from.naive_utc()));
            }
            if let Some(to) = q.to {
                sql = sql.filter(interviews::scheduled_at.lt(to.naive_utc()));
            }
            if let Some(pid) = &q.participant_id {
                let with = attendees::table
                    .filter(attendees::participant_id.eq(pid.clone()))
                    .select(attendees::interview_id);
                sql = sql.filter(interviews::id.eq_any(with));
            }
            if let Some(tid) = &q.template_id {
                let versions = crate::db::schema::interview_template_versions::table
                    .filter(
                        crate::db::schema::interview_template_versions::template_id.eq(tid.clone()),
                    )
                    .select(crate::db::schema::interview_template_versions::id);
                sql = sql.filter(interviews::template_version_id.eq_any(versions));
            }
            if let Some(after) = &after {
                let at: Option<NaiveDateTime> = interviews::table
                    .filter(interviews::id.eq(after))
                    .filter(interviews::organization_id.eq(&actor.organization_id))
                    .select(interviews::scheduled_at)
                    .first(conn)
                    .optional()?;
                let at = at.ok_or_else(|| {
                    ApiError::field("cursor", "invalid", "is not a cursor this server gave out")
                })?;
                sql = sql.filter(
                    interviews::scheduled_at.lt(at).or(interviews::scheduled_at
                        .eq(at)
                        .and(interviews::id.lt(after.clone()))),
                );
            }
            let rows: Vec<InterviewRow> = sql
                .order((interviews::scheduled_at.desc(), interviews::id.desc()))
                .limit(limit + 1)
                .load(conn)?;
            let more = rows.len() as i64 > limit;
            let mut rows = rows;
            rows.truncate(limit as usize);
            let last = rows.last().map(|r| r.id.clone());
            let items = build(conn, rows, lang)?;
            Ok(Page {
                items,
                next_cursor: last.filter(|_| more).map(|id| pagination::encode(&id)),
            })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
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
    let (mut patch, version) = crate::routes::participants::patch_and_version(body.into_inner())?;
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
                crate::routes::participants::merge_patch(
                    &mut merged,
                    &Value::Object(patch.clone()),
                );
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

/// One stored answer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Answer {
    pub participant_id: String,
    pub question_id: String,
    /// Shaped by the question's type (see `QuestionType`).
    pub value: Value,
    pub updated_at: DateTime<Utc>,
}

/// An answer to save; `value: null` clears it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AnswerInput {
    pub participant_id: String,
    pub question_id: String,
    pub value: Value,
}

/// Answers to save together (all or none).
#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveAnswersRequest {
    /// 1 to 500 answers.
    #[schema(min_items = 1, max_items = 500)]
    pub answers: Vec<AnswerInput>,
}

/// The answers saved so far (all participants).
#[utoipa::path(
    tag = "interviews",
    operation_id = "list_interview_answers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id")),
    responses(
        (status = 200, description = "The answers", body = Vec<Answer>),
        (status = 403, description = "This role may not read interviews", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such interview visible to you", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interviews/{id}/answers")]
async fn list_answers(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Interview)?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "interview_answer");
    let (interview, list) = state
        .db(move |conn| {
            let row = find(conn, &actor, &id)?;
            Ok((row.id.clone(), load_answers(conn, &row.id)?))
        })
        .await?;
    state.audit.write(read.of(interview)).await?;
    Ok(HttpResponse::Ok().json(list))
}

fn load_answers(conn: &mut DbConnection, interview: &str) -> Result<Vec<Answer>, ApiError> {
    let rows: Vec<(String, String, String, NaiveDateTime)> = answers::table
        .filter(answers::interview_id.eq(interview))
        .order((answers::participant_id.asc(), answers::question_id.asc()))
        .select((
            answers::participant_id,
            answers::question_id,
            answers::value,
            answers::updated_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(participant_id, question_id, value, at)| {
            Ok(Answer {
                participant_id,
                question_id,
                value: serde_json::from_str(&value).map_err(ApiError::internal)?,
                updated_at: ids::utc(at),
            })
        })
        .collect()
}

/// The participants present at an interview, in their order.
fn present(conn: &mut DbConnection, interview: &str) -> Result<Vec<String>, ApiError> {
    Ok(attendees::table
        .filter(attendees::interview_id.eq(interview))
        .filter(attendees::attended.eq(true))
        .order(attendees::position.asc())
        .select(attendees::participant_id)
        .load(conn)?)
}

fn template_of(conn: &mut DbConnection, row: &InterviewRow) -> Result<TemplateContent, ApiError> {
    Ok(
        templates::load_version_by_id(conn, &row.organization_id, &row.template_version_id)?
            .content,
    )
}

fn refuse_closed(row: &InterviewRow) -> Result<(), ApiError> {
    if row.status() == InterviewStatus::Planned {
        Ok(())
    } else {
        Err(ApiError::conflict(
            crate::error::ProblemCode::Conflict,
            format!(
                "the interview is {}; answers can change only while it is planned",
                row.status().as_str()
            ),
        ))
    }
}

/// Saves answers as they are entered (a PUT per field or a batch). Each is
/// checked against its question's type and options; any invalid answer
/// refuses the whole batch with a 422 per field.
#[utoipa::path(
    tag = "interviews",
    operation_id = "save_interview_answers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id")),
    request_body = SaveAnswersRequest,
    responses(
        (status = 200, description = "The saved answers (cleared ones left out)", body = Vec<Answer>),
        (status = 403, description = "This role may not change interviews", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such interview visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The interview is no longer planned, or a participant has no profile consent", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/interviews/{id}/answers")]
async fn save_answers(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<SaveAnswersRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Interview)?;
    let input = body.into_inner().answers;
    if input.is_empty() || input.len() > 500 {
        return Err(ApiError::field(
            "answers",
            "length",
            "send 1 to 500 answers",
        ));
    }
    let id = id.into_inner();
    let saved = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let row = find(conn, &actor, &id)?;
                refuse_closed(&row)?;
                let content = template_of(conn, &row)?;
                let present = present(conn, &row.id)?;
                let mut errors = Vec::new();
                let mut checked = Vec::new();
                for (i, a) in input.iter().enumerate() {
                    let f = |name: &str| format!("answers[{i}].{name}");
                    if !present.contains(&a.participant_id) {
                        errors.push(FieldError {
                            field: f("participant_id"),
                            code: "not_present".into(),
                            message: "is not a participant present at this interview".into(),
                        });
                        continue;
                    }
                    let Some(q) = content.question(&a.question_id) else {
                        errors.push(FieldError {
                            field: f("question_id"),
                            code: "unknown".into(),
                            message: "is not a question of this interview's template version"
                                .into(),
                        });
                        continue;
                    };
                    if a.value.is_null() {
                        checked.push((a, None));
                        continue;
                    }
                    match questionnaires::check_answer(q, &a.value) {
                        Ok(v) => {
                            if q.kind == QuestionType::Skill {
                                let uris = questionnaires::skill_uris(&v);
                                let known: Vec<String> = taxonomy_concepts::table
                                    .filter(taxonomy_concepts::uri.eq_any(&uris))
                                    .filter(taxonomy_concepts::kind.ne("occupation"))
                                    .select(taxonomy_concepts::uri)
                                    .load(conn)?;
                                if let Some(bad) = uris.iter().find(|u| !known.contains(u)) {
                                    errors.push(FieldError {
                                        field: f("value"),
                                        code: "unknown_skill".into(),
                                        message: format!("`{bad}` is not a skill in the taxonomy"),
                                    });
                                    continue;
                                }
                            }
                            checked.push((a, Some(v)))
                        }
                        Err((code, message)) => errors.push(FieldError {
                            field: f("value"),
                            code: code.into(),
                            message,
                        }),
                    }
                }
                if !errors.is_empty() {
                    return Err(ApiError::Validation(errors));
                }
                let people: HashSet<&str> = checked
                    .iter()
                    .map(|(a, _)| a.participant_id.as_str())
                    .collect();
                let mut missing = Vec::new();
                for pid in people {
                    let p = model::find(conn, &actor.organization_id, pid)?;
                    if !p
                        .active_consents
                        .contains(&ConsentPurpose::ProfileProcessing)
                    {
                        missing.push(p.row.id.clone());
                    }
                }
                if !missing.is_empty() {
                    missing.sort();
                    return Err(ApiError::ConsentMissing {
                        detail: "saving answers needs the person's `profile_processing` consent"
                            .into(),
                        participants: missing,
                    });
                }
                let now = ids::now();
                let mut out = Vec::new();
                for (a, v) in checked {
                    diesel::delete(
                        answers::table
                            .filter(answers::interview_id.eq(&row.id))
                            .filter(answers::participant_id.eq(&a.participant_id))
                            .filter(answers::question_id.eq(&a.question_id)),
                    )
                    .execute(conn)?;
                    if let Some(v) = v {
                        diesel::insert_into(answers::table)
                            .values((
                                answers::interview_id.eq(&row.id),
                                answers::participant_id.eq(&a.participant_id),
                                answers::question_id.eq(&a.question_id),
                                answers::value.eq(v.to_string()),
                                answers::updated_by.eq(actor.user_id()),
                                answers::updated_at.eq(now),
                            ))
                            .execute(conn)?;
                        out.push(Answer {
                            participant_id: a.participant_id.clone(),
                            question_id: a.question_id.clone(),
                            value: v,
                            updated_at: ids::utc(now),
                        });
                    }
                }
                diesel::update(interviews::table.find(&row.id))
                    .set(interviews::updated_at.eq(now))
                    .execute(conn)?;
                audit::record(conn, &actor, "update", "interview_answer", Some(&row.id))?;
                Ok(out)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// The interview's version, to complete it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CompleteRequest {
    #[schema(minimum = 1)]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub version: i32,
}

/// Marks the interview done. Every present participant must have answered
/// every required question: otherwise 422 with one error per missing
/// answer, as `answers[<participant id>].<question id>`.
#[utoipa::path(
    tag = "interviews",
    operation_id = "complete_interview",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id"), LangQuery),
    request_body = CompleteRequest,
    responses(
        (status = 200, description = "Done", body = Interview),
        (status = 403, description = "This role may not change interviews", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such interview visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or not planned", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/interviews/{id}/complete")]
async fn complete_interview(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<LangQuery>,
    body: ApiJson<CompleteRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Interview)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let version = body.into_inner().version;
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let row = find(conn, &actor, &id)?;
                if row.version != version {
                    return Err(model::version_conflict(version));
                }
                refuse_closed(&row)?;
                let content = template_of(conn, &row)?;
                let present = present(conn, &row.id)?;
                if present.is_empty() {
                    return Err(ApiError::field(
                        "participants",
                        "none_present",
                        "nobody attended; mark the interview as a no-show instead",
                    ));
                }
                let given: HashSet<(String, String)> = answers::table
                    .filter(answers::interview_id.eq(&row.id))
                    .select((answers::participant_id, answers::question_id))
                    .load::<(String, String)>(conn)?
                    .into_iter()
                    .collect();
                let mut errors = Vec::new();
                for pid in &present {
                    for (_, q) in content.questions().filter(|(_, q)| q.required) {
                        if !given.contains(&(pid.clone(), q.id.clone())) {
                            errors.push(FieldError {
                                field: format!("answers[{pid}].{}", q.id),
                                code: "required".into(),
                                message: format!(
                                    "“{}” is required",
                                    questionnaires::text_in(&q.text, "en")
                                ),
                            });
                        }
                    }
                }
                if !errors.is_empty() {
                    return Err(ApiError::Validation(errors));
                }
                let now = ids::now();
                diesel::update(interviews::table.find(&row.id))
                    .set((
                        interviews::status.eq("done"),
                        interviews::completed_at.eq(Some(now)),
                        interviews::updated_at.eq(now),
                        interviews::version.eq(version + 1),
                    ))
                    .execute(conn)?;
                audit::record(conn, &actor, "complete", "interview", Some(&row.id))?;
                let row = find(conn, &actor, &row.id)?;
                build_one(conn, row, lang)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// What a proposed profile update does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UpdateKind {
    /// Add a skill (evidence `interview`).
    AddSkill,
    /// Add a language with its level.
    AddLanguage,
    /// Change the level of a language the profile has.
    ChangeLanguageLevel,
    /// Add a need.
    AddNeed,
}

/// A change to a participant's profile that the answers suggest; nothing
/// changes until the interviewer confirms it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProfileUpdate {
    /// Send it back to confirm, e.g. `skill|<participant>|<uri>`.
    pub id: String,
    pub kind: UpdateKind,
    pub participant_id: String,
    pub participant_name: Option<String>,
    /// The question whose answer suggests it.
    pub question_id: String,
    pub skill: Option<ConceptRef>,
    pub skill_level: Option<SkillLevel>,
    /// A `languages` code.
    pub language: Option<String>,
    pub language_level: Option<LanguageLevel>,
    /// For `change_language_level`: the level in the profile now.
    pub current_language_level: Option<LanguageLevel>,
    pub need: Option<Need>,
}

fn proposals(
    conn: &mut DbConnection,
    row: &InterviewRow,
    lang: &str,
) -> Result<Vec<ProfileUpdate>, ApiError> {
    let content = template_of(conn, row)?;
    let present = present(conn, &row.id)?;
    let given = load_answers(conn, &row.id)?;
    let mut out: Vec<ProfileUpdate> = Vec::new();
    let mut uris = Vec::new();
    for pid in &present {
        let p = model::find(conn, &row.organization_id, pid)?;
        if p.status() == ParticipantStatus::Erased {
            continue;
        }
        let held: Vec<String> = participant_skills::table
            .filter(participant_skills::participant_id.eq(pid))
            .select(participant_skills::skill_uri)
            .load(conn)?;
        let base = |kind, q: &str, id: String| ProfileUpdate {
            id,
            kind,
            participant_id: pid.clone(),
            participant_name: p.row.name.clone(),
            question_id: q.to_string(),
            skill: None,
            skill_level: None,
            language: None,
            language_level: None,
            current_language_level: None,
            need: None,
        };
        for a in given.iter().filter(|a| &a.participant_id == pid) {
            let Some(q) = content.question(&a.question_id) else {
                continue;
            };
            match q.kind {
                QuestionType::Skill => {
                    for item in a.value.as_array().into_iter().flatten() {
                        let uri = item.get("skill_uri").and_then(Value::as_str).unwrap_or("");
                        let level = item
                            .get("level")
                            .and_then(Value::as_str)
                            .and_then(SkillLevel::parse);
                        let id = format!("skill|{pid}|{uri}");
                        if held.iter().any(|h| h == uri) || out.iter().any(|u| u.id == id) {
                            continue;
                        }
                        uris.push(uri.to_string());
                        let mut u = base(UpdateKind::AddSkill, &q.id, id);
                        u.skill = Some(ConceptRef {
                            uri: uri.to_string(),
                            kind: crate::routes::skills::ConceptKind::Skill,
                            label: uri.to_string(),
                            status: "released".into(),
                        });
                        u.skill_level = level;
                        out.push(u);
                    }
                }
                QuestionType::Language => {
                    for item in a.value.as_array().into_iter().flatten() {
                        let code = item.get("language").and_then(Value::as_str).unwrap_or("");
                        let Some(level) = item
                            .get("level")
                            .and_then(Value::as_str)
                            .and_then(LanguageLevel::parse)
                        else {
                            continue;
                        };
                        let id = format!("language|{pid}|{code}");
                        if out.iter().any(|u| u.id == id) {
                            continue;
                        }
                        let current = p.languages.iter().find(|l| l.language == code);
                        let kind = match current {
                            None => UpdateKind::AddLanguage,
                            Some(c) if c.level != level => UpdateKind::ChangeLanguageLevel,
                            Some(_) => continue,
                        };
                        let mut u = base(kind, &q.id, id);
                        u.language = Some(code.to_string());
                        u.language_level = Some(level);
                        u.current_language_level = current.map(|c| c.level);
                        out.push(u);
                    }
                }
                QuestionType::SingleChoice | QuestionType::MultiChoice
                    if q.profile_field == Some(ProfileField::Needs) =>
                {
                    let values: Vec<&str> = match &a.value {
                        Value::String(s) => vec![s.as_str()],
                        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                        _ => vec![],
                    };
                    for v in values {
                        let Some(need) = Need::parse(v) else { continue };
                        let id = format!("need|{pid}|{v}");
                        if p.needs.contains(&need) || out.iter().any(|u| u.id == id) {
                            continue;
                        }
                        let mut u = base(UpdateKind::AddNeed, &q.id, id);
                        u.need = Some(need);
                        out.push(u);
                    }
                }
                _ => {}
            }
        }
    }
    let labelled = refs(conn, uris, lang)?;
    for u in &mut out {
        if let Some(s) = &mut u.skill {
            if let Some(r) = labelled.iter().find(|r| r.uri == s.uri) {
                *s = r.clone();
            }
        }
    }
    Ok(out)
}

/// The profile updates the answers suggest (skills and languages from skill
/// and language questions, needs from need questions), to show to the
/// interviewer for confirmation. What the profile already has is left out.
#[utoipa::path(
    tag = "interviews",
    operation_id = "list_interview_profile_updates",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id"), LangQuery),
    responses(
        (status = 200, description = "Suggested updates", body = Vec<ProfileUpdate>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This role may not read interviews", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such interview visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interviews/{id}/profile-updates")]
async fn list_profile_updates(
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
    let list = state
        .db(move |conn| {
            let row = find(conn, &actor, &id)?;
            proposals(conn, &row, lang)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The suggested updates the interviewer confirmed.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplyUpdatesRequest {
    /// Ids from GET …/profile-updates.
    #[schema(min_items = 1, max_items = 500)]
    pub accept: Vec<String>,
}

/// Applies the confirmed updates to the participants' profiles (once the
/// interview is done); the rest stay suggestions.
#[utoipa::path(
    tag = "interviews",
    operation_id = "apply_interview_profile_updates",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id"), LangQuery),
    request_body = ApplyUpdatesRequest,
    responses(
        (status = 200, description = "The updates applied", body = Vec<ProfileUpdate>),
        (status = 403, description = "This role may not change these profiles", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such interview visible to you", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The interview is not done, or a participant has no profile consent", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/interviews/{id}/profile-updates")]
async fn apply_profile_updates(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<LangQuery>,
    body: ApiJson<ApplyUpdatesRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Interview)?;
    actor.require(Action::Update, Resource::Participant)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let accept = body.into_inner().accept;
    if accept.is_empty() || accept.len() > 500 {
        return Err(ApiError::field(
            "accept",
            "length",
            "confirm 1 to 500 updates",
        ));
    }
    let id = id.into_inner();
    let applied = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let row = find(conn, &actor, &id)?;
                if row.status() != InterviewStatus::Done {
                    return Err(ApiError::conflict(
                        crate::error::ProblemCode::Conflict,
                        "complete the interview first: its answers can still change",
                    ));
                }
                let all = proposals(conn, &row, lang)?;
                let mut errors = Vec::new();
                let mut chosen = Vec::new();
                for (i, a) in accept.iter().enumerate() {
                    match all.iter().find(|u| &u.id == a) {
                        Some(u) if !chosen.iter().any(|c: &ProfileUpdate| c.id == u.id) => chosen.push(u.clone()),
                        Some(_) => {}
                        None => errors.push(FieldError {
                            field: format!("accept[{i}]"),
                            code: "unknown".into(),
                            message: "is not a pending suggestion (already applied, or the answer changed)".into(),
                        }),
                    }
                }
                if !errors.is_empty() {
                    return Err(ApiError::Validation(errors));
                }
                let mut people: Vec<String> = chosen.iter().map(|u| u.participant_id.clone()).collect();
                people.sort();
                people.dedup();
                let mut missing = Vec::new();
                for pid in &people {
                    let (p, view) = visible(conn, &actor, pid)?;
                    if !matches!(view, View::Full | View::Limited) {
                        return Err(ApiError::forbidden("you may not change this person's profile"));
                    }
                    if !p.active_consents.contains(&ConsentPurpose::ProfileProcessing) {
                        missing.push(pid.clone());
                    }
                }
                if !missing.is_empty() {
                    return Err(ApiError::ConsentMissing {
                        detail: "changing a profile needs the person's `profile_processing` consent".into(),
                        participants: missing,
                    });
                }
                let now = ids::now();
                for u in &chosen {
                    match u.kind {
                        UpdateKind::AddSkill => {
                            let Some(skill) = &u.skill else { continue };
                            diesel::insert_into(participant_skills::table)
                                .values((
                                    participant_skills::id.eq(ids::new_id()),
                                    participant_skills::participant_id.eq(&u.participant_id),
                                    participant_skills::skill_uri.eq(&skill.uri),
                                    participant_skills::level.eq(u.skill_level.unwrap_or(SkillLevel::Basic).as_str()),
                                    participant_skills::evidence.eq(SkillEvidence::Interview.as_str()),
                                    participant_skills::last_confirmed.eq(Some(now.date())),
                                    participant_skills::created_at.eq(now),
                                    participant_skills::updated_at.eq(now),
                                    participant_skills::version.eq(1),
                                ))
                                .execute(conn)?;
                        }
                        UpdateKind::AddLanguage | UpdateKind::ChangeLanguageLevel => {
                            let (Some(code), Some(level)) = (&u.language, u.language_level) else { continue };
                            diesel::delete(
                                participant_languages::table
                                    .filter(participant_languages::participant_id.eq(&u.participant_id))
                                    .filter(participant_languages::language.eq(code)),
                            )
                            .execute(conn)?;
                            diesel::insert_into(participant_languages::table)
                                .values((
                                    participant_languages::participant_id.eq(&u.participant_id),
                                    participant_languages::language.eq(code),
                                    participant_languages::level.eq(level.as_str()),
                                ))
                                .execute(conn)?;
                        }
                        UpdateKind::AddNeed => {
                            let Some(need) = u.need else { continue };
                            diesel::insert_into(participant_needs::table)
                                .values((
                                    participant_needs::participant_id.eq(&u.participant_id),
                                    participant_needs::need.eq(need.as_str()),
                                ))
                                .execute(conn)?;
                        }
                    }
                }
                for pid in &people {
                    diesel::update(participants::table.find(pid))
                        .set((
                            participants::updated_at.eq(now),
                            participants::version.eq(participants::version + 1),
                        ))
                        .execute(conn)?;
                    audit::record(conn, &actor, "update_from_interview", "participant", Some(pid))?;
                }
                Ok(chosen)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(applied))
}

/// The answers one participant gave, per interview (for the GDPR export).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportedInterview {
    pub interview_id: String,
    pub scheduled_at: DateTime<Utc>,
    pub status: InterviewStatus,
    pub template_title: String,
    /// Question text (English, else any) → answer.
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, Value>,
}

/// Every interview answer held on a person.
pub fn export_for(
    conn: &mut DbConnection,
    org: &str,
    pid: &str,
) -> Result<Vec<ExportedInterview>, ApiError> {
    let rows: Vec<InterviewRow> = interviews::table
        .inner_join(attendees::table)
        .filter(attendees::participant_id.eq(pid))
        .filter(interviews::organization_id.eq(org))
        .order(interviews::scheduled_at.asc())
        .select(InterviewRow::as_select())
        .load(conn)?;
    let mut out = Vec::new();
    for r in rows {
        let content = template_of(conn, &r)?;
        let given: Vec<(String, String)> = answers::table
            .filter(answers::interview_id.eq(&r.id))
            .filter(answers::participant_id.eq(pid))
            .select((answers::question_id, answers::value))
            .load(conn)?;
        let mut map = BTreeMap::new();
        for (qid, v) in given {
            let key = content
                .question(&qid)
                .map(|q| questionnaires::text_in(&q.text, "en").to_string())
                .unwrap_or(qid);
            map.insert(key, serde_json::from_str(&v).unwrap_or(Value::Null));
        }
        out.push(ExportedInterview {
            scheduled_at: ids::utc(r.scheduled_at),
            status: r.status(),
            template_title: questionnaires::text_in(&content.title, "en").to_string(),
            answers: map,
            interview_id: r.id,
        });
    }
    Ok(out)
}
