//! Venues: the places meetings happen, with what a visitor needs to know
//! before coming (address, capacity, step-free access, childcare, the
//! languages spoken there, a map link; no map tiles are fetched).

pub mod json;
pub mod model;
mod routes;

pub use json::{Venue, VenueRef};

/// Registers the venue endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_venues)
        .service(routes::create_venue)
        .service(routes::get_venue)
        .service(routes::update_venue);
}
