//! Opportunities and matching (issue #16): so far its building blocks:
//! who may apply (`eligibility`: rules as data per country, Slovenia's by
//! default, each with its legal source) and the deterministic matching
//! engine (`matching`: weights in one place, explanations item by item, a
//! skill index for speed). No tables or endpoints yet.

pub mod eligibility;
pub mod matching;
pub mod schema;
