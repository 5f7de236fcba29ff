//! The writer's files read back by an independent parser (the `ical`
//! crate), plus checks on the raw text (folding, CRLF, escapes).

use std::io::BufReader;

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use ical::parser::ical::component::{IcalCalendar, IcalTimeZone, IcalTimeZoneTransitionType};
use ical::property::Property;

use super::ics::{calendar, CalEvent, CalSeries, EventStatus, PRODID};

const LJ: Tz = chrono_tz::Europe::Ljubljana;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .expect("a date")
        .and_hms_opt(h, min, 0)
        .expect("a time")
}

fn meeting(uid: &str, starts_at_utc: NaiveDateTime, tz: Tz) -> CalEvent {
    CalEvent {
        uid: uid.into(),
        title: "Co-creation meeting".into(),
        description: Some("Bring your ideas".into()),
        location: Some("Community centre, Trubarjeva 5, Ljubljana".into()),
        url: Some("https://skupaj.example/meetings/1".into()),
        starts_at_utc,
        ends_at_utc: starts_at_utc + chrono::Duration::minutes(90),
        time_zone: tz,
        status: EventStatus::Confirmed,
        sequence: 3,
        updated_at_utc: at(2026, 4, 1, 9, 30),
        categories: Some("co_creation".into()),
        recurrence_id_local: None,
    }
}

fn weekly(rrule: &str) -> CalSeries {
    CalSeries {
        uid: "series-1@skupaj".into(),
        rrule: rrule.into(),
        first_start_local: at(2026, 3, 21, 16, 0),
        duration_minutes: 90,
        exdates_local: vec![at(2026, 4, 4, 16, 0)],
        time_zone: LJ,
        title: "Advising hours".into(),
        description: None,
        location: Some("Office".into()),
        url: None,
        status: EventStatus::Confirmed,
        sequence: 1,
        updated_at_utc: at(2026, 3, 1, 8, 0),
        categories: Some("advising".into()),
    }
}

/// Parses with `ical` (exactly one VCALENDAR) after checking the raw text:
/// every physical line at most 75 octets, every line ended by CRLF.
fn parse(text: &str) -> IcalCalendar {
    assert!(text.ends_with("\r\n"), "the file ends with CRLF");
    let body = text.strip_suffix("\r\n").unwrap_or(text);
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains(['\r', '\n']), "bare CR or LF in {line:?}");
    }
    read(text)
}

fn read(text: &str) -> IcalCalendar {
    let mut all: Vec<_> = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("ical parses the file");
    assert_eq!(all.len(), 1, "one VCALENDAR");
    all.remove(0)
}

fn prop<'a>(props: &'a [Property], name: &str) -> &'a Property {
    props
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn value<'a>(props: &'a [Property], name: &str) -> &'a str {
    prop(props, name).value.as_deref().unwrap_or("")
}

fn param<'a>(p: &'a Property, key: &str) -> Option<&'a str> {
    p.params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.first())
        .map(String::as_str)
}

/// RFC 5545 §3.3.11, undone (the `ical` crate leaves values escaped).
fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// (kind, DTSTART, TZOFFSETFROM, TZOFFSETTO, TZNAME) of each observance.
fn observances(tz: &IcalTimeZone) -> Vec<(&'static str, String, String, String, String)> {
    tz.transitions
        .iter()
        .map(|t| {
            let kind = match t.transition {
                IcalTimeZoneTransitionType::STANDARD => "STANDARD",
                IcalTimeZoneTransitionType::DAYLIGHT => "DAYLIGHT",
            };
            let v = |n| value(&t.properties, n).to_owned();
            (
                kind,
                v("DTSTART"),
                v("TZOFFSETFROM"),
                v("TZOFFSETTO"),
                v("TZNAME"),
            )
        })
        .collect()
}

