//! Real dates in Europe/Ljubljana, whose clocks go forward on 29 March 2026
//! and back on 25 October 2026.

use super::*;
use chrono::{Datelike, Timelike};

const LJ: Tz = chrono_tz::Europe::Ljubljana;

type Test = Result<(), RuleError>;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"))
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    day(y, m, d)
        .and_hms_opt(h, min, 0)
        .unwrap_or_else(|| panic!("{h}:{min}"))
}

fn rule(rrule: &str, first: NaiveDateTime) -> Rule {
    Rule {
        rrule: rrule.to_string(),
        first_start_local: first,
        time_zone: LJ,
        exdates: vec![],
    }
}

/// The code of the error, or "ok".
fn code<T>(r: Result<T, RuleError>) -> &'static str {
    r.err().map_or("ok", |e| e.code())
}

/// Tue, Thu and Sat 16:00 from Friday 15 May to Wednesday 15 July 2026.
fn summer() -> Result<Rule, RuleError> {
    let pattern = Pattern::Weekly {
        days: vec![Weekday::Sat, Weekday::Tue, Weekday::Thu],
        interval: 1,
        end: End::Until(day(2026, 7, 15)),
    };
    Ok(rule(&pattern.to_rrule(LJ)?, at(2026, 5, 15, 16, 0)))
}

#[test]
fn tue_thu_sat_from_15_may_to_15_july() -> Test {
    let r = summer()?;
    assert_eq!(r.rrule, "FREQ=WEEKLY;BYDAY=TU,TH,SA;UNTIL=20260715T215959Z");
    let all = occurrences(&r)?;
    let expected: Vec<NaiveDate> = day(2026, 5, 15)
        .iter_days()
        .take_while(|d| *d <= day(2026, 7, 15))
        .filter(|d| matches!(d.weekday(), Weekday::Tue | Weekday::Thu | Weekday::Sat))
        .collect();
    assert_eq!(expected.len(), 26); // 7 in May, 13 in June, 6 in July
    let dates: Vec<NaiveDate> = all.iter().map(|o| o.local_start.date()).collect();
    assert_eq!(dates, expected);
    assert_eq!(all[0].local_start, at(2026, 5, 16, 16, 0));
    assert_eq!(all[0].starts_at_utc, at(2026, 5, 16, 14, 0));
    assert_eq!(all[25].local_start, at(2026, 7, 14, 16, 0));
    assert!(all.iter().all(|o| o.local_start.hour() == 16));
    assert!(all.iter().all(|o| o.starts_at_utc.hour() == 14));
    Ok(())
}

#[test]
fn first_monday_of_every_month_keeps_local_time_across_dst() -> Test {
    let pattern = Pattern::MonthlyByWeekday {
        n: 1,
        day: Weekday::Mon,
        interval: 1,
        end: End::Count(12),
    };
    let rrule = pattern.to_rrule(LJ)?;
    assert_eq!(rrule, "FREQ=MONTHLY;BYDAY=1MO;COUNT=12");
    let all = occurrences(&rule(&rrule, at(2026, 1, 5, 18, 0)))?;
    assert_eq!(all.len(), 12);
    for (i, o) in all.iter().enumerate() {
        let d = o.local_start;
        assert_eq!(d.month() as usize, i + 1);
        assert_eq!((d.weekday(), d.hour(), d.minute()), (Weekday::Mon, 18, 0));
        assert!(d.day() <= 7);
        let summer = (4..=10).contains(&d.month());
        assert_eq!(o.starts_at_utc.hour(), if summer { 16 } else { 17 }, "{d}");
        assert_eq!(o.starts_at_utc, local_to_utc(d, LJ)?);
        assert_eq!(utc_to_local(o.starts_at_utc, LJ), d);
    }
    assert_eq!(all[2].local_start, at(2026, 3, 2, 18, 0));
    assert_eq!(all[10].local_start, at(2026, 11, 2, 18, 0));
    Ok(())
}

#[test]
fn sundays_at_ten_across_both_dst_changes() -> Test {
    // A floating UNTIL is local time.
    let r = rule(
        "FREQ=WEEKLY;BYDAY=SU;UNTIL=20261101T235959",
        at(2026, 3, 22, 10, 0),
    );
    let all = occurrences(&r)?;
    assert_eq!(all.len(), 33);
    assert!(all
        .iter()
        .all(|o| (o.local_start.hour(), o.local_start.minute()) == (10, 0)));
    let utc = |d: NaiveDate| all.iter().find(|o| o.local_start.date() == d);
    let utc = |d| utc(d).map(|o| o.starts_at_utc);
    assert_eq!(utc(day(2026, 3, 22)), Some(at(2026, 3, 22, 9, 0)));
    assert_eq!(utc(day(2026, 3, 29)), Some(at(2026, 3, 29, 8, 0)));
    assert_eq!(utc(day(2026, 10, 18)), Some(at(2026, 10, 18, 8, 0)));
    assert_eq!(utc(day(2026, 10, 25)), Some(at(2026, 10, 25, 9, 0)));
    assert_eq!(all[32].local_start, at(2026, 11, 1, 10, 0));
    Ok(())
}

