//! Minutes and action items (issue #14): a meeting's minutes as Markdown
//! (kept and returned as source text, never rendered to HTML by the
//! server), its decisions, and action items with an owner (a member of the
//! team or a participant), a due day and a state. Each person's open action
//! items are what their home page lists (`GET /action-items?mine=true&state=open`).
//!
//! Parts: `json`, `model` (the rows and views), `access` (who reads which
//! minutes), `routes`.

mod access;
pub mod json;
pub mod model;
mod routes;

pub use json::{ActionItem, Minutes};

/// Registers the minutes and action-item endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::get_minutes)
        .service(routes::save_minutes)
        .service(routes::create_action_item)
        .service(routes::list_action_items)
        .service(routes::update_action_item);
}
