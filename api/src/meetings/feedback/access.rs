//! Who sees which feedback: a participant their own rating; admins and
//! coordinators every meeting's exact numbers and (from three raters on)
//! its comments; analysts and API keys summaries only, with small counts
//! suppressed, over whole calendar years. Facilitators (advisers, mentors)
//! see none of it (the policy matrix).

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone};

use crate::auth::{Actor, Principal};
use crate::error::ApiError;
use crate::policy::Role;

/// Whether this caller gets suppressed summaries (analysts and API keys).
pub fn suppresses(actor: &Actor) -> bool {
    matches!(actor.principal, Principal::ApiKey { .. }) || actor.role == Role::Analyst
}

/// Refuses (403) analysts and API keys, for what only staff may read
/// meeting by meeting.
pub fn require_staff(actor: &Actor) -> Result<(), ApiError> {
    if suppresses(actor) {
        Err(ApiError::forbidden(
            "meeting-by-meeting feedback is for admins and coordinators; \
             analysts and API keys read /meetings/feedback/summary",
        ))
    } else {
        Ok(())
    }
}

/// The longest period a summary covers, in days (about ten years).
const MAX_DAYS: i64 = 3660;

/// The period of a summary: `from` to `to`, both included. Staff may ask
/// for any period (default: the current calendar year); analysts and API
/// keys get one whole calendar year (the current one by default), as the
/// interview analysis does: tables of two overlapping periods could be
/// subtracted (January to June minus January to May is June alone), and a
/// count hidden in both would show in the difference; whole years never
/// overlap.
pub fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    actor: &Actor,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(ApiError::field(
                "to",
                "before_from",
                "must not be before `from`",
            ));
        }
    }
    let year = from
        .or(to)
        .map_or_else(|| crate::ids::now().date().year(), |d| d.year());
    let first = NaiveDate::from_ymd_opt(year, 1, 1)
        .ok_or_else(|| ApiError::field("from", "range", "no such year"))?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31)
        .ok_or_else(|| ApiError::field("to", "range", "no such year"))?;
    if suppresses(actor) {
        let whole = |given: Option<NaiveDate>, edge: NaiveDate| given.is_none_or(|g| g == edge);
        if !whole(from, first) || !whole(to, last) {
            return Err(ApiError::field(
                if whole(from, first) { "to" } else { "from" },
                "whole_year",
                "analysts and API keys get whole calendar years (from YYYY-01-01 to YYYY-12-31), \
                 so that two overlapping periods cannot be subtracted to reveal a hidden count",
            ));
        }
        return Ok((first, last));
    }
    let (f, t) = match (from, to) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, last.max(f)),
        (None, Some(t)) => (first.min(t), t),
        (None, None) => (first, last),
    };
    if (t - f).num_days() > MAX_DAYS {
        return Err(ApiError::field(
            "to",
            "range",
            "a summary covers at most ten years",
        ));
    }
    Ok((f, t))
}

/// The UTC times at which the days `from` to `to` begin and end in `zone`.
pub fn utc_range(
    from: NaiveDate,
    to: NaiveDate,
    zone: chrono_tz::Tz,
) -> Result<(NaiveDateTime, NaiveDateTime), ApiError> {
    let start = |d: NaiveDate| -> Result<NaiveDateTime, ApiError> {
        let midnight = d
            .and_hms_opt(0, 0, 0)
            .ok_or_else(|| ApiError::field("from", "range", "no such day"))?;
        Ok(zone
            .from_local_datetime(&midnight)
            .earliest()
            .map_or(midnight, |t| t.naive_utc()))
    };
    let end = to
        .succ_opt()
        .ok_or_else(|| ApiError::field("to", "range", "no such day"))?;
    Ok((start(from)?, start(end)?))
}
