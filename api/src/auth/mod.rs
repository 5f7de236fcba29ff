//! Who is calling: the `Actor` extractor turns `Authorization: Bearer …`
//! (an access token or an API key) into a user or key, an organisation and
//! a role, loaded fresh from the database on every request so that a
//! removed member or a revoked key loses access at once.

pub mod password;
pub mod tokens;

use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, web, FromRequest, HttpMessage, HttpRequest};
use diesel::prelude::*;

use crate::db::schema::{api_keys, memberships, users};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::RequestId;
use crate::ids;
use crate::policy::{self, Action, Resource, Role, Scope};
use crate::AppState;

/// Every API key starts with this, so that it can be told from a JWT.
pub const API_KEY_PREFIX: &str = "skp_";

/// The user or key behind a request.
#[derive(Clone, Debug)]
pub enum Principal {
    User { user_id: String },
    ApiKey { key_id: String, scopes: Vec<Scope> },
}

/// An authenticated caller acting in one organisation.
#[derive(Clone, Debug)]
pub struct Actor {
    pub principal: Principal,
    pub organization_id: String,
    pub role: Role,
    pub request_id: Option<String>,
}

impl Actor {
    /// Refuses (403) what the policy does not allow this actor.
    pub fn require(&self, action: Action, resource: Resource) -> Result<(), ApiError> {
        let allowed = match &self.principal {
            Principal::User { .. } => policy::role_allows(self.role, action, resource),
            Principal::ApiKey { scopes, .. } => policy::key_allows(scopes, action, resource),
        };
        if allowed {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "your role may not {} {}",
                action.as_str(),
                resource.as_str()
            )))
        }
    }

    pub fn user_id(&self) -> Option<&str> {
        match &self.principal {
            Principal::User { user_id } => Some(user_id),
            Principal::ApiKey { .. } => None,
        }
    }

    /// The user, or 403 for an API key (for endpoints only people use).
    pub fn require_user(&self) -> Result<&str, ApiError> {
        self.user_id()
            .ok_or_else(|| ApiError::forbidden("this endpoint is for people, not API keys"))
    }

    /// (`user` | `api_key`, id) as the audit log records it.
    pub fn audit_identity(&self) -> (&'static str, &str) {
        match &self.principal {
            Principal::User { user_id } => ("user", user_id),
            Principal::ApiKey { key_id, .. } => ("api_key", key_id),
        }
    }
}

impl<'a> From<&'a Actor> for crate::audit::Who<'a> {
    fn from(actor: &'a Actor) -> Self {
        let (actor_type, actor_id) = actor.audit_identity();
        crate::audit::Who {
            organization_id: &actor.organization_id,
            actor_type,
            actor_id,
            request_id: actor.request_id.as_deref(),
        }
    }
}

/// What a request says about its caller, checked as far as it can be
/// without the database: a verified access token, or an API key not yet
/// looked up. [`Credentials::resolve`] turns it into an [`Actor`] on a
/// connection, so that a handler can resolve its caller inside its own
/// database call (see `AppState::db_as`) instead of taking one more
/// connection and one more trip through the blocking pool for it.
#[derive(Clone, Debug)]
pub struct Credentials {
    kind: CredentialKind,
    request_id: Option<String>,
}

#[derive(Clone, Debug)]
enum CredentialKind {
    Token(tokens::Claims),
    ApiKey(String),
}

impl Credentials {
    /// The actor behind these credentials, read fresh from the database:
    /// a removed member, a changed role, a disabled account, a password
    /// change or a revoked key takes effect on the very next request.
    pub fn resolve(&self, conn: &mut DbConnection) -> Result<Actor, ApiError> {
        match &self.kind {
            CredentialKind::Token(claims) => user_actor(conn, claims, self.request_id.clone()),
            CredentialKind::ApiKey(key) => api_key_actor(conn, key, self.request_id.clone()),
        }
    }

    /// Whether [`Credentials::resolve`] only reads: true for a user's
    /// access token; an API key's "last used" time may be written.
    pub fn resolves_without_writing(&self) -> bool {
        matches!(self.kind, CredentialKind::Token(_))
    }

