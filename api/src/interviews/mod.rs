//! Interviews: questionnaire templates (`templates/`), individual and group
//! interviews with a published template version, their answers (saved as
//! they are entered), completion, the profile updates the answers suggest
//! (applied only when confirmed), and the analysis a field report prints
//! (`analysis/`).
//!
//! Parts: `json` (what the endpoints take and give), `model` (the interview
//! row, its views and writes), `access` (advisers see only the interviews
//! they conduct or planned), `checks` (an interview's fields and people),
//! `list`, `answers`, `profile_updates` and `export` (the GDPR export's
//! part) by topic, and `routes`.

mod access;
pub mod analysis;
mod answers;
mod checks;
pub mod export;
pub mod json;
mod list;
pub mod model;
mod profile_updates;
mod routes;
pub mod schema;
pub mod templates;

pub use access::find;
pub use checks::MAX_PARTICIPANTS;
pub use export::export_for;
pub use json::{
    Answer, Attendee, AttendeeInput, ExportedInterview, Interview, InterviewFields, ProfileUpdate,
    UpdateKind,
};
pub use model::InterviewRow;

/// Registers the interview endpoints: the templates', then the analysis's
/// (`/interviews/analysis` before `/interviews/{id}`: actix matches in
/// order), then the interviews'.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    templates::configure(cfg);
    analysis::configure(cfg);
    cfg.service(routes::list_interviews)
        .service(routes::create_interview)
        .service(routes::get_interview)
        .service(routes::update_interview)
        .service(routes::list_answers)
        .service(routes::save_answers)
        .service(routes::complete_interview)
        .service(routes::list_profile_updates)
        .service(routes::apply_profile_updates);
}
