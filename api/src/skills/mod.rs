//! Skills: the ESCO taxonomy (skills, knowledge, occupations), its import
//! and search, and the skills each participant has.

pub mod json;
pub mod model;
mod routes;
mod taxonomy;

pub use json::{ConceptKind, ConceptRef};
pub use model::{preferred_labels, refs};
pub use taxonomy::{
    fold, import, load_starter_if_empty, read_folder, starter_files, uri_by_label,
    version_from_name, ImportError, ImportSummary,
};

/// Registers a participant's skills, then the taxonomy's search.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::participant_skills::configure(cfg);
    routes::search::configure(cfg);
}
