//! The public catalogue: no login.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::json::{CatalogueListing, CatalogueQuery, PublicSeller};
use super::model::{self, Filter};
use crate::codes::ListingCategory;
use crate::error::{ApiError, FieldError};
use crate::http::params::{language, LangQuery};
use crate::pagination::PageRequest;
use crate::AppState;

/// The default page: a phone's first screenfuls (with their thumbnails
/// well under 200 kB).
pub const DEFAULT_LIMIT: i64 = 12;
/// The largest page.
pub const MAX_LIMIT: i64 = 50;

fn lang_of(req: &HttpRequest, lang: Option<&str>) -> Result<&'static str, ApiError> {
    if lang.is_some_and(|l| l.chars().count() > 10) {
        return Err(ApiError::field("lang", "length", "at most 10 characters"));
    }
    Ok(language(req, lang))
}

/// Checks the query and turns it into a filter and a page request.
fn filter_of(query: &CatalogueQuery) -> Result<(Filter, PageRequest), ApiError> {
    let mut errors = Vec::new();
    let mut bad = |field: &str, code: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        })
    };
    let q = query.q.as_deref().map(str::trim).unwrap_or("");
    if q.chars().count() > 200 {
        bad("q", "length", "at most 200 characters");
    }
    let words: Vec<String> = crate::skills::model::search::fold(q)
        .split_whitespace()
        .take(10)
        .map(str::to_string)
        .collect();
    if let Some(c) = &query.category {
        if ListingCategory::parse(c).is_none() {
            bad(
                "category",
                "unknown_code",
                "is not a code of the listing-categories list",
            );
        }
    }
    let price = |v: Option<i64>| v.map(|p| i32::try_from(p).unwrap_or(i32::MAX));
    for (field, v) in [
        ("min_price", query.min_price),
        ("max_price", query.max_price),
    ] {
        if v.is_some_and(|p| p < 0) {
            bad(field, "range", "must be 0 or more");
        }
    }
    if let (Some(min), Some(max)) = (query.min_price, query.max_price) {
        if min > max {
            bad("max_price", "range", "must not be below min_price");
        }
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        bad("limit", "range", "must be between 1 and 50");
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let sort = query.sort.unwrap_or_default();
    let request = PageRequest::parse(Some(limit), query.cursor.as_deref(), sort.as_str())?;
    let filter = Filter {
        words,
        category: query.category.clone(),
        min_price: price(query.min_price),
        max_price: price(query.max_price),
        seller_id: query.seller_id.clone(),
        sort,
    };
    Ok((filter, request))
}

/// The market's listings, with no login: published and sold-out listings
/// of sellers who are not paused. `q` searches every language's title and
/// description, ignoring case and accents; titles come in the asked
/// language (`lang` or `Accept-Language`), else the listing's first.
/// Keyset paging: pass `next_cursor` back with the same `sort`.
#[utoipa::path(
    tag = "market",
    operation_id = "list_catalogue",
    params(CatalogueQuery),
    responses((status = 200, description = "A page of listings", body = crate::pagination::Page<super::CatalogueItem>))
)]
#[get("/market/catalogue")]
pub(super) async fn list_catalogue(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<CatalogueQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let lang = lang_of(&req, query.lang.as_deref())?;
    let (filter, request) = filter_of(&query)?;
    let page = state
        .db(move |conn| model::list(conn, &filter, &request, lang))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One listing of the catalogue, with everything public about it: its
/// photos, its seller, the organisation and where to pick it up.
#[utoipa::path(
    tag = "market",
    operation_id = "get_catalogue_listing",
    params(("id" = String, Path, description = "The listing's id"), LangQuery),
    responses((status = 200, description = "The listing", body = CatalogueListing))
)]
#[get("/market/catalogue/{id}")]
pub(super) async fn get_catalogue_listing(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    let lang = lang_of(&req, query.lang.as_deref())?;
    let id = id.into_inner();
    let listing = state
        .db(move |conn| model::listing(conn, &id, lang))
        .await?;
    Ok(HttpResponse::Ok().json(listing))
}

/// A seller's public page (their listings: `GET /market/catalogue?seller_id=`).
#[utoipa::path(
    tag = "market",
    operation_id = "get_public_seller",
    params(("id" = String, Path, description = "The seller's id"), LangQuery),
    responses((status = 200, description = "The seller", body = PublicSeller))
)]
#[get("/market/catalogue/sellers/{id}")]
pub(super) async fn get_public_seller(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    let lang = lang_of(&req, query.lang.as_deref())?;
    let id = id.into_inner();
    let seller = state.db(move |conn| model::seller(conn, &id, lang)).await?;
    Ok(HttpResponse::Ok().json(seller))
}
