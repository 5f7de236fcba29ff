//! Participants: the people a programme works with, their consents, their
//! import from a spreadsheet, and their rights (export and erasure).
//!
//! `routes` holds the handlers, `model` the rows and queries, `json` what
//! the endpoints take and answer, `access` who sees which people and
//! fields, `validation` the rules across fields, and `import` the reading
//! of a CSV file.

pub mod access;
mod import;
pub mod json;
pub mod model;
mod routes;
pub mod schema;
pub mod validation;

pub use access::{
    age_band, list_view, months_between, pseudonym, pseudonymised, quasi_identifiers, stay_length,
    view_for, visible, QUASI_IDENTIFIERS, STAFF_ONLY_FIELDS,
};
pub use json::{
    looks_like_pseudonym, plain_line, LanguageSkill, ParticipantFields, ParticipantStatus,
    Qualification, View,
};
pub use model::{
    add_consent, erase, find, load_many, save, version_conflict, Participant, ParticipantRow,
};
pub use validation::{
    check_links, consent_missing, has_profile_data, require_consent, validate_fields,
};

/// Registers the participant routes: the import first (actix matches in
/// order, and `/participants/import` must not be read as `/participants/{id}`),
/// then the people, their consents and their rights.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::import::import_template)
        .service(routes::import::import_participants)
        .service(routes::list::list_participants)
        .service(routes::people::create_participant)
        .service(routes::people::get_participant)
        .service(routes::people::update_participant)
        .service(routes::people::archive_participant)
        .service(routes::people::restore_participant)
        .service(routes::consents::list_consents)
        .service(routes::consents::record_consent)
        .service(routes::consents::withdraw_consent)
        .service(routes::rights::export_participant)
        .service(routes::rights::erase_participant);
}
