//! Who sees which applications, and as whom:
//!
//! - admins and coordinators: every application of the organisation;
//! - an adviser: those of the people they advise, and those they proposed;
//! - a participant: their own;
//! - a partner: applications to the opportunities they answer for, once
//!   the person applied (a proposal not yet accepted, or declined, is not
//!   theirs to see), and only while the person's `partner_sharing` consent
//!   is active (checked at every read: the moment it is withdrawn the
//!   application is 404 to them and gone from their lists).
//!
//! Anyone else, and another organisation's application, gets 404.

use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::model::{self, ApplicationRow, OpportunitySummary, PersonLinks};
use crate::auth::Actor;
use crate::codes::{ApplicationState, ConsentPurpose};
use crate::db::schema::{application_events, applications, consents, opportunities, participants};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::policy::Role;

/// The caller's part in an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// An admin or coordinator.
    Staff,
    /// The person's adviser, or the adviser who proposed them.
    Adviser,
    /// The person themself.
    Participant,
    /// The partner who answers for the opportunity.
    Partner,
}

impl Party {
    /// As the history and the thread record it.
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Staff => "staff",
            Party::Adviser => "adviser",
            Party::Participant => "participant",
            Party::Partner => "partner",
        }
    }
}

fn gone() -> ApiError {
    ApiError::not_found("no such application")
}

/// The caller's part in `row` (for `opp`, about `person`), or `None`.
pub fn party_in(
    conn: &mut DbConnection,
    actor: &Actor,
    row: &ApplicationRow,
    opp: &OpportunitySummary,
    person: Option<&PersonLinks>,
) -> Result<Option<Party>, ApiError> {
    let Some(user) = actor.user_id() else {
        return Ok(None);
    };
    let party = match actor.role {
        Role::Admin | Role::Coordinator => Some(Party::Staff),
        _ if person.is_none() => None,
        Role::Adviser => {
            let advises = person.and_then(|p| p.adviser_id.as_deref()) == Some(user);
            (advises || row.proposed_by.as_deref() == Some(user)).then_some(Party::Adviser)
        }
        Role::Participant => {
            (person.and_then(|p| p.user_id.as_deref()) == Some(user)).then_some(Party::Participant)
        }
        Role::Partner => {
            let owns = opp.partner_user_id.as_deref() == Some(user);
            let shared = match person {
                Some(p) if owns => {
                    model::has_consent(conn, &p.id, ConsentPurpose::PartnerSharing.as_str())?
                        && model::ever_applied(conn, &row.id)?
                }
                _ => false,
            };
            shared.then_some(Party::Partner)
        }
        _ => None,
    };
    Ok(party)
}

/// An application the caller may see, with its opportunity, the person's
/// links and the caller's part in it; 404 otherwise.
pub fn visible_with(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<
    (
        ApplicationRow,
        OpportunitySummary,
        Option<PersonLinks>,
        Party,
    ),
    ApiError,
> {
    let row = model::find(conn, &actor.organization_id, id)?;
    let opp = model::opportunity(conn, &actor.organization_id, &row.opportunity_id)?;
    let person = match &row.participant_id {
        Some(pid) => model::person(conn, &actor.organization_id, pid)?,
        None => None,
    };
    let party = party_in(conn, actor, &row, &opp, person.as_ref())?.ok_or_else(gone)?;
    Ok((row, opp, person, party))
}

/// An application the caller may see, and their part in it; 404 otherwise.
pub fn visible(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<(ApplicationRow, Party), ApiError> {
    let (row, _, _, party) = visible_with(conn, actor, id)?;
    Ok((row, party))
}

/// A condition on `applications` rows.
pub type Condition = Box<
    dyn BoxableExpression<
        applications::table,
        <DbConnection as Connection>::Backend,
        SqlType = Bool,
    >,
>;

/// What the caller sees of the organisation's applications in lists:
/// `None` for staff (all of them); 403 for a caller without a part.
pub fn list_condition(actor: &Actor) -> Result<Option<Condition>, ApiError> {
    let user = actor
        .user_id()
        .ok_or_else(|| ApiError::forbidden("applications are for people, not API keys"))?
        .to_string();
    let pid = applications::participant_id.assume_not_null();
    Ok(match actor.role {
        Role::Admin | Role::Coordinator => None,
        Role::Adviser => {
            let advised = participants::table
                .filter(participants::adviser_id.eq(user.clone()))
                .select(participants::id);
            Some(Box::new(
                pid.eq_any(advised)
                    .or(applications::proposed_by.assume_not_null().eq(user)),
            ))
        }
        Role::Participant => {
            let own = participants::table
                .filter(participants::user_id.eq(user))
                .select(participants::id);
            Some(Box::new(pid.eq_any(own)))
        }
        Role::Partner => {
            let owned = opportunities::table
                .filter(opportunities::partner_user_id.eq(user))
                .select(opportunities::id);
            let sharing = consents::table
                .filter(consents::purpose.eq(ConsentPurpose::PartnerSharing.as_str()))
                .filter(consents::withdrawn_at.is_null())
                .select(consents::participant_id);
            let applied = application_events::table
                .filter(application_events::to_state.eq(ApplicationState::Applied.as_str()))
                .select(application_events::application_id);
            Some(Box::new(
                applications::opportunity_id
                    .eq_any(owned)
                    .and(pid.eq_any(sharing))
                    .and(applications::id.eq_any(applied)),
            ))
        }
        _ => return Err(ApiError::forbidden("your role does not see applications")),
    })
}
