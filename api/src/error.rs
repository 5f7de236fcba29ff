//! Every error leaves the server as an RFC 9457 `application/problem+json`
//! document with a stable machine `code` that the SPA translates.
//!
//! Handlers return [`ApiError`]. A 5xx never carries internals: the cause is
//! logged (with the request id) and the client reads only "Internal Server Error".

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Stable, machine-readable error codes. Clients translate these; the
/// English `title` and `detail` are for developers and logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// The request is malformed (query string, path or headers).
    BadRequest,
    /// The body is not well-formed JSON or does not have the expected shape.
    MalformedJson,
    /// The body's `Content-Type` is not one the endpoint accepts.
    UnsupportedMediaType,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// One or more fields are invalid; see `errors`.
    ValidationFailed,
    /// No valid credentials: log in (again) or send a valid token or API key.
    Unauthorized,
    /// The e-mail and password do not match an account.
    InvalidCredentials,
    /// Logged in, but this role may not do this.
    Forbidden,
    /// The record changed since it was read; reload and try again.
    VersionConflict,
    /// The request conflicts with the current state (see `detail`).
    Conflict,
    /// The organisation's last admin cannot be removed or demoted.
    LastAdmin,
    /// A market order asks for more than is in stock; `listings` names them.
    OutOfStock,
    /// A market order cannot make this step from its state (or not by this role).
    InvalidTransition,
    /// The person has not given (or withdrew) the consent this needs; see `detail`.
    ConsentRequired,
    /// The invitation or reset link is unknown, used, revoked or expired.
    LinkInvalid,
    /// The account also belongs to an organisation the caller does not
    /// administer: only the person, or whoever runs the server
    /// (`skupaj reset-password`), may change its credentials.
    SharedAccount,
    /// The participant already sells in the market (one seller record each).
    AlreadySeller,
    /// The opportunity is not open, or its deadline has passed.
    OpportunityClosed,
    /// The person already has an application for this opportunity.
    AlreadyApplied,
    /// The person may not take this opportunity; `reason` says why (e.g. `work_permit_required`).
    NotEligible,
    /// Too many attempts; wait for the seconds in `Retry-After`.
    TooManyRequests,
    /// No such resource (or one the caller may not know about).
    NotFound,
    /// The path exists but not with this method; see the `Allow` header.
    MethodNotAllowed,
    /// The database cannot be reached right now.
    DatabaseUnavailable,
    /// Something failed inside the server; the request id helps the operator find it.
    InternalError,
}

impl ProblemCode {
    pub fn status(self) -> StatusCode {
        match self {
            Self::BadRequest | Self::MalformedJson => StatusCode::BAD_REQUEST,
            Self::LinkInvalid => StatusCode::NOT_FOUND,
            Self::Unauthorized | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::VersionConflict
            | Self::Conflict
            | Self::LastAdmin
            | Self::OutOfStock
            | Self::InvalidTransition
            | Self::ConsentRequired
            | Self::SharedAccount
            | Self::AlreadySeller
            | Self::OpportunityClosed
            | Self::AlreadyApplied
            | Self::NotEligible => StatusCode::CONFLICT,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::DatabaseUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The snake_case name, also the last segment of the problem `type` URI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::MalformedJson => "malformed_json",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::ValidationFailed => "validation_failed",
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::VersionConflict => "version_conflict",
            Self::Conflict => "conflict",
            Self::LastAdmin => "last_admin",
            Self::OutOfStock => "out_of_stock",
            Self::InvalidTransition => "invalid_transition",
            Self::ConsentRequired => "consent_required",
            Self::LinkInvalid => "link_invalid",
            Self::SharedAccount => "shared_account",
            Self::AlreadySeller => "already_seller",
            Self::OpportunityClosed => "opportunity_closed",
            Self::AlreadyApplied => "already_applied",
            Self::NotEligible => "not_eligible",
            Self::TooManyRequests => "too_many_requests",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::DatabaseUnavailable => "database_unavailable",
            Self::InternalError => "internal_error",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::BadRequest => "Bad request",
            Self::MalformedJson => "Malformed JSON body",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::PayloadTooLarge => "Request body too large",
            Self::ValidationFailed => "Validation failed",
            Self::Unauthorized => "Unauthorized",
            Self::InvalidCredentials => "Invalid credentials",
            Self::Forbidden => "Forbidden",
            Self::VersionConflict => "Version conflict",
            Self::Conflict => "Conflict",
            Self::LastAdmin => "Last admin",
            Self::OutOfStock => "Out of stock",
            Self::InvalidTransition => "Invalid order step",
            Self::ConsentRequired => "Consent required",
            Self::LinkInvalid => "Invalid or expired link",
            Self::SharedAccount => "Account shared with another organisation",
            Self::AlreadySeller => "Already a seller",
            Self::OpportunityClosed => "Opportunity closed",
            Self::AlreadyApplied => "Already applied",
            Self::NotEligible => "Not eligible",
            Self::TooManyRequests => "Too many requests",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::DatabaseUnavailable => "Database unavailable",
            Self::InternalError => "Internal Server Error",
        }
    }
}

