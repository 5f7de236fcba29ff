//! Opportunities and matching: postings (who may post and see, fields,
//! status, search), applications (the partner's consent rule, states and
//! who makes them, interviews), message threads, outcomes and their
//! statistics, and matches both ways with their explanations.

mod applications;
mod matches;
mod messages;
mod outcomes;
mod postings;
