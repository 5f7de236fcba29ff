//! The series rows and the SQL on a series' meetings: writing a series,
//! locking it, its live meetings, creating meetings at occurrences,
//! removing them (tombstones), and the series as shown.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::json::{RepeatPattern, Series, SeriesOccurrence};
use super::rule::{self, End, Occurrence, Pattern, Rule};
use crate::db::schema::{meeting_bookings as bookings, meeting_series, meetings};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::meetings::access::Condition;
use crate::meetings::json::MeetingFields;
use crate::meetings::model::{self as meeting_model, utc_to_local, MeetingRow, MeetingValues};

/// A series row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meeting_series)]
pub struct SeriesRow {
    pub id: String,
    pub organization_id: String,
    pub rrule: String,
    pub first_start_local: NaiveDateTime,
    pub time_zone: String,
    pub duration_minutes: i32,
    pub exdates: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl SeriesRow {
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time_zone
            .parse()
            .unwrap_or(chrono_tz::Europe::Ljubljana)
    }

    pub fn exdates(&self) -> Vec<NaiveDateTime> {
        serde_json::from_str(&self.exdates).unwrap_or_default()
    }

    pub fn duration(&self) -> Duration {
        Duration::minutes(i64::from(self.duration_minutes))
    }

    /// The rule as the engine takes it.
    pub fn rule(&self) -> Rule {
        Rule {
            rrule: self.rrule.clone(),
            first_start_local: self.first_start_local,
            time_zone: self.zone(),
            exdates: self.exdates(),
        }
    }
}

fn exdates_json(exdates: &[NaiveDateTime]) -> String {
    let mut e = exdates.to_vec();
    e.sort();
    e.dedup();
    serde_json::to_string(&e).unwrap_or_else(|_| "[]".into())
}

