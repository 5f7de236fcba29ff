//! The rules of taking and giving up a place, run in one transaction after
//! the meeting's lock: which meetings take registrations, invitation-only
//! meetings, registering twice, cancelling and the promotion it brings.

use super::json::RegistrationPatch;
use super::{access, invitations, model};
use crate::auth::Actor;
use crate::codes::{MeetingStatus, RegistrationStatus};
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::ids;
use crate::meetings::access::{self as meeting_access, Viewer};
use crate::meetings::model::MeetingRow;

/// 409 unless people may still take or give up places at the meeting:
/// planned and not over.
pub fn open(m: &MeetingRow) -> Result<(), ApiError> {
    match m.status() {
        MeetingStatus::Cancelled => Err(ApiError::conflict(
            ProblemCode::Conflict,
            "the meeting is cancelled",
        )),
        MeetingStatus::Done => Err(ApiError::conflict(
            ProblemCode::Conflict,
            "the meeting is done",
        )),
        MeetingStatus::Planned if m.ends_at <= ids::now() => Err(ApiError::conflict(
            ProblemCode::Conflict,
            "the meeting is over",
        )),
        MeetingStatus::Planned => Ok(()),
    }
}

/// Registers `asked` (or the caller) for the meeting; returns the
/// registration's id. Call after `model::lock_meeting`.
pub fn register(
    conn: &mut DbConnection,
    actor: &Actor,
    meeting_id: &str,
    asked: Option<&str>,
) -> Result<String, ApiError> {
    let viewer = Viewer::of(conn, actor)?;
    let m = meeting_access::find(conn, actor, &viewer, meeting_id)?;
    let participant = access::subject(conn, actor, asked)?;
    if m.slot_minutes.is_some() {
        return Err(ApiError::conflict(
            ProblemCode::Conflict,
            "these office hours are booked by slot, not registered for: POST /meetings/{id}/bookings",
        ));
    }
    open(&m)?;
    if m.audience == "invited" && !invitations::is_invited(conn, &m.id, &participant)? {
        if access::is_staff(actor) {
            // Staff registering someone invite them too.
            invitations::invite(
                conn,
                &m.id,
                std::slice::from_ref(&participant),
                actor.user_id(),
            )?;
        } else {
            return Err(ApiError::forbidden(
                "this meeting is by invitation only, and you are not invited",
            ));
        }
    }
    let existing = model::of_participant(conn, &m.id, &participant)?;
    let cancelled = match existing {
        Some(r) if r.status() == RegistrationStatus::Registered => {
            return Err(ApiError::conflict(
                ProblemCode::Conflict,
                format!(
                    "already registered for this meeting (registration {})",
                    r.id
                ),
            ))
        }
        Some(r) if r.status() == RegistrationStatus::Waiting => {
            return Err(ApiError::conflict(
                ProblemCode::Conflict,
                format!(
                    "already on this meeting's waiting list (registration {})",
                    r.id
                ),
            ))
        }
        other => other,
    };
    model::place(conn, &m, &participant, cancelled.as_ref(), actor.user_id())
}

/// Applies a change to a registration: cancels it, and gives a freed place
/// to the first person waiting, in the same transaction.
pub fn change(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    patch: &RegistrationPatch,
) -> Result<(), ApiError> {
    model::lock_meeting_of(conn, &actor.organization_id, id)?;
    let reg = access::find(conn, actor, id)?;
    if reg.version != patch.version {
        return Err(crate::participants::model::version_conflict(patch.version));
    }
    if reg.status() == RegistrationStatus::Cancelled {
        return Err(ApiError::conflict(
            ProblemCode::Conflict,
            "the registration is already cancelled",
        ));
    }
    let m = crate::meetings::model::row(conn, &actor.organization_id, &reg.meeting_id)?;
    open(&m)?;
    model::cancel(conn, &reg, patch.version)
}
