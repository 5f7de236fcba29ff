//! Who sees which meetings. Staff (admins, coordinators, advisers,
//! mentors) see every meeting of the organisation; a participant sees the
//! meetings open to the organisation's participants or the public, those
//! they are invited to and those they registered for; a partner sees the
//! public ones and those they are on the staff of (a job interview). Another organisation's meeting, or one the caller may not
//! see, answers 404 as if it did not exist.

use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::model::{participant_of, row, MeetingRow};
use crate::auth::Actor;
use crate::db::schema::{
    meeting_invitations as invites, meeting_registrations as regs, meeting_staff, meetings,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::policy::Role;

/// Whether the role sees every meeting of the organisation.
pub fn sees_all(actor: &Actor) -> bool {
    matches!(
        actor.role,
        Role::Admin | Role::Coordinator | Role::Adviser | Role::Mentor
    ) && actor.user_id().is_some()
}

/// Who the caller is to the meetings: staff, a participant (their
/// participant record's id) or an outsider (partners: their user id).
#[derive(Clone, Debug)]
pub enum Viewer {
    Staff,
    Participant(String),
    Outsider(Option<String>),
}

impl Viewer {
    pub fn of(conn: &mut DbConnection, actor: &Actor) -> Result<Self, ApiError> {
        if sees_all(actor) {
            return Ok(Viewer::Staff);
        }
        match (actor.role, actor.user_id()) {
            (Role::Participant, Some(user)) => {
                Ok(participant_of(conn, &actor.organization_id, user)?
                    .map(Viewer::Participant)
                    .unwrap_or(Viewer::Outsider(Some(user.to_string()))))
            }
            _ => Ok(Viewer::Outsider(actor.user_id().map(str::to_string))),
        }
    }

    /// The participant record, for a participant.
    pub fn participant(&self) -> Option<&str> {
        match self {
            Viewer::Participant(p) => Some(p),
            _ => None,
        }
    }
}

/// A condition on `meetings` rows.
pub type Condition = Box<
    dyn BoxableExpression<meetings::table, <DbConnection as Connection>::Backend, SqlType = Bool>,
>;

/// The condition on `meetings` for what `viewer` sees besides the
/// organisation (none for staff).
pub fn condition(viewer: &Viewer) -> Option<Condition> {
    match viewer {
        Viewer::Staff => None,
        Viewer::Outsider(None) => Some(Box::new(meetings::audience.eq("public"))),
        Viewer::Outsider(Some(user)) => {
            let staffed = meeting_staff::table
                .filter(meeting_staff::user_id.eq(user.clone()))
                .select(meeting_staff::meeting_id);
            Some(Box::new(
                meetings::audience
                    .eq("public")
                    .or(meetings::id.eq_any(staffed)),
            ))
        }
        Viewer::Participant(pid) => {
            let invited = invites::table
                .filter(invites::participant_id.eq(pid.clone()))
                .select(invites::meeting_id);
            let registered = regs::table
                .filter(regs::participant_id.eq(pid.clone()))
                .select(regs::meeting_id);
            Some(Box::new(
                meetings::audience
                    .eq_any(["participants", "public"])
                    .or(meetings::id.eq_any(invited))
                    .or(meetings::id.eq_any(registered)),
            ))
        }
    }
}

/// The meeting if `viewer` sees it (tombstones never), else 404.
pub fn find(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    id: &str,
) -> Result<MeetingRow, ApiError> {
    let r = row(conn, &actor.organization_id, id)?;
    if r.deleted_at.is_some() {
        return Err(ApiError::not_found("no such meeting"));
    }
    let visible = match viewer {
        Viewer::Staff => true,
        Viewer::Outsider(user) => {
            r.audience == "public"
                || match user {
                    Some(u) => {
                        let staffed: i64 = meeting_staff::table
                            .filter(meeting_staff::meeting_id.eq(&r.id))
                            .filter(meeting_staff::user_id.eq(u))
                            .count()
                            .get_result(conn)?;
                        staffed > 0
                    }
                    None => false,
                }
        }
        Viewer::Participant(pid) => {
            r.audience != "invited" || {
                let invited: i64 = invites::table
                    .filter(invites::meeting_id.eq(&r.id))
                    .filter(invites::participant_id.eq(pid))
                    .count()
                    .get_result(conn)?;
                let registered: i64 = regs::table
                    .filter(regs::meeting_id.eq(&r.id))
                    .filter(regs::participant_id.eq(pid))
                    .count()
                    .get_result(conn)?;
                invited + registered > 0
            }
        }
    };
    if visible {
        Ok(r)
    } else {
        Err(ApiError::not_found("no such meeting"))
    }
}
