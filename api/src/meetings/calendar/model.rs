//! What the calendar files hold: meetings turned into [`ics`] events, a
//! series into one recurring event with its exceptions, and the secret
//! feed links (only their hashes are kept).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::ics::{self, CalEvent, CalSeries, EventStatus};
use crate::codes::MeetingKind;
use crate::db::schema::{
    calendar_feeds, meeting_bookings as bookings, meeting_invitations as invites,
    meeting_registrations as regs, meeting_series, meeting_staff, meetings, venues,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::meetings::model::MeetingRow;
use crate::meetings::series::rule::{self, Rule};

/// A feed's secret: 32 random bytes, URL-safe.
pub fn new_token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Makes (or replaces, which resets it) the user's feed; returns the secret.
pub fn reset_feed(conn: &mut DbConnection, org: &str, user: &str) -> Result<String, ApiError> {
    let token = new_token();
    diesel::delete(
        calendar_feeds::table
            .filter(calendar_feeds::organization_id.eq(org))
            .filter(calendar_feeds::user_id.eq(user)),
    )
    .execute(conn)?;
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::organization_id.eq(org),
            calendar_feeds::user_id.eq(user),
            calendar_feeds::token_hash.eq(hash(&token)),
            calendar_feeds::created_at.eq(ids::now()),
        ))
        .execute(conn)?;
    Ok(token)
}

/// When the user's feed was made, if they have one.
pub fn feed_created(
    conn: &mut DbConnection,
    org: &str,
    user: &str,
) -> Result<Option<NaiveDateTime>, ApiError> {
    Ok(calendar_feeds::table
        .filter(calendar_feeds::organization_id.eq(org))
        .filter(calendar_feeds::user_id.eq(user))
        .select(calendar_feeds::created_at)
        .first(conn)
        .optional()?)
}

/// Stops the user's feed.
pub fn delete_feed(conn: &mut DbConnection, org: &str, user: &str) -> Result<(), ApiError> {
    diesel::delete(
        calendar_feeds::table
            .filter(calendar_feeds::organization_id.eq(org))
            .filter(calendar_feeds::user_id.eq(user)),
    )
    .execute(conn)?;
    Ok(())
}

/// The (organisation, user) a secret belongs to.
pub fn feed_owner(
    conn: &mut DbConnection,
    token: &str,
) -> Result<Option<(String, String)>, ApiError> {
    Ok(calendar_feeds::table
        .filter(calendar_feeds::token_hash.eq(hash(token)))
        .select((calendar_feeds::organization_id, calendar_feeds::user_id))
        .first(conn)
        .optional()?)
}

/// The user's role in the organisation, if still a member.
pub fn member_role(
    conn: &mut DbConnection,
    org: &str,
    user: &str,
) -> Result<Option<crate::policy::Role>, ApiError> {
    use crate::db::schema::memberships;
    let role: Option<String> = memberships::table
        .filter(memberships::organization_id.eq(org))
        .filter(memberships::user_id.eq(user))
        .select(memberships::role)
        .first(conn)
        .optional()?;
    Ok(role.as_deref().and_then(crate::policy::Role::parse))
}

/// Where a meeting happens, as one line.
fn location(
    conn: &mut DbConnection,
    rows: &[MeetingRow],
) -> Result<HashMap<String, String>, ApiError> {
    let ids_: Vec<String> = rows.iter().filter_map(|r| r.venue_id.clone()).collect();
    let found: Vec<(String, String, Option<String>)> = if ids_.is_empty() {
        Vec::new()
    } else {
        venues::table
            .filter(venues::id.eq_any(&ids_))
            .select((venues::id, venues::name, venues::address))
            .load(conn)?
    };
    let by_venue: HashMap<String, String> = found
        .into_iter()
        .map(|(id, name, address)| (id, address.map_or(name.clone(), |a| format!("{name}, {a}"))))
        .collect();
    Ok(rows
        .iter()
        .filter_map(|r| {
            let place = r
                .venue_id
                .as_ref()
                .and_then(|v| by_venue.get(v).cloned())
                .or_else(|| r.phone_line.clone())
                .or_else(|| r.online_url.clone())?;
            Some((r.id.clone(), place))
        })
        .collect())
}

fn kind_label(kind: &str, lang: &str) -> Option<String> {
    MeetingKind::parse(kind).map(|k| k.label(lang).to_string())
}

fn description(r: &MeetingRow, lang: &str) -> Option<String> {
    let texts = serde_json::from_str(&r.description).unwrap_or_default();
    Some(crate::meetings::model::pick_text(&texts, lang)).filter(|s| !s.is_empty())
}

