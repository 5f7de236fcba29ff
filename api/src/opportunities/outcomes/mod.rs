//! Outcomes: what an application (hired) or a completed course ended in,
//! with its dates — permanent or fixed-term work, an internship, training,
//! studies or self-employment — and their counts and rates per programme
//! and year through the disclosure control (`stats`).

pub mod access;
pub mod json;
pub mod model;
mod routes;
pub mod stats;

pub use json::Outcome;

/// Registers the outcome endpoints (`/outcomes/stats` before `{id}`).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(stats::outcome_stats)
        .service(routes::list_outcomes)
        .service(routes::create_outcome)
        .service(routes::update_outcome);
}
