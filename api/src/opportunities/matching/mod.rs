//! The matching engine (issue #16, point 4): deterministic, explained,
//! pure functions over plain structs; no external model is called.
//!
//! # How the score is computed
//!
//! A person's score against an opportunity is an integer from 0 to 1000,
//! the sum of five parts whose weights are written, with every threshold,
//! in [`weights`]:
//!
//! | part | points | credit per item |
//! |---|---|---|
//! | essential skills | 500 | the mean credit of the essential skills |
//! | optional skills | 150 | the mean credit of the optional skills |
//! | languages | 150 | the mean credit of the required languages |
//! | education | 100 | all if the person's ISCED level reaches the minimum |
//! | place | 100 | the credit of the place |
//!
//! - A required **skill** earns full credit when the person has it, 80 %
//!   when the person has a skill one step narrower in the ESCO hierarchy
//!   (e.g. "drive a reach truck" for "operate a forklift"), 60 % two steps
//!   narrower, and nothing beyond; a broader skill of the person earns
//!   nothing. The explanation names the person's skill it comes through
//!   (the closest, then the first by URI). A missing essential skill lists
//!   the open courses that teach it (or a narrower skill of it).
//! - A **language** earns full credit at or above its CEFR minimum
//!   (`native` above C2), half one level below, nothing further below or
//!   when not spoken.
//! - **Education** is met or not (no minimum: met; unknown: not met).
//! - **Place**: remote, or the person's municipality, full; hybrid
//!   elsewhere, half; on site elsewhere (or the person's municipality
//!   unknown), nothing.
//! - A part with nothing asked (no optional skills, no languages) earns all
//!   its points. Each part is rounded down to a whole point.
//! - **Eligibility** (work permit, legal status, months since arrival) is
//!   not points: it is a verdict from the eligibility rules, given to the
//!   engine as input. Ineligible people are not ranked; on request they are
//!   listed apart with the reason.
//! - When an opportunity asks for skills, only people with at least one of
//!   them (or a narrower one) are ranked.
//! - Ties are broken by the id (ascending), so a ranking is always the same.
//!
//! # Speed
//!
//! [`CandidateIndex`] keeps, for each skill, the people who have it. Ranking
//! people for an opportunity expands each required skill to itself and its
//! narrower skills, adds up credits only for the people found there, keeps
//! the best in a bounded heap and explains only those: the answer is the
//! same as the full scan [`rank`] (a test checks it on a generated set).
//! [`rank_opportunities`] computes a person's coverage once and scores each
//! opportunity by lookups.

mod hierarchy;
mod index;
mod rank;
mod score;
mod types;
pub mod weights;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_speed;

pub use hierarchy::{Courses, Hierarchy};
pub use index::CandidateIndex;
pub use rank::{rank, rank_opportunities};
pub use score::{score, Coverage};
pub use types::{
    Course, EducationItem, Eligibility, Excluded, LanguageItem, LanguageNeed, LanguageSkill, Match,
    Options, Person, Place, PlaceFit, Points, Ranked, Requirement, SkillItem, SkillStatus,
};
