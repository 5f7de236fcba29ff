//! The iCalendar (RFC 5545) writer for meetings: plain structs in, a
//! `text/calendar` body out. No database, no HTTP: the feeds (per person,
//! per organisation, one meeting) fill [`CalEvent`] and [`CalSeries`] from
//! their rows and serve what [`calendar`] returns.
//!
//! Every content line is written by the `icalendar` crate, which escapes
//! TEXT values and folds lines at 75 octets with CRLF. Times are written in
//! the meeting's own zone (`DTSTART;TZID=Europe/Ljubljana:20260516T160000`),
//! so a weekly meeting at 16:00 stays at 16:00 across daylight saving, and
//! every zone used gets its `VTIMEZONE`, generated from chrono-tz.
//!
//! The output depends only on the input (no clock, no random UID), so the
//! same rows give the same bytes and a feed can be cached by its hash.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, Property};

use super::timezone::vtimezone;

/// `PRODID` of every file.
pub const PRODID: &str = "-//Skupaj//Meetings//EN";

/// How many years of time-zone transitions a series without an end
/// (no `UNTIL`, no `COUNT`) gets in its `VTIMEZONE`.
const OPEN_SERIES_YEARS: i32 = 10;

/// At most this many occurrences are expanded to find where a series ends.
const MAX_EXPANDED: usize = 5000;

/// The `STATUS` of a meeting in a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    /// `STATUS:CONFIRMED`: a planned meeting (or one already held).
    Confirmed,
    /// `STATUS:CANCELLED`: clients strike it through or remove it.
    Cancelled,
}

impl EventStatus {
    /// From the `meetings.status` column: `cancelled` is
    /// [`Cancelled`](Self::Cancelled); `planned` and `done` are
    /// [`Confirmed`](Self::Confirmed).
    pub fn from_meeting_status(status: &str) -> Self {
        if status == "cancelled" {
            Self::Cancelled
        } else {
            Self::Confirmed
        }
    }
}

/// One meeting as a `VEVENT`: a single meeting, or one occurrence of a
/// series that differs from the rule (moved, retitled, cancelled).
///
/// For an occurrence, give the series' [`CalSeries::uid`] as `uid` and the
/// occurrence's start as the rule made it as `recurrence_id_local`; it is
/// then written with `RECURRENCE-ID;TZID=…` and replaces that occurrence of
/// the series in the same file (RFC 5545 §3.8.4.4).
#[derive(Debug, Clone, PartialEq)]
pub struct CalEvent {
    /// Stable and unique across every feed: `"<meeting id>@skupaj"` (or the
    /// series' uid for an occurrence of a series).
    pub uid: String,
    /// `SUMMARY`.
    pub title: String,
    /// `DESCRIPTION`; any text (newlines, commas, any script).
    pub description: Option<String>,
    /// `LOCATION`: the venue's name and address, or the phone line.
    pub location: Option<String>,
    /// `URL`: the online link or the meeting's page. Dropped if it holds a
    /// control character.
    pub url: Option<String>,
    /// Start, UTC (as stored); written as local time in `time_zone`.
    pub starts_at_utc: NaiveDateTime,
    /// End, UTC (as stored); written as local time in `time_zone`.
    pub ends_at_utc: NaiveDateTime,
    /// The meeting's IANA zone.
    pub time_zone: Tz,
    /// `STATUS`.
    pub status: EventStatus,
    /// `SEQUENCE`: the meeting's version (negative is written as 0).
    pub sequence: i32,
    /// `LAST-MODIFIED`, and `DTSTAMP` too (so the output stays the same
    /// until the meeting changes).
    pub updated_at_utc: NaiveDateTime,
    /// `CATEGORIES`: the meeting kind.
    pub categories: Option<String>,
    /// For an occurrence of a series: its start as the rule made it, local
    /// time in `time_zone` (`meetings.occurrence_local`).
    pub recurrence_id_local: Option<NaiveDateTime>,
}

