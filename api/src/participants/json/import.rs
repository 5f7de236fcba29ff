//! What the CSV import takes besides the file, and what it answers.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Whether to write.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `true`: check every row and report, write nothing.
    pub dry_run: Option<bool>,
}

/// The outcome of an import whose rows were all valid.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Data rows in the file (without the header).
    pub rows: usize,
    /// Participants created (0 in a dry run).
    pub imported: usize,
    /// Their ids, in file order.
    pub ids: Vec<String>,
}
