//! Checking a meeting's fields against the organisation: its venue, its
//! staff, its times and its places.

use std::collections::HashSet;

use diesel::prelude::*;

use super::json::MeetingFields;
use super::model::{local_to_utc, MeetingValues};
use super::venues::model::find as find_venue;
use crate::codes::MeetingKind;
use crate::db::schema::memberships;
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::policy::Role;

/// The longest meeting, in hours.
pub const MAX_HOURS: i64 = 24;

fn push(errors: &mut Vec<FieldError>, field: &str, code: &str, message: &str) {
    errors.push(FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    });
}

/// Checks `f` for the organisation `org` and gives the row's values. The
/// time zone is the one given, else the venue's, else `default_zone`.
/// `keep_venue` is a venue the meeting already has (it may be archived since).
pub fn check(
    conn: &mut DbConnection,
    org: &str,
    f: &MeetingFields,
    default_zone: chrono_tz::Tz,
    keep_venue: Option<&str>,
) -> Result<MeetingValues, ApiError> {
    let mut errors = Vec::new();
    let mut zone = default_zone;
    let mut venue_capacity = None;
    if let Some(v) = &f.venue_id {
        match find_venue(conn, org, v) {
            Ok(venue) if venue.archived_at.is_some() && keep_venue != Some(v.as_str()) => push(
                &mut errors,
                "venue_id",
                "archived",
                "this venue is archived; pick another",
            ),
            Ok(venue) => {
                zone = venue.time_zone.parse().unwrap_or(default_zone);
                venue_capacity = venue.capacity;
            }
            Err(_) => push(&mut errors, "venue_id", "not_found", "no such venue"),
        }
    }
    if let Some(z) = &f.time_zone {
        zone = z.parse().unwrap_or(zone);
    }
    if f.venue_id.is_none() && f.online_url.is_none() && f.phone_line.is_none() {
        push(
            &mut errors,
            "venue_id",
            "required",
            "give a venue, an online link or a phone line",
        );
    }
    let minutes = (f.end_local - f.start_local).num_minutes();
    if minutes <= 0 {
        push(&mut errors, "end_local", "order", "must be after the start");
    } else if minutes > MAX_HOURS * 60 {
        push(
            &mut errors,
            "end_local",
            "range",
            "a meeting lasts at most 24 hours",
        );
    }
    if let (Some(c), Some(room)) = (f.capacity, venue_capacity) {
        if c > room {
            push(
                &mut errors,
                "capacity",
                "venue_capacity",
                &format!("the venue holds {room} people"),
            );
        }
    }
    match (f.kind, f.slot_minutes) {
        (MeetingKind::OfficeHours | MeetingKind::Mentoring, Some(m))
            if minutes > 0 && i64::from(m) > minutes =>
        {
            push(
                &mut errors,
                "slot_minutes",
                "range",
                "a slot must fit in the meeting",
            );
        }
        (MeetingKind::OfficeHours | MeetingKind::Mentoring, _) => {}
        (_, Some(_)) => push(
            &mut errors,
            "slot_minutes",
            "kind",
            "only office hours and mentoring sessions have bookable slots",
        ),
        _ => {}
    }
    let staff: HashSet<&String> = f.organiser_ids.iter().chain(&f.facilitator_ids).collect();
    if !staff.is_empty() {
        let staff_roles =
            [Role::Admin, Role::Coordinator, Role::Adviser, Role::Mentor].map(Role::as_str);
        let found: Vec<String> = memberships::table
            .filter(memberships::organization_id.eq(org))
            .filter(
                memberships::user_id.eq_any(staff.iter().map(|s| s.as_str()).collect::<Vec<_>>()),
            )
            .filter(memberships::role.eq_any(staff_roles))
            .select(memberships::user_id)
            .load(conn)?;
        for (field, list) in [
            ("organiser_ids", &f.organiser_ids),
            ("facilitator_ids", &f.facilitator_ids),
        ] {
            if list.iter().any(|u| !found.contains(u)) {
                push(
                    &mut errors,
                    field,
                    "not_staff",
                    "every one must be a member who is an admin, coordinator, adviser or mentor",
                );
            }
        }
    }
    for (field, local) in [("start_local", f.start_local), ("end_local", f.end_local)] {
        if let Err(ApiError::Validation(mut e)) = local_to_utc(field, local, zone) {
            errors.append(&mut e);
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    MeetingValues::of(f, zone)
}
