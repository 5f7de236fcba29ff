//! The Refuge Online Market (issue #15): sellers, listings, orders and
//! payment, with its building blocks: photos (cleaning, sizes, storage),
//! payment (IBANs, the EPC QR code) and multilingual texts; and the public
//! catalogue.

pub mod catalogue;
pub mod listings;
pub mod orders;
pub mod payment;
pub mod photos;
pub mod rights;
pub mod schema;
pub mod sellers;
pub mod settings;
pub mod texts;

/// Registers the market's endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    settings::configure(cfg);
    sellers::configure(cfg);
    listings::configure(cfg);
    photos::configure(cfg);
    catalogue::configure(cfg);
    orders::configure(cfg);
}
