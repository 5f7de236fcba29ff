//! The audit log.

mod entries;
