//! Changing a meeting of a series for `all` of them or for `following`
//! ones (`this` one alone is `meetings::routes::update_one`).
//!
//! The change is a merge patch of the meeting's fields read from the
//! meeting the user looks at (its `version` checked). That meeting takes
//! the whole patch; every other live meeting of the series takes it too,
//! except those changed on their own (`detached`) and those that already
//! ended. A change of the start or the end applies as the same change of
//! the wall-clock time to each (16:00→17:00 moves every one an hour later
//! on its own day, whatever the daylight-saving time), and the series'
//! rule, first start and length move with it; meetings that ended keep
//! their times and are detached, their old places taken out of the rule.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::{Map, Value};
use validator::Validate;

use super::json::EditScope;
use super::model::{self, SeriesRow};
use super::rule::{self, Rule, RuleError};
use crate::audit;
use crate::auth::Actor;
use crate::codes::MeetingStatus;
use crate::db::schema::meetings;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::meetings::access::{self, Viewer};
use crate::meetings::checks;
use crate::meetings::json::MeetingFields;
use crate::meetings::model::{self as meeting_model, utc_to_local, MeetingRow, MeetingValues};
use crate::participants::model::version_conflict;

/// A change to a meeting: its fields' merge patch, a new status, and the
/// version it is based on.
pub struct Change<'a> {
    pub version: i32,
    pub patch: &'a Map<String, Value>,
    pub status: Option<MeetingStatus>,
}

/// Applies `change` to the meeting `id` and, by `scope` (`all` or
/// `following`), to the other meetings of its series. `following` first
/// splits the series at this meeting: the series keeps the earlier ones, a
/// new series holds this one and the later ones.
pub fn update_scoped(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    scope: EditScope,
    change: &Change<'_>,
    default_zone: chrono_tz::Tz,
) -> Result<(), ApiError> {
    let org = &actor.organization_id;
    let m = access::find(conn, actor, &Viewer::Staff, id)?;
    if m.version != change.version {
        return Err(version_conflict(change.version));
    }
    let (Some(series_id), Some(key)) = (m.series_id.clone(), m.occurrence_local) else {
        return Err(ApiError::field(
            "scope",
            "not_in_series",
            "this meeting is not part of a series; leave out scope",
        ));
    };
    let mut series = model::lock(conn, org, &series_id)?;
    // Read again now that the series is ours: a change to the series that
    // committed meanwhile shows here as a newer version.
    let m = meeting_model::row(conn, org, &m.id)?;
    if m.version != change.version
        || m.deleted_at.is_some()
        || m.series_id.as_deref() != Some(series_id.as_str())
    {
        return Err(version_conflict(change.version));
    }
    if scope == EditScope::Following {
        series = split(conn, actor, series, key)?;
    }
    apply_all(conn, &series, &m.id, change, default_zone)?;
    audit::record(conn, actor, "update", "meeting_series", Some(&series.id))
}

/// Splits `series` at its meeting at `key`: the series keeps the meetings
/// before, a new series (returned) holds this one and the later ones. At
/// the first meeting there is nothing to split: the series is returned.
fn split(
    conn: &mut DbConnection,
    actor: &Actor,
    series: SeriesRow,
    key: NaiveDateTime,
) -> Result<SeriesRow, ApiError> {
    match rule::split_at(&series.rule(), key) {
        Err(RuleError::SplitAtFirst) => Ok(series),
        Err(RuleError::NotAnOccurrence(_)) => Err(ApiError::field(
            "scope",
            "not_an_occurrence",
            "this meeting no longer falls on its series' rule (the rule changed after it); change it on its own",
        )),
        Err(e) => Err(ApiError::internal(e)),
        Ok((before, after)) => {
            let org = &series.organization_id;
            model::save(
                conn,
                &series.id,
                &before,
                series.duration_minutes,
                series.version,
            )?;
            let id = model::insert(conn, org, &after, series.duration_minutes, actor.user_id())?;
            model::move_rows(conn, &series.id, &id, key)?;
            model::find(conn, org, &id)
        }
    }
}