/// A recurring series as one `VEVENT` with `DTSTART;TZID=…`, `RRULE` and
/// one `EXDATE;TZID=…` per skipped occurrence. Occurrences that differ from
/// the rule go into the same file as [`CalEvent`]s with this `uid` and a
/// `recurrence_id_local`.
#[derive(Debug, Clone, PartialEq)]
pub struct CalSeries {
    /// Stable and unique: `"<series id>@skupaj"`.
    pub uid: String,
    /// The `RRULE` value, e.g. `FREQ=WEEKLY;BYDAY=SA;COUNT=10`, as the
    /// series module validated it. Dropped if it holds a control character.
    pub rrule: String,
    /// The first occurrence's start, local time in `time_zone`.
    pub first_start_local: NaiveDateTime,
    /// Length of every occurrence; `DTEND` is the start plus this.
    pub duration_minutes: i32,
    /// Starts (local time, as the rule makes them) of the occurrences that
    /// do not happen.
    pub exdates_local: Vec<NaiveDateTime>,
    /// The series' IANA zone; the rule repeats in its wall-clock time.
    pub time_zone: Tz,
    /// `SUMMARY`.
    pub title: String,
    /// `DESCRIPTION`.
    pub description: Option<String>,
    /// `LOCATION`.
    pub location: Option<String>,
    /// `URL` (dropped if it holds a control character).
    pub url: Option<String>,
    /// `STATUS` of the series as a whole.
    pub status: EventStatus,
    /// `SEQUENCE`: the series' version.
    pub sequence: i32,
    /// `LAST-MODIFIED` and `DTSTAMP`.
    pub updated_at_utc: NaiveDateTime,
    /// `CATEGORIES`: the meetings' kind.
    pub categories: Option<String>,
}

/// A whole `VCALENDAR` (`METHOD:PUBLISH`, `X-WR-CALNAME:<name>`): one
/// `VTIMEZONE` per zone used, then the series, then the events, in the order
/// given. Lines end with CRLF and are folded at 75 octets.
///
/// Each `VTIMEZONE` lists the zone's offset in force at the start of the
/// first year used, then every transition up to the end of the year after
/// the last date used (for a series: its last occurrence, or
/// ten years on if it has no end). A zone without transitions
/// in that span gets one `STANDARD` from `19700101T000000`.
///
/// With no events and no series the calendar has no component; clients
/// accept that as an empty calendar.
pub fn calendar(name: &str, events: &[CalEvent], series: &[CalSeries]) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(Property::new("X-WR-CALNAME", text(name)));
    for (tz, (first, last)) in zone_spans(events, series).into_values() {
        for line in vtimezone(tz, first.year(), last.year() + 1) {
            cal.append_property(line);
        }
    }
    for s in series {
        cal.push(series_event(s));
    }
    for e in events {
        cal.push(single_event(e));
    }
    cal.to_string()
}

/// The descriptive part shared by a meeting and a series.
struct Described<'a> {
    uid: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    location: Option<&'a str>,
    url: Option<&'a str>,
    categories: Option<&'a str>,
    status: EventStatus,
    sequence: i32,
    updated_at_utc: NaiveDateTime,
}

fn described(d: Described<'_>) -> Event {
    let mut ev = Event::new();
    let updated = d.updated_at_utc.and_utc();
    ev.uid(&text(d.uid))
        .summary(&text(d.title))
        .timestamp(updated)
        .last_modified(updated)
        .sequence(u32::try_from(d.sequence).unwrap_or(0))
        .status(match d.status {
            EventStatus::Confirmed => icalendar::EventStatus::Confirmed,
            EventStatus::Cancelled => icalendar::EventStatus::Cancelled,
        });
    if let Some(description) = d.description {
        ev.description(&text(description));
    }
    if let Some(location) = d.location {
        ev.location(&text(location));
    }
    if let Some(url) = d.url.and_then(verbatim) {
        ev.url(url);
    }
    if let Some(kind) = d.categories {
        ev.categories([text(kind)]);
    }
    ev
}

/// A TEXT value as RFC 5545 allows it: the crate escapes `\\`, `,`, `;`
/// and LF, but would write a CR or another control character as is (a
/// browser sends CRLF from a text area). CRLF and CR become LF; other
/// control characters but TAB are dropped.
fn text(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// A value the crate writes unescaped (URI, RECUR) must not break the line.
fn verbatim(value: &str) -> Option<&str> {
    (!value.is_empty() && !value.chars().any(char::is_control)).then_some(value)
}

/// `date_time` (local) with `TZID=<zone>`.
fn zoned(date_time: NaiveDateTime, tz: Tz) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time,
        tzid: tz.name().to_owned(),
    }
}

