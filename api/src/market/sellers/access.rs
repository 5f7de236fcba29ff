//! Who the caller is to the market: staff (the organisation's admins and
//! coordinators, who see every seller and listing and the payout details),
//! a participant (who sees only their own seller record and its listings),
//! or someone else. Another organisation's seller, or one the caller may
//! not see, answers 404 as if it did not exist.

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::policy::Role;

/// Whether the caller runs the organisation's market (admins, coordinators).
pub fn is_staff(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Coordinator)
}

/// Who is asking.
#[derive(Clone, Debug)]
pub enum Caller {
    /// An admin or coordinator; `person` is false for API keys (which never
    /// see payout details).
    Staff {
        person: bool,
    },
    /// A participant with their participant record (if any) and seller
    /// record (if any).
    Participant {
        participant_id: Option<String>,
        seller_id: Option<String>,
    },
    Other,
}

impl Caller {
    pub fn of(conn: &mut DbConnection, actor: &Actor) -> Result<Self, ApiError> {
        if is_staff(actor) {
            return Ok(Caller::Staff {
                person: actor.user_id().is_some(),
            });
        }
        match (actor.role, actor.user_id()) {
            (Role::Participant, Some(user)) => {
                let participant_id =
                    crate::meetings::model::participant_of(conn, &actor.organization_id, user)?;
                let seller_id = match &participant_id {
                    Some(p) => super::model::id_of_participant(conn, &actor.organization_id, p)?,
                    None => None,
                };
                Ok(Caller::Participant {
                    participant_id,
                    seller_id,
                })
            }
            _ => Ok(Caller::Other),
        }
    }

    pub fn is_staff(&self) -> bool {
        matches!(self, Caller::Staff { .. })
    }

    /// The caller's own seller record.
    pub fn seller_id(&self) -> Option<&str> {
        match self {
            Caller::Participant { seller_id, .. } => seller_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the caller may see and change the seller `id`.
    pub fn may_see_seller(&self, id: &str) -> bool {
        self.is_staff() || self.seller_id() == Some(id)
    }

    /// Whether the caller sees the payout details of the seller `id`: the
    /// seller themself and the organisation's admins and coordinators.
    pub fn sees_payout(&self, id: &str) -> bool {
        matches!(self, Caller::Staff { person: true }) || self.seller_id() == Some(id)
    }
}
