//! Meetings: venues, co-creation meetings, advising office hours, panels,
//! workshops and the rest; recurring series written as RFC 5545 rules
//! (each occurrence a meeting of its own), registrations with a waiting
//! list promoted in the same transaction as a cancellation, bookable
//! office-hour slots, attendance at the door, feedback, minutes, action
//! items and iCalendar feeds.

pub mod calendar;
pub mod schema;

pub mod access;
pub mod attendance;
pub mod bookings;
mod checks;
pub mod feedback;
pub mod json;
mod list;
pub mod minutes;
pub mod model;
pub mod registrations;
pub mod rights;
mod routes;
pub mod series;
pub mod venues;

pub use json::{Meeting, MeetingFields};

/// Registers the meeting endpoints: the venues', the meetings', then
/// their registrations and invitations.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    venues::configure(cfg);
    calendar::configure(cfg);
    series::configure(cfg);
    bookings::configure(cfg);
    attendance::configure(cfg);
    feedback::configure(cfg);
    minutes::configure(cfg);
    cfg.service(routes::list_meetings)
        .service(routes::create_meeting)
        .service(routes::get_meeting)
        .service(routes::update_meeting);
    registrations::configure(cfg);
}
