//! Searching the skills taxonomy: skills and occupations by any of their
//! labels in the caller's language (ignoring case and accents), and one
//! concept with its hierarchy and an occupation's essential and optional skills.

use std::collections::HashMap;

use actix_web::{get, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::db::schema::{
    occupation_skills, taxonomy_broader, taxonomy_concepts, taxonomy_descriptions, taxonomy_labels,
};
use crate::db::DbConnection;
use crate::error::{ApiError, Problem};
use crate::http::params::language;
use crate::skills::{preferred_labels, refs, ConceptKind, ConceptRef};
use crate::skills::fold;
use crate::AppState;

pub(in crate::skills) fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(search_skills)
        .service(search_occupations)
        .service(get_concept);
}

/// A search hit: the concept and the label that matched.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConceptHit {
    #[serde(flatten)]
    pub concept: ConceptRef,
    /// The preferred or alternative label the query matched.
    pub matched_label: String,
}

/// Search hits, best first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConceptHits {
    /// The language of the labels.
    pub language: String,
    pub items: Vec<ConceptHit>,
}

/// An autocomplete query.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Part of any label, in any case, with or without accents.
    #[param(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub q: String,
    /// At most this many (1–50, default 10).
    #[param(minimum = 1, maximum = 50)]
    #[validate(range(min = 1, max = 50))]
    pub limit: Option<i64>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

fn search(
    conn: &mut DbConnection,
    q: &str,
    lang: &str,
    kinds: &[&str],
    limit: usize,
) -> Result<Vec<ConceptHit>, ApiError> {
    let folded = fold(q);
    if folded.is_empty() {
        return Ok(Vec::new());
    }
    let escaped = folded
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let languages: Vec<&str> = if lang == "en" {
        vec!["en"]
    } else {
        vec![lang, "en"]
    };
    let rows: Vec<(String, String, String, bool, String, String, String)> = taxonomy_labels::table
        .inner_join(taxonomy_concepts::table)
        .filter(taxonomy_labels::language.eq_any(&languages))
        .filter(
            taxonomy_labels::folded
                .like(format!("%{escaped}%"))
                .escape('\\'),
        )
        .filter(taxonomy_concepts::kind.eq_any(kinds))
        .filter(taxonomy_concepts::status.eq("released"))
        .select((
            taxonomy_labels::uri,
            taxonomy_labels::label,
            taxonomy_labels::folded,
            taxonomy_labels::preferred,
            taxonomy_labels::language,
            taxonomy_concepts::kind,
            taxonomy_concepts::status,
        ))
        .limit(2000)
        .load(conn)?;
    // Best first: the exact label, then labels starting with the query, then
    // a word starting with it, then anywhere; the caller's language before
    // English; preferred labels and shorter labels first.
    let score = |f: &str, preferred: bool, l: &str| {
        let place = if f == folded {
            0
        } else if f.starts_with(&folded) {
            1
        } else if f.contains(&format!(" {folded}")) {
            2
        } else {
            3
        };
        (
            place,
            u8::from(l != lang),
            u8::from(!preferred),
            f.chars().count(),
        )
    };
    // uri → (score, matched label, kind, status)
    type Best = ((u8, u8, u8, usize), String, String, String);
    let mut best: HashMap<String, Best> = HashMap::new();
    for (uri, label, f, preferred, l, kind, status) in rows {
        let s = score(&f, preferred, &l);
        match best.get(&uri) {
            Some((existing, ..)) if *existing <= s => {}
            _ => {
                best.insert(uri, (s, label, kind, status));
            }
        }
    }
    let mut hits: Vec<_> = best.into_iter().collect();
    hits.sort_by(|a, b| a.1 .0.cmp(&b.1 .0).then(a.0.cmp(&b.0)));
    hits.truncate(limit);
    let uris: Vec<String> = hits.iter().map(|h| h.0.clone()).collect();
    let labels = preferred_labels(conn, &uris, lang)?;
    Ok(hits
        .into_iter()
        .map(|(uri, (_, matched, kind, status))| ConceptHit {
            concept: ConceptRef {
                label: labels.get(&uri).cloned().unwrap_or_else(|| matched.clone()),
                kind: ConceptKind::parse(&kind),
                uri,
                status,
            },
            matched_label: matched,
        })
        .collect())
}

