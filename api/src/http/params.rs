//! Query parameters and headers that many resources read the same way.

use actix_web::HttpRequest;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use crate::codes;

/// The language of labels.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

/// Paging of a short list (invitations, API keys).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The one reader of `Accept-Language`: the best supported language for
/// `lang` (a `?lang=` parameter, which wins) or the request's header.
pub fn language(req: &HttpRequest, lang: Option<&str>) -> &'static str {
    let header = req
        .headers()
        .get("accept-language")
        .and_then(|v| v.to_str().ok());
    codes::pick_language(lang.or(header))
}