/// One invalid field of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field's path in the request, e.g. `languages[0].level`.
    #[schema(example = "email")]
    pub field: String,
    /// A stable code for what is wrong, e.g. `required`, `email`, `length`, `range`.
    #[schema(example = "email")]
    pub code: String,
    /// An English explanation for developers.
    #[schema(example = "must be a valid e-mail address")]
    pub message: String,
}

/// An RFC 9457 problem document.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; ends in the `code`.
    #[serde(rename = "type")]
    #[schema(example = "https://skupaj.org/problems/not_found")]
    pub type_uri: String,
    /// A short English summary of the kind of problem.
    #[schema(example = "Not found")]
    pub title: String,
    /// The HTTP status code.
    #[schema(example = 404, minimum = 400, maximum = 599)]
    pub status: u16,
    /// An English explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The machine-readable code that clients translate.
    pub code: ProblemCode,
    /// The invalid fields, for `validation_failed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For `consent_required` about several people (e.g. recording a group
    /// interview): the ids of the participants without the consent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<String>,
    /// For `out_of_stock`: the ids of the market listings without enough stock.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<String>,
    /// For `not_eligible`: the eligibility rule's reason code, e.g. `work_permit_required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A client error with a code and an explanation.
    #[error("{code:?}: {detail}")]
    Client { code: ProblemCode, detail: String },
    /// 409 `consent_required`, naming the participants who lack the consent.
    #[error("consent missing for {participants:?}: {detail}")]
    ConsentMissing {
        detail: String,
        participants: Vec<String>,
    },
    /// 409 `out_of_stock`, naming the listings without enough stock.
    #[error("out of stock: {listings:?}")]
    OutOfStock { listings: Vec<String> },
    /// 409 `not_eligible`, with the eligibility rule's reason code.
    #[error("not eligible ({reason}): {detail}")]
    NotEligible { reason: String, detail: String },
    /// Invalid fields (422).
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    /// 405 with the methods the path does have.
    #[error("method not allowed; allowed: {0:?}")]
    MethodNotAllowed(Vec<String>),
    /// Anything unexpected (500); the cause is logged, never sent.
    #[error("internal: {0}")]
    Internal(String),
    /// The database is away (503).
    #[error("database unavailable: {0}")]
    DatabaseUnavailable(String),
    /// 429 with `Retry-After`.
    #[error("too many requests; retry after {0} s")]
    TooManyRequests(u64),
    /// SQLite's single writer was taken by another transaction; the whole
    /// transaction is retried, and after a few tries this is a 503.
    #[error("database busy")]
    Busy,
}

