//! Who may register whom, and whose registrations a caller sees. Staff
//! (admins, coordinators, advisers) register anyone of the organisation
//! and see every registration; a participant registers only themself and
//! sees only their own; anyone else's registration looks absent (404).

use super::model::{self, RegistrationRow};
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::meetings::model::participant_of;
use crate::policy::Role;

/// Whether the caller registers others and sees every registration.
pub fn is_staff(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Coordinator | Role::Adviser)
        && actor.user_id().is_some()
}

/// 403 unless the caller is staff.
pub fn require_staff(actor: &Actor) -> Result<(), ApiError> {
    if is_staff(actor) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "only admins, coordinators and advisers see and manage a meeting's registrations and invitations",
        ))
    }
}

/// The caller's own participant record (participants), or 403.
pub fn own_record(conn: &mut DbConnection, actor: &Actor) -> Result<String, ApiError> {
    let own = match (actor.role, actor.user_id()) {
        (Role::Participant, Some(user)) => participant_of(conn, &actor.organization_id, user)?,
        _ => None,
    };
    own.ok_or_else(|| {
        ApiError::forbidden(
            "your account is not linked to a participant record in this organisation",
        )
    })
}

/// The participant a new registration is for: staff name an active
/// participant of the organisation (422 otherwise); a participant may
/// leave it out or name only their own record (403 otherwise).
pub fn subject(
    conn: &mut DbConnection,
    actor: &Actor,
    asked: Option<&str>,
) -> Result<String, ApiError> {
    let org = &actor.organization_id;
    if is_staff(actor) {
        let Some(id) = asked else {
            return Err(ApiError::field(
                "participant_id",
                "required",
                "name the participant you register",
            ));
        };
        if model::active_participants(conn, org, &[id.to_string()])?.is_empty() {
            return Err(ApiError::field(
                "participant_id",
                "unknown",
                "no active participant of this organisation has this id",
            ));
        }
        return Ok(id.to_string());
    }
    let own = own_record(conn, actor)?;
    if asked.is_some_and(|a| a != own) {
        return Err(ApiError::forbidden(
            "you may register only yourself; staff register other people",
        ));
    }
    if model::active_participants(conn, org, std::slice::from_ref(&own))?.is_empty() {
        return Err(ApiError::forbidden(
            "your participant record is archived; ask the organisation to reactivate it",
        ));
    }
    Ok(own)
}

/// A registration the caller may see and change: any of the organisation
/// for staff, their own for a participant; otherwise 404.
pub fn find(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<RegistrationRow, ApiError> {
    let r = model::row(conn, &actor.organization_id, id)?;
    if is_staff(actor) {
        return Ok(r);
    }
    let own = match (actor.role, actor.user_id()) {
        (Role::Participant, Some(user)) => participant_of(conn, &actor.organization_id, user)?,
        _ => None,
    };
    if own.as_deref() == Some(r.participant_id.as_str()) {
        Ok(r)
    } else {
        Err(ApiError::not_found("no such registration"))
    }
}