fn zone<'a>(cal: &'a IcalCalendar, tzid: &str) -> &'a IcalTimeZone {
    let found: Vec<_> = cal
        .timezones
        .iter()
        .filter(|z| value(&z.properties, "TZID") == tzid)
        .collect();
    assert_eq!(found.len(), 1, "one VTIMEZONE for {tzid}");
    found[0]
}

#[test]
fn meetings_are_written_in_local_wall_time_with_their_zone() {
    let summer = meeting("m1@skupaj", at(2026, 5, 16, 14, 0), LJ);
    let winter = meeting("m2@skupaj", at(2026, 11, 14, 15, 0), LJ);
    let text = calendar("Društvo Skupaj", &[summer, winter], &[]);
    let cal = parse(&text);

    assert_eq!(value(&cal.properties, "VERSION"), "2.0");
    assert_eq!(value(&cal.properties, "PRODID"), PRODID);
    assert_eq!(value(&cal.properties, "CALSCALE"), "GREGORIAN");
    assert_eq!(value(&cal.properties, "METHOD"), "PUBLISH");
    assert_eq!(value(&cal.properties, "X-WR-CALNAME"), "Društvo Skupaj");
    assert_eq!(cal.events.len(), 2);
    for (event, day) in cal.events.iter().zip(["20260516", "20261114"]) {
        for (name, time) in [("DTSTART", "160000"), ("DTEND", "173000")] {
            let p = prop(&event.properties, name);
            assert_eq!(param(p, "TZID"), Some("Europe/Ljubljana"), "{name}");
            assert_eq!(p.value.as_deref(), Some(format!("{day}T{time}").as_str()));
        }
        assert_eq!(value(&event.properties, "DTSTAMP"), "20260401T093000Z");
        assert_eq!(
            value(&event.properties, "LAST-MODIFIED"),
            "20260401T093000Z"
        );
        assert_eq!(value(&event.properties, "SEQUENCE"), "3");
        assert_eq!(value(&event.properties, "STATUS"), "CONFIRMED");
        assert_eq!(value(&event.properties, "CATEGORIES"), "co_creation");
        assert_eq!(
            value(&event.properties, "URL"),
            "https://skupaj.example/meetings/1"
        );
    }
    assert_eq!(value(&cal.events[0].properties, "UID"), "m1@skupaj");
    assert_eq!(cal.timezones.len(), 1);
    zone(&cal, "Europe/Ljubljana");
}

#[test]
fn the_zone_has_its_2026_transitions() {
    let text = calendar("x", &[meeting("m@skupaj", at(2026, 5, 16, 14, 0), LJ)], &[]);
    let cal = parse(&text);
    let obs = observances(zone(&cal, "Europe/Ljubljana"));
    let o = |k: &'static str, d: &str, f: &str, t: &str, n: &str| {
        (k, d.to_owned(), f.to_owned(), t.to_owned(), n.to_owned())
    };
    assert_eq!(
        obs,
        vec![
            // In force when 2026 begins, then every change to the end of 2027.
            o("STANDARD", "20260101T000000", "+0100", "+0100", "CET"),
            o("DAYLIGHT", "20260329T020000", "+0100", "+0200", "CEST"),
            o("STANDARD", "20261025T030000", "+0200", "+0100", "CET"),
            o("DAYLIGHT", "20270328T020000", "+0100", "+0200", "CEST"),
            o("STANDARD", "20271031T030000", "+0200", "+0100", "CET"),
        ]
    );
}

