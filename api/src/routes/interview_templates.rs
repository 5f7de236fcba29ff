//! `/interview-templates`: versioned questionnaire templates. A template has
//! numbered versions; a published version is frozen, and editing writes a
//! new draft version that is published in turn. Interviews use a published
//! version and keep pointing to it.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::audit;
use crate::auth::Actor;
use crate::db::schema::{interview_template_versions as versions, interview_templates, interviews};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, Problem, ProblemCode};
use crate::http::params::{language, LangQuery};
use crate::http::ApiJson;
use crate::ids;
use crate::policy::{Action, Resource};
use crate::questionnaires::{self, TemplateContent};
use crate::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_templates)
        .service(create_template)
        .service(get_template)
        .service(get_template_version)
        .service(save_draft)
        .service(discard_draft)
        .service(publish_template);
}

/// The shipped template's key in `builtin_key`.
pub const DEFAULT_KEY: &str = "skupaj-default";

/// Whether a version can still change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Being edited; not yet usable in interviews.
    Draft,
    /// Frozen; interviews use it.
    Published,
}

/// One version of a template, without its content.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct VersionSummary {
    #[schema(minimum = 1)]
    pub number: i32,
    pub status: VersionStatus,
    /// The title in the caller's language.
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// How many interviews use this version.
    pub interviews: i64,
}

/// A template and its versions.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Template {
    pub id: String,
    /// The newest published version's title (else the draft's), in the caller's language.
    pub title: String,
    /// Whether this is the template Skupaj ships.
    pub builtin: bool,
    /// The newest published version, which new interviews use.
    pub published_version: Option<i32>,
    /// The draft being edited, if any.
    pub draft_version: Option<i32>,
    /// Newest first.
    pub versions: Vec<VersionSummary>,
    pub updated_at: DateTime<Utc>,
}

/// One version with its full content.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TemplateVersion {
    pub template_id: String,
    #[schema(minimum = 1)]
    pub number: i32,
    pub status: VersionStatus,
    pub content: TemplateContent,
    /// Send it back when saving or publishing a draft; a stale one answers 409.
    pub revision: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// The draft's new content.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveDraftRequest {
    pub content: TemplateContent,
    /// The draft's `revision` you edited; leave it out to start a new draft
    /// from a published version.
    #[schema(minimum = 1)]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub revision: Option<i32>,
}

/// Which draft revision to publish.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PublishRequest {
    #[schema(minimum = 1)]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub revision: i32,
}

type VersionRow = (
    String,
    String,
    i32,
    String,
    String,
    chrono::NaiveDateTime,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
    i32,
);

fn version_columns() -> (
    versions::id,
    versions::template_id,
    versions::number,
    versions::status,
    versions::content,
    versions::created_at,
    versions::updated_at,
    versions::published_at,
    versions::revision,
) {
    (
        versions::id,
        versions::template_id,
        versions::number,
        versions::status,
        versions::content,
        versions::created_at,
        versions::updated_at,
        versions::published_at,
        versions::revision,
    )
}

/// A stored version, parsed.
pub struct StoredVersion {
    pub id: String,
    pub template_id: String,
    pub number: i32,
    pub status: VersionStatus,
    pub content: TemplateContent,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    pub published_at: Option<chrono::NaiveDateTime>,
    pub revision: i32,
}

fn parse_row(r: VersionRow) -> Result<StoredVersion, ApiError> {
    Ok(StoredVersion {
        content: serde_json::from_str(&r.4).map_err(ApiError::internal)?,
        id: r.0,
        template_id: r.1,
        number: r.2,
        status: if r.3 == "published" {
            VersionStatus::Published
        } else {
            VersionStatus::Draft
        },
        created_at: r.5,
        updated_at: r.6,
        published_at: r.7,
        revision: r.8,
    })
}

impl StoredVersion {
    fn view(self) -> TemplateVersion {
        TemplateVersion {
            template_id: self.template_id,
            number: self.number,
            status: self.status,
            content: self.content,
            revision: self.revision,
            created_at: ids::utc(self.created_at),
            updated_at: ids::utc(self.updated_at),
            published_at: self.published_at.map(ids::utc),
        }
    }
}