impl ApiError {
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::Client {
            code: ProblemCode::NotFound,
            detail: detail.into(),
        }
    }
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::Client {
            code: ProblemCode::BadRequest,
            detail: detail.into(),
        }
    }
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::Client {
            code: ProblemCode::Unauthorized,
            detail: detail.into(),
        }
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::Client {
            code: ProblemCode::Forbidden,
            detail: detail.into(),
        }
    }
    pub fn conflict(code: ProblemCode, detail: impl Into<String>) -> Self {
        Self::Client {
            code,
            detail: detail.into(),
        }
    }
    /// A 422 for one field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }])
    }
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    pub fn code(&self) -> ProblemCode {
        match self {
            Self::Client { code, .. } => *code,
            Self::ConsentMissing { .. } => ProblemCode::ConsentRequired,
            Self::OutOfStock { .. } => ProblemCode::OutOfStock,
            Self::NotEligible { .. } => ProblemCode::NotEligible,
            Self::Validation(_) => ProblemCode::ValidationFailed,
            Self::MethodNotAllowed(_) => ProblemCode::MethodNotAllowed,
            Self::Internal(_) => ProblemCode::InternalError,
            Self::DatabaseUnavailable(_) => ProblemCode::DatabaseUnavailable,
            Self::TooManyRequests(_) => ProblemCode::TooManyRequests,
            Self::Busy => ProblemCode::DatabaseUnavailable,
        }
    }

    /// The document sent to the client.
    pub fn problem(&self) -> Problem {
        let code = self.code();
        let (detail, errors) = match self {
            Self::Client { detail, .. }
            | Self::ConsentMissing { detail, .. }
            | Self::NotEligible { detail, .. } => (Some(detail.clone()), Vec::new()),
            Self::Validation(errors) => (
                Some(format!("{} field(s) are invalid", errors.len())),
                errors.clone(),
            ),
            Self::OutOfStock { listings } => (
                Some(format!(
                    "not enough in stock of {} listing(s); nothing was ordered",
                    listings.len()
                )),
                Vec::new(),
            ),
            Self::MethodNotAllowed(allowed) => (
                Some(format!("this path accepts only: {}", allowed.join(", "))),
                Vec::new(),
            ),
            Self::Internal(_) => (None, Vec::new()),
            Self::DatabaseUnavailable(_) => (
                Some("the database cannot be reached; try again shortly".into()),
                Vec::new(),
            ),
            Self::TooManyRequests(secs) => (
                Some(format!("too many attempts; try again in {secs} seconds")),
                Vec::new(),
            ),
            Self::Busy => (
                Some("the database is busy; try again in a moment".into()),
                Vec::new(),
            ),
        };
        Problem {
            type_uri: format!("https://skupaj.org/problems/{}", code.as_str()),
            title: code.title().to_string(),
            status: code.status().as_u16(),
            detail,
            code,
            errors,
            participants: match self {
                Self::ConsentMissing { participants, .. } => participants.clone(),
                _ => Vec::new(),
            },
            listings: match self {
                Self::OutOfStock { listings } => listings.clone(),
                _ => Vec::new(),
            },
            reason: match self {
                Self::NotEligible { reason, .. } => Some(reason.clone()),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code().status()
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => log::error!("internal error: {cause}"),
            Self::DatabaseUnavailable(cause) => log::warn!("database unavailable: {cause}"),
            _ => {}
        }
        self.problem_response()
    }
}

impl ApiError {
    /// The problem response, without logging.
    pub fn problem_response(&self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status_code());
        match self {
            Self::MethodNotAllowed(allowed) => {
                builder.insert_header((header::ALLOW, allowed.join(", ")));
            }
            Self::TooManyRequests(secs) => {
                builder.insert_header((header::RETRY_AFTER, secs.to_string()));
            }
            Self::Busy => {
                builder.insert_header((header::RETRY_AFTER, "1"));
            }
            Self::Client {
                code: ProblemCode::Unauthorized,
                ..
            } => {
                builder.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            _ => {}
        }
        builder.content_type(PROBLEM_JSON).json(self.problem())
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        Self::Validation(field_errors(&errors, ""))
    }
}

