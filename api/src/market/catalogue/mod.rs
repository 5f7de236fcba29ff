//! The public catalogue of the market (no login): search, filters, sorts
//! and keyset pages of the listings on sale, one listing's page, a
//! seller's page, and the link-preview tags of a listing's SPA page.

pub mod json;
pub mod model;
pub mod preview;
mod routes;

pub use json::{CatalogueItem, CatalogueListing, CatalogueQuery, CatalogueSort, PublicSeller};

/// Registers the catalogue endpoints (the sellers' route before `{id}`).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_catalogue)
        .service(routes::get_public_seller)
        .service(routes::get_catalogue_listing);
}
