//! Every resource's routes under `/api/v1`, one `configure` per module.

pub mod system;

/// Registers all API routes. Handlers are added with `.service(...)` (never
/// `.route(...)`) so that utoipa collects them into the OpenAPI document.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    system::configure(cfg);
}
