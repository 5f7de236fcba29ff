//! The participant list's query parameters, its page, and its cursors (the
//! keyset of a sort order, or the last pseudonym of a pseudonymised page).

use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::people::{looks_like_pseudonym, ParticipantView};
use crate::codes::{self, LegalStatus, Need};
use crate::error::ApiError;
use crate::ids;

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

/// Where a page in a sort order left off: the order (`s`), the sort key of
/// the last row given out (`k`) and its id (`i`).
#[derive(Serialize, Deserialize)]
pub struct Cursor {
    pub s: SortOrder,
    pub k: String,
    pub i: String,
}

/// The opaque `next_cursor` of a page.
pub fn encode_cursor(c: &Cursor) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(c).unwrap_or_default())
}

/// A `cursor` read back: 422 unless this server gave it out for `sort`.
pub fn decode_cursor(s: &str, sort: SortOrder) -> Result<Cursor, ApiError> {
    let bad = || {
        ApiError::field(
            "cursor",
            "invalid",
            "is not a cursor this server gave out for this sort order",
        )
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| bad())?;
    let c: Cursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if c.s != sort || !ids::is_uuid(&c.i) {
        return Err(bad());
    }
    Ok(c)
}

/// Where a pseudonymised page left off: the last pseudonym given out.
#[derive(Serialize, Deserialize)]
struct PseudonymCursor {
    p: String,
}

/// The cursor of a pseudonymised page that ends with `pseudonym`.
pub fn encode_pseudonym_cursor(pseudonym: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
        serde_json::to_vec(&PseudonymCursor {
            p: pseudonym.to_string(),
        })
        .unwrap_or_default(),
    )
}

/// The pseudonym a pseudonymised page's cursor names.
pub fn decode_pseudonym_cursor(c: &str) -> Result<String, ApiError> {
    let bad = || {
        ApiError::field(
            "cursor",
            "invalid",
            "is not a cursor this server gave out for this list",
        )
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(c)
        .map_err(|_| bad())?;
    let c: PseudonymCursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if !looks_like_pseudonym(&c.p) {
        return Err(bad());
    }
    Ok(c.p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_belong_to_their_sort_order() {
        let c = encode_cursor(&Cursor {
            s: SortOrder::Name,
            k: "Amina".into(),
            i: ids::new_id(),
        });
        assert!(decode_cursor(&c, SortOrder::Name).is_ok());
        assert!(decode_cursor(&c, SortOrder::Created).is_err());
        assert!(decode_cursor("garbage", SortOrder::Name).is_err());
    }
}
