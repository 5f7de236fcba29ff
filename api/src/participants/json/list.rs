//! The participant list's query parameters, its sort orders and its page.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::people::ParticipantView;
use crate::codes::{self, LegalStatus, Need};

/// Filters and paging of the participant list.
///
/// For analysts and API keys (pseudonymised views) filters match only the
/// values a record shows (never one k-anonymity withheld); `q`,
/// `adviser_id`, `arrived_from`/`arrived_to`, `skills` and sorting by name
/// are refused (403); the order is always by pseudonym.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct ParticipantListQuery {
    /// `active` (default) or `archived`. Ignored with `updated_since`.
    #[param(inline)]
    pub status: Option<ListStatus>,
    pub legal_status: Option<LegalStatus>,
    /// Exact municipality, ignoring case.
    #[param(max_length = 100)]
    #[validate(length(max = 100))]
    pub municipality: Option<String>,
    /// Speaks this language (code from the `languages` list).
    #[param(max_length = 3)]
    #[validate(length(max = 3))]
    pub language: Option<String>,
    /// Has this need.
    pub need: Option<Need>,
    /// Assigned to this adviser (a user id). Not for pseudonymised views.
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub adviser_id: Option<String>,
    /// Arrived on or after this date.
    pub arrived_from: Option<NaiveDate>,
    /// Arrived on or before this date.
    pub arrived_to: Option<NaiveDate>,
    /// Part of the name, ignoring case.
    #[param(max_length = 100)]
    #[validate(length(max = 100))]
    pub q: Option<String>,
    /// Has these skills: concept URIs, comma-separated (at most 20).
    #[param(max_length = 6000)]
    #[validate(length(max = 6000))]
    pub skills: Option<String>,
    /// With `skills`: at least this level.
    pub min_level: Option<codes::SkillLevel>,
    /// With `skills`: `all` (default) or `any` of them.
    #[param(inline)]
    #[serde(rename = "match")]
    pub match_: Option<SkillMatch>,
    /// `created` (default), `-created`, `name`, `-name`, `updated`.
    /// Pseudonymised lists are always in pseudonym order (an order by
    /// creation or change would line up the pseudonyms of different keys).
    #[param(inline)]
    pub sort: Option<SortOrder>,
    /// Only records changed at or after this time, oldest change first, with
    /// archived and erased ones as tombstones: for integrations that mirror the list.
    /// Pseudonymised pulls count from the start of that day (UTC), are in
    /// pseudonym order and show no times: pass the time the previous pull began.
    pub updated_since: Option<DateTime<Utc>>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 400)]
    #[validate(length(max = 400))]
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkillMatch {
    All,
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    Active,
    Archived,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum SortOrder {
    #[serde(rename = "created")]
    Created,
    #[serde(rename = "-created")]
    CreatedDesc,
    #[serde(rename = "name")]
    Name,
    #[serde(rename = "-name")]
    NameDesc,
    #[serde(rename = "updated")]
    Updated,
}

/// A page of participants.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantPage {
    pub items: Vec<ParticipantView>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl SortOrder {
    /// The order's name in `sort` (and in its cursors).
    pub fn name(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::CreatedDesc => "-created",
            Self::Name => "name",
            Self::NameDesc => "-name",
            Self::Updated => crate::pagination::UPDATED,
        }
    }
}

/// The order of pseudonymised lists; their cursors carry the last pseudonym.
pub const PSEUDONYM_ORDER: &str = "pseudonym";
