//! Every resource's routes under `/api/v1`, one `configure` per module.

pub mod api_keys;
pub mod auth;
pub mod me;
pub mod members;
pub mod participant_import;
pub mod participant_skills;
pub mod participants;
pub mod skills;

/// Registers all API routes. Handlers are added with `.service(...)` (never
/// `.route(...)`) so that utoipa collects them into the OpenAPI document.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    crate::system::configure(cfg);
    auth::configure(cfg);
    me::configure(cfg);
    members::configure(cfg);
    api_keys::configure(cfg);
    crate::audit_log::configure(cfg);
    participant_import::configure(cfg);
    participants::configure(cfg);
    crate::code_lists::configure(cfg);
    participant_skills::configure(cfg);
    skills::configure(cfg);
    crate::interviews::configure(cfg);
}