#[test]
fn a_time_the_clocks_skip_moves_forward_an_hour() -> Test {
    let all = occurrences(&rule("FREQ=DAILY;COUNT=4", at(2026, 3, 27, 2, 30)))?;
    let pairs: Vec<_> = all
        .iter()
        .map(|o| (o.local_start, o.starts_at_utc))
        .collect();
    assert_eq!(
        pairs,
        vec![
            (at(2026, 3, 27, 2, 30), at(2026, 3, 27, 1, 30)),
            (at(2026, 3, 28, 2, 30), at(2026, 3, 28, 1, 30)),
            // 02:30 does not exist on 29 March: the meeting is at 03:30.
            (at(2026, 3, 29, 3, 30), at(2026, 3, 29, 1, 30)),
            (at(2026, 3, 30, 2, 30), at(2026, 3, 30, 0, 30)),
        ]
    );
    // 02:30 on 25 October happens twice: the earlier one (summer time).
    let all = occurrences(&rule("FREQ=DAILY;COUNT=2", at(2026, 10, 24, 2, 30)))?;
    assert_eq!(all[1].local_start, at(2026, 10, 25, 2, 30));
    assert_eq!(all[1].starts_at_utc, at(2026, 10, 25, 0, 30));
    Ok(())
}

#[test]
fn local_and_utc_conversions() {
    assert_eq!(
        local_to_utc(at(2026, 3, 29, 2, 30), LJ),
        Err(RuleError::NonexistentLocalTime(at(2026, 3, 29, 2, 30)))
    );
    let fall_back = at(2026, 10, 25, 2, 30);
    assert_eq!(local_to_utc(fall_back, LJ), Ok(at(2026, 10, 25, 0, 30)));
    assert_eq!(utc_to_local(at(2026, 10, 25, 0, 30), LJ), fall_back);
    assert_eq!(utc_to_local(at(2026, 10, 25, 1, 30), LJ), fall_back);
    let november = at(2026, 11, 5, 16, 0);
    assert_eq!(local_to_utc(november, LJ), Ok(at(2026, 11, 5, 15, 0)));
    assert_eq!(parse_time_zone("Europe/Ljubljana"), Ok(LJ));
    assert_eq!(code(parse_time_zone("Mars/Olympus")), "invalid_time_zone");
}

#[test]
fn exdates_remove_exactly_those_occurrences() -> Test {
    let all = occurrences(&summer()?)?;
    // 3 June is a Wednesday: there is no occurrence to remove.
    let gone = vec![
        at(2026, 5, 16, 16, 0),
        at(2026, 6, 2, 16, 0),
        at(2026, 6, 3, 16, 0),
    ];
    let r = Rule {
        exdates: gone.clone(),
        ..summer()?
    };
    let left = occurrences(&r)?;
    let expected: Vec<_> = all
        .into_iter()
        .filter(|o| !gone.contains(&o.local_start))
        .collect();
    assert_eq!(left.len(), 24);
    assert_eq!(left, expected);
    Ok(())
}

/// Splits and checks that the halves partition the original occurrences.
fn split(r: &Rule, at_local: NaiveDateTime) -> Result<(Rule, Rule), RuleError> {
    let (old, new) = split_at(r, at_local)?;
    let (a, b) = (occurrences(&old)?, occurrences(&new)?);
    assert!(a.iter().all(|o| o.local_start < at_local));
    assert_eq!(b[0].local_start, at_local);
    assert_eq!([a, b].concat(), occurrences(r)?);
    Ok((old, new))
}

