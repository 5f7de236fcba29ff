//! The rules of office-hour slots, without the database: which slots a
//! meeting has (computed, never stored), and what a booking may ask for.

use chrono::{Duration, NaiveDateTime};

use crate::codes::{BookingMode, MeetingStatus};
use crate::error::{ApiError, FieldError, ProblemCode};
use crate::meetings::model::MeetingRow;

/// The meeting's slots, (start, end) in UTC: slot i starts `i` slot
/// lengths after the meeting's start, as long as it ends by the meeting's
/// end. None when the meeting has no slots.
pub fn slot_times(m: &MeetingRow) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    let Some(minutes) = m.slot_minutes.filter(|n| *n > 0) else {
        return Vec::new();
    };
    let step = Duration::minutes(i64::from(minutes));
    let mut out = Vec::new();
    let mut start = m.starts_at;
    while start + step <= m.ends_at {
        out.push((start, start + step));
        start += step;
    }
    out
}

/// How the meeting's slots can be held.
pub fn modes(m: &MeetingRow) -> Vec<BookingMode> {
    serde_json::from_str(&m.slot_modes).unwrap_or_default()
}

/// People per slot.
pub fn capacity(m: &MeetingRow) -> i32 {
    m.slot_capacity.unwrap_or(1).max(1)
}

/// 409 unless the meeting has bookable slots.
pub fn has_slots(m: &MeetingRow) -> Result<(), ApiError> {
    if m.slot_minutes.is_some() {
        Ok(())
    } else {
        Err(ApiError::conflict(
            ProblemCode::Conflict,
            "this meeting has no bookable slots",
        ))
    }
}

/// 409 unless the meeting is still planned.
pub fn is_planned(m: &MeetingRow) -> Result<(), ApiError> {
    match m.status() {
        MeetingStatus::Planned => Ok(()),
        MeetingStatus::Cancelled => Err(ApiError::conflict(
            ProblemCode::Conflict,
            "this meeting is cancelled",
        )),
        MeetingStatus::Done => Err(ApiError::conflict(
            ProblemCode::Conflict,
            "this meeting is over",
        )),
    }
}

/// The end of the slot starting at `start`, or the field error.
pub fn slot_end(m: &MeetingRow, start: NaiveDateTime) -> Result<NaiveDateTime, FieldError> {
    slot_times(m)
        .into_iter()
        .find(|(s, _)| *s == start)
        .map(|(_, e)| e)
        .ok_or_else(|| FieldError {
            field: "slot_start".into(),
            code: "not_a_slot".into(),
            message: "must be the start of one of the meeting's slots (GET /meetings/{id}/slots)"
                .into(),
        })
}

/// The field error when the meeting does not offer `mode`.
pub fn mode_offered(m: &MeetingRow, mode: BookingMode) -> Result<(), FieldError> {
    if modes(m).contains(&mode) {
        Ok(())
    } else {
        Err(FieldError {
            field: "mode".into(),
            code: "not_offered".into(),
            message: "this meeting's slots are not held this way".into(),
        })
    }
}

/// 409 when the slot has already started (a walk-in, someone already
/// there, may be put in any slot).
pub fn not_started(
    start: NaiveDateTime,
    now: NaiveDateTime,
    walk_in: bool,
) -> Result<(), ApiError> {
    if walk_in || start > now {
        Ok(())
    } else {
        Err(ApiError::conflict(
            ProblemCode::Conflict,
            "this slot has already started; pick a later one",
        ))
    }
}

/// 422 with every field error, if any.
pub fn fields(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meetings::model::{local_to_utc, utc_to_local};
    use chrono::NaiveDate;

    fn meeting(start: &str, end: &str, minutes: Option<i32>) -> MeetingRow {
        let tz = chrono_tz::Europe::Ljubljana;
        let at = |s: &str| {
            let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("time");
            local_to_utc("t", local, tz).expect("exists")
        };
        let now = NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("date");
        MeetingRow {
            id: "m".into(),
            organization_id: "o".into(),
            series_id: None,
            occurrence_local: None,
            detached: false,
            kind: "office_hours".into(),
            title: "{}".into(),
            description: "{}".into(),
            venue_id: None,
            online_url: None,
            phone_line: None,
            starts_at: at(start),
            ends_at: at(end),
            time_zone: "Europe/Ljubljana".into(),
            capacity: None,
            audience: "participants".into(),
            languages: "[]".into(),
            interpretation: "[]".into(),
            childcare: false,
            status: "planned".into(),
            slot_minutes: minutes,
            slot_capacity: Some(3),
            slot_modes: r#"["in_person","phone"]"#.into(),
            registered_count: 0,
            waiting_count: 0,
            arrivals: 0,
            created_by: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        }
    }

    fn local(m: &MeetingRow) -> Vec<String> {
        slot_times(m)
            .iter()
            .map(|(s, _)| utc_to_local(*s, m.zone()).format("%H:%M").to_string())
            .collect()
    }

    #[test]
    fn three_hours_of_twenty_minutes_are_nine_slots_on_the_wall_clock_in_winter_and_summer() {
        for day in ["2026-11-17", "2026-07-14"] {
            let m = meeting(&format!("{day}T16:00"), &format!("{day}T19:00"), Some(20));
            assert_eq!(
                local(&m),
                ["16:00", "16:20", "16:40", "17:00", "17:20", "17:40", "18:00", "18:20", "18:40"]
            );
        }
        let winter = meeting("2026-11-17T16:00", "2026-11-17T19:00", Some(20));
        assert_eq!(
            slot_times(&winter)[0].0.format("%H:%M").to_string(),
            "15:00"
        );
        let summer = meeting("2026-07-14T16:00", "2026-07-14T19:00", Some(20));
        assert_eq!(
            slot_times(&summer)[0].0.format("%H:%M").to_string(),
            "14:00"
        );
    }

    #[test]
    fn a_slot_that_would_end_after_the_meeting_is_not_offered() {
        let m = meeting("2026-11-17T16:00", "2026-11-17T17:10", Some(20));
        assert_eq!(local(&m), ["16:00", "16:20", "16:40"]);
        assert!(slot_times(&meeting("2026-11-17T16:00", "2026-11-17T17:00", None)).is_empty());
    }

    #[test]
    fn slots_across_the_night_the_clocks_go_back_are_equal_in_real_time() {
        // 25 October 2026: 03:00 summer time becomes 02:00 winter time.
        let m = meeting("2026-10-25T01:00", "2026-10-25T04:00", Some(60));
        assert_eq!(local(&m), ["01:00", "02:00", "02:00", "03:00"]);
    }

    #[test]
    fn only_a_slots_start_and_an_offered_mode_pass() {
        let m = meeting("2026-11-17T16:00", "2026-11-17T19:00", Some(20));
        let first = slot_times(&m)[0].0;
        assert!(slot_end(&m, first).is_ok());
        assert!(slot_end(&m, first + Duration::minutes(5)).is_err());
        assert!(mode_offered(&m, BookingMode::Phone).is_ok());
        let mut in_person = m.clone();
        in_person.slot_modes = r#"["in_person"]"#.into();
        assert!(mode_offered(&in_person, BookingMode::Phone).is_err());
    }
}
