//! The accounts API's request, response and view types: logging in,
//! sessions and links (`/auth`), the logged-in account (`/me`), members and
//! invitations, API keys.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::model::{ApiKey, Invitation, Membership, Session, User};
use crate::auth::tokens::ACCESS_TTL_SECONDS;
use crate::auth::{parse_scopes, API_KEY_PREFIX};
use crate::error::ApiError;
use crate::ids;
use crate::policy::{Role, Scope};

// Logging in, sessions, and the links that lead to one.

/// E-mail and password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LoginRequest {
    #[schema(
        example = "coordinator@demo.skupaj.org",
        min_length = 1,
        max_length = 254
    )]
    #[validate(length(min = 1, max = 254))]
    pub email: String,
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub password: String,
    /// The organisation to act in; default: the first one the account belongs to.
    pub organization_id: Option<String>,
}

/// Always `Bearer`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub enum TokenType {
    Bearer,
}

/// A new session (OAuth 2 style names).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer …`; valid for `expires_in` seconds.
    pub access_token: String,
    pub token_type: TokenType,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
    /// Opaque, single-use: exchange it at `/auth/refresh` for a new pair.
    pub refresh_token: String,
    /// The organisation the tokens act in.
    pub organization_id: String,
    /// The account's role there.
    pub role: Role,
}

impl TokenResponse {
    /// The answer for a new session, in which the account has `role`.
    pub fn new(session: Session, role: Role) -> Self {
        TokenResponse {
            access_token: session.access_token,
            token_type: TokenType::Bearer,
            expires_in: ACCESS_TTL_SECONDS,
            refresh_token: session.refresh_token,
            organization_id: session.organization_id,
            role,
        }
    }
}

/// A refresh token, and optionally another organisation to switch to.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RefreshRequest {
    #[schema(min_length = 1, max_length = 512)]
    #[validate(length(min = 1, max = 512))]
    pub refresh_token: String,
    /// Switch to this organisation (the account must be a member).
    pub organization_id: Option<String>,
}

/// The refresh token of the session to end.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LogoutRequest {
    #[schema(min_length = 1, max_length = 512)]
    #[validate(length(min = 1, max = 512))]
    pub refresh_token: String,
}

/// Accepting an invitation: the token from the link, and the account's
/// name and password (an existing account proves itself with its password).
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct AcceptInvitationRequest {
    #[schema(min_length = 1, max_length = 512)]
    #[validate(length(min = 1, max = 512))]
    pub token: String,
    /// The name others in the organisation will see: needed for a new account,
    /// ignored for an existing one.
    #[schema(example = "Amina H.", min_length = 1, max_length = 120)]
    #[validate(length(min = 1, max = 120))]
    pub display_name: Option<String>,
    /// A new password (new accounts), or the current one (existing accounts).
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub password: String,
}

/// A reset link's token and the new password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ResetPasswordRequest {
    #[schema(min_length = 1, max_length = 512)]
    #[validate(length(min = 1, max = 512))]
    pub token: String,
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub new_password: String,
}

// The logged-in account.

/// The account.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserSummary {
    pub id: String,
    #[schema(example = "coordinator@demo.skupaj.org")]
    pub email: String,
    #[schema(example = "Maja Novak")]
    pub display_name: String,
}

/// One organisation the account belongs to.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MembershipSummary {
    /// The membership's id.
    pub id: String,
    pub organization_id: String,
    #[schema(example = "Skupaj Demo Ljubljana")]
    pub organization_name: String,
    pub role: Role,
}

/// Who is logged in, where, with which role, and where else they belong.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub user: UserSummary,
    /// The organisation the access token acts in.
    pub organization_id: String,
    pub role: Role,
    pub memberships: Vec<MembershipSummary>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

/// The current password and the new one.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ChangePasswordRequest {
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub current_password: String,
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub new_password: String,
}

// Members and invitations.

/// A member of the organisation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Member {
    /// The membership's id (what PATCH and DELETE take).
    pub id: String,
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
    /// Send it back with a change; a stale one answers 409.
    pub version: i32,
}

impl From<(Membership, User)> for Member {
    fn from((m, u): (Membership, User)) -> Self {
        Member {
            id: m.id,
            user_id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: Role::parse(&m.role).unwrap_or(Role::Participant),
            joined_at: ids::utc(m.created_at),
            version: m.version,
        }
    }
}

