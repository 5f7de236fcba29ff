//! Skills: the ESCO taxonomy (skills, knowledge, occupations), its import
//! and search, and the skills each participant has
//! (`/participants/{id}/skills…`, the table `participant_skills`).

mod access;
pub mod json;
pub mod model;
mod routes;
pub mod schema;
mod taxonomy;

pub use json::{ConceptKind, ConceptRef};
pub use model::{fold, preferred_labels, refs, uri_by_label, ImportSummary};
pub use taxonomy::{
    import, load_starter_if_empty, read_folder, starter_files, version_from_name, ImportError,
};

/// Registers a participant's skills, then the taxonomy's search.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    routes::participant_skills::configure(cfg);
    routes::search::configure(cfg);
}
