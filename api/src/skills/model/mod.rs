//! The skills resource's rows and queries: the taxonomy's concepts and
//! their search, the writing of an import, and a participant's skills.

pub mod concepts;
pub mod import;
pub mod index;
pub mod participant_skills;
pub mod search;

pub use concepts::{preferred_labels, refs, uri_by_label};
pub use import::ImportSummary;
pub use search::fold;
