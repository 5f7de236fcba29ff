//! What the listing endpoints take and give.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::codes::{self, ListingCategory, ListingOrigin, ListingStatus};
use crate::market::texts::{self, Texts};

/// The fields of a listing that can be set (create) or changed (merge patch).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ListingFields {
    /// The seller: staff must give it; a seller may leave it out (themself).
    /// Cannot be changed.
    pub seller_id: Option<String>,
    /// The title in one or more languages (at least one; each at most 120 characters).
    #[schema(value_type = Object, example = json!({"en": "Hand-sewn dress", "sl": "Haljina šivana"}))]
    #[validate(custom(function = "titles"))]
    pub title: Texts,
    /// The description in one or more languages (each at most 4000 characters).
    #[serde(default)]
    #[schema(value_type = Object, example = json!({"en": "A Moroccan dance dress, sewn by hand."}))]
    #[validate(custom(function = "descriptions"))]
    pub description: Texts,
    pub category: ListingCategory,
    #[schema(max_length = 500, example = "Cotton, silk thread")]
    #[validate(length(max = 500), custom(function = "crate::fields::single_line"))]
    pub materials: Option<String>,
    #[schema(max_length = 200, example = "Size M; 120 cm long")]
    #[validate(length(max = 200), custom(function = "crate::fields::single_line"))]
    pub dimensions: Option<String>,
    /// Handmade, or from the country of origin (then `origin_country`).
    pub origin: ListingOrigin,
    /// ISO 3166-1 alpha-2: where the item (or its maker) comes from;
    /// required with `origin: origin_country`.
    #[schema(example = "MA")]
    #[validate(custom(function = "country"))]
    pub origin_country: Option<String>,
    /// The price in cents (0–10,000,000).
    #[schema(minimum = 0, maximum = 10000000, example = 2500)]
    #[validate(range(min = 0, max = 10_000_000))]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub price_cents: i32,
    /// ISO 4217, three upper-case letters (default EUR).
    #[serde(default = "eur")]
    #[schema(example = "EUR")]
    #[validate(custom(function = "currency"))]
    pub currency: String,
    /// Items on hand (0–100,000); none: made to order (then `lead_time_days`).
    #[schema(minimum = 0, maximum = 100000, example = 5)]
    #[validate(range(min = 0, max = 100_000))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub stock: Option<i32>,
    /// Made to order: days until it is ready (1–365).
    #[schema(minimum = 1, maximum = 365)]
    #[validate(range(min = 1, max = 365))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub lead_time_days: Option<i32>,
    /// `draft` (default) or `published` on creation; later also `archived`.
    /// Staff approve a listing `in_review` by setting `published`. Stock 0
    /// makes a published listing `sold_out`, new stock publishes it again.
    pub status: Option<ListingStatus>,
    /// The photo-shoot meeting (kind `photo_shoot`) the listing was photographed at.
    pub photo_shoot_id: Option<String>,
}

fn eur() -> String {
    "EUR".into()
}

fn titles(t: &Texts) -> Result<(), ValidationError> {
    texts::required(t)?;
    texts::check(t, 120, true)
}

fn descriptions(t: &Texts) -> Result<(), ValidationError> {
    texts::check(t, 4000, false)
}

fn country(s: &str) -> Result<(), ValidationError> {
    if codes::countries().contains_key(s) {
        Ok(())
    } else {
        Err(ValidationError::new("code")
            .with_message("must be an ISO 3166-1 alpha-2 country code".into()))
    }
}

fn currency(s: &str) -> Result<(), ValidationError> {
    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(ValidationError::new("currency")
            .with_message("must be three upper-case letters (ISO 4217), e.g. EUR".into()))
    }
}

/// One size of a photo.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PhotoSize {
    /// `/api/v1/market/photos/{photo_id}/{size}`.
    pub url: String,
    pub width: i32,
    pub height: i32,
}

/// A photo of a listing in its three sizes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Photo {
    pub id: String,
    /// From 0, the first shown first.
    pub position: i32,
    pub thumbnail: PhotoSize,
    pub medium: PhotoSize,
    pub large: PhotoSize,
    pub alt_text: Option<String>,
}

/// A listing as its seller and staff see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Listing {
    pub id: String,
    pub seller_id: String,
    pub seller_name: String,
    #[schema(value_type = Object)]
    pub title: Texts,
    #[schema(value_type = Object)]
    pub description: Texts,
    pub category: ListingCategory,
    pub materials: Option<String>,
    pub dimensions: Option<String>,
    pub origin: ListingOrigin,
    pub origin_country: Option<String>,
    pub price_cents: i32,
    pub currency: String,
    /// Items on hand; none when made to order.
    pub stock: Option<i32>,
    pub made_to_order: bool,
    pub lead_time_days: Option<i32>,
    pub status: ListingStatus,
    pub photo_shoot_id: Option<String>,
    pub photos: Vec<Photo>,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send it back with a change (optimistic locking).
    pub version: i32,
}

/// Which listings, and which page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListingListQuery {
    /// Only listings in this status (archived ones only when asked, or
    /// with `updated_since`).
    pub status: Option<ListingStatus>,
    /// Only this seller's listings.
    pub seller_id: Option<String>,
    /// Words in the title or description, in any language, accents ignored.
    pub q: Option<String>,
    /// Every listing changed since then, oldest change first; archived
    /// listings included: an archived listing is the tombstone (listings
    /// are never deleted).
    pub updated_since: Option<DateTime<Utc>>,
    /// At most this many (1–100, default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}
