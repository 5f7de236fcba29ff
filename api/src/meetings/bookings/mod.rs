//! Office hours with slots: a meeting with `slot_minutes` offers bookable
//! slots (computed from its times, never stored) of `slot_capacity` people
//! each, in person or by phone, with a topic. A participant books their
//! own; staff book for anyone, record walk-ins and whether people came,
//! and see a day's bookings with names.

mod access;
pub mod json;
pub mod model;
mod routes;
pub mod rules;

pub use json::{Booking, Slot};

/// Registers the booking endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_slots)
        .service(routes::create_booking)
        .service(routes::list_meeting_bookings)
        .service(routes::list_bookings)
        .service(routes::update_booking);
}
