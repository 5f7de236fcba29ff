//! Recurring meeting series: the RFC 5545 recurrence engine ([`rule`]),
//! a meeting at each occurrence, changes for this meeting, the following
//! ones or all of them ([`edit`]), changes of the rule ([`change`]).

pub mod change;
pub mod edit;
pub mod json;
pub mod model;
mod routes;
pub mod rule;

pub use json::{EditScope, ScopeQuery, Series};

/// Registers the series endpoints and the removal of a meeting.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::create_series)
        .service(routes::get_series)
        .service(routes::update_series)
        .service(routes::delete_meeting);
}
