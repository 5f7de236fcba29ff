//! The audit log.

mod entries;
mod staging;
