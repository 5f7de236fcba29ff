//! Code lists: countries, languages, genders, legal statuses, work
//! permits, education levels, employment states, needs, language levels,
//! recognition states and consent purposes, with labels in five languages.
//! The codes themselves live in `crate::codes`, which every resource uses;
//! this folder serves them. Who may read them: everyone (no login, no
//! personal data), so there is no access part.

pub mod json;
pub mod routes;

pub use json::{CodeListIndex, CodeListQuery};

/// Registers the code-list endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_code_lists)
        .service(routes::get_code_list);
}
