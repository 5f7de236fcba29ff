//! Sellers: participants who sell in the market (with the consent
//! `market_selling`), with a public name (a pseudonym is allowed), a short
//! multilingual story, the municipality they work from, and payout details
//! seen only by themselves and the organisation's admins and coordinators.
//! A paused seller's listings leave the catalogue.

pub mod access;
pub mod json;
pub mod model;
mod routes;

pub use json::{Seller, SellerFields};

/// Registers the seller endpoints (`/market/sellers/me` before `{id}`).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_sellers)
        .service(routes::create_seller)
        .service(routes::get_my_seller)
        .service(routes::get_seller)
        .service(routes::update_seller);
}
