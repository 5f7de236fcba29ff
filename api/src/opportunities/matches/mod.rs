//! Matches both ways (being built: issue #16), and the change log that
//! keeps each server process's matching cache current (`changes`).

pub mod changes;

/// Registers the endpoints.
pub fn configure(_cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {}
