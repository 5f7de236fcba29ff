//! The skills resource's handlers.

pub(super) mod participant_skills;
pub(super) mod search;
