//! The Refuge Online Market (issue #15): sellers, listings, orders and payment.

pub mod payment;