/// The fields after a merge patch, checked by their own rules (a new venue
/// without a time zone brings its own).
fn merged(before: &MeetingFields, patch: &Map<String, Value>) -> Result<MeetingFields, ApiError> {
    let mut value = serde_json::to_value(before).map_err(ApiError::internal)?;
    if patch.contains_key("venue_id") && !patch.contains_key("time_zone") {
        if let Value::Object(m) = &mut value {
            m.insert("time_zone".into(), Value::Null);
        }
    }
    crate::http::patch::merge_patch(&mut value, &Value::Object(patch.clone()));
    let after: MeetingFields = serde_json::from_value(value)
        .map_err(|e| ApiError::field("body", "type", e.to_string()))?;
    after.validate()?;
    Ok(after)
}

/// 422 when the new capacity is below the people registered.
fn below_registered(row: &MeetingRow, values: &MeetingValues) -> Result<(), ApiError> {
    match values.capacity {
        Some(c) if c < row.registered_count => Err(ApiError::field(
            "capacity",
            "below_registered",
            format!(
                "{} people are registered for the meeting of {}; cancel registrations before lowering the capacity below that",
                row.registered_count,
                utc_to_local(row.starts_at, row.zone()).date()
            ),
        )),
        _ => Ok(()),
    }
}

/// Writes a meeting's new values, status and place in the rule at the
/// version read.
fn write(
    conn: &mut DbConnection,
    row: &MeetingRow,
    values: &MeetingValues,
    status: Option<MeetingStatus>,
    key: Option<NaiveDateTime>,
) -> Result<(), ApiError> {
    let n = diesel::update(
        meetings::table
            .filter(meetings::id.eq(&row.id))
            .filter(meetings::version.eq(row.version)),
    )
    .set((
        values,
        meetings::status.eq(status.unwrap_or(row.status()).as_str()),
        meetings::occurrence_local.eq(key),
        meetings::updated_at.eq(ids::now()),
        meetings::version.eq(row.version + 1),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(version_conflict(row.version));
    }
    Ok(())
}

/// Changes the meeting `m_id` of `series` by `change`, and every live
/// meeting of the series that is not detached and has not ended.
fn apply_all(
    conn: &mut DbConnection,
    series: &SeriesRow,
    m_id: &str,
    change: &Change<'_>,
    default_zone: chrono_tz::Tz,
) -> Result<(), ApiError> {
    let org = &series.organization_id;
    let now = ids::now();
    let rows = model::live_rows(conn, &series.id)?;
    let m = rows
        .iter()
        .find(|r| r.id == m_id)
        .ok_or_else(|| ApiError::internal("the meeting left its series"))?;
    let before = meeting_model::fields_of(conn, m)?;
    let after = merged(&before, change.patch)?;
    let m_values = checks::check(conn, org, &after, default_zone, m.venue_id.as_deref())?;
    below_registered(m, &m_values)?;
    let old_zone = series.zone();
    let new_zone = m_values.time_zone.parse().unwrap_or(old_zone);
    let delta = after.start_local - before.start_local;
    let stretch = (after.end_local - after.start_local) - (before.end_local - before.start_local);
    let retime = !delta.is_zero() || !stretch.is_zero() || new_zone != old_zone;
    let ended = |r: &MeetingRow| r.ends_at < now && r.id != m.id;
    let new_rule = if retime {
        Some(retimed(series, &rows, delta, new_zone, &ended)?)
    } else {
        None
    };
    let mut others = change.patch.clone();
    others.remove("start_local");
    others.remove("end_local");
    let staff_changes =
        change.patch.contains_key("organiser_ids") || change.patch.contains_key("facilitator_ids");
    // Moving every place by the same amount, the latest first when later
    // (the earliest first when earlier), never takes a place still held.
    let mut moving: Vec<&MeetingRow> = rows.iter().filter(|r| !ended(r)).collect();
    if delta > Duration::zero() {
        moving.reverse();
    }
    for r in moving {
        let key = r.occurrence_local.map(|k| k + delta);
        if r.id == m.id {
            write(conn, r, &m_values, change.status, key)?;
            if staff_changes {
                meeting_model::write_staff(conn, &r.id, &meeting_model::staff_of(&after))?;
            }
        } else if r.detached {
            if retime {
                diesel::update(meetings::table.filter(meetings::id.eq(&r.id)))
                    .set(meetings::occurrence_local.eq(key))
                    .execute(conn)?;
            }
        } else {
            let tz = r.zone();
            let mut f = merged(&meeting_model::fields_of(conn, r)?, &others)?;
            f.start_local = utc_to_local(r.starts_at, tz) + delta;
            f.end_local = utc_to_local(r.ends_at, tz) + delta + stretch;
            let values = checks::check(conn, org, &f, default_zone, r.venue_id.as_deref())?;
            below_registered(r, &values)?;
            write(conn, r, &values, change.status, key)?;
            if staff_changes {
                meeting_model::write_staff(conn, &r.id, &meeting_model::staff_of(&f))?;
            }
        }
    }
    if let Some(rule) = new_rule {
        for r in rows.iter().filter(|r| ended(r) && !r.detached) {
            model::detach(conn, r)?;
        }
        let minutes = i32::try_from(
            (Duration::minutes(i64::from(series.duration_minutes)) + stretch).num_minutes(),
        )
        .map_err(ApiError::internal)?;
        model::save(conn, &series.id, &rule, minutes, series.version)?;
    }
    Ok(())
}

/// The series' rule with every place moved by `delta` (first start,
/// removed dates, and UNTIL when the move would cross it) in `zone`; the
/// places of meetings that ended (and keep their times) are taken out.
/// 422 when the rule cannot move that way (it names its hours, or the move
/// does not keep its days).
fn retimed(
    series: &SeriesRow,
    rows: &[MeetingRow],
    delta: Duration,
    zone: chrono_tz::Tz,
    ended: &dyn Fn(&MeetingRow) -> bool,
) -> Result<Rule, ApiError> {
    let old = series.rule();
    let shape = |why: &str| {
        ApiError::field(
            "start_local",
            "series_shape",
            format!("The series cannot move that way ({why}): change its rule, or change this meeting on its own (scope this)."),
        )
    };
    let shifted_until = old
        .rrule
        .split(';')
        .map(|part| match part.strip_prefix("UNTIL=") {
            Some(u) => NaiveDateTime::parse_from_str(u, "%Y%m%dT%H%M%SZ")
                .map(|t| format!("UNTIL={}", (t + delta).format("%Y%m%dT%H%M%SZ")))
                .map_err(|_| shape("its end cannot be read")),
            None => Ok(part.to_string()),
        })
        .collect::<Result<Vec<_>, _>>()?
        .join(";");
    let moving: BTreeSet<NaiveDateTime> = rows
        .iter()
        .filter(|r| !ended(r))
        .filter_map(|r| r.occurrence_local)
        .map(|k| k + delta)
        .collect();
    let kept: BTreeSet<NaiveDateTime> = rows
        .iter()
        .filter(|r| ended(r))
        .filter_map(|r| r.occurrence_local)
        .collect();
    if moving.intersection(&kept).next().is_some() {
        return Err(shape(
            "a meeting would take the place of one that took place",
        ));
    }
    let mut error = shape("its rule would not give the same days");
    for rrule in [old.rrule.clone(), shifted_until] {
        let mut exdates: Vec<NaiveDateTime> = old.exdates.iter().map(|e| *e + delta).collect();
        exdates.extend(kept.iter().map(|k| *k + delta));
        let mut new = Rule {
            rrule,
            first_start_local: old.first_start_local + delta,
            time_zone: zone,
            exdates: vec![],
        };
        let all: BTreeSet<NaiveDateTime> = match rule::occurrences(&new) {
            Ok(all) => all.into_iter().map(|o| o.local_start).collect(),
            Err(e) => {
                error = ApiError::field("start_local", e.code(), e.message());
                continue;
            }
        };
        exdates.retain(|e| all.contains(e));
        new.exdates = exdates;
        let produced: BTreeSet<NaiveDateTime> = rule::occurrences(&new)
            .map_err(|e| ApiError::field("start_local", e.code(), e.message()))?
            .into_iter()
            .map(|o| o.local_start)
            .collect();
        if produced == moving {
            return Ok(new);
        }
    }
    Err(error)
}
