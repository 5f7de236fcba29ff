//! The accounts API's handlers, by topic, and the few request helpers they
//! share.

pub(super) mod api_keys;
pub(super) mod auth;
pub(super) mod invitations;
pub(super) mod me;
pub(super) mod members;

use actix_web::{web, HttpRequest};

use crate::error::{ApiError, ProblemCode};
use crate::http::RequestId;
use crate::AppState;

/// The request's id, for the audit log.
fn request_id(req: &HttpRequest) -> Option<String> {
    use actix_web::HttpMessage;
    req.extensions().get::<RequestId>().map(|r| r.0.clone())
}

/// The same answer for an unknown e-mail and a wrong password.
fn invalid_credentials() -> ApiError {
    ApiError::conflict(
        ProblemCode::InvalidCredentials,
        "the e-mail or the password is wrong",
    )
}

/// The browser address of a single-use link: `page` of the SPA with the
/// token in the fragment.
fn link_url(req: &HttpRequest, page: &str, token: &str) -> String {
    // The token travels in the fragment, which browsers never send to a
    // server: it stays out of access logs and Referer headers.
    let configured = req
        .app_data::<web::Data<AppState>>()
        .and_then(|s| s.settings.public_url.clone());
    let base = configured.unwrap_or_else(|| {
        let info = req.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    });
    format!("{base}/{page}#token={token}")
}
