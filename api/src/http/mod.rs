//! Cross-cutting HTTP behaviour: request ids, problem documents for every
//! error (including actix's own and panics), extractor limits, and the
//! fallback that answers 404 or 405 for paths the router does not match.

pub mod openapi;
pub mod params;
pub mod patch;
pub mod spa;
pub mod yaml;

use std::panic::AssertUnwindSafe;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{InternalError, PathError, QueryPayloadError};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, HttpRequest, HttpResponse, ResponseError};
use futures_util::FutureExt;

use crate::error::{ApiError, ProblemCode, PROBLEM_JSON};

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served, also sent back as `X-Request-Id`.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// A client's id is kept when it is short printable ASCII; otherwise a new
/// UUIDv7 is made (so log lines cannot be forged with newlines).
fn accept_request_id(value: &HeaderValue) -> Option<String> {
    let s = value.to_str().ok()?;
    let ok = !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:/+=@".contains(&b));
    ok.then(|| s.to_string())
}

/// Middleware: give every request an id and echo it in the response.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(accept_request_id)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let header_value = HeaderValue::from_str(&id).ok();
    match next.call(req).await {
        Ok(mut res) => {
            if let Some(value) = header_value {
                res.headers_mut().insert(X_REQUEST_ID, value);
            }
            Ok(res)
        }
        // An error that reaches this far is turned into a response by the
        // dispatcher; carry the id on it too.
        Err(err) => {
            let mut res = err.error_response();
            if let Some(value) = header_value {
                res.headers_mut().insert(X_REQUEST_ID, value);
            }
            Err(InternalError::from_response(err.to_string(), res).into())
        }
    }
}

/// The web app and the docs page: scripts, styles and data only from this
/// server (no inline script, no CDN), never inside another site's frame.
pub const CSP_PAGES: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/// The docs page (the vendored Swagger UI) as the pages, plus the one
/// `<style>` element its script inserts, allowed by its hash (never
/// `'unsafe-inline'`).
pub const CSP_DOCS: &str = "default-src 'self'; script-src 'self'; \
style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; \
img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/// API answers are data, never a page: nothing in them may run or load.
pub const CSP_API: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
/// No feature a page of Skupaj's does not use (photo uploads use a file input, not the camera API).
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

/// Middleware: the headers every response carries.
/// - `Content-Security-Policy` (strict for pages, `default-src 'none'` for data),
///   `X-Frame-Options`, `X-Content-Type-Options: nosniff`;
/// - `Referrer-Policy: no-referrer`, so that addresses holding participant
///   ids never reach another site;
/// - `Cache-Control: no-store` on every API answer that does not say
///   otherwise: personal data must not stay in a shared computer's cache;
/// - `Strict-Transport-Security` when `SKUPAJ_PUBLIC_URL` is https.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let hsts = req
        .app_data::<web::Data<crate::AppState>>()
        .and_then(|s| {
            s.settings
                .public_url
                .as_deref()
                .map(|u| u.starts_with("https://"))
        })
        .unwrap_or(false);
    let path = req.path();
    let docs = path.starts_with("/api/docs");
    let api = (path == "/api" || path.starts_with("/api/")) && !docs;
    let add = move |headers: &mut header::HeaderMap| {
        let set = |headers: &mut header::HeaderMap, name: HeaderName, value: &'static str| {
            headers.insert(name, HeaderValue::from_static(value));
        };
        set(
            headers,
            header::CONTENT_SECURITY_POLICY,
            match (api, docs) {
                (true, _) => CSP_API,
                (false, true) => CSP_DOCS,
                (false, false) => CSP_PAGES,
            },
        );
        set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
        set(headers, header::X_FRAME_OPTIONS, "DENY");
        set(headers, header::REFERRER_POLICY, "no-referrer");
        set(
            headers,
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        );
        set(
            headers,
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        );
        if api && !headers.contains_key(header::CACHE_CONTROL) {
            set(headers, header::CACHE_CONTROL, "no-store");
        }
        if hsts {
            set(
                headers,
                header::STRICT_TRANSPORT_SECURITY,
                "max-age=63072000; includeSubDomains",
            );
        }
    };
    match next.call(req).await {
        Ok(mut res) => {
            add(res.headers_mut());
            Ok(res)
        }
        Err(err) => {
            let mut res = err.error_response();
            add(res.headers_mut());
            Err(InternalError::from_response(err.to_string(), res).into())
        }
    }
}

/// Middleware: a panic becomes a 500 problem (the server keeps serving), and
/// any error response that is not yet a problem document becomes one.
///
/// The request cannot be cloned before routing (the router needs it
/// unshared), so failures travel outwards as errors that carry their
/// finished response.
pub async fn problems_and_panics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let what = format!(
        "{} {} (request_id={})",
        req.method(),
        req.path(),
        req.extensions()
            .get::<RequestId>()
            .map(|r| r.0.as_str())
            .unwrap_or("")
    );
    match AssertUnwindSafe(next.call(req)).catch_unwind().await {
        Ok(Ok(res)) => {
            let (req, res) = res.into_parts();
            Ok(ServiceResponse::new(
                req,
                as_problem(res.map_into_boxed_body(), &what),
            ))
        }
        Ok(Err(err)) => {
            let res = as_problem(err.error_response(), &what);
            Err(InternalError::from_response(err.to_string(), res).into())
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            log::error!("handler panicked on {what}: {message}");
            let res = ApiError::Internal(String::new()).problem_response();
            Err(InternalError::from_response("handler panicked", res).into())
        }
    }
}

