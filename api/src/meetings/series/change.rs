//! Creating a series with a meeting at each occurrence, changing its rule
//! or its removed dates (meetings follow the rule), and removing one
//! meeting ("this one does not happen").

use std::collections::BTreeSet;

use chrono::NaiveDateTime;

use super::json::{CreateSeriesRequest, RepeatPattern, UpdateSeriesRequest};
use super::model::{self, Plan, SeriesRow};
use super::rule::{self, Rule, RuleError};
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::ids;
use crate::meetings::checks;
use crate::meetings::model::{self as meeting_model, MeetingRow};
use crate::participants::model::version_conflict;

/// A rule's error as a 422 on `field` (`rrule` or `pattern`).
fn rule_error(field: &str, e: &RuleError) -> ApiError {
    ApiError::field(field, e.code(), e.message())
}

/// The normalised RRULE of `rrule` or `pattern` (one of the two) in `tz`,
/// and the field it came from.
fn rule_text(
    rrule: Option<&str>,
    pattern: Option<&RepeatPattern>,
    tz: chrono_tz::Tz,
) -> Result<(String, &'static str), ApiError> {
    match (rrule, pattern) {
        (Some(_), Some(_)) => Err(ApiError::field(
            "pattern",
            "conflict",
            "give rrule or pattern, not both",
        )),
        (None, None) => Err(ApiError::field(
            "rrule",
            "required",
            "give the repetition as rrule or pattern",
        )),
        (Some(r), None) => rule::normalize(r, tz)
            .map(|r| (r, "rrule"))
            .map_err(|e| rule_error("rrule", &e)),
        (None, Some(p)) => {
            let p = p
                .to_pattern()
                .map_err(|(code, message)| ApiError::field("pattern", code, message))?;
            p.to_rrule(tz)
                .map(|r| (r, "pattern"))
                .map_err(|e| rule_error("pattern", &e))
        }
    }
}

