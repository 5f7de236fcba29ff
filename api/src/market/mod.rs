//! The Refuge Online Market (issue #15): sellers, listings, orders and
//! payment. So far its building blocks: photos (cleaning, sizes, storage)
//! and payment (IBANs, the EPC QR code).

pub mod payment;
pub mod photos;
pub mod schema;
