//! Message threads (issue #16): each application has one, between the
//! partner, the participant, their adviser and staff who see the
//! application (`crate::opportunities::applications::access`): text only,
//! with read receipts and unread counts.

pub mod json;
pub mod model;
mod routes;
pub mod views;

/// Registers the endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_messages)
        .service(routes::create_message)
        .service(routes::mark_read);
}
