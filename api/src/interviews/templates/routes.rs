//! `/interview-templates`: versioned questionnaire templates.

use actix_web::{delete, get, post, put, web, HttpResponse};
use diesel::Connection;

use super::json::{PublishRequest, SaveDraftRequest, Template, TemplateContent, TemplateVersion};
use super::model;
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem};
use crate::http::params::{Lang, LangQuery};
use crate::http::ApiJson;
use crate::policy::{Action, Resource};
use crate::AppState;

/// The organisation's questionnaire templates (the shipped one included).
#[utoipa::path(
    tag = "interviews",
    operation_id = "list_interview_templates",
    security(("bearer" = [])),
    params(LangQuery),
    responses(
        (status = 200, description = "The templates, the shipped one first", body = Vec<Template>),
    )
)]
#[get("/interview-templates")]
pub(super) async fn list_templates(
    state: web::Data<AppState>,
    actor: Actor,
    lang: Lang,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::InterviewTemplate)?;
    let lang = lang.pick()?;
    let list = state
        .db(move |conn| model::list(conn, &actor.organization_id, lang))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Creates a template; its first version is a draft to publish.
#[utoipa::path(
    tag = "interviews",
    operation_id = "create_interview_template",
    security(("bearer" = [])),
    params(LangQuery),
    request_body = TemplateContent,
    responses(
        (status = 201, description = "Created, with version 1 as a draft", body = Template),
    )
)]
#[post("/interview-templates")]
pub(super) async fn create_template(
    state: web::Data<AppState>,
    actor: Actor,
    lang: Lang,
    body: ApiJson<TemplateContent>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::InterviewTemplate)?;
    let lang = lang.pick()?;
    let content = body.into_inner();
    model::check(&content, &[])?;
    let template = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let org = &actor.organization_id;
                let id = model::insert_template(conn, org, None, &content, actor.user_id())?;
                audit::record(conn, &actor, "create", "interview_template", Some(&id))?;
                model::load_template(conn, org, &id, lang)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(template))
}

/// A template with its versions.
#[utoipa::path(
    tag = "interviews",
    operation_id = "get_interview_template",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The template's id"), LangQuery),
    responses(
        (status = 200, description = "The template", body = Template),
    )
)]
#[get("/interview-templates/{id}")]
pub(super) async fn get_template(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    lang: Lang,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::InterviewTemplate)?;
    let lang = lang.pick()?;
    let id = id.into_inner();
    let t = state
        .db(move |conn| model::load_template(conn, &actor.organization_id, &id, lang))
        .await?;
    Ok(HttpResponse::Ok().json(t))
}

/// One version of a template with all its sections, questions and translations.
#[utoipa::path(
    tag = "interviews",
    operation_id = "get_interview_template_version",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The template's id"),
        ("number" = i32, Path, description = "The version number", minimum = 1),
    ),
    responses(
        (status = 200, description = "The version", body = TemplateVersion),
    )
)]
#[get("/interview-templates/{id}/versions/{number}")]
pub(super) async fn get_template_version(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::InterviewTemplate)?;
    let (id, number) = path.into_inner();
    let v = state
        .db(move |conn| model::version_view(conn, &actor.organization_id, &id, number))
        .await?;
    Ok(HttpResponse::Ok().json(v))
}

/// Saves the draft. Without a draft, this starts a new version from the
/// content sent (published versions never change).
#[utoipa::path(
    tag = "interviews",
    operation_id = "save_interview_template_draft",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The template's id")),
    request_body = SaveDraftRequest,
    responses(
        (status = 200, description = "The saved draft", body = TemplateVersion),
        (status = 409, description = "The draft changed since you read it (stale `version`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/interview-templates/{id}/draft")]
pub(super) async fn save_draft(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<SaveDraftRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::InterviewTemplate)?;
    let id = id.into_inner();
    let SaveDraftRequest { content, version } = body.into_inner();
    let v = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let org = &actor.organization_id;
                let number = model::save_draft(conn, org, &id, &content, version, actor.user_id())?;
                audit::record(conn, &actor, "update", "interview_template", Some(&id))?;
                model::version_view(conn, org, &id, number)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(v))
}

/// Discards the draft (a template's only version cannot be discarded).
#[utoipa::path(
    tag = "interviews",
    operation_id = "discard_interview_template_draft",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The template's id")),
    responses(
        (status = 204, description = "Discarded"),
        (status = 404, description = "No such template or no draft", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The draft is the template's only version", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/interview-templates/{id}/draft")]
pub(super) async fn discard_draft(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::InterviewTemplate)?;
    let id = id.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                model::discard_draft(conn, &actor.organization_id, &id)?;
                audit::record(conn, &actor, "update", "interview_template", Some(&id))
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Publishes the draft: from now on it is frozen, and new interviews use it.
#[utoipa::path(
    tag = "interviews",
    operation_id = "publish_interview_template",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The template's id")),
    request_body = PublishRequest,
    responses(
        (status = 200, description = "The published version", body = TemplateVersion),
        (status = 404, description = "No such template or no draft", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The draft changed since you read it (stale `version`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/interview-templates/{id}/publish")]
pub(super) async fn publish_template(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<PublishRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::InterviewTemplate)?;
    let id = id.into_inner();
    let version = body.into_inner().version;
    let v = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let org = &actor.organization_id;
                let number = model::publish(conn, org, &id, version)?;
                audit::record(conn, &actor, "publish", "interview_template", Some(&id))?;
                model::version_view(conn, org, &id, number)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(v))
}
