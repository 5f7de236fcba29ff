//! What the code-list endpoints take and answer.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

/// The names of the code lists.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CodeListIndex {
    #[schema(example = json!(["countries", "languages", "legal-statuses"]))]
    pub lists: Vec<String>,
}

/// Language of code list labels.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct CodeListQuery {
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}
