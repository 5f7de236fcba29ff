//! What the market settings endpoints take and give.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// The organisation's market settings that can be changed (merge patch).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MarketSettingsFields {
    /// The account buyers pay into (a SEPA IBAN; spaces allowed).
    #[schema(example = "SI56 1910 0000 0123 438")]
    #[validate(length(max = 60))]
    pub iban: Option<String>,
    /// Whose account it is (shown to buyers, in the QR code).
    #[schema(max_length = 70, example = "Društvo Skupaj")]
    #[validate(length(max = 70), custom(function = "crate::fields::single_line"))]
    pub account_holder: Option<String>,
    /// The bank's BIC (8 or 11 letters and digits).
    #[schema(example = "DBSISI2X")]
    #[validate(custom(function = "bic_code"))]
    pub bic: Option<String>,
    /// What the organisation keeps of each completed sale, in basis points
    /// (0–10000; 1000 = 10 %).
    #[schema(minimum = 0, maximum = 10000, example = 1000)]
    #[validate(range(min = 0, max = 10000))]
    #[serde(default, deserialize_with = "crate::fields::whole_i32")]
    pub commission_bp: i32,
    /// A coordinator approves every listing before it is published.
    #[serde(default)]
    pub require_approval: bool,
}

fn bic_code(s: &str) -> Result<(), validator::ValidationError> {
    let ok = (s.len() == 8 || s.len() == 11)
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && s.bytes().take(6).all(|b| b.is_ascii_uppercase());
    if ok {
        Ok(())
    } else {
        Err(validator::ValidationError::new("bic")
            .with_message("must be a BIC: 8 or 11 upper-case letters and digits".into()))
    }
}

/// The organisation's market settings (defaults, version 0, until first changed).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MarketSettings {
    pub iban: Option<String>,
    pub account_holder: Option<String>,
    pub bic: Option<String>,
    pub commission_bp: i32,
    pub require_approval: bool,
    pub updated_at: Option<DateTime<Utc>>,
    /// Send it back with a change (optimistic locking); 0 before the first change.
    pub version: i32,
}
