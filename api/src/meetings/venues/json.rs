//! What the venue endpoints take and give.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

use crate::codes;

/// The fields of a venue that can be set (create) or changed (merge patch).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct VenueFields {
    #[schema(
        min_length = 1,
        max_length = 200,
        example = "Advising venue, Vida Pregarčeva 11"
    )]
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::fields::single_line")
    )]
    pub name: String,
    #[schema(max_length = 300, example = "Vida Pregarčeva 11, 1000 Ljubljana")]
    #[validate(length(max = 300), custom(function = "crate::fields::multi_line"))]
    pub address: Option<String>,
    /// How many people the room holds (meetings there may not plan more).
    #[schema(minimum = 1, maximum = 100000)]
    #[validate(range(min = 1, max = 100000))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub capacity: Option<i32>,
    /// Step-free access, lifts, toilets, quiet room: what a visitor should know.
    #[schema(
        max_length = 2000,
        example = "Ground floor, step-free entrance from the courtyard"
    )]
    #[validate(length(max = 2000), custom(function = "crate::fields::multi_line"))]
    pub accessibility: Option<String>,
    /// Whether children can be looked after there.
    #[serde(default)]
    pub childcare: bool,
    /// Languages spoken at the venue (`languages` codes).
    #[serde(default)]
    #[schema(example = json!(["sl", "en", "ar"]))]
    #[validate(length(max = 30), custom(function = "language_codes"))]
    pub languages: Vec<String>,
    /// A link to a map (opened by the visitor; the app fetches nothing from it).
    #[schema(
        max_length = 500,
        example = "https://www.openstreetmap.org/?mlat=46.0514&mlon=14.5060"
    )]
    #[validate(length(max = 500), custom(function = "web_link"))]
    pub map_url: Option<String>,
    /// The IANA time zone of meetings here (default: the server's, Europe/Ljubljana).
    #[schema(example = "Europe/Ljubljana")]
    #[validate(custom(function = "is_time_zone"))]
    pub time_zone: Option<String>,
    /// An archived venue is kept for past meetings but offered for no new one.
    #[serde(default)]
    pub archived: bool,
}

/// Every code is a `languages` code.
pub fn language_codes(codes_: &[String]) -> Result<(), ValidationError> {
    if codes_.iter().all(|c| codes::languages().contains_key(c)) {
        Ok(())
    } else {
        Err(ValidationError::new("code")
            .with_message("every item must be a `languages` code".into()))
    }
}

/// An `https://` or `http://` link without spaces.
pub fn web_link(s: &str) -> Result<(), ValidationError> {
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > 8
        && !s.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("url").with_message("must be an https:// or http:// link".into()))
    }
}

/// An IANA time zone name such as Europe/Ljubljana.
pub fn is_time_zone(s: &str) -> Result<(), ValidationError> {
    s.parse::<chrono_tz::Tz>().map(|_| ()).map_err(|_| {
        ValidationError::new("time_zone")
            .with_message("must be an IANA time zone such as Europe/Ljubljana".into())
    })
}

/// A venue.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Venue {
    pub id: String,
    pub name: String,
    pub address: Option<String>,
    pub capacity: Option<i32>,
    pub accessibility: Option<String>,
    pub childcare: bool,
    pub languages: Vec<String>,
    pub map_url: Option<String>,
    #[schema(example = "Europe/Ljubljana")]
    pub time_zone: String,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send it back with a change (optimistic locking).
    pub version: i32,
}

/// A venue as a meeting names it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VenueRef {
    pub id: String,
    pub name: String,
    pub address: Option<String>,
    pub map_url: Option<String>,
    pub accessibility: Option<String>,
    pub childcare: bool,
    pub capacity: Option<i32>,
}
