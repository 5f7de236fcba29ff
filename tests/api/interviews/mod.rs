//! Interviews: templates, planning, answers, profile updates, the analysis
//! and what an attacker could recover from it.

mod analysis;
mod answers;
mod disclosure;
mod planning;
mod profile_updates;
mod templates;
