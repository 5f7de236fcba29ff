//! Who gets which analysis: staff see exact counts over any period;
//! analysts and API keys get small cells suppressed, over whole calendar
//! years only.

use chrono::{Datelike, NaiveDate};
use validator::Validate;

use super::json::AnalysisQuery;
use crate::auth::{Actor, Principal};
use crate::error::ApiError;
use crate::policy::Role;

/// Whether this caller gets suppressed tables.
pub(super) fn suppresses(actor: &Actor) -> bool {
    matches!(actor.principal, Principal::ApiKey { .. }) || actor.role == Role::Analyst
}

/// Checks the period; for analysts and API keys, makes it one whole
/// calendar year (the current one when none is given). Tables of two
/// periods that overlap could be subtracted from each other (January to
/// June minus January to May is June alone), and a count hidden in both
/// would show in the difference; whole years never overlap.
pub(super) fn check_period(q: &mut AnalysisQuery, actor: &Actor) -> Result<(), ApiError> {
    q.validate()?;
    if let (Some(f), Some(t)) = (q.from, q.to) {
        if t < f {
            return Err(ApiError::field(
                "to",
                "before_from",
                "must not be before `from`",
            ));
        }
    }
    if !suppresses(actor) {
        return Ok(());
    }
    let year = q
        .from
        .or(q.to)
        .map_or_else(|| crate::ids::now().date().year(), |d| d.year());
    let (first, last) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    );
    let whole =
        |given: Option<NaiveDate>, edge: Option<NaiveDate>| given.is_none() || given == edge;
    if !whole(q.from, first) || !whole(q.to, last) {
        return Err(ApiError::field(
            if whole(q.from, first) { "to" } else { "from" },
            "whole_year",
            "analysts and API keys get whole calendar years (from YYYY-01-01 to YYYY-12-31), \
             so that two overlapping periods cannot be subtracted to reveal a hidden count",
        ));
    }
    q.from = first;
    q.to = last;
    Ok(())
}
