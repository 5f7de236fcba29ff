//! Who books and sees bookings: staff (admins, coordinators, advisers)
//! every booking of the organisation; a participant only their own (any
//! other looks absent: 404). Mentors, partners, analysts and API keys none.

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::meetings::access::Viewer;
use crate::meetings::model::participant_of;
use crate::policy::Role;

use super::model::{self, BookingRow};

/// Who the caller is to bookings.
#[derive(Clone, Debug)]
pub enum Caller {
    Staff,
    /// A participant, by their own participant record.
    Person(String),
}

impl Caller {
    /// Staff, or a participant with their own record (403 otherwise).
    pub fn of(conn: &mut DbConnection, actor: &Actor) -> Result<Self, ApiError> {
        let user = actor.require_user()?;
        match actor.role {
            Role::Admin | Role::Coordinator | Role::Adviser => Ok(Caller::Staff),
            Role::Participant => participant_of(conn, &actor.organization_id, user)?
                .map(Caller::Person)
                .ok_or_else(|| {
                    ApiError::forbidden("your account is not linked to a participant record")
                }),
            _ => Err(ApiError::forbidden("your role may not book office hours")),
        }
    }

    pub fn is_staff(&self) -> bool {
        matches!(self, Caller::Staff)
    }

    /// How the caller sees meetings.
    pub fn viewer(&self) -> Viewer {
        match self {
            Caller::Staff => Viewer::Staff,
            Caller::Person(p) => Viewer::Participant(p.clone()),
        }
    }

    /// Refuses (403) what only staff may do.
    pub fn require_staff(&self, what: &str) -> Result<(), ApiError> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!("only staff may {what}")))
        }
    }
}

/// The booking if the caller may see it, else 404.
pub fn find(
    conn: &mut DbConnection,
    actor: &Actor,
    caller: &Caller,
    id: &str,
) -> Result<BookingRow, ApiError> {
    let row = model::find(conn, &actor.organization_id, id)?;
    match caller {
        Caller::Staff => Ok(row),
        Caller::Person(p) if *p == row.participant_id => Ok(row),
        Caller::Person(_) => Err(ApiError::not_found("no such booking")),
    }
}
