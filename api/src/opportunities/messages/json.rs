//! What the message endpoints take and give.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The longest message, in characters.
pub const MAX_BODY: usize = 4000;

/// A message to write in an application's thread: text only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageInput {
    /// 1–4000 characters.
    #[schema(min_length = 1, max_length = 4000)]
    pub body: String,
}

/// Who read a message, and when they last read the thread.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReadReceipt {
    pub user_id: String,
    /// `participant`, `adviser`, `partner` or `staff`.
    pub role: String,
    pub read_at: DateTime<Utc>,
}

/// A message in an application's thread.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Message {
    pub id: String,
    pub author_user_id: Option<String>,
    /// `participant`, `adviser`, `partner` or `staff`.
    pub author_role: String,
    pub author_name: Option<String>,
    /// Empty once the author was erased.
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// The other readers who read the thread after it was written.
    pub read_by: Vec<ReadReceipt>,
    /// Whether the caller wrote it.
    pub mine: bool,
}

/// Which page of a thread (oldest first).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessageListQuery {
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Until when the caller has read the thread.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReadMark {
    pub read_at: DateTime<Utc>,
}
