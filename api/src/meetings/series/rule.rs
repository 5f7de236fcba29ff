//! The recurrence engine of meeting series: RFC 5545 rules expanded with
//! the `rrule` crate into occurrences, each of which becomes a meeting.
//!
//! A series is a [`Rule`]: an RRULE value, the first start as local
//! wall-clock time, the IANA zone it is read in and the removed local starts
//! (EXDATE). Everything here is pure: no database, no HTTP.
//!
//! Time zones: an occurrence keeps its local wall-clock time across
//! daylight-saving changes (16:00 in Europe/Ljubljana is 14:00Z in May and
//! 15:00Z in November). A local time that falls in the spring-forward gap
//! is resolved by the `rrule` crate by adding the time to local midnight:
//! a daily 02:30 series meets at 03:30 local (01:30Z) on the night the
//! clocks go forward; that occurrence's `local_start` is 03:30 (the real
//! wall-clock time). A local time in the fall-back hour, which happens
//! twice, is the earlier of the two (summer time), here and in the crate.
//! A *first* start inside the gap is refused (`nonexistent_local_time`).

use std::fmt;
use std::str::FromStr;

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Weekday};
use chrono_tz::Tz;
use rrule::{Frequency, RRule, RRuleError, Unvalidated, ValidationError};

/// The most occurrences one series may have (about two years of three
/// meetings a week).
pub const MAX_OCCURRENCES: usize = 400;

/// The iCalendar form of a UTC date-time, as UNTIL needs it.
const UTC_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// A recurring series as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The RRULE value without `RRULE:`, e.g.
    /// `FREQ=WEEKLY;BYDAY=TU,TH,SA;UNTIL=20260715T215959Z`. Store the
    /// output of [`normalize`] (upper case, UNTIL in UTC); other spellings
    /// that [`normalize`] accepts work too.
    pub rrule: String,
    /// DTSTART as local wall-clock time in `time_zone`. It anchors the rule
    /// (its time of day, and the weekday or day of month the rule does not
    /// name) but is an occurrence only if the rule matches it: a Tue/Thu/Sat
    /// rule from Friday 15 May starts on Saturday 16 May. Writers that emit
    /// an RRULE should use the first occurrence as DTSTART.
    pub first_start_local: NaiveDateTime,
    /// The IANA zone the local times are in (see [`parse_time_zone`]).
    pub time_zone: Tz,
    /// Local starts (RECURRENCE-IDs) removed from the series (EXDATE).
    pub exdates: Vec<NaiveDateTime>,
}

/// One occurrence of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    /// The start as local wall-clock time: the RECURRENCE-ID (with the
    /// series' TZID) and the key for exdates and [`split_at`].
    pub local_start: NaiveDateTime,
    /// The same instant in UTC, as stored in `starts_at`.
    pub starts_at_utc: NaiveDateTime,
}

/// Why a rule, a zone or a split was refused. [`RuleError::code`] is a
/// stable code for the SPA; [`RuleError::message`] is English for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// Not an IANA time zone name.
    InvalidTimeZone(String),
    /// The rule cannot be read or is invalid (the crate's reason inside).
    InvalidRule(String),
    /// A [`Pattern`] field is out of range (which one inside).
    InvalidPattern(&'static str),
    /// The rule string carries a DTSTART; the first start is given apart.
    DtStartInRule,
    /// FREQ=HOURLY, MINUTELY or SECONDLY.
    TooFrequent,
    /// Neither COUNT nor UNTIL: series must end.
    Unbounded,
    /// More than [`MAX_OCCURRENCES`] occurrences.
    TooManyOccurrences,
    /// The rule yields no occurrence at all.
    NoOccurrences,
    /// UNTIL is before the first start.
    EndsBeforeStart,
    /// This local time does not exist in the zone (the clocks skip it).
    NonexistentLocalTime(NaiveDateTime),
    /// [`split_at`] was given a time that is not an occurrence.
    NotAnOccurrence(NaiveDateTime),
    /// [`split_at`] at the first occurrence: that is the whole series.
    SplitAtFirst,
}