/// 422 for each exdate that is not a meeting of the rule.
fn check_exdates(exdates: &[NaiveDateTime], all: &BTreeSet<NaiveDateTime>) -> Result<(), ApiError> {
    let errors: Vec<FieldError> = exdates
        .iter()
        .enumerate()
        .filter(|(_, e)| !all.contains(e))
        .map(|(i, e)| FieldError {
            field: format!("exdates[{i}]"),
            code: "not_an_occurrence".into(),
            message: format!("{e} is not a meeting of this series"),
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The local starts of every occurrence of `rule` without its exdates.
fn all_starts(rule: &Rule, field: &str) -> Result<BTreeSet<NaiveDateTime>, ApiError> {
    let plain = Rule {
        exdates: vec![],
        ..rule.clone()
    };
    Ok(rule::occurrences(&plain)
        .map_err(|e| rule_error(field, &e))?
        .into_iter()
        .map(|o| o.local_start)
        .collect())
}

/// Creates the series of `req` and a meeting at each of its occurrences
/// (the fields checked once, on the first); returns the series' id.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    req: &CreateSeriesRequest,
    default_zone: chrono_tz::Tz,
) -> Result<String, ApiError> {
    let org = &actor.organization_id;
    let values =
        checks::check(conn, org, &req.meeting, default_zone, None).map_err(|e| match e {
            ApiError::Validation(list) => ApiError::Validation(
                list.into_iter()
                    .map(|f| FieldError {
                        field: format!("meeting.{}", f.field),
                        ..f
                    })
                    .collect(),
            ),
            e => e,
        })?;
    let tz: chrono_tz::Tz = values.time_zone.parse().unwrap_or(default_zone);
    let (rrule, field) = rule_text(req.rrule.as_deref(), req.pattern.as_ref(), tz)?;
    let mut rule = Rule {
        rrule,
        first_start_local: req.meeting.start_local,
        time_zone: tz,
        exdates: vec![],
    };
    let all = rule::occurrences(&rule).map_err(|e| rule_error(field, &e))?;
    let starts: BTreeSet<NaiveDateTime> = all.iter().map(|o| o.local_start).collect();
    check_exdates(&req.exdates, &starts)?;
    // DTSTART on the first meeting, as RFC 5545 wants, when the rule then
    // gives the same meetings (a Tue/Thu/Sat rule "from Friday").
    if let Some(first) = all.first().map(|o| o.local_start) {
        let moved = Rule {
            first_start_local: first,
            ..rule.clone()
        };
        if first != rule.first_start_local && rule::occurrences(&moved).ok().as_ref() == Some(&all)
        {
            rule.first_start_local = first;
        }
    }
    rule.exdates = req.exdates.clone();
    let occurrences = rule::occurrences(&rule).map_err(|e| rule_error(field, &e))?;
    if occurrences.is_empty() {
        return Err(ApiError::field(
            "exdates",
            "no_occurrences",
            "every meeting of the rule is taken out",
        ));
    }
    let duration = req.meeting.end_local - req.meeting.start_local;
    let minutes = i32::try_from(duration.num_minutes()).map_err(ApiError::internal)?;
    let id = model::insert(conn, org, &rule, minutes, actor.user_id())?;
    let plan = Plan {
        org,
        series_id: &id,
        fields: &req.meeting,
        duration,
        tz,
        created_by: actor.user_id(),
    };
    model::create_at(conn, &plan, &occurrences)?;
    Ok(id)
}

/// Changes the rule or the removed dates of the series `id`.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    req: &UpdateSeriesRequest,
    default_zone: chrono_tz::Tz,
) -> Result<(), ApiError> {
    let series = model::lock(conn, &actor.organization_id, id)?;
    if series.version != req.version {
        return Err(version_conflict(req.version));
    }
    let tz = series.zone();
    let (rrule, field) = if req.rrule.is_none() && req.pattern.is_none() {
        (series.rrule.clone(), "rrule")
    } else {
        rule_text(req.rrule.as_deref(), req.pattern.as_ref(), tz)?
    };
    let mut rule = Rule {
        rrule,
        first_start_local: series.first_start_local,
        time_zone: tz,
        exdates: vec![],
    };
    let all = all_starts(&rule, field)?;
    rule.exdates = match &req.exdates {
        Some(list) => {
            check_exdates(list, &all)?;
            list.clone()
        }
        None => series
            .exdates()
            .into_iter()
            .filter(|e| all.contains(e))
            .collect(),
    };
    follow(conn, actor, &series, rule, default_zone)
}

/// Makes the live meetings of `series` follow `rule`: meetings it no
/// longer gives are removed (409 while people hold places at them) unless
/// they already ended (they stay, detached); meetings it adds are made
/// like the series' next meeting, unless they would have ended already
/// (their places are taken out of the rule). Stores the rule.
fn follow(
    conn: &mut DbConnection,
    actor: &Actor,
    series: &SeriesRow,
    mut rule: Rule,
    default_zone: chrono_tz::Tz,
) -> Result<(), ApiError> {
    let org = &actor.organization_id;
    let now = ids::now();
    let rows = model::live_rows(conn, &series.id)?;
    let wanted = rule::occurrences(&rule).map_err(|e| rule_error("rrule", &e))?;
    let wanted_keys: BTreeSet<NaiveDateTime> = wanted.iter().map(|o| o.local_start).collect();
    let kept_by_rule =
        |r: &MeetingRow| r.occurrence_local.is_some_and(|k| wanted_keys.contains(&k));
    let ended = |r: &MeetingRow| r.ends_at < now;
    // The model for new meetings: the next one that follows the series.
    let template = rows
        .iter()
        .filter(|r| !r.detached)
        .find(|r| !ended(r))
        .or_else(|| rows.iter().rev().find(|r| !r.detached))
        .or_else(|| rows.last())
        .cloned();
    let removed: Vec<&MeetingRow> = rows
        .iter()
        .filter(|r| !kept_by_rule(r) && !ended(r))
        .collect();
    model::refuse_if_people(conn, &removed)?;
    model::tombstone(conn, &removed)?;
    for r in rows
        .iter()
        .filter(|r| !kept_by_rule(r) && ended(r) && !r.detached)
    {
        model::detach(conn, r)?;
    }
    let held: BTreeSet<NaiveDateTime> = rows.iter().filter_map(|r| r.occurrence_local).collect();
    let duration = series.duration();
    let tz = rule.time_zone;
    let (gone, new): (Vec<_>, Vec<_>) = wanted
        .into_iter()
        .filter(|o| !held.contains(&o.local_start))
        .partition(|o| {
            rule::local_to_utc(o.local_start + duration, tz).unwrap_or(o.starts_at_utc + duration)
                < now
        });
    rule.exdates.extend(gone.iter().map(|o| o.local_start));
    if !new.is_empty() {
        let Some(template) = template else {
            return Err(ApiError::conflict(
                crate::error::ProblemCode::Conflict,
                "this series has no meeting to copy; plan a new series",
            ));
        };
        let mut fields = meeting_model::fields_of(conn, &template)?;
        checks::check(
            conn,
            org,
            &fields,
            default_zone,
            template.venue_id.as_deref(),
        )?;
        fields.time_zone = Some(tz.name().to_string());
        let plan = Plan {
            org,
            series_id: &series.id,
            fields: &fields,
            duration,
            tz,
            created_by: actor.user_id(),
        };
        model::create_at(conn, &plan, &new)?;
    }
    model::save(
        conn,
        &series.id,
        &rule,
        series.duration_minutes,
        series.version,
    )
}

/// Removes the meeting `id` at `version` ("this one does not happen"): a
/// meeting of a series leaves its place in the rule (an exdate). 409 while
/// people hold places at it: cancel it instead (status `cancelled`), which
/// keeps it in the agenda marked cancelled.
pub fn remove(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    version: i32,
) -> Result<(), ApiError> {
    use crate::meetings::access::{find, Viewer};
    let m = find(conn, actor, &Viewer::Staff, id)?;
    if m.version != version {
        return Err(version_conflict(version));
    }
    model::refuse_if_people(conn, &[&m])?;
    if let (Some(series_id), Some(key)) = (&m.series_id, m.occurrence_local) {
        let series = model::lock(conn, &actor.organization_id, series_id)?;
        let mut rule = series.rule();
        if !rule.exdates.contains(&key) {
            rule.exdates.push(key);
        }
        model::save(
            conn,
            &series.id,
            &rule,
            series.duration_minutes,
            series.version,
        )?;
    }
    model::tombstone(conn, &[&m])
}