/// Replaces the body of an error response that is not yet a problem
/// document, keeping the status and the headers that matter to a client.
fn as_problem(res: HttpResponse, what: &str) -> HttpResponse {
    let status = res.status();
    if !status.is_client_error() && !status.is_server_error() {
        return res;
    }
    let keep = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        // (text/html: the page that says the SPA is not built, meant for a browser.)
        .is_some_and(|ct| ct.starts_with(PROBLEM_JSON) || ct.starts_with("text/html"));
    if keep {
        return res;
    }
    if status.is_server_error() {
        if let Some(err) = res.error() {
            log::error!("{what} failed: {err}");
        }
    }
    let mut replacement = problem_for_status(status).problem_response();
    *replacement.status_mut() = status;
    for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(v) = res.headers().get(&name) {
            replacement.headers_mut().insert(name, v.clone());
        }
    }
    replacement
}

fn problem_for_status(status: StatusCode) -> ApiError {
    let code = match status {
        StatusCode::NOT_FOUND => ProblemCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ProblemCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ProblemCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ProblemCode::UnsupportedMediaType,
        StatusCode::UNPROCESSABLE_ENTITY => ProblemCode::ValidationFailed,
        StatusCode::SERVICE_UNAVAILABLE => ProblemCode::DatabaseUnavailable,
        StatusCode::UNAUTHORIZED => ProblemCode::Unauthorized,
        StatusCode::FORBIDDEN => ProblemCode::Forbidden,
        StatusCode::CONFLICT => ProblemCode::Conflict,
        StatusCode::TOO_MANY_REQUESTS => ProblemCode::TooManyRequests,
        s if s.is_server_error() => return ApiError::internal("error response"),
        _ => ProblemCode::BadRequest,
    };
    let detail = status.canonical_reason().unwrap_or("error").to_string();
    ApiError::Client { code, detail }
}

/// A JSON request body: the `Content-Type` must be JSON (else 415), the body
/// within `SKUPAJ_BODY_LIMIT` (else 413), well-formed (else 400) and of the
/// right shape (else 422). Strings may not contain NUL characters, which
/// PostgreSQL cannot store: refusing them here keeps both backends alike.
pub struct ApiJson<T>(pub T);

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for ApiJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let is_json = req
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|m| m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON));
        if !is_json {
            return Box::pin(async {
                Err(ApiError::Client {
                    code: ProblemCode::UnsupportedMediaType,
                    detail: "send the body as application/json".into(),
                })
            });
        }
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|e| {
                if e.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::Client {
                        code: ProblemCode::PayloadTooLarge,
                        detail: e.to_string(),
                    }
                } else {
                    ApiError::bad_request(format!("cannot read the body: {e}"))
                }
            })?;
            if bytes.windows(6).any(|w| w == b"\\u0000") {
                return Err(ApiError::field(
                    "body",
                    "nul_character",
                    "text may not contain the NUL character (\\u0000)",
                ));
            }
            let mut de = serde_json::Deserializer::from_slice(&bytes);
            let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                if inner.is_data() {
                    // Name the field, as validation does, so that a wrong
                    // code-list value reads the same as in a CSV import.
                    let field = if path.is_empty() || path == "." {
                        "body".to_string()
                    } else {
                        path
                    };
                    let message = inner.to_string();
                    let code = if message.starts_with("unknown variant") {
                        "code"
                    } else {
                        "type"
                    };
                    ApiError::field(&field, code, message)
                } else {
                    ApiError::Client {
                        code: ProblemCode::MalformedJson,
                        detail: format!("the body is not valid JSON: {inner}"),
                    }
                }
            })?;
            de.end().map_err(|e| ApiError::Client {
                code: ProblemCode::MalformedJson,
                detail: format!("the body is not valid JSON: {e}"),
            })?;
            Ok(ApiJson(value))
        })
    }
}

/// Refuses (400) a path or query string with an encoded NUL character.
pub async fn refuse_nul(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<impl MessageBody>>, Error> {
    let uri = req.uri().to_string();
    if uri.to_ascii_lowercase().contains("%00") {
        let res = ApiError::bad_request("the address may not contain the NUL character (%00)")
            .problem_response();
        return Ok(req.into_response(res).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// A 200 with `value` as JSON, written into a buffer of `capacity` bytes:
/// actix's `json()` starts from 128 bytes and grows by copying, which a
/// page of 50 people (about 40 kB) does nine times.
pub fn json_ok<T: serde::Serialize>(value: &T, capacity: usize) -> Result<HttpResponse, ApiError> {
    let mut body = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut body, value).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header(header::ContentType::json())
        .body(body))
}

/// Query strings that do not parse are a 400 that names the problem.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
        ApiError::bad_request(format!("invalid query string: {err}")).into()
    })
}

