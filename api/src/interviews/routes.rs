//! `/interviews`: planning, reading and changing interviews, their answers
//! (saved as they are entered), completion, and the profile updates the
//! answers suggest, applied only when confirmed.

use actix_web::{get, patch, post, put, web, HttpRequest, HttpResponse};
use diesel::Connection;
use serde_json::Value;
use validator::Validate;

use super::json::{
    Answer, ApplyUpdatesRequest, CompleteRequest, CreateInterviewRequest, Interview,
    InterviewListQuery, ProfileUpdate, SaveAnswersRequest, UpdateInterviewRequest,
};
use super::{access, answers, checks, list, model, profile_updates};
use crate::audit;
use crate::auth::Actor;
use crate::codes::InterviewStatus;
use crate::error::{ApiError, Problem};
use crate::http::params::{language, Lang, LangQuery};
use crate::http::ApiJson;
use crate::idempotency;
use crate::pagination::{Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

/// Interviews, the latest scheduled first. Advisers see the ones they conduct or planned.
#[utoipa::path(
    tag = "interviews",
    operation_id = "list_interviews",
    security(("bearer" = [])),
    params(InterviewListQuery),
    responses(
        (status = 200, description = "A page of interviews", body = Page<Interview>),
    )
)]
#[get("/interviews")]
pub(super) async fn list_interviews(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<InterviewListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Interview)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), list::ORDER)?;
    let q = query.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "interview");
    let page = state
        .db(move |conn| list::page(conn, &actor, &q, &request, lang))
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
        (status = 409, description = "Recording without everyone's consent (see `participants`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/interviews")]
pub(super) async fn create_interview(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    lang: Lang,
    body: ApiJson<CreateInterviewRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::Interview)?;
    let lang = lang.pick()?;
    let key = idempotency::key(&req)?;
    let CreateInterviewRequest {
        template_id,
        fields,
    } = body.into_inner();
    let hash = idempotency::request_hash(&(&template_id, &fields));
    let (status, value) = state
        .db(move |conn| {
            let scope = key.as_deref().map(|k| idempotency::Scope {
                organization_id: &actor.organization_id,
                actor_id: actor.audit_identity().1,
                operation: "create_interview",
                key: k,
                request_hash: &hash,
            });
            idempotency::create_once(
                conn,
                scope.as_ref(),
                |_| Ok(()),
                |conn| {
                    let org = &actor.organization_id;
                    let version = model::published_version(conn, org, &template_id)?;
                    checks::check_fields(conn, &actor, &fields, &[])?;
                    let id = model::insert(conn, org, &version.id, &fields, actor.user_id())?;
                    audit::record(conn, &actor, "create", "interview", Some(&id))?;
                    let row = access::find(conn, &actor, &id)?;
                    model::build_one(conn, row, lang)
                },
            )
        })
        .await?;
    Ok(idempotency::created(status).json(value))
}

/// One interview.
#[utoipa::path(
    tag = "interviews",
    operation_id = "get_interview",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id"), LangQuery),
    responses(
        (status = 200, description = "The interview", body = Interview),
    )
)]
#[get("/interviews/{id}")]
pub(super) async fn get_interview(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Interview)?;
    let lang = lang.pick()?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "read", "interview");
    let view = state
        .db(move |conn| {
            let row = access::find(conn, &actor, &id)?;
            model::build_one(conn, row, lang)
        })
        .await?;
    state.audit.write(read.of(&view.id)).await?;
    Ok(HttpResponse::Ok().json(view))
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
        (status = 409, description = "Stale version, a done interview, or recording without consent", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/interviews/{id}")]
pub(super) async fn update_interview(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
    body: ApiJson<Value>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Interview)?;
    let lang = lang.pick()?;
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
                let row = access::find(conn, &actor, &id)?;
                model::update(conn, &actor, &row, version, status, &patch)?;
                audit::record(conn, &actor, "update", "interview", Some(&row.id))?;
                let row = access::find(conn, &actor, &row.id)?;
                model::build_one(conn, row, lang)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The answers saved so far (all participants).
#[utoipa::path(
    tag = "interviews",
    operation_id = "list_interview_answers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The interview's id")),
    responses(
        (status = 200, description = "The answers", body = Vec<Answer>),
    )
)]
#[get("/interviews/{id}/answers")]
pub(super) async fn list_answers(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Interview)?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "list", "interview_answer");
    let (interview, list) = state
        .db(move |conn| {
            let row = access::find(conn, &actor, &id)?;
            Ok((row.id.clone(), answers::load_answers(conn, &row.id)?))
        })
        .await?;
    state.audit.write(read.of(interview)).await?;
    Ok(HttpResponse::Ok().json(list))
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
        (status = 409, description = "The interview is no longer planned, or a participant has no profile consent", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/interviews/{id}/answers")]
pub(super) async fn save_answers(
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
                let row = access::find(conn, &actor, &id)?;
                let out = answers::save(conn, &actor, &row, &input)?;
                audit::record(conn, &actor, "update", "interview_answer", Some(&row.id))?;
                Ok(out)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(saved))
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
        (status = 409, description = "Stale version, or not planned", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/interviews/{id}/complete")]
pub(super) async fn complete_interview(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
    body: ApiJson<CompleteRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Interview)?;
    let lang = lang.pick()?;
    let version = body.into_inner().version;
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let row = access::find(conn, &actor, &id)?;
                answers::complete(conn, &row, version)?;
                audit::record(conn, &actor, "complete", "interview", Some(&row.id))?;
                let row = access::find(conn, &actor, &row.id)?;
                model::build_one(conn, row, lang)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
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
    )
)]
#[get("/interviews/{id}/profile-updates")]
pub(super) async fn list_profile_updates(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Interview)?;
    let lang = lang.pick()?;
    let id = id.into_inner();
    let list = state
        .db(move |conn| {
            let row = access::find(conn, &actor, &id)?;
            profile_updates::proposals(conn, &row, lang)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
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
        (status = 409, description = "The interview is not done, or a participant has no profile consent", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/interviews/{id}/profile-updates")]
pub(super) async fn apply_profile_updates(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
    body: ApiJson<ApplyUpdatesRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Interview)?;
    actor.require(Action::Update, Resource::Participant)?;
    let lang = lang.pick()?;
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
                let row = access::find(conn, &actor, &id)?;
                let (chosen, people) = profile_updates::apply(conn, &actor, &row, &accept, lang)?;
                for pid in &people {
                    audit::record(
                        conn,
                        &actor,
                        "update_from_interview",
                        "participant",
                        Some(pid),
                    )?;
                }
                Ok(chosen)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(applied))
}
