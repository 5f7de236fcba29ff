//! What the seller endpoints take and give.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

use crate::market::texts::{self, Texts};

/// The fields of a seller that can be set (create) or changed (merge patch).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SellerFields {
    /// The participant who sells: staff must give it; a participant leaves
    /// it out (themself). Cannot be changed.
    pub participant_id: Option<String>,
    /// The name buyers see (a pseudonym is allowed).
    #[schema(min_length = 1, max_length = 80, example = "Amina's Atelier")]
    #[validate(
        length(min = 1, max = 80),
        custom(function = "crate::fields::single_line")
    )]
    pub public_name: String,
    /// A short story in one or more languages (each at most 2000 characters).
    #[serde(default)]
    #[schema(value_type = Object, example = json!({"en": "I sew traditional dresses.", "ar": "أخيط فساتين تقليدية."}))]
    #[validate(custom(function = "stories"))]
    pub story: Texts,
    /// The municipality the seller works from.
    #[schema(max_length = 100, example = "Ljubljana")]
    #[validate(length(max = 100), custom(function = "crate::fields::single_line"))]
    pub municipality: Option<String>,
    /// The payout account (a SEPA IBAN; spaces allowed). Seen only by the
    /// seller and the organisation's admins and coordinators.
    #[schema(example = "SI56 1910 0000 0123 438")]
    #[validate(length(max = 60))]
    pub iban: Option<String>,
    /// Whose account it is.
    #[schema(max_length = 140, example = "Amina Hadžić")]
    #[validate(length(max = 140), custom(function = "crate::fields::single_line"))]
    pub account_holder: Option<String>,
    /// A paused seller's listings are not in the catalogue.
    #[serde(default)]
    pub paused: bool,
}

fn stories(t: &Texts) -> Result<(), ValidationError> {
    texts::check(t, 2000, false)
}

/// A seller.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Seller {
    pub id: String,
    /// Empty once the person was erased.
    pub participant_id: Option<String>,
    pub public_name: String,
    #[schema(value_type = Object)]
    pub story: Texts,
    pub municipality: Option<String>,
    pub paused_at: Option<DateTime<Utc>>,
    /// Only for the seller themself and the organisation's admins and coordinators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    /// Only for the seller themself and the organisation's admins and coordinators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_holder: Option<String>,
    /// Listings not archived.
    pub listing_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send it back with a change (optimistic locking).
    pub version: i32,
}