#[test]
fn a_series_has_its_rule_its_exceptions_and_its_changed_occurrences() {
    let series = weekly("FREQ=WEEKLY;BYDAY=SA;COUNT=20");
    // The 11 April occurrence moved to 17:00, the 18 April one cancelled.
    let mut moved = meeting("series-1@skupaj", at(2026, 4, 11, 15, 0), LJ);
    moved.recurrence_id_local = Some(at(2026, 4, 11, 16, 0));
    let mut cancelled = meeting("series-1@skupaj", at(2026, 4, 18, 14, 0), LJ);
    cancelled.recurrence_id_local = Some(at(2026, 4, 18, 16, 0));
    cancelled.status = EventStatus::Cancelled;
    let text = calendar("x", &[moved, cancelled], &[series]);
    let cal = parse(&text);
    assert_eq!(cal.events.len(), 3);

    let master = &cal.events[0].properties;
    assert_eq!(value(master, "RRULE"), "FREQ=WEEKLY;BYDAY=SA;COUNT=20");
    let start = prop(master, "DTSTART");
    assert_eq!(param(start, "TZID"), Some("Europe/Ljubljana"));
    assert_eq!(start.value.as_deref(), Some("20260321T160000"));
    assert_eq!(value(master, "DTEND"), "20260321T173000");
    let exdate = prop(master, "EXDATE");
    assert_eq!(param(exdate, "TZID"), Some("Europe/Ljubljana"));
    assert_eq!(exdate.value.as_deref(), Some("20260404T160000"));
    assert!(master.iter().all(|p| p.name != "RECURRENCE-ID"));

    for (event, original, starts, status) in [
        (
            &cal.events[1],
            "20260411T160000",
            "20260411T170000",
            "CONFIRMED",
        ),
        (
            &cal.events[2],
            "20260418T160000",
            "20260418T160000",
            "CANCELLED",
        ),
    ] {
        let p = &event.properties;
        assert_eq!(value(p, "UID"), "series-1@skupaj");
        let rid = prop(p, "RECURRENCE-ID");
        assert_eq!(param(rid, "TZID"), Some("Europe/Ljubljana"));
        assert_eq!(rid.value.as_deref(), Some(original));
        assert_eq!(value(p, "DTSTART"), starts);
        assert_eq!(value(p, "STATUS"), status);
        assert!(p.iter().all(|p| p.name != "RRULE"));
    }
    // The 20 weeks end in August 2026: transitions of 2026 and 2027.
    assert_eq!(observances(zone(&cal, "Europe/Ljubljana")).len(), 5);
}

#[test]
fn a_series_without_an_end_gets_years_of_transitions() {
    let text = calendar("x", &[], &[weekly("FREQ=WEEKLY;BYDAY=SA")]);
    let obs = observances(zone(&parse(&text), "Europe/Ljubljana"));
    let last = obs.last().expect("observances");
    assert!(last.1.starts_with("2037"), "{last:?}");
    let daylight = obs.iter().filter(|o| o.0 == "DAYLIGHT").count();
    assert_eq!(daylight, 12, "2026 to 2037");
}

#[test]
fn text_is_escaped_folded_and_read_back_exactly() {
    let description = "Dnevni red: 1) pozdrav, 2) predstavitev; 3) vprašanja\\odgovori.\n\
        جدول الأعمال: الترحيب، العرض؛ ثم الأسئلة والأجوبة. سيتوفر مترجم فوري \
        للغة العربية والفارسية والأوكرانية.\r\nDobrodošli vsi, tudi otroci; \
        varstvo je zagotovljeno, prosimo prijavite se do petka.";
    let mut m = meeting("m@skupaj", at(2026, 5, 16, 14, 0), LJ);
    // "SUMMARY:" and 66 characters: the first fold comes right after a space.
    m.title = format!("{} Svetovanje, الاستشارات; Консультації", "x".repeat(66));
    m.description = Some(description.into());
    m.location = Some("Dom, Trubarjeva 5; 1000 Ljubljana".into());
    m.categories = Some("panel, workshop".into());
    let text = calendar("Skupaj; ljudje, povezani\nnova vrstica", &[m.clone()], &[]);

    assert!(text.contains("\\,") && text.contains("\\;") && text.contains("\\n"));
    assert!(text.contains(" \r\n "), "a line folded right after a space");
    // The `ical` reader trims the end of each physical line, losing a space
    // before a fold; so the values are read from the text unfolded as
    // RFC 5545 §3.1 says (CRLF and the one space or tab after it removed).
    parse(&text);
    let cal = read(&text.replace("\r\n ", "").replace("\r\n\t", ""));
    let p = &cal.events[0].properties;
    // The CRLF from a browser's text area comes back as a line feed.
    assert_eq!(
        unescape(value(p, "DESCRIPTION")),
        description.replace("\r\n", "\n")
    );
    assert_eq!(unescape(value(p, "SUMMARY")), m.title);
    assert_eq!(
        unescape(value(p, "LOCATION")),
        m.location.expect("a location")
    );
    assert_eq!(unescape(value(p, "CATEGORIES")), "panel, workshop");
    assert_eq!(
        unescape(value(&cal.properties, "X-WR-CALNAME")),
        "Skupaj; ljudje, povezani\nnova vrstica"
    );
}

