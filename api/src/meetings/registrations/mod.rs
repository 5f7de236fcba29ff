//! Registrations, invitations and the waiting list: a participant takes a
//! place at a meeting, or staff register them; invitation-only meetings
//! take the people invited. Capacity is never exceeded: past it, people
//! wait in the order they came, and a cancellation or a capacity raised
//! moves the first waiting up in the same transaction (no background job).

mod access;
mod invitations;
pub mod json;
pub mod model;
mod places;
mod routes;
mod views;

pub use json::{MeetingInvitation, Registration};
pub use model::promote;

/// Registers the registration and invitation endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::create_registration)
        .service(routes::list_registrations)
        .service(routes::update_registration)
        .service(routes::invite_to_meeting)
        .service(routes::list_meeting_invitations)
        .service(routes::withdraw_meeting_invitation);
}
