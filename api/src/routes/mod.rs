//! Every resource's routes under `/api/v1`, one `configure` per module.

pub mod interview_analysis;
mod interview_protection;
pub mod interview_stay;
pub mod interview_templates;
pub mod interviews;

/// Registers all API routes. Handlers are added with `.service(...)` (never
/// `.route(...)`) so that utoipa collects them into the OpenAPI document.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    crate::system::configure(cfg);
    crate::accounts::configure(cfg);
    crate::audit_log::configure(cfg);
    crate::participants::configure(cfg);
    crate::code_lists::configure(cfg);
    crate::skills::configure(cfg);
    interview_templates::configure(cfg);
    interview_analysis::configure(cfg);
    interviews::configure(cfg);
}