/// Paging and filters for the member list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberListQuery {
    /// Only members with this role.
    pub role: Option<Role>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A new role, with the version last read.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct UpdateMemberRequest {
    pub role: Role,
    /// The `version` the change is based on.
    #[schema(minimum = 1)]
    #[validate(range(min = 1))]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub version: i32,
}

/// A single-use link to pass on by phone, message or in person.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LinkCreated {
    pub id: String,
    /// The full link to open in a browser.
    #[schema(example = "http://127.0.0.1:8080/invite#token=ski_…")]
    pub url: String,
    /// The secret in the link; shown only now.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl LinkCreated {
    /// The answer for a new link `inv` at `url`, with its secret `token`.
    pub fn new(url: String, inv: Invitation, token: String) -> Self {
        LinkCreated {
            url,
            id: inv.id,
            token,
            expires_at: ids::utc(inv.expires_at),
        }
    }
}

/// A pending invitation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PendingInvitation {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl From<Invitation> for PendingInvitation {
    fn from(i: Invitation) -> Self {
        PendingInvitation {
            role: i
                .role
                .as_deref()
                .and_then(Role::parse)
                .unwrap_or(Role::Participant),
            id: i.id,
            email: i.email,
            created_at: ids::utc(i.created_at),
            expires_at: ids::utc(i.expires_at),
        }
    }
}

/// Whom to invite, with which role.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateInvitationRequest {
    #[schema(
        example = "adviser@example.org",
        max_length = 254,
        pattern = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"
    )]
    #[validate(length(max = 254), custom(function = "crate::fields::email"))]
    pub email: String,
    pub role: Role,
}

// API keys.

/// The longest a key may live.
pub const MAX_KEY_LIFETIME: Duration = Duration::days(366);

/// An API key as listed (never with its secret).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiKeyInfo {
    pub id: String,
    #[schema(example = "City of Ljubljana statistics")]
    pub name: String,
    /// The start of the key (`skp_<prefix>_…`), to recognise it.
    #[schema(example = "skp_a1B2c3D4e5")]
    pub prefix: String,
    /// What the key may do beyond the analyst role.
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKey> for ApiKeyInfo {
    fn from(k: ApiKey) -> Self {
        ApiKeyInfo {
            prefix: format!("{API_KEY_PREFIX}{}", k.prefix),
            scopes: parse_scopes(&k.scopes),
            id: k.id,
            name: k.name,
            created_at: ids::utc(k.created_at),
            expires_at: ids::utc(k.expires_at),
            last_used_at: k.last_used_at.map(ids::utc),
            revoked_at: k.revoked_at.map(ids::utc),
        }
    }
}

/// A new key's name, scopes and expiry.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateApiKeyRequest {
    #[schema(min_length = 1, max_length = 120)]
    #[validate(length(min = 1, max = 120))]
    pub name: String,
    /// Empty: the key acts as an analyst (aggregated and pseudonymised data).
    #[serde(default)]
    pub scopes: Vec<Scope>,
    /// When the key stops working: in the future, at most a year ahead.
    /// Default: 90 days from now.
    pub expires_at: Option<DateTime<Utc>>,
}

impl CreateApiKeyRequest {
    /// When the key is to stop working: `expires_at`, which must be after
    /// `now` and at most [`MAX_KEY_LIFETIME`] later; by default 90 days
    /// from `now`.
    pub fn expiry(&self, now: NaiveDateTime) -> Result<NaiveDateTime, ApiError> {
        match self.expires_at {
            None => Ok(now + Duration::days(90)),
            Some(t) => {
                let t = t.naive_utc();
                if t <= now {
                    return Err(ApiError::field(
                        "expires_at",
                        "past",
                        "must be in the future",
                    ));
                }
                if t > now + MAX_KEY_LIFETIME {
                    return Err(ApiError::field(
                        "expires_at",
                        "too_far",
                        "must be at most a year from now",
                    ));
                }
                Ok(t)
            }
        }
    }
}

/// A new key with its secret, shown only in this answer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiKeyCreated {
    #[serde(flatten)]
    pub key: ApiKeyInfo,
    /// Send as `Authorization: Bearer <secret>`. It cannot be shown again.
    pub secret: String,
}
