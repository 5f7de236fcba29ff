//! Meetings in calendar programs: the iCalendar (RFC 5545) writer behind
//! the personal feed, the organisation's public feed and the `.ics` file of
//! one meeting.

pub mod ics;
pub mod json;
pub mod model;
mod routes;
mod timezone;

#[cfg(test)]
mod tests;

/// Registers the calendar endpoints (the meeting's file before `/meetings/{id}`).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::meeting_calendar)
        .service(routes::get_feed)
        .service(routes::reset_feed)
        .service(routes::delete_feed)
        .service(routes::read_feed)
        .service(routes::public_calendar);
}