async fn search_handler(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SearchQuery>,
    kinds: &'static [&'static str],
) -> Result<HttpResponse, ApiError> {
    query.validate()?;
    let lang = language(&req, query.lang.as_deref());
    let q = query.q.clone();
    let limit = query.limit.unwrap_or(10) as usize;
    let items = state
        .db(move |conn| search(conn, &q, lang, kinds, limit))
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
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/skills")]
async fn search_skills(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    search_handler(state, req, query, &["skill", "knowledge"]).await
}

/// Autocompletes occupations, like `/skills`.
#[utoipa::path(
    tag = "skills",
    operation_id = "search_occupations",
    params(SearchQuery),
    responses(
        (status = 200, description = "Matches, best first", body = ConceptHits),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/occupations")]
async fn search_occupations(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    search_handler(state, req, query, &["occupation"]).await
}

/// Which concept.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct ConceptQuery {
    /// The concept URI.
    #[param(min_length = 1, max_length = 300)]
    #[validate(length(min = 1, max = 300))]
    pub uri: String,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

/// One concept with its labels, hierarchy and, for an occupation, its skills.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConceptDetail {
    #[serde(flatten)]
    pub concept: ConceptRef,
    pub language: String,
    /// Other names in the requested language.
    pub alt_labels: Vec<String>,
    pub description: Option<String>,
    /// ISCO-08 unit group, for occupations.
    pub isco_group: Option<String>,
    pub broader: Vec<ConceptRef>,
    pub narrower: Vec<ConceptRef>,
    /// For an occupation: the skills it needs.
    pub essential_skills: Vec<ConceptRef>,
    /// For an occupation: skills that help.
    pub optional_skills: Vec<ConceptRef>,
    /// For a skill: occupations that need it.
    pub occupations: Vec<ConceptRef>,
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
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such concept", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
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
        .db(move |conn| {
            let (kind, status, isco_group): (String, String, Option<String>) =
                taxonomy_concepts::table
                    .find(&uri)
                    .select((
                        taxonomy_concepts::kind,
                        taxonomy_concepts::status,
                        taxonomy_concepts::isco_group,
                    ))
                    .first(conn)
                    .optional()?
                    .ok_or_else(|| ApiError::not_found("no such concept"))?;
            let label = preferred_labels(conn, std::slice::from_ref(&uri), lang)?
                .remove(&uri)
                .unwrap_or_default();
            let alt_labels: Vec<String> = taxonomy_labels::table
                .filter(taxonomy_labels::uri.eq(&uri))
                .filter(taxonomy_labels::language.eq(lang))
                .filter(taxonomy_labels::preferred.eq(false))
                .order(taxonomy_labels::label)
                .select(taxonomy_labels::label)
                .load(conn)?;
            let descriptions: Vec<(String, String)> = taxonomy_descriptions::table
                .filter(taxonomy_descriptions::uri.eq(&uri))
                .select((
                    taxonomy_descriptions::language,
                    taxonomy_descriptions::description,
                ))
                .load(conn)?;
            let description = descriptions
                .iter()
                .find(|(l, _)| l == lang)
                .or_else(|| descriptions.iter().find(|(l, _)| l == "en"))
                .map(|(_, d)| d.clone());
            let broader = taxonomy_broader::table
                .filter(taxonomy_broader::uri.eq(&uri))
                .select(taxonomy_broader::broader_uri)
                .load(conn)?;
            let narrower = taxonomy_broader::table
                .filter(taxonomy_broader::broader_uri.eq(&uri))
                .select(taxonomy_broader::uri)
                .load(conn)?;
            let relations: Vec<(String, String)> = occupation_skills::table
                .filter(occupation_skills::occupation_uri.eq(&uri))
                .select((occupation_skills::skill_uri, occupation_skills::relation))
                .load(conn)?;
            let (essential, optional): (Vec<_>, Vec<_>) =
                relations.into_iter().partition(|(_, r)| r == "essential");
            let occupations = occupation_skills::table
                .filter(occupation_skills::skill_uri.eq(&uri))
                .select(occupation_skills::occupation_uri)
                .load(conn)?;
            Ok(ConceptDetail {
                concept: ConceptRef {
                    uri: uri.clone(),
                    kind: ConceptKind::parse(&kind),
                    label,
                    status,
                },
                language: lang.to_string(),
                alt_labels,
                description,
                isco_group,
                broader: refs(conn, broader, lang)?,
                narrower: refs(conn, narrower, lang)?,
                essential_skills: refs(
                    conn,
                    essential.into_iter().map(|(u, _)| u).collect(),
                    lang,
                )?,
                optional_skills: refs(conn, optional.into_iter().map(|(u, _)| u).collect(), lang)?,
                occupations: refs(conn, occupations, lang)?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Language", lang))
        .json(detail))
}
