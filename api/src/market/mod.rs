//! The Refuge Online Market (issue #15): sellers, listings, orders and
//! payment. So far its building blocks: photos (cleaning, sizes, storage)
//! and payment (IBANs, the EPC QR code), and orders.

pub mod orders;
pub mod payment;
pub mod photos;
pub mod schema;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    orders::configure(cfg);
}