#[test]
fn split_at_keeps_every_occurrence_for_until_and_count() -> Test {
    let r = Rule {
        exdates: vec![at(2026, 5, 21, 16, 0), at(2026, 7, 2, 16, 0)],
        ..summer()?
    };
    let (old, new) = split(&r, at(2026, 6, 16, 16, 0))?;
    let until = "FREQ=WEEKLY;BYDAY=TU,TH,SA;UNTIL=20260616T135959Z";
    assert_eq!(old.rrule, until);
    assert_eq!(old.first_start_local, r.first_start_local);
    assert_eq!(new.rrule, r.rrule);
    assert_eq!(new.first_start_local, at(2026, 6, 16, 16, 0));
    assert_eq!(old.exdates, vec![r.exdates[0]]);
    assert_eq!(new.exdates, vec![r.exdates[1]]);

    let monthly = Rule {
        exdates: vec![at(2026, 2, 2, 18, 0)],
        ..rule("FREQ=MONTHLY;BYDAY=1MO;COUNT=12", at(2026, 1, 5, 18, 0))
    };
    let (old, new) = split(&monthly, at(2026, 5, 4, 18, 0))?;
    assert_eq!(old.rrule, "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20260504T155959Z");
    assert_eq!(new.rrule, "FREQ=MONTHLY;BYDAY=1MO;COUNT=8");
    assert_eq!(occurrences(&old)?.len(), 3);
    assert_eq!(occurrences(&new)?.len(), 8);

    // Split at the occurrence moved out of the gap: 02:30 stays 02:30.
    let nights = rule("FREQ=DAILY;COUNT=4", at(2026, 3, 27, 2, 30));
    let (_, new) = split(&nights, at(2026, 3, 29, 3, 30))?;
    assert_eq!(new.rrule, "FREQ=DAILY;BYMINUTE=30;BYHOUR=2;COUNT=2");

    let fails = |t| code(split_at(&monthly, t));
    assert_eq!(fails(at(2026, 5, 5, 18, 0)), "not_an_occurrence");
    assert_eq!(fails(at(2026, 2, 2, 18, 0)), "not_an_occurrence"); // removed
    assert_eq!(fails(at(2026, 1, 5, 18, 0)), "split_at_first");
    Ok(())
}

#[test]
fn validation_refuses_with_codes() {
    let start = at(2026, 1, 5, 18, 0);
    let check = |s: &str| code(validate(s, start, LJ));
    assert_eq!(check("FREQ=DAILY;COUNT=400"), "ok");
    assert_eq!(check("rrule:freq=weekly;byday=mo,we;count=3"), "ok");
    assert_eq!(check("FREQ=WEEKLY;BYDAY=MO"), "unbounded");
    assert_eq!(check("FREQ=DAILY;COUNT=401"), "too_many_occurrences");
    assert_eq!(check("FREQ=DAILY;UNTIL=20300101"), "too_many_occurrences");
    assert_eq!(check("FREQ=HOURLY;COUNT=5"), "too_frequent");
    assert_eq!(check("FREQ=MINUTELY;COUNT=5"), "too_frequent");
    assert_eq!(check("garbage"), "invalid_rule");
    assert_eq!(check(""), "invalid_rule");
    assert_eq!(check("FREQ=WEEKLY;BYDAY=XX;COUNT=3"), "invalid_rule");
    assert_eq!(check("FREQ=DAILY;UNTIL=tomorrow"), "invalid_rule");
    assert_eq!(check("FREQ=DAILY;COUNT=3;UNTIL=20260110"), "invalid_rule");
    assert_eq!(
        check("DTSTART:20260105T170000Z\nRRULE:FREQ=DAILY"),
        "dtstart_in_rule"
    );
    assert_eq!(
        check("FREQ=DAILY;UNTIL=20250101T000000Z"),
        "ends_before_start"
    );
    assert_eq!(
        check("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2"),
        "no_occurrences"
    );
    let gap = validate("FREQ=DAILY;COUNT=2", at(2026, 3, 29, 2, 30), LJ);
    assert_eq!(code(gap), "nonexistent_local_time");
    assert_eq!(
        normalize("rrule:freq=daily;until=20260110", LJ),
        Ok("FREQ=DAILY;UNTIL=20260110T225959Z".to_string())
    );
    assert!(RuleError::Unbounded.message().contains("COUNT"));
}

#[test]
fn patterns_become_rules() {
    let weekly = |days: Vec<Weekday>, interval| {
        let end = End::Count(3);
        Pattern::Weekly {
            days,
            interval,
            end,
        }
        .to_rrule(LJ)
    };
    assert_eq!(code(weekly(vec![], 1)), "invalid_pattern");
    assert_eq!(code(weekly(vec![Weekday::Mon], 0)), "invalid_pattern");
    assert_eq!(
        weekly(vec![Weekday::Fri, Weekday::Mon, Weekday::Fri], 2),
        Ok("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=3".to_string())
    );
    let last_friday = Pattern::MonthlyByWeekday {
        n: -1,
        day: Weekday::Fri,
        interval: 1,
        end: End::Until(day(2026, 12, 31)),
    };
    assert_eq!(
        last_friday.to_rrule(LJ),
        Ok("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261231T225959Z".to_string())
    );
    let fifth = Pattern::MonthlyByWeekday {
        n: 5,
        day: Weekday::Fri,
        interval: 1,
        end: End::Count(2),
    };
    assert_eq!(code(fifth.to_rrule(LJ)), "invalid_pattern");
    let daily = Pattern::Daily {
        interval: 1,
        end: End::Count(0),
    };
    assert_eq!(code(daily.to_rrule(LJ)), "invalid_pattern");
}
