//! Who sees and records which outcomes. Admins and coordinators: all of
//! the organisation's; advisers: those of the people they advise (they
//! record them too); a partner records the outcome of an application to
//! an opportunity of theirs while the person shares with partners
//! (`partner_sharing`), and lists none. Anyone else, or another
//! organisation's outcome: 404.

use diesel::prelude::*;

use super::model::OutcomeRow;
use crate::auth::Actor;
use crate::codes::ConsentPurpose;
use crate::db::schema::{applications, opportunities, participants};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::participants::model::Participant;
use crate::policy::Role;

/// Who the caller is to outcomes.
#[derive(Clone, Debug)]
pub enum Caller {
    /// Admins and coordinators.
    Staff,
    /// An adviser: the people whose `adviser_id` they are.
    Adviser(String),
    /// A partner member: the applications to their opportunities.
    Partner(String),
    Other,
}

impl Caller {
    pub fn of(actor: &Actor) -> Self {
        match (actor.role, actor.user_id()) {
            (Role::Admin | Role::Coordinator, Some(_)) => Caller::Staff,
            (Role::Adviser, Some(u)) => Caller::Adviser(u.to_string()),
            (Role::Partner, Some(u)) => Caller::Partner(u.to_string()),
            _ => Caller::Other,
        }
    }

    /// Whether the caller may see (and change) an outcome of this person.
    pub fn sees_person(&self, person: &Participant) -> bool {
        match self {
            Caller::Staff => true,
            Caller::Adviser(u) => person.row.adviser_id.as_deref() == Some(u.as_str()),
            _ => false,
        }
    }

    /// Whether the caller sees this outcome (erased people's outcomes are
    /// for staff only).
    pub fn sees(&self, conn: &mut DbConnection, row: &OutcomeRow) -> Result<bool, ApiError> {
        Ok(match self {
            Caller::Staff => true,
            Caller::Adviser(u) => match &row.participant_id {
                Some(pid) => {
                    let n: i64 = participants::table
                        .filter(participants::id.eq(pid))
                        .filter(participants::adviser_id.eq(u))
                        .count()
                        .get_result(conn)?;
                    n > 0
                }
                None => false,
            },
            _ => false,
        })
    }

    /// The ids of the people whose outcomes an adviser lists.
    pub fn advised(&self) -> Option<&str> {
        match self {
            Caller::Adviser(u) => Some(u),
            _ => None,
        }
    }
}

/// A partner may record the outcome of `application_id` when the
/// application's opportunity is theirs and the person shares with
/// partners.
pub fn partner_may_record(
    conn: &mut DbConnection,
    partner: &str,
    application_id: &str,
    person: &Participant,
) -> Result<bool, ApiError> {
    if !person
        .active_consents
        .contains(&ConsentPurpose::PartnerSharing)
    {
        return Ok(false);
    }
    let n: i64 = applications::table
        .inner_join(opportunities::table)
        .filter(applications::id.eq(application_id))
        .filter(opportunities::partner_user_id.eq(partner))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