/// One meeting as an event of its own.
fn event(r: &MeetingRow, lang: &str, place: Option<&String>, page: &str) -> CalEvent {
    CalEvent {
        uid: format!("{}@skupaj", r.id),
        title: r.display_title(lang),
        description: description(r, lang),
        location: place.cloned(),
        url: r
            .online_url
            .clone()
            .or_else(|| Some(format!("{page}/meetings/{}", r.id))),
        starts_at_utc: r.starts_at,
        ends_at_utc: r.ends_at,
        time_zone: r.zone(),
        status: EventStatus::from_meeting_status(&r.status),
        sequence: r.version,
        updated_at_utc: r.updated_at,
        categories: kind_label(&r.kind, lang),
        recurrence_id_local: None,
    }
}

/// Meetings as events, one each (a person's feed, one meeting's file).
pub fn single_events(
    conn: &mut DbConnection,
    rows: &[MeetingRow],
    lang: &str,
    page: &str,
) -> Result<Vec<CalEvent>, ApiError> {
    let places = location(conn, rows)?;
    Ok(rows
        .iter()
        .map(|r| event(r, lang, places.get(&r.id), page))
        .collect())
}

/// The organisation's public meetings: each series whose occurrences are
/// public as one recurring event, with the occurrences that differ from
/// the rule (changed on their own, cancelled) as exceptions and the ones
/// not public or removed as EXDATEs; other meetings as events of their own.
pub fn public_calendar(
    conn: &mut DbConnection,
    org: &str,
    lang: &str,
    page: &str,
) -> Result<(Vec<CalEvent>, Vec<CalSeries>), ApiError> {
    let rows: Vec<MeetingRow> = meetings::table
        .filter(meetings::organization_id.eq(org))
        .filter(meetings::audience.eq("public"))
        .filter(meetings::deleted_at.is_null())
        .select(MeetingRow::as_select())
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .load(conn)?;
    let places = location(conn, &rows)?;
    let mut by_series: BTreeMap<String, Vec<&MeetingRow>> = BTreeMap::new();
    let mut events = Vec::new();
    for r in &rows {
        match (&r.series_id, r.occurrence_local) {
            (Some(s), Some(_)) => by_series.entry(s.clone()).or_default().push(r),
            _ => events.push(event(r, lang, places.get(&r.id), page)),
        }
    }
    let mut series = Vec::new();
    for (series_id, occurrences) in by_series {
        let stored: Option<(
            String,
            NaiveDateTime,
            String,
            i32,
            String,
            i32,
            NaiveDateTime,
        )> = meeting_series::table
            .find(&series_id)
            .select((
                meeting_series::rrule,
                meeting_series::first_start_local,
                meeting_series::time_zone,
                meeting_series::duration_minutes,
                meeting_series::exdates,
                meeting_series::version,
                meeting_series::updated_at,
            ))
            .first(conn)
            .optional()?;
        let Some((rrule, first_start_local, zone, duration, exdates, version, updated)) = stored
        else {
            continue;
        };
        let tz = zone.parse().unwrap_or(chrono_tz::Europe::Ljubljana);
        let the_rule = Rule {
            rrule: rrule.clone(),
            first_start_local,
            time_zone: tz,
            exdates: serde_json::from_str(&exdates).unwrap_or_default(),
        };
        let Ok(made) = rule::occurrences(&the_rule) else {
            // A rule that no longer reads: its meetings go out one by one.
            for r in occurrences {
                events.push(event(r, lang, places.get(&r.id), page));
            }
            continue;
        };
        let Some(first) = made.first() else { continue };
        let uid = format!("{series_id}@skupaj");
        let public: HashMap<NaiveDateTime, &MeetingRow> = occurrences
            .iter()
            .filter_map(|r| r.occurrence_local.map(|o| (o, *r)))
            .collect();
        // What the rule makes but is not a public meeting here is skipped.
        let mut skipped: Vec<NaiveDateTime> = the_rule.exdates.clone();
        skipped.extend(
            made.iter()
                .map(|o| o.local_start)
                .filter(|o| !public.contains_key(o)),
        );
        skipped.sort();
        skipped.dedup();
        let Some(model) = occurrences
            .iter()
            .find(|r| !r.detached)
            .or(occurrences.first())
        else {
            continue;
        };
        series.push(CalSeries {
            uid: uid.clone(),
            rrule,
            first_start_local: first.local_start,
            duration_minutes: duration,
            exdates_local: skipped,
            time_zone: tz,
            title: model.display_title(lang),
            description: description(model, lang),
            location: places.get(&model.id).cloned(),
            url: model.online_url.clone(),
            status: EventStatus::Confirmed,
            sequence: version,
            updated_at_utc: updated,
            categories: kind_label(&model.kind, lang),
        });
        for r in occurrences {
            let Some(o) = r.occurrence_local else {
                continue;
            };
            let made_start = made
                .iter()
                .find(|m| m.local_start == o)
                .map(|m| m.starts_at_utc);
            let same_time = made_start == Some(r.starts_at)
                && (r.ends_at - r.starts_at).num_minutes() == i64::from(duration);
            if r.detached || r.status == "cancelled" || !same_time {
                let mut e = event(r, lang, places.get(&r.id), page);
                e.uid = uid.clone();
                e.recurrence_id_local = Some(o);
                events.push(e);
            }
        }
    }
    Ok((events, series))
}