#[test]
fn two_zones_give_two_vtimezones() {
    let lj = meeting("a@skupaj", at(2026, 5, 16, 14, 0), LJ);
    let ny = meeting(
        "b@skupaj",
        at(2026, 5, 16, 22, 0),
        chrono_tz::America::New_York,
    );
    let cal = parse(&calendar("x", &[lj.clone(), ny, lj], &[]));
    assert_eq!(cal.timezones.len(), 2);
    zone(&cal, "Europe/Ljubljana");
    let obs = observances(zone(&cal, "America/New_York"));
    assert!(obs.contains(&(
        "DAYLIGHT",
        "20260308T020000".into(),
        "-0500".into(),
        "-0400".into(),
        "EDT".into()
    )));
    assert!(obs.contains(&(
        "STANDARD",
        "20261101T020000".into(),
        "-0400".into(),
        "-0500".into(),
        "EST".into()
    )));
    let start = prop(&cal.events[1].properties, "DTSTART");
    assert_eq!(param(start, "TZID"), Some("America/New_York"));
    assert_eq!(start.value.as_deref(), Some("20260516T180000"));
}

#[test]
fn a_zone_without_transitions_has_one_standard_from_1970() {
    let tokyo = meeting("t@skupaj", at(2026, 5, 16, 5, 0), chrono_tz::Asia::Tokyo);
    let utc = meeting("u@skupaj", at(2026, 5, 16, 5, 0), chrono_tz::UTC);
    let cal = parse(&calendar("x", &[tokyo, utc], &[]));
    let one = |d: &str, o: &str, n: &str| {
        vec![(
            "STANDARD",
            d.to_owned(),
            o.to_owned(),
            o.to_owned(),
            n.to_owned(),
        )]
    };
    assert_eq!(
        observances(zone(&cal, "Asia/Tokyo")),
        one("19700101T000000", "+0900", "JST")
    );
    assert_eq!(
        observances(zone(&cal, "UTC")),
        one("19700101T000000", "+0000", "UTC")
    );
    assert_eq!(
        value(&cal.events[0].properties, "DTSTART"),
        "20260516T140000"
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let events = [meeting("m@skupaj", at(2026, 5, 16, 14, 0), LJ)];
    let series = [weekly("FREQ=WEEKLY;BYDAY=SA;UNTIL=20261231T230000Z")];
    let once = calendar("x", &events, &series);
    assert_eq!(once, calendar("x", &events, &series));
    assert_eq!(once.matches("BEGIN:VTIMEZONE").count(), 1);
}

#[test]
fn an_empty_calendar_still_parses() {
    let cal = parse(&calendar("Nothing yet", &[], &[]));
    assert!(cal.events.is_empty() && cal.timezones.is_empty());
}

#[test]
fn a_url_or_rule_that_would_break_the_line_is_left_out() {
    let mut m = meeting("m@skupaj", at(2026, 5, 16, 14, 0), LJ);
    m.url = Some("https://x.example/\r\nATTACH:evil".into());
    let mut s = weekly("FREQ=DAILY\r\nATTACH:evil");
    s.exdates_local.clear();
    let text = calendar("x", &[m], &[s]);
    assert!(!text.contains("ATTACH"), "{text}");
    let cal = parse(&text);
    assert!(cal.events.iter().all(|e| e
        .properties
        .iter()
        .all(|p| p.name != "URL" && p.name != "RRULE")));
}

#[test]
fn meeting_statuses_map_to_ical_statuses() {
    assert_eq!(
        ["planned", "cancelled", "done"].map(EventStatus::from_meeting_status),
        [
            EventStatus::Confirmed,
            EventStatus::Cancelled,
            EventStatus::Confirmed
        ]
    );
}

fn local_time(value: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").expect("a local DATE-TIME")
}

fn offset_seconds(value: &str) -> i64 {
    let sign = if value.starts_with('-') { -1 } else { 1 };
    let hours: i64 = value[1..3].parse().expect("offset hours");
    let minutes: i64 = value[3..5].parse().expect("offset minutes");
    sign * (hours * 3600 + minutes * 60)
}

/// For zones north and south, with half and quarter hours and negative
/// DST: at every hour of the span covered, the offset the VTIMEZONE gives
/// (the last observance begun by then) is the one chrono-tz gives.
#[test]
fn every_vtimezone_agrees_with_the_zone_database_hour_by_hour() {
    use chrono::{Offset, TimeZone};
    let zones = [
        "Europe/Ljubljana",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Kathmandu",
        "America/St_Johns",
        "Europe/Dublin",
        "Asia/Tehran",
        "Africa/Casablanca",
    ];
    for name in zones {
        let tz: Tz = name.parse().expect("a zone name");
        let events = [meeting("m@skupaj", at(2026, 6, 1, 12, 0), tz)];
        let cal = parse(&calendar("x", &events, &[]));
        // Each observance as (UTC instant it begins, offset it sets).
        let starts: Vec<(NaiveDateTime, i64)> = observances(zone(&cal, name))
            .iter()
            .map(|(_, start, from, to, _)| {
                let utc = local_time(start) - chrono::Duration::seconds(offset_seconds(from));
                (utc, offset_seconds(to))
            })
            .collect();
        assert!(starts.windows(2).all(|w| w[0].0 < w[1].0), "{name}");
        // From 2026 (local midnight is past everywhere by 12:00 UTC) to the
        // end of 2027; before that, a 1970 observance is only a placeholder.
        let mut t = at(2026, 1, 1, 12, 0);
        while t < at(2028, 1, 1, 0, 0) - chrono::Duration::days(1) {
            let written = starts
                .iter()
                .rev()
                .find(|(s, _)| *s <= t)
                .expect("an observance begun")
                .1;
            let real = tz.offset_from_utc_datetime(&t).fix().local_minus_utc();
            assert_eq!(written, i64::from(real), "{name} at {t}");
            t += chrono::Duration::hours(1);
        }
    }
}

/// Expanding the written rule (with the `rrule` crate) keeps every
/// occurrence at 16:00 in Ljubljana, 15:00 UTC in March and 14:00 UTC after
/// the clocks go forward.
#[test]
fn the_written_rule_stays_at_local_time_across_daylight_saving() {
    let cal = parse(&calendar(
        "x",
        &[],
        &[weekly("FREQ=WEEKLY;BYDAY=SA;COUNT=4")],
    ));
    let p = &cal.events[0].properties;
    let start = prop(p, "DTSTART");
    let source = format!(
        "DTSTART;TZID={}:{}\nRRULE:{}",
        param(start, "TZID").expect("TZID"),
        start.value.as_deref().expect("DTSTART"),
        value(p, "RRULE")
    );
    let set: rrule::RRuleSet = source.parse().expect("the written rule parses");
    let utc_hours: Vec<_> = set
        .all(10)
        .dates
        .iter()
        .map(|d| {
            use chrono::Timelike;
            (d.naive_local().hour(), d.naive_utc().hour())
        })
        .collect();
    assert_eq!(utc_hours, [(16, 15), (16, 15), (16, 14), (16, 14)]);
}
