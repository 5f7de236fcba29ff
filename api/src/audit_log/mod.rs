//! The audit log as a resource: reading it (`GET /audit`). Writing it is
//! platform work (`crate::audit`), done by every resource in the same
//! transaction as its change.

mod access;
pub mod json;
pub mod model;
mod routes;

pub use json::{ActorType, AuditEntry, AuditQuery};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_audit);
}
