//! What the audit-log endpoint takes and answers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Who did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    User,
    ApiKey,
    System,
    Anonymous,
}

/// One audit event.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    pub actor_type: ActorType,
    /// The user's or API key's id.
    pub actor_id: Option<String>,
    /// e.g. `read`, `list`, `create`, `update`, `delete`, `login`, `login_failed`.
    #[schema(example = "update")]
    pub action: String,
    /// e.g. `member`, `api_key`, `invitation`, `session`, `user`.
    #[schema(example = "member")]
    pub resource_type: String,
    /// The record's id. For an API key, a participant's id (resource types
    /// `participant`, `participant_skill`, `consent`, `personal_data`) is
    /// that key's pseudonym of the person instead, as everywhere else.
    pub resource_id: Option<String>,
    /// The `X-Request-Id` of the request that did it.
    pub request_id: Option<String>,
}

/// Filters and paging for the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only events by this user or API key.
    pub actor_id: Option<String>,
    /// Only events on this kind of record.
    pub resource_type: Option<String>,
    /// Only events on this record. API keys may use it only together with
    /// a `resource_type` that is not about a participant.
    pub resource_id: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// Only events at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only events before this time.
    pub until: Option<DateTime<Utc>>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}