/// Flattens validator's nested errors into `{field, code, message}` rows,
/// with paths like `contact.email` and `languages[0].level`.
pub fn field_errors(errors: &validator::ValidationErrors, prefix: &str) -> Vec<FieldError> {
    use validator::ValidationErrorsKind;
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    let mut out = Vec::new();
    let mut entries: Vec<_> = errors.errors().iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (name, kind) in entries {
        match kind {
            ValidationErrorsKind::Field(list) => out.extend(list.iter().map(|e| {
                // An empty value that fails a minimum length is simply missing.
                if e.code == "length" && e.params.get("value").is_some_and(|v| v == "") {
                    return FieldError {
                        field: join(name),
                        code: "required".into(),
                        message: "is required".into(),
                    };
                }
                FieldError {
                    field: join(name),
                    code: e.code.to_string(),
                    message: e
                        .message
                        .as_ref()
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| default_message(&e.code, &e.params)),
                }
            })),
            ValidationErrorsKind::Struct(inner) => out.extend(field_errors(inner, &join(name))),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    out.extend(field_errors(inner, &format!("{}[{index}]", join(name))));
                }
            }
        }
    }
    out
}

fn default_message(
    code: &str,
    params: &std::collections::HashMap<std::borrow::Cow<'static, str>, serde_json::Value>,
) -> String {
    let p = |k: &str| params.get(k).map(|v| v.to_string());
    match code {
        "required" => "is required".into(),
        "email" => "must be a valid e-mail address".into(),
        "url" => "must be a valid URL".into(),
        "length" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("length must be between {min} and {max}"),
            (Some(min), None) => format!("length must be at least {min}"),
            (None, Some(max)) => format!("length must be at most {max}"),
            _ => "has the wrong length".into(),
        },
        "range" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            (None, Some(max)) => format!("must be at most {max}"),
            _ => "is out of range".into(),
        },
        other => format!("is invalid ({other})"),
    }
}

/// Maps a failed pool checkout or query to the right problem.
impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::DatabaseUnavailable(e.to_string())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => Self::not_found("no such record"),
            diesel::result::Error::DatabaseError(_, ref info)
                if info.message().contains("database is locked")
                    || info.message().contains("database table is locked") =>
            {
                Self::Busy
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        // A panic inside a database call: the thread is gone, the request fails cleanly.
        Self::Internal(format!("blocking task failed: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use validator::Validate;

    #[derive(Validate)]
    struct Nested {
        #[validate(range(min = 1, max = 10))]
        score: i32,
    }

    #[derive(Validate)]
    struct Form {
        #[validate(email)]
        email: String,
        #[validate(length(min = 2, max = 5))]
        name: String,
        #[validate(nested)]
        items: Vec<Nested>,
    }

    #[test]
    fn validation_errors_become_sorted_field_rows() {
        let form = Form {
            email: "nope".into(),
            name: "x".into(),
            items: vec![Nested { score: 3 }, Nested { score: 11 }],
        };
        let Err(errors) = form.validate() else {
            panic!("the form is invalid")
        };
        let rows = field_errors(&errors, "");
        let fields: Vec<_> = rows
            .iter()
            .map(|r| (r.field.as_str(), r.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("email", "email"),
                ("items[1].score", "range"),
                ("name", "length")
            ]
        );
        assert_eq!(rows[2].message, "length must be between 2 and 5");
    }

    #[test]
    fn internal_errors_never_leak_their_cause() {
        let problem = ApiError::internal("password=hunter2 at db.rs:12").problem();
        let body = serde_json::to_string(&problem).unwrap_or_default();
        assert!(!body.contains("hunter2"));
        assert_eq!(problem.status, 500);
        assert_eq!(problem.title, "Internal Server Error");
    }
}