fn local(utc: NaiveDateTime, tz: Tz) -> NaiveDateTime {
    tz.from_utc_datetime(&utc).naive_local()
}

fn single_event(e: &CalEvent) -> Event {
    let mut ev = described(Described {
        uid: &e.uid,
        title: &e.title,
        description: e.description.as_deref(),
        location: e.location.as_deref(),
        url: e.url.as_deref(),
        categories: e.categories.as_deref(),
        status: e.status,
        sequence: e.sequence,
        updated_at_utc: e.updated_at_utc,
    });
    ev.starts(zoned(local(e.starts_at_utc, e.time_zone), e.time_zone))
        .ends(zoned(local(e.ends_at_utc, e.time_zone), e.time_zone));
    if let Some(original) = e.recurrence_id_local {
        ev.recurrence_id(zoned(original, e.time_zone));
    }
    ev.done()
}

fn series_event(s: &CalSeries) -> Event {
    let mut ev = described(Described {
        uid: &s.uid,
        title: &s.title,
        description: s.description.as_deref(),
        location: s.location.as_deref(),
        url: s.url.as_deref(),
        categories: s.categories.as_deref(),
        status: s.status,
        sequence: s.sequence,
        updated_at_utc: s.updated_at_utc,
    });
    let end = s.first_start_local + Duration::minutes(i64::from(s.duration_minutes));
    ev.starts(zoned(s.first_start_local, s.time_zone))
        .ends(zoned(end, s.time_zone));
    if let Some(rule) = verbatim(&s.rrule) {
        ev.add_property("RRULE", rule);
    }
    for &skipped in &s.exdates_local {
        ev.exdate(zoned(skipped, s.time_zone));
    }
    ev.done()
}

/// Each zone used, with the first and last local date it must cover.
fn zone_spans(events: &[CalEvent], series: &[CalSeries]) -> BTreeMap<&'static str, (Tz, Span)> {
    let mut spans: BTreeMap<&'static str, (Tz, Span)> = BTreeMap::new();
    let mut cover = |tz: Tz, dates: &[NaiveDate]| {
        let (Some(&lo), Some(&hi)) = (dates.iter().min(), dates.iter().max()) else {
            return;
        };
        spans
            .entry(tz.name())
            .and_modify(|(_, (first, last))| {
                *first = (*first).min(lo);
                *last = (*last).max(hi);
            })
            .or_insert((tz, (lo, hi)));
    };
    for e in events {
        let mut dates = vec![
            local(e.starts_at_utc, e.time_zone).date(),
            local(e.ends_at_utc, e.time_zone).date(),
        ];
        dates.extend(e.recurrence_id_local.map(|d| d.date()));
        cover(e.time_zone, &dates);
    }
    for s in series {
        let mut dates = vec![s.first_start_local.date(), series_last_start(s).date()];
        dates.extend(s.exdates_local.iter().map(NaiveDateTime::date));
        cover(s.time_zone, &dates);
    }
    spans
}

/// First and last local date a `VTIMEZONE` must cover.
type Span = (NaiveDate, NaiveDate);

/// The series' last occurrence by its rule (expanded with the `rrule`
/// crate), or `OPEN_SERIES_YEARS` after the first for a rule without an
/// end; the first start if the rule does not parse.
fn series_last_start(s: &CalSeries) -> NaiveDateTime {
    let first = s.first_start_local;
    let horizon = first + Duration::days(366 * i64::from(OPEN_SERIES_YEARS));
    let zone = rrule::Tz::Tz(s.time_zone);
    let Some(start) = zone.from_local_datetime(&first).earliest() else {
        return first;
    };
    let Ok(set) = s
        .rrule
        .parse::<rrule::RRule<rrule::Unvalidated>>()
        .and_then(|rule| rule.build(start))
    else {
        return first;
    };
    (&set)
        .into_iter()
        .take(MAX_EXPANDED)
        .map(|d| d.naive_local())
        .take_while(|d| *d <= horizon)
        .last()
        .unwrap_or(first)
        .max(first)
}
