//! The Refuge Online Market (issue #15): sellers, listings, orders and
//! payment. So far its building blocks: photos (cleaning, sizes, storage)
//! and payment (IBANs, the EPC QR code).

pub mod catalogue;
pub mod payment;
pub mod photos;
pub mod schema;

/// Registers the market's endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    photos::configure(cfg);
    catalogue::configure(cfg);
}