/// Every version of a template of the actor's organisation, newest first
/// (404 when the template is not the organisation's).
pub fn load_versions(
    conn: &mut DbConnection,
    org: &str,
    template: &str,
) -> Result<Vec<StoredVersion>, ApiError> {
    let owned: i64 = interview_templates::table
        .filter(interview_templates::id.eq(template))
        .filter(interview_templates::organization_id.eq(org))
        .count()
        .get_result(conn)?;
    if owned == 0 {
        return Err(ApiError::not_found("no such template"));
    }
    let rows: Vec<VersionRow> = versions::table
        .filter(versions::template_id.eq(template))
        .order(versions::number.desc())
        .select(version_columns())
        .load(conn)?;
    rows.into_iter().map(parse_row).collect()
}

/// One version by its id, checked to belong to `org`.
pub fn load_version_by_id(
    conn: &mut DbConnection,
    org: &str,
    version_id: &str,
) -> Result<StoredVersion, ApiError> {
    let row: VersionRow = versions::table
        .inner_join(interview_templates::table)
        .filter(versions::id.eq(version_id))
        .filter(interview_templates::organization_id.eq(org))
        .select(version_columns())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such template version"))?;
    parse_row(row)
}

/// One version of a template, with its content.
fn version_view(
    conn: &mut DbConnection,
    org: &str,
    template: &str,
    number: i32,
) -> Result<TemplateVersion, ApiError> {
    load_versions(conn, org, template)?
        .into_iter()
        .find(|v| v.number == number)
        .map(StoredVersion::view)
        .ok_or_else(|| ApiError::not_found("no such version"))
}

/// Creates the shipped template in an organisation that does not have it
/// yet (on first use, so that every organisation has it however it was made).
pub fn ensure_default(conn: &mut DbConnection, org: &str) -> Result<(), ApiError> {
    let has: i64 = interview_templates::table
        .filter(interview_templates::organization_id.eq(org))
        .filter(interview_templates::builtin_key.eq(DEFAULT_KEY))
        .count()
        .get_result(conn)?;
    if has > 0 {
        return Ok(());
    }
    let content = questionnaires::default_template().map_err(ApiError::internal)?;
    let result = conn.transaction(|conn| {
        let id = insert_template(conn, org, Some(DEFAULT_KEY), &content, None)?;
        let now = ids::now();
        diesel::update(versions::table.filter(versions::template_id.eq(&id)))
            .set((
                versions::status.eq("published"),
                versions::published_at.eq(Some(now)),
            ))
            .execute(conn)?;
        Ok::<_, ApiError>(())
    });
    match result {
        // Another request created it at the same moment.
        Err(ApiError::Internal(m)) if m.to_lowercase().contains("unique") => Ok(()),
        other => other,
    }
}