    fn from_parts(req: &HttpRequest) -> Result<Self, ApiError> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| ApiError::internal("no application state"))?;
        let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
        let header = match req.headers().get(actix_web::http::header::AUTHORIZATION) {
            None => {
                return Err(ApiError::unauthorized(
                    "send Authorization: Bearer <access token or API key>",
                ))
            }
            Some(h) => h
                .to_str()
                .map_err(|_| ApiError::unauthorized("the Authorization header is not readable"))?,
        };
        let token = bearer(header).ok_or_else(|| {
            ApiError::unauthorized("use the Bearer scheme: Authorization: Bearer <token>")
        })?;
        if token.starts_with(API_KEY_PREFIX) {
            return Ok(Self {
                kind: CredentialKind::ApiKey(token.to_string()),
                request_id,
            });
        }
        let claims = state.jwt.verify(token).map_err(|e| {
            log::info!("refused access token: {e}");
            ApiError::unauthorized("the access token is invalid or expired")
        })?;
        Ok(Self {
            kind: CredentialKind::Token(claims),
            request_id,
        })
    }
}

impl FromRequest for Credentials {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Self::from_parts(req))
    }
}

impl FromRequest for Actor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let credentials = Credentials::from_parts(req);
        Box::pin(async move {
            let credentials = credentials?;
            let state = state.ok_or_else(|| ApiError::internal("no application state"))?;
            state.db(move |conn| credentials.resolve(conn)).await
        })
    }
}

fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

fn user_actor(
    conn: &mut DbConnection,
    claims: &tokens::Claims,
    request_id: Option<String>,
) -> Result<Actor, ApiError> {
    // At most one row ((organisation, user) is unique). Not `first`: its
    // `LIMIT ?` makes SQLite plan the statement anew at every run.
    let row: Option<(String, bool, chrono::NaiveDateTime)> = crate::on_backend!(conn, c => memberships::table
        .inner_join(users::table)
        .filter(memberships::user_id.eq(&claims.sub))
        .filter(memberships::organization_id.eq(&claims.org))
        .select((
            memberships::role,
            users::is_active,
            users::password_changed_at,
        ))
        .get_result(c)
        .optional())?;
    let Some((role, active, password_changed_at)) = row else {
        return Err(ApiError::unauthorized(
            "this account is no longer a member of that organisation",
        ));
    };
    if !active {
        return Err(ApiError::unauthorized("this account is disabled"));
    }
    // A password change or reset ends every session started before it.
    if claims.iat < password_changed_at.and_utc().timestamp() {
        return Err(ApiError::unauthorized(
            "the password changed since this token was issued; log in again",
        ));
    }
    let role =
        Role::parse(&role).ok_or_else(|| ApiError::internal(format!("unknown role {role}")))?;
    Ok(Actor {
        principal: Principal::User {
            user_id: claims.sub.clone(),
        },
        organization_id: claims.org.clone(),
        role,
        request_id,
    })
}

/// An API key is `skp_<prefix>_<secret>`; the prefix finds the row, the
/// hash of the whole key proves it.
fn api_key_actor(
    conn: &mut DbConnection,
    key: &str,
    request_id: Option<String>,
) -> Result<Actor, ApiError> {
    let invalid = || ApiError::unauthorized("the API key is invalid, revoked or expired");
    let prefix = key
        .strip_prefix(API_KEY_PREFIX)
        .and_then(|rest| rest.split_once('_'))
        .map(|(p, _)| p)
        .ok_or_else(invalid)?;
    type KeyRow = (
        String,
        String,
        String,
        String,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
    );
    let key_row: Option<KeyRow> = api_keys::table
        .filter(api_keys::prefix.eq(prefix))
        .select((
            api_keys::id,
            api_keys::organization_id,
            api_keys::secret_hash,
            api_keys::scopes,
            api_keys::expires_at,
            api_keys::revoked_at,
            api_keys::last_used_at,
        ))
        // The prefix is unique; `get_result`, not `first`, as above.
        .get_result(conn)
        .optional()?;
    let Some((id, org, hash, scopes, expires_at, revoked_at, last_used_at)) = key_row else {
        return Err(invalid());
    };
    let now = ids::now();
    if !tokens::constant_time_eq(&hash, &tokens::sha256_hex(key))
        || revoked_at.is_some()
        || expires_at <= now
    {
        return Err(invalid());
    }
    // "Last used" to the minute is enough, and spares a write per request.
    if last_used_at.is_none_or(|t| now - t > chrono::Duration::seconds(60)) {
        diesel::update(api_keys::table.find(&id))
            .set(api_keys::last_used_at.eq(now))
            .execute(conn)?;
    }
    Ok(Actor {
        principal: Principal::ApiKey {
            key_id: id,
            scopes: parse_scopes(&scopes),
        },
        organization_id: org,
        role: Role::Analyst,
        request_id,
    })
}

/// Scopes as stored: space-separated names; unknown names are ignored.
pub fn parse_scopes(stored: &str) -> Vec<Scope> {
    stored.split_whitespace().filter_map(Scope::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bearer_scheme_is_read() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("abc"), None);
    }
}
