//! Applications (issue #16): a participant applies, or an adviser proposes
//! a person who then accepts; each step is made by the role that owns it
//! (`states`) and kept in a history; moving to `interview` arranges a
//! meeting both sides see, `hired` records an outcome (`steps`). Who sees
//! which application (the partner only with the person's `partner_sharing`
//! consent) is in `access`, used by the message threads too.

pub mod access;
pub mod apply;
pub mod json;
pub mod model;
mod routes;
pub mod states;
pub mod steps;
pub mod unread;
pub mod views;

pub use json::Application;

/// Registers the endpoints (the unread count before `/applications/{id}`).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::create_application)
        .service(routes::list_applications)
        .service(routes::unread_count)
        .service(routes::get_application)
        .service(routes::list_application_events)
        .service(routes::transition_application);
}