/// The meetings on a person's feed: for staff, those they organise or
/// facilitate (a partner: their job interviews); for a participant, those
/// they registered for (not cancelled), booked a slot at, or are invited
/// to as a job interview. Tombstones never.
pub fn personal_rows(
    conn: &mut DbConnection,
    org: &str,
    user: &str,
    participant: Option<&str>,
) -> Result<Vec<MeetingRow>, ApiError> {
    let staffed = meeting_staff::table
        .filter(meeting_staff::user_id.eq(user.to_string()))
        .select(meeting_staff::meeting_id);
    let mut q = meetings::table
        .filter(meetings::organization_id.eq(org))
        .filter(meetings::deleted_at.is_null())
        .select(MeetingRow::as_select())
        .into_boxed();
    if let Some(pid) = participant {
        let registered = regs::table
            .filter(regs::participant_id.eq(pid.to_string()))
            .filter(regs::status.ne("cancelled"))
            .select(regs::meeting_id);
        let booked = bookings::table
            .filter(bookings::participant_id.eq(pid.to_string()))
            .filter(bookings::status.eq("booked"))
            .select(bookings::meeting_id);
        let interviews = invites::table
            .filter(invites::participant_id.eq(pid.to_string()))
            .select(invites::meeting_id);
        q = q.filter(
            meetings::id
                .eq_any(staffed)
                .or(meetings::id.eq_any(registered))
                .or(meetings::id.eq_any(booked))
                .or(meetings::id
                    .eq_any(interviews)
                    .and(meetings::kind.eq(MeetingKind::JobInterview.as_str()))),
        );
    } else {
        q = q.filter(meetings::id.eq_any(staffed));
    }
    Ok(q.order((meetings::starts_at.asc(), meetings::id.asc()))
        .limit(2000)
        .load(conn)?)
}

/// A participant's booked slots at `rows`: (start, end, mode) by meeting.
pub fn booked_slots(
    conn: &mut DbConnection,
    participant: &str,
    rows: &[MeetingRow],
) -> Result<HashMap<String, (NaiveDateTime, NaiveDateTime, String)>, ApiError> {
    let ids_: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    if ids_.is_empty() {
        return Ok(HashMap::new());
    }
    let found: Vec<(String, NaiveDateTime, String)> = bookings::table
        .filter(bookings::participant_id.eq(participant))
        .filter(bookings::status.eq("booked"))
        .filter(bookings::meeting_id.eq_any(&ids_))
        .select((bookings::meeting_id, bookings::slot_start, bookings::mode))
        .load(conn)?;
    Ok(found
        .into_iter()
        .filter_map(|(m, start, mode)| {
            let r = rows.iter().find(|r| r.id == m)?;
            let minutes = i64::from(r.slot_minutes.unwrap_or(20));
            Some((m, (start, start + chrono::Duration::minutes(minutes), mode)))
        })
        .collect())
}

/// The whole file for rows, with booked slots narrowed to the slot.
pub fn personal_calendar(
    conn: &mut DbConnection,
    name: &str,
    rows: &[MeetingRow],
    participant: Option<&str>,
    lang: &str,
    page: &str,
) -> Result<String, ApiError> {
    let mut events = single_events(conn, rows, lang, page)?;
    if let Some(pid) = participant {
        let slots = booked_slots(conn, pid, rows)?;
        for (e, r) in events.iter_mut().zip(rows) {
            if let Some((start, end, mode)) = slots.get(&r.id) {
                e.starts_at_utc = *start;
                e.ends_at_utc = *end;
                if mode == "phone" {
                    e.location = r.phone_line.clone().or(e.location.take());
                }
            }
        }
    }
    Ok(ics::calendar(name, &events, &[]))
}
