//! Outcomes (being built: issue #16): what an application (hired) or a
//! completed course ended in, with its dates.

pub mod model;

/// Registers the endpoints.
pub fn configure(_cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {}
