//! `VTIMEZONE` components from chrono-tz, for the iCalendar writer
//! ([`super::ics`]): the offset in force when the span begins, then one
//! observance per transition, each written by the `icalendar` crate.

use chrono::{Duration, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, Tz};
use icalendar::{DatePerhapsTime, Property};

/// One observance (`STANDARD` or `DAYLIGHT`) of a `VTIMEZONE`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    daylight: bool,
    /// Local time (in the old offset) at which it begins.
    starts_local: NaiveDateTime,
    from_seconds: i32,
    to_seconds: i32,
    name: String,
}

/// The offsets of `tz` from the start of `first_year` to the end of
/// `last_year`: the one in force at the start, then one per transition.
/// chrono-tz does not expose its transition table, so the span is probed
/// every few hours and each change is narrowed down to the second.
fn observances(tz: Tz, first_year: i32, last_year: i32) -> Vec<Observance> {
    const STEP_HOURS: i64 = 6;
    let year_start = |year: i32| {
        NaiveDate::from_ymd_opt(year, 1, 1)
            .unwrap_or(NaiveDate::MIN)
            .and_time(chrono::NaiveTime::MIN)
    };
    let at = |utc: NaiveDateTime| tz.offset_from_utc_datetime(&utc);
    // Local midnight of 1 January (no zone changes offset at New Year).
    let local_midnight = |year: i32| {
        let midnight = year_start(year);
        midnight - Duration::seconds(i64::from(at(midnight).fix().local_minus_utc()))
    };
    let (start, end) = (local_midnight(first_year), local_midnight(last_year + 1));
    let observance = |from: i32, to: chrono_tz::TzOffset, starts_local| Observance {
        daylight: to.dst_offset() > Duration::zero(),
        starts_local,
        from_seconds: from,
        to_seconds: to.fix().local_minus_utc(),
        name: to.to_string(),
    };

    let mut t = start;
    let mut current = at(t);
    let mut list = vec![];
    while t < end {
        let next = (t + Duration::hours(STEP_HOURS)).min(end);
        if at(next) == current {
            t = next;
            continue;
        }
        // at(lo) == current, at(hi) != current: find the first changed second.
        let (mut lo, mut hi) = (t, next);
        while hi - lo > Duration::seconds(1) {
            let mid = lo + (hi - lo) / 2;
            if at(mid) == current {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let from = current.fix().local_minus_utc();
        list.push(observance(
            from,
            at(hi),
            hi + Duration::seconds(i64::from(from)),
        ));
        t = hi;
        current = at(hi);
    }
    if list.is_empty() {
        let only = at(start);
        let epoch = year_start(1970);
        return vec![observance(only.fix().local_minus_utc(), only, epoch)];
    }
    let first = at(start);
    let offset = first.fix().local_minus_utc();
    let opening = observance(offset, first, start + Duration::seconds(i64::from(offset)));
    std::iter::once(opening).chain(list).collect()
}

/// A `VTIMEZONE` for `tz` covering `first_year..=last_year`, as the crate's
/// properties in the order they are written.
///
/// icalendar 0.17 has no `VTIMEZONE` type, and every component it writes
/// gets a `DTSTAMP` (the clock) and a random `UID` added when missing,
/// which do not belong in a `VTIMEZONE` and would make the file differ at
/// every request. So the component's lines, `BEGIN`/`END` included, are
/// the crate's [`Property`] values, placed after the calendar's own
/// properties: the crate still writes, escapes and folds every line.
pub(super) fn vtimezone(tz: Tz, first_year: i32, last_year: i32) -> Vec<Property> {
    let mut lines = vec![
        Property::new("BEGIN", "VTIMEZONE"),
        Property::new("TZID", tz.name()),
    ];
    for o in observances(tz, first_year, last_year) {
        let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
        lines.extend([
            Property::new("BEGIN", kind),
            DatePerhapsTime::from(o.starts_local).to_property("DTSTART"),
            Property::new("TZOFFSETFROM", utc_offset(o.from_seconds)),
            Property::new("TZOFFSETTO", utc_offset(o.to_seconds)),
            Property::new("TZNAME", o.name),
            Property::new("END", kind),
        ]);
    }
    lines.push(Property::new("END", "VTIMEZONE"));
    lines
}

/// An RFC 5545 UTC-OFFSET value: `+0100`, `-0430`, `+0000`.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}
