//! Who sees which opportunities:
//!
//! - staff (admins, coordinators, advisers, mentors) and API keys: every
//!   opportunity of the organisation;
//! - a partner: only their own (`partner_user_id` is them), in any status;
//!   never another partner's (the simplest rule, and the safest: postings
//!   of competitors stay apart);
//! - a participant: open, not archived ones, and any they applied to;
//! - anyone else: none.
//!
//! Another organisation's opportunity, or one the caller may not see,
//! answers 404 as if it did not exist.

use diesel::prelude::*;

use super::model::OpportunityRow;
use crate::auth::{Actor, Principal};
use crate::db::schema::applications;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::policy::Role;

/// Who is asking.
#[derive(Clone, Debug)]
pub enum Caller {
    Staff,
    Partner { user_id: String },
    Participant { participant_id: Option<String> },
    Other,
}

impl Caller {
    pub fn of(conn: &mut DbConnection, actor: &Actor) -> Result<Self, ApiError> {
        if let Principal::ApiKey { .. } = actor.principal {
            return Ok(Caller::Staff);
        }
        let user = actor.user_id().map(str::to_string);
        Ok(match (actor.role, user) {
            (Role::Admin | Role::Coordinator | Role::Adviser | Role::Mentor, _) => Caller::Staff,
            (Role::Partner, Some(user_id)) => Caller::Partner { user_id },
            (Role::Participant, Some(user)) => Caller::Participant {
                participant_id: crate::meetings::model::participant_of(
                    conn,
                    &actor.organization_id,
                    &user,
                )?,
            },
            _ => Caller::Other,
        })
    }

    pub fn is_staff(&self) -> bool {
        matches!(self, Caller::Staff)
    }

    /// The partner's user id.
    pub fn partner(&self) -> Option<&str> {
        match self {
            Caller::Partner { user_id } => Some(user_id),
            _ => None,
        }
    }

    /// The participant's record.
    pub fn participant(&self) -> Option<&str> {
        match self {
            Caller::Participant { participant_id } => participant_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the caller may see `row`.
    pub fn sees(&self, conn: &mut DbConnection, row: &OpportunityRow) -> Result<bool, ApiError> {
        Ok(match self {
            Caller::Staff => true,
            Caller::Partner { user_id } => row.partner_user_id.as_deref() == Some(user_id),
            Caller::Participant { participant_id } => {
                (row.status == "open" && row.archived_at.is_none())
                    || match participant_id {
                        Some(p) => {
                            let n: i64 = applications::table
                                .filter(applications::opportunity_id.eq(&row.id))
                                .filter(applications::participant_id.eq(p))
                                .count()
                                .get_result(conn)?;
                            n > 0
                        }
                        None => false,
                    }
            }
            Caller::Other => false,
        })
    }

    /// Whether the caller may change `row` (the policy has already let the role write).
    pub fn may_change(&self, row: &OpportunityRow) -> bool {
        match self {
            Caller::Staff => true,
            Caller::Partner { user_id } => row.partner_user_id.as_deref() == Some(user_id),
            _ => false,
        }
    }
}
