//! Liveness and readiness, for load balancers, orchestrators and the SPA.
//! Public; no data of anyone.

pub mod json;
pub mod memory;
mod routes;

pub use json::{DatabaseBackend, Health, HealthState, Ready, ReadyState};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::get_health).service(routes::get_ready);
}