fn insert_template(
    conn: &mut DbConnection,
    org: &str,
    builtin: Option<&str>,
    content: &TemplateContent,
    created_by: Option<&str>,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    diesel::insert_into(interview_templates::table)
        .values((
            interview_templates::id.eq(&id),
            interview_templates::organization_id.eq(org),
            interview_templates::builtin_key.eq(builtin),
            interview_templates::created_at.eq(now),
            interview_templates::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::insert_into(versions::table)
        .values((
            versions::id.eq(ids::new_id()),
            versions::template_id.eq(&id),
            versions::number.eq(1),
            versions::status.eq("draft"),
            versions::content.eq(serde_json::to_string(content).map_err(ApiError::internal)?),
            versions::created_by.eq(created_by),
            versions::created_at.eq(now),
            versions::updated_at.eq(now),
            versions::revision.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

fn check(content: &TemplateContent, earlier: &[StoredVersion]) -> Result<(), ApiError> {
    let mut errors = questionnaires::check_content(content);
    // A question keeps its type across versions, so that the analysis can
    // put the answers of all versions side by side.
    for (si, s) in content.sections.iter().enumerate() {
        for (qi, q) in s.questions.iter().enumerate() {
            let before = earlier
                .iter()
                .filter(|v| v.status == VersionStatus::Published)
                .find_map(|v| v.content.question(&q.id));
            if let Some(b) = before.filter(|b| b.kind != q.kind) {
                errors.push(FieldError {
                    field: format!("sections[{si}].questions[{qi}].type"),
                    code: "type_changed".into(),
                    message: format!(
                        "question `{}` was a {:?} question in an earlier version; give a new question a new id",
                        q.id, b.kind
                    ),
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

fn summarize(
    conn: &mut DbConnection,
    id: &str,
    builtin: bool,
    updated_at: chrono::NaiveDateTime,
    all: Vec<StoredVersion>,
    lang: &str,
) -> Result<Template, ApiError> {
    let version_ids: Vec<String> = all.iter().map(|v| v.id.clone()).collect();
    let counts: Vec<(String, i64)> = interviews::table
        .filter(interviews::template_version_id.eq_any(&version_ids))
        .group_by(interviews::template_version_id)
        .select((interviews::template_version_id, diesel::dsl::count_star()))
        .load(conn)?;
    // The title people use: the published version's, until a draft is published.
    let title = all
        .iter()
        .find(|v| v.status == VersionStatus::Published)
        .or(all.first())
        .map(|v| questionnaires::text_in(&v.content.title, lang).to_string())
        .unwrap_or_default();
    Ok(Template {
        id: id.to_string(),
        title,
        builtin,
        published_version: all
            .iter()
            .find(|v| v.status == VersionStatus::Published)
            .map(|v| v.number),
        draft_version: all
            .iter()
            .find(|v| v.status == VersionStatus::Draft)
            .map(|v| v.number),
        versions: all
            .iter()
            .map(|v| VersionSummary {
                number: v.number,
                status: v.status,
                title: questionnaires::text_in(&v.content.title, lang).to_string(),
                created_at: ids::utc(v.created_at),
                published_at: v.published_at.map(ids::utc),
                interviews: counts
                    .iter()
                    .find(|(vid, _)| *vid == v.id)
                    .map(|c| c.1)
                    .unwrap_or(0),
            })
            .collect(),
        updated_at: ids::utc(updated_at),
    })
}

fn load_template(
    conn: &mut DbConnection,
    org: &str,
    id: &str,
    lang: &str,
) -> Result<Template, ApiError> {
    let all = load_versions(conn, org, id)?;
    let (builtin, updated_at): (Option<String>, chrono::NaiveDateTime) = interview_templates::table
        .find(id)
        .select((
            interview_templates::builtin_key,
            interview_templates::updated_at,
        ))
        .first(conn)?;
    summarize(conn, id, builtin.is_some(), updated_at, all, lang)
}

/// The organisation's questionnaire templates (the shipped one included).
#[utoipa::path(
    tag = "interviews",
    operation_id = "list_interview_templates",
    security(("bearer" = [])),
    params(LangQuery),
    responses(
        (status = 200, description = "The templates, the shipped one first", body = Vec<Template>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This role may not read templates", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interview-templates")]
async fn list_templates(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::InterviewTemplate)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let list = state
        .db(move |conn| {
            ensure_default(conn, &actor.organization_id)?;
            let rows: Vec<(String, Option<String>)> = interview_templates::table
                .filter(interview_templates::organization_id.eq(&actor.organization_id))
                .order(interview_templates::id.asc())
                .select((interview_templates::id, interview_templates::builtin_key))
                .load(conn)?;
            let mut out = Vec::new();
            for (id, _) in rows {
                out.push(load_template(conn, &actor.organization_id, &id, lang)?);
            }
            out.sort_by_key(|t| !t.builtin);
            Ok(out)
        })
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
        (status = 403, description = "This role may not create templates", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/interview-templates")]
async fn create_template(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<LangQuery>,
    body: ApiJson<TemplateContent>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Create, Resource::InterviewTemplate)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let content = body.into_inner();
    check(&content, &[])?;
    let template = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let id = insert_template(
                    conn,
                    &actor.organization_id,
                    None,
                    &content,
                    actor.user_id(),
                )?;
                audit::record(conn, &actor, "create", "interview_template", Some(&id))?;
                load_template(conn, &actor.organization_id, &id, lang)
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
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "This role may not read templates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interview-templates/{id}")]
async fn get_template(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::InterviewTemplate)?;
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let id = id.into_inner();
    let t = state
        .db(move |conn| load_template(conn, &actor.organization_id, &id, lang))
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
        (status = 403, description = "This role may not read templates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such template or version", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interview-templates/{id}/versions/{number}")]
async fn get_template_version(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::InterviewTemplate)?;
    let (id, number) = path.into_inner();
    let v = state
        .db(move |conn| version_view(conn, &actor.organization_id, &id, number))
        .await?;
    Ok(HttpResponse::Ok().json(v))
}

fn touch(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::update(interview_templates::table.find(id))
        .set(interview_templates::updated_at.eq(ids::now()))
        .execute(conn)?;
    Ok(())
}

fn stale(revision: i32) -> ApiError {
    ApiError::conflict(
        ProblemCode::VersionConflict,
        format!(
            "the draft changed since revision {revision}; reload it and apply your change again"
        ),
    )
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
        (status = 403, description = "This role may not edit templates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The draft changed since your revision", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/interview-templates/{id}/draft")]
async fn save_draft(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<SaveDraftRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::InterviewTemplate)?;
    let id = id.into_inner();
    let SaveDraftRequest { content, revision } = body.into_inner();
    let v = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let all = load_versions(conn, &actor.organization_id, &id)?;
                check(&content, &all)?;
                let json = serde_json::to_string(&content).map_err(ApiError::internal)?;
                let now = ids::now();
                let draft = all.iter().find(|v| v.status == VersionStatus::Draft);
                let number = match (draft, revision) {
                    (Some(d), Some(r)) => {
                        let n = diesel::update(
                            versions::table
                                .filter(versions::id.eq(&d.id))
                                .filter(versions::revision.eq(r)),
                        )
                        .set((
                            versions::content.eq(&json),
                            versions::updated_at.eq(now),
                            versions::revision.eq(r + 1),
                        ))
                        .execute(conn)?;
                        if n != 1 {
                            return Err(stale(r));
                        }
                        d.number
                    }
                    (Some(d), None) => {
                        return Err(ApiError::conflict(
                            ProblemCode::Conflict,
                            format!(
                                "version {} is already a draft; send its revision to change it",
                                d.number
                            ),
                        ))
                    }
                    (None, Some(r)) => return Err(stale(r)),
                    (None, None) => {
                        let number = all.first().map(|v| v.number).unwrap_or(0) + 1;
                        diesel::insert_into(versions::table)
                            .values((
                                versions::id.eq(ids::new_id()),
                                versions::template_id.eq(&id),
                                versions::number.eq(number),
                                versions::status.eq("draft"),
                                versions::content.eq(&json),
                                versions::created_by.eq(actor.user_id()),
                                versions::created_at.eq(now),
                                versions::updated_at.eq(now),
                                versions::revision.eq(1),
                            ))
                            .execute(conn)?;
                        number
                    }
                };
                touch(conn, &id)?;
                audit::record(conn, &actor, "update", "interview_template", Some(&id))?;
                version_view(conn, &actor.organization_id, &id, number)
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
        (status = 403, description = "This role may not edit templates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such template or no draft", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The draft is the template's only version", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/interview-templates/{id}/draft")]
async fn discard_draft(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::InterviewTemplate)?;
    let id = id.into_inner();
    state
        .db(move |conn| {
            conn.transaction(|conn| {
                let all = load_versions(conn, &actor.organization_id, &id)?;
                let draft = all
                    .iter()
                    .find(|v| v.status == VersionStatus::Draft)
                    .ok_or_else(|| ApiError::not_found("this template has no draft"))?;
                if all.len() == 1 {
                    return Err(ApiError::conflict(
                        ProblemCode::Conflict,
                        "the draft is the template's only version; publish it or change it",
                    ));
                }
                diesel::delete(versions::table.find(&draft.id)).execute(conn)?;
                touch(conn, &id)?;
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
        (status = 403, description = "This role may not edit templates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such template or no draft", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The draft changed since your revision", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/interview-templates/{id}/publish")]
async fn publish_template(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<PublishRequest>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::InterviewTemplate)?;
    let id = id.into_inner();
    let revision = body.into_inner().revision;
    let v = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let all = load_versions(conn, &actor.organization_id, &id)?;
                let draft = all
                    .iter()
                    .find(|v| v.status == VersionStatus::Draft)
                    .ok_or_else(|| ApiError::not_found("this template has no draft to publish"))?;
                if draft.content.questions().next().is_none() {
                    return Err(ApiError::field(
                        "sections",
                        "no_questions",
                        "a template needs at least one question before it is published",
                    ));
                }
                let n = diesel::update(
                    versions::table
                        .filter(versions::id.eq(&draft.id))
                        .filter(versions::revision.eq(revision)),
                )
                .set((
                    versions::status.eq("published"),
                    versions::published_at.eq(Some(ids::now())),
                ))
                .execute(conn)?;
                if n != 1 {
                    return Err(stale(revision));
                }
                let number = draft.number;
                touch(conn, &id)?;
                audit::record(conn, &actor, "publish", "interview_template", Some(&id))?;
                version_view(conn, &actor.organization_id, &id, number)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(v))
}
