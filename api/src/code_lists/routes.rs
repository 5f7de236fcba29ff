//! `/code-lists`: the vocabularies every form uses, labelled in the
//! caller's language. Public: they hold no personal data.

use actix_web::{get, web, HttpRequest, HttpResponse};
use validator::Validate;

use super::json::{CodeListIndex, CodeListQuery};
use crate::codes;
use crate::error::{ApiError, Problem};

/// Names of the code lists (countries, languages, legal statuses, needs, …).
#[utoipa::path(
    tag = "code-lists",
    operation_id = "list_code_lists",
    responses((status = 200, description = "The names", body = CodeListIndex))
)]
#[get("/code-lists")]
pub(super) async fn list_code_lists() -> HttpResponse {
    HttpResponse::Ok().json(CodeListIndex {
        lists: codes::LIST_NAMES.iter().map(|s| s.to_string()).collect(),
    })
}

/// A code list with labels in the requested language (`lang`, else
/// `Accept-Language`, else English).
#[utoipa::path(
    tag = "code-lists",
    operation_id = "get_code_list",
    params(("name" = String, Path, description = "A name from /code-lists"), CodeListQuery),
    responses(
        (status = 200, description = "The codes and labels", body = codes::CodeList),
        (status = 404, description = "No such list", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/code-lists/{name}")]
pub(super) async fn get_code_list(
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<CodeListQuery>,
) -> Result<HttpResponse, ApiError> {
    query.validate()?;
    let lang = crate::http::params::language(&req, query.lang.as_deref());
    let list = codes::list(&name, lang)
        .ok_or_else(|| ApiError::not_found(format!("no code list `{name}`")))?;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Language", lang))
        .insert_header(("Vary", "Accept-Language"))
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(list))
}
