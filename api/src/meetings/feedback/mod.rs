//! Feedback on meetings (issue #14): after a meeting, each attendee may
//! rate it from 1 to 10 with an optional comment in any language. Ratings
//! are anonymous to everyone but the person: organisers (admins and
//! coordinators) see counts, mean, median, the distribution and, from
//! three raters on, the comments without author or time; facilitators see
//! nothing; analysts and API keys see yearly summaries through the
//! platform's disclosure control.
//!
//! Parts: `json`, `model` (the rows; ratings are never selected with their
//! author except a person's own), `access` (who gets what, over which
//! period), `summary` (the numbers), `protection` (the yearly tables
//! protected together for analysts), `routes`.

mod access;
pub mod json;
pub mod model;
mod protection;
mod routes;
mod summary;

pub use json::{FeedbackSummary, MeetingFeedback, MeetingStats, MyFeedback};

/// Registers the feedback endpoints; the literal paths
/// (`/meetings/feedback/summary`, `/meetings/stats`) go before any
/// `/meetings/{id}`.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::summarise_feedback)
        .service(routes::list_meeting_stats)
        .service(routes::rate_meeting)
        .service(routes::get_my_feedback)
        .service(routes::get_meeting_feedback);
}
