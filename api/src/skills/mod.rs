//! Skills: the ESCO taxonomy (skills, knowledge, occupations) and its search.

pub mod json;
pub mod model;

pub use json::{ConceptKind, ConceptRef};
pub use model::{preferred_labels, refs};
