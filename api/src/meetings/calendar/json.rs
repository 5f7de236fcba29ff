//! What the calendar endpoints give besides the files themselves.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The caller's personal calendar feed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CalendarFeed {
    /// The secret address to subscribe to in a calendar program: given
    /// only when the feed is made or reset (only its hash is kept).
    pub url: Option<String>,
    /// When the current address was made; none when there is no feed.
    pub created_at: Option<DateTime<Utc>>,
}
