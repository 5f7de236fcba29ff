//! Matches both ways (issue #16, point 4): the people who match an
//! opportunity, and the open opportunities that match a person, each match
//! explained item by item by the engine in `opportunities::matching` (its
//! weights: `matching::weights`, documented in the README, "Opportunities
//! and matching"). Rows become the engine's types in `load`; each server
//! process keeps them in a cache per organisation (`cache`) that follows
//! the change log (`changes`), so that a match reloads only what changed.

mod access;
pub mod cache;
pub mod changes;
mod json;
pub mod load;
mod routes;

pub use cache::MatchCache;
pub use json::{OpportunityMatches, PeopleMatches};

/// Registers the endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::opportunity_matches);
    cfg.service(routes::participant_matches);
}
