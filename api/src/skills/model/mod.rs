//! The skills resource's rows and queries.

mod concepts;

pub use concepts::{preferred_labels, refs};
