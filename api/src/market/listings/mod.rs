//! Listings: what sellers offer, with a multilingual title and
//! description, a category, materials, dimensions, handmade or from the
//! country of origin, a price in cents with a currency, stock or made to
//! order with a lead time, a status (draft, in review, published, sold
//! out, archived) and up to 8 photos. `search_text` holds every
//! language's title and description folded, written with every save.

pub mod checks;
pub mod json;
pub mod list;
pub mod model;
mod routes;
pub mod rules;

pub use json::{Listing, ListingFields, Photo, PhotoSize};

/// Registers the listing endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_listings)
        .service(routes::create_listing)
        .service(routes::get_listing)
        .service(routes::update_listing);
}
