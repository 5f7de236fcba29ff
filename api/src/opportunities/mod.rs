//! Opportunities and matching (issue #16): so far its building blocks.

pub mod matching;
