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

/// The caller's language as an extractor: `?lang=` (see [`LangQuery`], which
/// handlers still list in their OpenAPI `params`) or else `Accept-Language`.
/// A malformed query string is refused while extracting (400), like any
/// `web::Query`; the `lang` value is checked only when the handler calls
/// [`Lang::pick`], so that its role check can come first.
pub struct Lang {
    query: LangQuery,
    header: Option<String>,
}

impl Lang {
    /// The best supported language (422 when `lang` is too long).
    pub fn pick(&self) -> Result<&'static str, crate::error::ApiError> {
        self.query.validate()?;
        Ok(codes::pick_language(
            self.query.lang.as_deref().or(self.header.as_deref()),
        ))
    }
}

impl actix_web::FromRequest for Lang {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let query = actix_web::web::Query::<LangQuery>::from_request(req, payload).into_inner();
        let header = req
            .headers()
            .get("accept-language")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        std::future::ready(query.map(|q| Lang {
            query: q.into_inner(),
            header,
        }))
    }
}