/// A path segment of the wrong shape (e.g. not a UUID) names nothing: 404.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, _req| {
        ApiError::not_found(format!("no such resource ({err})")).into()
    })
}

/// Every documented path template with its methods, to answer 405 + `Allow`
/// for a known path and 404 for an unknown one.
#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<Method>)>,
}

impl RouteTable {
    pub fn from_spec(spec: &utoipa::openapi::OpenApi) -> Self {
        let mut table = Self::default();
        for (path, item) in &spec.paths.paths {
            let ops = [
                (Method::GET, item.get.is_some()),
                (Method::PUT, item.put.is_some()),
                (Method::POST, item.post.is_some()),
                (Method::DELETE, item.delete.is_some()),
                (Method::OPTIONS, item.options.is_some()),
                (Method::HEAD, item.head.is_some()),
                (Method::PATCH, item.patch.is_some()),
                (Method::TRACE, item.trace.is_some()),
            ];
            let methods = ops
                .into_iter()
                .filter(|(_, present)| *present)
                .map(|(m, _)| m)
                .collect();
            table.add(path, methods);
        }
        for path in openapi::UNDOCUMENTED_GET_PATHS {
            table.add(path, vec![Method::GET]);
        }
        table
    }

    fn add(&mut self, template: &str, methods: Vec<Method>) {
        let segments = template
            .trim_matches('/')
            .split('/')
            .map(str::to_string)
            .collect();
        self.routes.push((segments, methods));
    }

    /// The methods allowed on `path`, or `None` when no route has that
    /// shape. A literal segment beats a `{param}` one, as in the router:
    /// `/participants/import` is not `/participants/{id}`.
    pub fn allowed(&self, path: &str) -> Option<Vec<Method>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut best: Option<(usize, Vec<Method>)> = None;
        for (segments, methods) in &self.routes {
            if segments.len() != parts.len() {
                continue;
            }
            let mut literal = 0;
            let same_shape = segments.iter().zip(&parts).all(|(s, p)| {
                if s.starts_with('{') && s.ends_with('}') {
                    !p.is_empty()
                } else {
                    literal += 1;
                    s == p
                }
            });
            if !same_shape {
                continue;
            }
            match &mut best {
                Some((score, list)) if *score == literal => {
                    list.extend(
                        methods
                            .iter()
                            .filter(|m| !list.contains(m))
                            .cloned()
                            .collect::<Vec<_>>(),
                    );
                }
                Some((score, _)) if *score > literal => {}
                _ => best = Some((literal, methods.clone())),
            }
        }
        best.map(|(_, methods)| methods)
    }
}

/// The last stop of routing: 405 for a known path with another method, a 404
/// problem for anything else under `/api`, and the SPA's index for a
/// client-side route.
pub async fn fallback(req: HttpRequest, routes: web::Data<RouteTable>) -> HttpResponse {
    let path = req.path();
    if let Some(allowed) = routes.allowed(path) {
        if !allowed.is_empty() {
            let names = allowed.iter().map(|m| m.as_str().to_string()).collect();
            return ApiError::MethodNotAllowed(names).error_response();
        }
    }
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::not_found(format!("no endpoint at {path}")).error_response();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return ApiError::MethodNotAllowed(vec!["GET".into(), "HEAD".into()]).error_response();
    }
    spa::missing_build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_table_matches_templates_by_shape() {
        let mut t = RouteTable::default();
        t.add("/api/v1/things", vec![Method::GET, Method::POST]);
        t.add("/api/v1/things/{id}", vec![Method::GET]);
        t.add("/api/v1/things/{id}", vec![Method::PATCH]);
        assert_eq!(
            t.allowed("/api/v1/things"),
            Some(vec![Method::GET, Method::POST])
        );
        assert_eq!(
            t.allowed("/api/v1/things/0190-abc"),
            Some(vec![Method::GET, Method::PATCH])
        );
        assert_eq!(t.allowed("/api/v1/things/0190/more"), None);
        assert_eq!(t.allowed("/api/v1/other"), None);
        t.add("/api/v1/things/import", vec![Method::POST]);
        assert_eq!(
            t.allowed("/api/v1/things/import"),
            Some(vec![Method::POST]),
            "a literal segment wins"
        );
    }

    #[test]
    fn request_ids_from_clients_are_kept_only_when_harmless() {
        let ok = HeaderValue::from_static("abc-123_x");
        assert_eq!(accept_request_id(&ok), Some("abc-123_x".into()));
        let spaces = HeaderValue::from_static("a b");
        assert_eq!(accept_request_id(&spaces), None);
        let long = HeaderValue::from_str(&"a".repeat(129)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(accept_request_id(&long), None);
    }
}