impl RuleError {
    /// A stable snake_case code, e.g. `invalid_rule`, `unbounded`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidTimeZone(_) => "invalid_time_zone",
            Self::InvalidRule(_) => "invalid_rule",
            Self::InvalidPattern(_) => "invalid_pattern",
            Self::DtStartInRule => "dtstart_in_rule",
            Self::TooFrequent => "too_frequent",
            Self::Unbounded => "unbounded",
            Self::TooManyOccurrences => "too_many_occurrences",
            Self::NoOccurrences => "no_occurrences",
            Self::EndsBeforeStart => "ends_before_start",
            Self::NonexistentLocalTime(_) => "nonexistent_local_time",
            Self::NotAnOccurrence(_) => "not_an_occurrence",
            Self::SplitAtFirst => "split_at_first",
        }
    }

    /// What went wrong and what to do, in English.
    pub fn message(&self) -> String {
        match self {
            Self::InvalidTimeZone(s) => {
                format!("'{s}' is not a time zone; use an IANA name such as Europe/Ljubljana.")
            }
            Self::InvalidRule(why) => format!("The recurrence rule cannot be used: {why}"),
            Self::InvalidPattern(why) => format!("The repetition cannot be used: {why}"),
            Self::DtStartInRule => {
                "Leave DTSTART out of the rule; the first start is given separately.".into()
            }
            Self::TooFrequent => "A series repeats at most daily, not hourly or more often.".into(),
            Self::Unbounded => {
                "Give the series an end: an end date (UNTIL) or a number of meetings (COUNT)."
                    .into()
            }
            Self::TooManyOccurrences => format!(
                "The series would have more than {MAX_OCCURRENCES} meetings; end it earlier."
            ),
            Self::NoOccurrences => "The rule gives no meeting at all; check its days.".into(),
            Self::EndsBeforeStart => "The series ends before its first meeting.".into(),
            Self::NonexistentLocalTime(t) => format!(
                "{t} does not exist in this time zone (the clocks skip it); choose another time."
            ),
            Self::NotAnOccurrence(t) => format!("{t} is not a meeting of this series."),
            Self::SplitAtFirst => {
                "This is the first meeting of the series: change the whole series instead.".into()
            }
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for RuleError {}

/// Reads an IANA zone name such as `Europe/Ljubljana` (exact spelling).
pub fn parse_time_zone(s: &str) -> Result<Tz, RuleError> {
    Tz::from_str(s.trim()).map_err(|_| RuleError::InvalidTimeZone(s.to_string()))
}

/// The UTC instant of a local wall-clock time. A time in the
/// spring-forward gap is `nonexistent_local_time`; a time in the
/// fall-back hour (which happens twice) is the earlier instant.
pub fn local_to_utc(local: NaiveDateTime, tz: Tz) -> Result<NaiveDateTime, RuleError> {
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.naive_utc())
        .ok_or(RuleError::NonexistentLocalTime(local))
}

/// The local wall-clock time of a UTC instant.
pub fn utc_to_local(utc: NaiveDateTime, tz: Tz) -> NaiveDateTime {
    tz.from_utc_datetime(&utc).naive_local()
}

/// The canonical spelling of a rule for storage: upper case, `RRULE:`
/// dropped, UNTIL in UTC with `Z` (as RFC 5545 requires with a TZID). A
/// floating UNTIL (`20260715T190000`) is read as local time in `tz`; a date
/// (`20260715`) as the end of that local day (23:59:59). Does not check the
/// rule itself: [`validate`] does.
pub fn normalize(rrule: &str, tz: Tz) -> Result<String, RuleError> {
    let upper = rrule.trim().to_ascii_uppercase();
    let body = upper.strip_prefix("RRULE:").unwrap_or(&upper);
    if body.contains("DTSTART") {
        return Err(RuleError::DtStartInRule);
    }
    if body.is_empty() || body.contains([':', '\n', '\r']) {
        return Err(RuleError::InvalidRule(
            "give one RRULE value such as FREQ=WEEKLY;BYDAY=TU;COUNT=10.".into(),
        ));
    }
    let parts = body
        .split(';')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some(("UNTIL", value)) => until_to_utc(value, tz).map(|u| format!("UNTIL={u}")),
            _ => Ok(part.to_string()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(parts.join(";"))
}

fn until_to_utc(value: &str, tz: Tz) -> Result<String, RuleError> {
    let utc = if let Some(utc) = value.strip_suffix('Z') {
        NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()
    } else if value.len() == 8 {
        let date = NaiveDate::parse_from_str(value, "%Y%m%d").ok();
        match date.and_then(|d| d.and_hms_opt(23, 59, 59)) {
            Some(end_of_day) => Some(local_to_utc(end_of_day, tz)?),
            None => None,
        }
    } else {
        match NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S") {
            Ok(local) => Some(local_to_utc(local, tz)?),
            Err(_) => None,
        }
    };
    utc.map(|u| u.format(UTC_FORMAT).to_string())
        .ok_or_else(|| {
            RuleError::InvalidRule(format!(
                "UNTIL={value} is not a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSSZ)."
            ))
        })
}

/// Normalises and parses a rule and applies our limits on its shape.
fn parse(rrule: &str, tz: Tz) -> Result<(String, RRule<Unvalidated>), RuleError> {
    let norm = normalize(rrule, tz)?;
    let parsed: RRule<Unvalidated> = norm
        .parse()
        .map_err(|e: RRuleError| RuleError::InvalidRule(e.to_string()))?;
    if matches!(
        parsed.get_freq(),
        Frequency::Hourly | Frequency::Minutely | Frequency::Secondly
    ) {
        return Err(RuleError::TooFrequent);
    }
    match (parsed.get_count(), parsed.get_until()) {
        (None, None) => return Err(RuleError::Unbounded),
        (Some(_), Some(_)) => {
            return Err(RuleError::InvalidRule(
                "give COUNT or UNTIL, not both.".into(),
            ))
        }
        _ => {}
    }
    Ok((norm, parsed))
}

/// Every occurrence of the rule in order, exdates not yet removed, with
/// the limits applied; also the normalised rule and its COUNT.
fn expand(
    rrule: &str,
    first_start_local: NaiveDateTime,
    tz: Tz,
) -> Result<(String, Option<u32>, Vec<Occurrence>), RuleError> {
    let (norm, parsed) = parse(rrule, tz)?;
    let count = parsed.get_count();
    let start_utc = local_to_utc(first_start_local, tz)?;
    let dt_start = rrule::Tz::Tz(tz).from_utc_datetime(&start_utc);
    let set = parsed.build(dt_start).map_err(|e| match e {
        RRuleError::ValidationError(ValidationError::UntilBeforeStart { .. }) => {
            RuleError::EndsBeforeStart
        }
        e => RuleError::InvalidRule(e.to_string()),
    })?;
    let limit = u16::try_from(MAX_OCCURRENCES + 1).unwrap_or(u16::MAX);
    let result = set.all(limit);
    if result.dates.len() > MAX_OCCURRENCES {
        return Err(RuleError::TooManyOccurrences);
    }
    if result.limited {
        // The crate gave up looking (100 000 empty periods).
        return Err(RuleError::InvalidRule(
            "it matches too rarely to compute; choose a simpler rule.".into(),
        ));
    }
    if result.dates.is_empty() {
        return Err(RuleError::NoOccurrences);
    }
    let occurrences = result
        .dates
        .iter()
        .map(|d| Occurrence {
            local_start: d.naive_local(),
            starts_at_utc: d.naive_utc(),
        })
        .collect();
    Ok((norm, count, occurrences))
}

/// Checks a rule before it is stored: it parses, has COUNT or UNTIL (an
/// endless rule is refused, not capped), repeats at most daily, yields 1 to
/// [`MAX_OCCURRENCES`] occurrences, has no DTSTART, and the first start
/// exists in the zone. Lower case is accepted (store [`normalize`]'s output).
pub fn validate(rrule: &str, first_start_local: NaiveDateTime, tz: Tz) -> Result<(), RuleError> {
    expand(rrule, first_start_local, tz).map(|_| ())
}

/// Every occurrence of the series in time order, minus its exdates (an
/// exdate that matches no occurrence is ignored). COUNT counts the removed
/// ones too, as in RFC 5545. Fails as [`validate`] does.
pub fn occurrences(rule: &Rule) -> Result<Vec<Occurrence>, RuleError> {
    let (_, _, all) = expand(&rule.rrule, rule.first_start_local, rule.time_zone)?;
    Ok(all
        .into_iter()
        .filter(|o| !rule.exdates.contains(&o.local_start))
        .collect())
}

/// Splits a series for an edit of "this and following" at the occurrence
/// `local_start`. The first rule keeps every occurrence strictly before it
/// (COUNT dropped, UNTIL one second before it, in UTC); the second starts at
/// `local_start` with the same rule parts (UNTIL kept; a COUNT becomes the
/// count left). Exdates go to the side they fall on. Together they give the
/// same occurrences as `rule` (the new rule pins BYHOUR/BYMINUTE when
/// `local_start` is an occurrence moved out of a spring-forward gap).
/// `local_start` must be an occurrence (`not_an_occurrence`) and not the
/// first (`split_at_first`).
pub fn split_at(rule: &Rule, local_start: NaiveDateTime) -> Result<(Rule, Rule), RuleError> {
    let tz = rule.time_zone;
    let (norm, count, all) = expand(&rule.rrule, rule.first_start_local, tz)?;
    let cut = all
        .iter()
        .find(|o| o.local_start == local_start && !rule.exdates.contains(&local_start))
        .ok_or(RuleError::NotAnOccurrence(local_start))?
        .starts_at_utc;
    let before = all.iter().filter(|o| o.starts_at_utc < cut);
    if before
        .clone()
        .all(|o| rule.exdates.contains(&o.local_start))
    {
        return Err(RuleError::SplitAtFirst);
    }
    let taken = u32::try_from(before.count()).unwrap_or(u32::MAX);
    let until_part = norm.split(';').find(|p| p.starts_with("UNTIL="));
    let mut kept: Vec<String> = norm
        .split(';')
        .filter(|p| !p.starts_with("COUNT=") && !p.starts_with("UNTIL="))
        .map(str::to_string)
        .collect();
    let until = (cut - Duration::seconds(1)).format(UTC_FORMAT);
    let old_rrule = format!("{};UNTIL={until}", kept.join(";"));
    // An occurrence moved out of the spring-forward gap (03:30 for 02:30)
    // would otherwise anchor the new series at the moved time.
    let anchor = rule.first_start_local;
    if local_start.time() != anchor.time() && !norm.contains("BYHOUR") {
        if !norm.contains("BYMINUTE") {
            kept.push(format!("BYMINUTE={}", anchor.minute()));
        }
        kept.push(format!("BYHOUR={}", anchor.hour()));
    }
    let new_rrule = match (count, until_part) {
        (Some(n), _) => format!("{};COUNT={}", kept.join(";"), n.saturating_sub(taken)),
        (None, Some(u)) => format!("{};{u}", kept.join(";")),
        (None, None) => norm.clone(),
    };
    let (old_ex, new_ex) = rule.exdates.iter().partition(|&&e| e < local_start);
    let old = Rule {
        rrule: old_rrule,
        exdates: old_ex,
        ..rule.clone()
    };
    let new = Rule {
        rrule: new_rrule,
        first_start_local: local_start,
        time_zone: tz,
        exdates: new_ex,
    };
    Ok((old, new))
}

/// How a series ends, as the SPA's form says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The last local day on which a meeting may start (inclusive).
    Until(NaiveDate),
    /// The number of meetings.
    Count(u32),
}

