//! The Refuge Online Market (issue #15): its building blocks.

pub mod photos;
