//! (being built: issue #16)

/// Registers the endpoints.
pub fn configure(_cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {}
