//! The organisation's market settings: the account buyers pay into (the
//! EPC QR code is drawn from it), the commission kept of each completed
//! sale, and whether a coordinator approves listings before they are
//! published. No row until first changed: then the defaults hold.

pub mod json;
pub mod model;
mod routes;

pub use json::{MarketSettings, MarketSettingsFields};

/// Registers the settings endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::get_market_settings)
        .service(routes::update_market_settings);
}
