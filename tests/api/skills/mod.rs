//! Skills: the taxonomy and its search, and participants' skills.

mod participant_skills;
mod ranking;
mod search;