/// Inserts a series; returns its id.
pub fn insert(
    conn: &mut DbConnection,
    org: &str,
    rule: &Rule,
    duration_minutes: i32,
    created_by: Option<&str>,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    diesel::insert_into(meeting_series::table)
        .values((
            meeting_series::id.eq(&id),
            meeting_series::organization_id.eq(org),
            meeting_series::rrule.eq(&rule.rrule),
            meeting_series::first_start_local.eq(rule.first_start_local),
            meeting_series::time_zone.eq(rule.time_zone.name()),
            meeting_series::duration_minutes.eq(duration_minutes),
            meeting_series::exdates.eq(exdates_json(&rule.exdates)),
            meeting_series::created_by.eq(created_by),
            meeting_series::created_at.eq(now),
            meeting_series::updated_at.eq(now),
            meeting_series::version.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The organisation's series, or 404.
pub fn find(conn: &mut DbConnection, org: &str, id: &str) -> Result<SeriesRow, ApiError> {
    meeting_series::table
        .filter(meeting_series::id.eq(id))
        .filter(meeting_series::organization_id.eq(org))
        .select(SeriesRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such series"))
}

/// Takes the series for this transaction (a write first: PostgreSQL locks
/// the row until commit, SQLite takes its write lock), then reads it; 404
/// when it is not the organisation's.
pub fn lock(conn: &mut DbConnection, org: &str, id: &str) -> Result<SeriesRow, ApiError> {
    let n = diesel::update(
        meeting_series::table
            .filter(meeting_series::id.eq(id))
            .filter(meeting_series::organization_id.eq(org)),
    )
    .set(meeting_series::version.eq(meeting_series::version))
    .execute(conn)?;
    if n == 0 {
        return Err(ApiError::not_found("no such series"));
    }
    find(conn, org, id)
}

/// Stores a series' rule, length and removed dates at `version` (which
/// becomes `version + 1`).
pub fn save(
    conn: &mut DbConnection,
    id: &str,
    rule: &Rule,
    duration_minutes: i32,
    version: i32,
) -> Result<(), ApiError> {
    let n = diesel::update(
        meeting_series::table
            .filter(meeting_series::id.eq(id))
            .filter(meeting_series::version.eq(version)),
    )
    .set((
        meeting_series::rrule.eq(&rule.rrule),
        meeting_series::first_start_local.eq(rule.first_start_local),
        meeting_series::time_zone.eq(rule.time_zone.name()),
        meeting_series::duration_minutes.eq(duration_minutes),
        meeting_series::exdates.eq(exdates_json(&rule.exdates)),
        meeting_series::updated_at.eq(ids::now()),
        meeting_series::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(crate::participants::model::version_conflict(version));
    }
    Ok(())
}

/// The live (not removed) meetings of a series, by their place in the rule.
pub fn live_rows(conn: &mut DbConnection, series_id: &str) -> Result<Vec<MeetingRow>, ApiError> {
    Ok(meetings::table
        .filter(meetings::series_id.eq(series_id))
        .filter(meetings::deleted_at.is_null())
        .select(MeetingRow::as_select())
        .order((meetings::occurrence_local.asc(), meetings::id.asc()))
        .load(conn)?)
}

/// Moves the live meetings of `from` at or after the local start `at` to
/// the series `to`.
pub fn move_rows(
    conn: &mut DbConnection,
    from: &str,
    to: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(
        meetings::table
            .filter(meetings::series_id.eq(from))
            .filter(meetings::deleted_at.is_null())
            .filter(meetings::occurrence_local.ge(at)),
    )
    .set((
        meetings::series_id.eq(to),
        meetings::updated_at.eq(ids::now()),
        meetings::version.eq(meetings::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// How many people hold a place at these meetings: registered, waiting,
/// or with a booked slot.
pub fn people_at(conn: &mut DbConnection, rows: &[&MeetingRow]) -> Result<i64, ApiError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let registered: i64 = rows
        .iter()
        .map(|r| i64::from(r.registered_count) + i64::from(r.waiting_count))
        .sum();
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let booked: i64 = bookings::table
        .filter(bookings::meeting_id.eq_any(ids))
        .filter(bookings::status.eq("booked"))
        .count()
        .get_result(conn)?;
    Ok(registered + booked)
}

/// Refuses (409) to remove meetings people hold places at.
pub fn refuse_if_people(conn: &mut DbConnection, rows: &[&MeetingRow]) -> Result<(), ApiError> {
    let people = people_at(conn, rows)?;
    if people > 0 {
        let what = if rows.len() == 1 {
            "this meeting".to_string()
        } else {
            format!("the {} meetings this removes", rows.len())
        };
        return Err(ApiError::conflict(
            crate::error::ProblemCode::Conflict,
            format!(
                "{people} people are registered for {what}: cancel their registrations first, \
                 or cancel the meeting instead (status cancelled), which keeps it in the agenda"
            ),
        ));
    }
    Ok(())
}

/// Removes meetings at the versions read: each becomes a tombstone
/// (`deleted_at` and `updated_at` now, for `updated_since` pulls) and gives
/// up its place in the series' rule, which another meeting may take later.
pub fn tombstone(conn: &mut DbConnection, rows: &[&MeetingRow]) -> Result<(), ApiError> {
    let now = ids::now();
    for r in rows {
        let n = diesel::update(
            meetings::table
                .filter(meetings::id.eq(&r.id))
                .filter(meetings::version.eq(r.version)),
        )
        .set((
            meetings::deleted_at.eq(now),
            meetings::updated_at.eq(now),
            meetings::occurrence_local.eq(None::<NaiveDateTime>),
            meetings::version.eq(r.version + 1),
        ))
        .execute(conn)?;
        if n != 1 {
            return Err(crate::participants::model::version_conflict(r.version));
        }
    }
    Ok(())
}

/// Marks a meeting that keeps its times while its series' rule moves (it
/// took place before the change) as detached, at the version read.
pub fn detach(conn: &mut DbConnection, r: &MeetingRow) -> Result<(), ApiError> {
    let n = diesel::update(
        meetings::table
            .filter(meetings::id.eq(&r.id))
            .filter(meetings::version.eq(r.version)),
    )
    .set((
        meetings::detached.eq(true),
        meetings::updated_at.eq(ids::now()),
        meetings::version.eq(r.version + 1),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(crate::participants::model::version_conflict(r.version));
    }
    Ok(())
}

/// The values of a meeting with `fields` moved to start at `start` (local)
/// and last `duration` on the wall clock. An end the clocks skip (spring
/// forward) is read an hour later, as the clock shows it.
pub fn values_at(
    fields: &MeetingFields,
    start: NaiveDateTime,
    duration: Duration,
    tz: chrono_tz::Tz,
) -> Result<MeetingValues, ApiError> {
    let mut f = fields.clone();
    f.start_local = start;
    f.end_local = start + duration;
    if rule::local_to_utc(f.end_local, tz).is_err() {
        f.end_local += Duration::hours(1);
    }
    MeetingValues::of(&f, tz)
}

/// What the meetings of a series are made from: the series, the fields
/// every meeting shares (already checked), their length on the wall clock
/// and their zone.
pub struct Plan<'a> {
    pub org: &'a str,
    pub series_id: &'a str,
    pub fields: &'a MeetingFields,
    pub duration: Duration,
    pub tz: chrono_tz::Tz,
    pub created_by: Option<&'a str>,
}

/// Creates a meeting of the series at each occurrence, with its staff.
pub fn create_at(
    conn: &mut DbConnection,
    plan: &Plan<'_>,
    occurrences: &[Occurrence],
) -> Result<(), ApiError> {
    let staff = meeting_model::staff_of(plan.fields);
    for o in occurrences {
        let values = values_at(plan.fields, o.local_start, plan.duration, plan.tz)?;
        meeting_model::insert(
            conn,
            plan.org,
            &values,
            Some((plan.series_id, o.local_start)),
            &staff,
            plan.created_by,
        )?;
    }
    Ok(())
}

/// The series as shown, with the meetings `condition` lets the caller see.
pub fn view(
    conn: &mut DbConnection,
    row: SeriesRow,
    condition: Option<Condition>,
) -> Result<Series, ApiError> {
    let mut sql = meetings::table
        .filter(meetings::series_id.eq(&row.id))
        .filter(meetings::deleted_at.is_null())
        .select(MeetingRow::as_select())
        .into_boxed();
    if let Some(c) = condition {
        sql = sql.filter(c);
    }
    let rows: Vec<MeetingRow> = sql
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .load(conn)?;
    let tz = row.zone();
    let rule = row.rule();
    Ok(Series {
        pattern: pattern_of(&rule),
        exdates: rule.exdates,
        occurrences: rows
            .into_iter()
            .map(|r| {
                let z = r.zone();
                SeriesOccurrence {
                    start_local: utc_to_local(r.starts_at, z),
                    end_local: utc_to_local(r.ends_at, z),
                    starts_at: ids::utc(r.starts_at),
                    status: r.status(),
                    detached: r.detached,
                    occurrence_local: r.occurrence_local,
                    version: r.version,
                    meeting_id: r.id,
                }
            })
            .collect(),
        id: row.id,
        rrule: row.rrule,
        first_start_local: row.first_start_local,
        time_zone: tz.name().to_string(),
        duration_minutes: row.duration_minutes,
        created_at: ids::utc(row.created_at),
        updated_at: ids::utc(row.updated_at),
        version: row.version,
    })
}

/// The rule as the SPA's form, when the form can say it: FREQ, INTERVAL,
/// BYDAY and COUNT or UNTIL only, and the form's rule gives the same
/// meetings (an UNTIL ends on its local day, or else on the day of the
/// last meeting, e.g. after a split).
pub fn pattern_of(rule: &Rule) -> Option<RepeatPattern> {
    let (mut freq, mut interval, mut byday, mut count, mut until) = (None, 1, None, None, None);
    for part in rule.rrule.split(';') {
        let (k, v) = part.split_once('=')?;
        match k {
            "FREQ" => freq = Some(v),
            "INTERVAL" => interval = v.parse().ok()?,
            "BYDAY" => byday = Some(v),
            "COUNT" => count = Some(v.parse().ok()?),
            "UNTIL" => until = Some(NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%SZ").ok()?),
            "WKST" if v == "MO" => {}
            _ => return None,
        }
    }
    let plain = Rule {
        exdates: vec![],
        ..rule.clone()
    };
    let all = rule::occurrences(&plain).ok()?;
    let ends = match (count, until) {
        (Some(n), None) => vec![End::Count(n)],
        (None, Some(u)) => vec![
            End::Until(utc_to_local(u, rule.time_zone).date()),
            End::Until(all.last()?.local_start.date()),
        ],
        _ => return None,
    };
    let day = |s: &str| -> Option<chrono::Weekday> {
        Some(match s {
            "MO" => chrono::Weekday::Mon,
            "TU" => chrono::Weekday::Tue,
            "WE" => chrono::Weekday::Wed,
            "TH" => chrono::Weekday::Thu,
            "FR" => chrono::Weekday::Fri,
            "SA" => chrono::Weekday::Sat,
            "SU" => chrono::Weekday::Sun,
            _ => return None,
        })
    };
    let days: Vec<chrono::Weekday> = match byday {
        None => vec![],
        Some(d) if freq == Some("MONTHLY") => vec![day(d.get(d.len().checked_sub(2)?..)?)?],
        Some(d) => d.split(',').map(day).collect::<Option<_>>()?,
    };
    let nth: Option<i8> = match (freq, byday) {
        (Some("MONTHLY"), Some(d)) => {
            Some(d.get(..d.len() - 2)?.trim_start_matches('+').parse().ok()?)
        }
        _ => None,
    };
    ends.into_iter().find_map(|end| {
        let pattern = match (freq?, nth) {
            ("DAILY", None) if days.is_empty() => Pattern::Daily { interval, end },
            ("WEEKLY", None) => Pattern::Weekly {
                days: if days.is_empty() {
                    vec![chrono::Datelike::weekday(&rule.first_start_local)]
                } else {
                    days.clone()
                },
                interval,
                end,
            },
            ("MONTHLY", Some(n)) => Pattern::MonthlyByWeekday {
                n,
                day: *days.first()?,
                interval,
                end,
            },
            _ => return None,
        };
        let again = Rule {
            rrule: pattern.to_rrule(rule.time_zone).ok()?,
            ..plain.clone()
        };
        (rule::occurrences(&again).ok()? == all).then(|| RepeatPattern::of(&pattern))
    })
}
