//! Searching the skills taxonomy: skills and occupations by any of their
//! labels in the caller's language (ignoring case and accents), and one
//! concept with its hierarchy and an occupation's essential and optional skills.

use actix_web::{get, web, HttpRequest, HttpResponse};
use validator::Validate;

use crate::error::{ApiError, Problem};
use crate::http::params::language;
use crate::skills::json::{ConceptDetail, ConceptHits, ConceptKind, ConceptQuery, SearchQuery};
use crate::skills::model;
use crate::AppState;

pub(in crate::skills) fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(search_skills)
        .service(search_occupations)
        .service(get_concept);
}

async fn search_handler(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SearchQuery>,
    kinds: &'static [ConceptKind],
) -> Result<HttpResponse, ApiError> {
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let q = query.q.clone();
    let limit = query.limit.unwrap_or(10) as usize;
    let index = state.skills.clone();
    let items = state
        .db(move |conn| model::search::search(conn, &index, &q, lang, kinds, limit))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Language", lang))
        .insert_header(("Vary", "Accept-Language"))
        .json(ConceptHits {
            language: lang.to_string(),
            items,
        }))
}

/// Autocompletes skills and knowledge over preferred and alternative labels
/// in the caller's language (and English), ignoring case and accents:
/// "sivanje" finds "šivanje", "forklift" finds "operate forklift".
#[utoipa::path(
    tag = "skills",
    operation_id = "search_skills",
    params(SearchQuery),
    responses(
        (status = 200, description = "Matches, best first", body = ConceptHits),
    )
)]
#[get("/skills")]
async fn search_skills(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    search_handler(
        state,
        req,
        query,
        &[ConceptKind::Skill, ConceptKind::Knowledge],
    )
    .await
}

/// Autocompletes occupations, like `/skills`.
#[utoipa::path(
    tag = "skills",
    operation_id = "search_occupations",
    params(SearchQuery),
    responses(
        (status = 200, description = "Matches, best first", body = ConceptHits),
    )
)]
#[get("/occupations")]
async fn search_occupations(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    search_handler(state, req, query, &[ConceptKind::Occupation]).await
}

/// A skill or occupation: labels in the caller's language (falling back to
/// English), description, broader and narrower skills, and an occupation's
/// essential and optional skills.
#[utoipa::path(
    tag = "skills",
    operation_id = "get_concept",
    params(ConceptQuery),
    responses(
        (status = 200, description = "The concept", body = ConceptDetail),
        (status = 404, description = "No such concept", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/concepts")]
async fn get_concept(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ConceptQuery>,
) -> Result<HttpResponse, ApiError> {
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let uri = query.uri.clone();
    let detail = state
        .db(move |conn| model::concepts::detail(conn, &uri, lang))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Language", lang))
        .json(detail))
}
