//! Who reads which minutes: staff (admins, coordinators, advisers,
//! mentors) every meeting's; a participant only those of meetings they are
//! registered for, attended or booked, or own an action item of. Anyone
//! else's answer is 404, as if the meeting did not exist.

use diesel::prelude::*;

use super::model::{owns_item_of, Looker};
use crate::auth::Actor;
use crate::db::schema::{meeting_bookings as bookings, meeting_registrations as regs};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::meetings::access::{find, Viewer};
use crate::meetings::model::MeetingRow;
use crate::policy::Role;

/// Whether the participant was (or is to be) at the meeting, or owns one
/// of its action items.
pub fn took_part(conn: &mut DbConnection, meeting_id: &str, pid: &str) -> Result<bool, ApiError> {
    let registered: i64 = regs::table
        .filter(regs::meeting_id.eq(meeting_id))
        .filter(regs::participant_id.eq(pid))
        .filter(
            regs::status
                .eq("registered")
                .or(regs::attendance.eq("attended")),
        )
        .count()
        .get_result(conn)?;
    if registered > 0 {
        return Ok(true);
    }
    let booked: i64 = bookings::table
        .filter(bookings::meeting_id.eq(meeting_id))
        .filter(bookings::participant_id.eq(pid))
        .filter(
            bookings::status
                .eq("booked")
                .or(bookings::attendance.eq("attended")),
        )
        .count()
        .get_result(conn)?;
    if booked > 0 {
        return Ok(true);
    }
    owns_item_of(conn, meeting_id, pid)
}

/// The meeting whose minutes `viewer` may read, or 404.
pub fn meeting_for_minutes(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: &str,
) -> Result<MeetingRow, ApiError> {
    match viewer {
        Viewer::Staff => find(conn, actor, viewer, id),
        Viewer::Participant(pid) => {
            let m = find(conn, actor, &Viewer::Staff, id)?;
            if took_part(conn, &m.id, pid)? {
                Ok(m)
            } else {
                Err(ApiError::not_found("no such meeting"))
            }
        }
        Viewer::Outsider(_) => Err(ApiError::not_found("no such meeting")),
    }
}

/// What the caller's views of action items show.
pub fn looker<'a>(
    actor: &'a Actor,
    viewer: &'a Viewer,
    lang: &'a str,
) -> Result<Looker<'a>, ApiError> {
    Ok(Looker {
        user: actor.require_user()?,
        pid: viewer.participant(),
        staff: matches!(viewer, Viewer::Staff),
        sees_names: matches!(actor.role, Role::Admin | Role::Coordinator | Role::Adviser),
        mentor: actor.role == Role::Mentor,
        lang,
    })
}
