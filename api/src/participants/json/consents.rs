//! A person's consents as recorded and as shown.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::codes::ConsentPurpose;

/// A consent to record: its purpose and the version of the text the person was shown.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
pub struct ConsentInput {
    pub purpose: ConsentPurpose,
    /// The version of the consent text shown, e.g. `2026-05 sl`.
    #[schema(example = "2026-05 sl", min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub text_version: String,
}

/// A consent record.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Consent {
    pub id: String,
    pub purpose: ConsentPurpose,
    pub text_version: String,
    /// The user (or API key) who recorded it.
    pub recorded_by: String,
    pub given_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_by: Option<String>,
    /// Given and not withdrawn.
    pub active: bool,
}