/// The simple repetitions the SPA offers, so that nobody types an RRULE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// Every `interval` days.
    Daily { interval: u32, end: End },
    /// On `days` of every `interval`th week (e.g. Tue, Thu and Sat).
    Weekly {
        days: Vec<Weekday>,
        interval: u32,
        end: End,
    },
    /// On the `n`th `day` of every `interval`th month: `n` is 1 to 4, or -1
    /// for the last (e.g. the first Monday of every month).
    MonthlyByWeekday {
        n: i8,
        day: Weekday,
        interval: u32,
        end: End,
    },
}

impl Pattern {
    /// The RRULE value in [`normalize`]d form; an [`End::Until`] date ends
    /// at 23:59:59 local time in `tz`, written in UTC. Refuses an interval
    /// outside 1..=99, no days, `n` outside 1..=4 and -1, and COUNT=0.
    pub fn to_rrule(&self, tz: Tz) -> Result<String, RuleError> {
        let (interval, end, mut parts) = match self {
            Self::Daily { interval, end } => (*interval, *end, vec!["FREQ=DAILY".to_string()]),
            Self::Weekly {
                days,
                interval,
                end,
            } => {
                if days.is_empty() {
                    return Err(RuleError::InvalidPattern("choose at least one day."));
                }
                let mut days = days.clone();
                days.sort_by_key(|d| d.num_days_from_monday());
                days.dedup();
                let days: Vec<&str> = days.into_iter().map(day_code).collect();
                let byday = format!("BYDAY={}", days.join(","));
                (*interval, *end, vec!["FREQ=WEEKLY".to_string(), byday])
            }
            Self::MonthlyByWeekday {
                n,
                day,
                interval,
                end,
            } => {
                if !matches!(n, 1..=4 | -1) {
                    return Err(RuleError::InvalidPattern(
                        "the week of the month is 1 to 4, or -1 for the last.",
                    ));
                }
                let byday = format!("BYDAY={n}{}", day_code(*day));
                (*interval, *end, vec!["FREQ=MONTHLY".to_string(), byday])
            }
        };
        if !(1..=99).contains(&interval) {
            return Err(RuleError::InvalidPattern("the interval is 1 to 99."));
        }
        if interval != 1 {
            parts.insert(1, format!("INTERVAL={interval}"));
        }
        match end {
            End::Count(0) => return Err(RuleError::InvalidPattern("the count is at least 1.")),
            End::Count(n) => parts.push(format!("COUNT={n}")),
            End::Until(date) => parts.push(format!("UNTIL={}", date.format("%Y%m%d"))),
        }
        normalize(&parts.join(";"), tz)
    }
}

fn day_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

#[cfg(test)]
mod tests;
