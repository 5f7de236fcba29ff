//! An application's steps: which step leads from which state to which,
//! and who may make it.
//!
//! | from | to | who |
//! |------|----|-----|
//! | proposed | applied | the participant (accepts the proposal) |
//! | applied | shortlisted, rejected | the partner who answers for the opportunity; staff |
//! | shortlisted | interview, rejected | the partner; staff |
//! | interview | offer, rejected | the partner; staff |
//! | offer | hired, rejected | the partner; staff |
//! | any open state (proposed to offer) | withdrawn | the participant; their adviser (or the one who proposed them) and staff on their behalf |
//!
//! `hired`, `rejected` and `withdrawn` end an application. A proposal
//! declined is `withdrawn`.

use crate::codes::ApplicationState;
use crate::error::{ApiError, ProblemCode};

use super::access::Party;

/// Whether an application in `state` is still open.
pub fn is_open(state: ApplicationState) -> bool {
    use ApplicationState::*;
    matches!(state, Proposed | Applied | Shortlisted | Interview | Offer)
}

/// Who may make the step from `from` to `to`, or `None` when the table has
/// no such step.
pub fn owners(from: ApplicationState, to: ApplicationState) -> Option<&'static [Party]> {
    use ApplicationState::*;
    const PARTICIPANT: &[Party] = &[Party::Participant];
    const EMPLOYER: &[Party] = &[Party::Partner, Party::Staff];
    const ON_BEHALF: &[Party] = &[Party::Participant, Party::Adviser, Party::Staff];
    match (from, to) {
        (Proposed, Applied) => Some(PARTICIPANT),
        (Applied, Shortlisted | Rejected)
        | (Shortlisted, Interview | Rejected)
        | (Interview, Offer | Rejected)
        | (Offer, Hired | Rejected) => Some(EMPLOYER),
        (f, Withdrawn) if is_open(f) => Some(ON_BEHALF),
        _ => None,
    }
}

/// Checks a step: 409 `invalid_transition` when the table has no such
/// step, 403 when `party` does not own it.
pub fn check(party: Party, from: ApplicationState, to: ApplicationState) -> Result<(), ApiError> {
    let owners = owners(from, to).ok_or_else(|| {
        ApiError::conflict(
            ProblemCode::InvalidTransition,
            format!(
                "an application that is {} cannot move to {}",
                from.as_str(),
                to.as_str()
            ),
        )
    })?;
    if owners.contains(&party) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "the step from {} to {} is not the {}'s to make",
            from.as_str(),
            to.as_str(),
            party.as_str()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationState::*;

    #[test]
    fn each_step_belongs_to_its_role() {
        assert!(check(Party::Participant, Proposed, Applied).is_ok());
        assert!(check(Party::Adviser, Proposed, Applied).is_err());
        assert!(check(Party::Partner, Applied, Shortlisted).is_ok());
        assert!(check(Party::Staff, Offer, Hired).is_ok());
        assert!(check(Party::Participant, Applied, Shortlisted).is_err());
        assert!(check(Party::Adviser, Interview, Withdrawn).is_ok());
        assert!(check(Party::Partner, Interview, Withdrawn).is_err());
        assert_eq!(owners(Applied, Hired), None);
        assert_eq!(owners(Hired, Withdrawn), None);
        assert_eq!(owners(Rejected, Applied), None);
        assert_eq!(owners(Withdrawn, Withdrawn), None);
    }
}
