//! Applying and proposing: who the person is, whether the opportunity
//! takes applications, whether the person may take it, and one
//! application per person and opportunity.

use chrono::NaiveDate;

use super::json::{ApplyInput, MAX_COVER_NOTE};
use super::model::{self, NewApplication, NewEvent, OpportunitySummary, PersonLinks};
use crate::auth::Actor;
use crate::codes::{ApplicationState, LegalStatus, OpportunityKind, OpportunityStatus, WorkPermit};
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::opportunities::eligibility::{self, Circumstances};
use crate::participants::months_between;
use crate::policy::Role;

/// The cover note, checked (422 past 4000 characters).
pub fn cover_note(input: &ApplyInput) -> Result<String, ApiError> {
    let note = input.cover_note.trim();
    if note.chars().count() > MAX_COVER_NOTE {
        return Err(ApiError::field(
            "cover_note",
            "length",
            format!("at most {MAX_COVER_NOTE} characters"),
        ));
    }
    Ok(note.to_string())
}

/// What eligibility reads of a person.
pub fn circumstances(p: &PersonLinks, today: NaiveDate) -> Circumstances {
    Circumstances {
        legal_status: p.legal_status.as_deref().and_then(LegalStatus::parse),
        work_permit: p.work_permit.as_deref().and_then(WorkPermit::parse),
        permit_from: p.work_permit_date,
        months_since_application: p
            .arrival_date
            .map(|d| u32::try_from(months_between(d, today)).unwrap_or(0)),
    }
}

/// 409 `opportunity_closed` unless the opportunity is open, not archived
/// and its deadline has not passed.
pub fn check_open(o: &OpportunitySummary, today: NaiveDate) -> Result<(), ApiError> {
    let open = OpportunityStatus::parse(&o.status) == Some(OpportunityStatus::Open)
        && o.archived_at.is_none()
        && o.deadline.is_none_or(|d| d >= today);
    if open {
        Ok(())
    } else {
        Err(ApiError::conflict(
            ProblemCode::OpportunityClosed,
            "this opportunity does not take applications (not open, or past its deadline)",
        ))
    }
}

/// 409 `not_eligible` with the reason when the person may not take it.
pub fn check_eligible(
    o: &OpportunitySummary,
    p: &PersonLinks,
    today: NaiveDate,
) -> Result<(), ApiError> {
    let kind = OpportunityKind::parse(&o.kind)
        .ok_or_else(|| ApiError::internal("unknown opportunity kind"))?;
    let verdict = eligibility::check(&o.country, &circumstances(p, today), kind, today);
    match verdict.reason() {
        None => Ok(()),
        Some(reason) => Err(ApiError::NotEligible {
            reason: reason.code().to_string(),
            detail: format!(
                "this person may not take this opportunity: {}",
                reason.code()
            ),
        }),
    }
}

/// The person applying (a participant: themself) or proposed (staff and
/// advisers: `participant_id`), and the state the application starts in.
pub fn who(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &ApplyInput,
) -> Result<(PersonLinks, ApplicationState), ApiError> {
    let user = actor.require_user()?;
    let org = actor.organization_id.as_str();
    if actor.role == Role::Participant {
        let own = crate::meetings::model::participant_of(conn, org, user)?
            .ok_or_else(|| ApiError::forbidden("your account has no participant record"))?;
        if input.participant_id.as_deref().is_some_and(|p| p != own) {
            return Err(ApiError::forbidden(
                "a participant applies only for themself",
            ));
        }
        let p = model::person(conn, org, &own)?
            .ok_or_else(|| ApiError::forbidden("your account has no participant record"))?;
        return Ok((p, ApplicationState::Applied));
    }
    let Some(pid) = input.participant_id.as_deref() else {
        return Err(ApiError::field(
            "participant_id",
            "required",
            "name the person you propose",
        ));
    };
    let unknown = || ApiError::field("participant_id", "unknown", "no such participant");
    // The person must be one the caller sees (and not erased or archived).
    let (p, _) = crate::participants::visible(conn, actor, pid).map_err(|_| unknown())?;
    if p.row.archived_at.is_some() {
        return Err(unknown());
    }
    let links = model::person(conn, org, pid)?.ok_or_else(unknown)?;
    Ok((links, ApplicationState::Proposed))
}

/// Makes the application (in the caller's transaction); returns its id.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    opportunity_id: &str,
    input: &ApplyInput,
    party: &str,
) -> Result<String, ApiError> {
    let note = cover_note(input)?;
    let now = crate::ids::now();
    let today = now.date();
    let opp = model::opportunity(conn, &actor.organization_id, opportunity_id)?;
    let (person, state) = who(conn, actor, input)?;
    check_open(&opp, today)?;
    if model::exists(conn, &opp.id, &person.id)? {
        return Err(model::already_applied());
    }
    check_eligible(&opp, &person, today)?;
    let proposed_by = (state == ApplicationState::Proposed)
        .then(|| actor.user_id())
        .flatten();
    let id = model::insert(
        conn,
        &NewApplication {
            org: &actor.organization_id,
            opportunity_id: &opp.id,
            participant_id: &person.id,
            state,
            cover_note: &note,
            proposed_by,
        },
        now,
    )?;
    model::add_event(
        conn,
        &id,
        &NewEvent {
            from: None,
            to: state,
            by_user: actor.user_id(),
            by_role: party,
            note: None,
        },
        now,
    )?;
    crate::audit::record(conn, actor, "create", "application", Some(&id))?;
    Ok(id)
}
