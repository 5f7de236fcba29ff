//! Making a step (in the caller's transaction): the table's check, the
//! version, the history, and what some steps bring with them: moving to
//! `interview` arranges the job interview (a meeting both sides see in
//! their calendars); `hired` records the outcome.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::access::Party;
use super::json::{InterviewInput, TransitionInput, MAX_NOTE};
use super::model::{self, ApplicationRow, NewEvent, OpportunitySummary, PersonLinks};
use super::states;
use crate::auth::Actor;
use crate::codes::{ApplicationState, ContractType, MeetingAudience, MeetingKind, OpportunityKind};
use crate::db::schema::meeting_invitations;
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::meetings::model::MeetingValues;
use crate::opportunities::outcomes::model as outcomes;

/// The time zone interviews are kept in.
const ZONE: &str = "Europe/Ljubljana";

/// Checks the body's fields (422).
pub fn check_input(input: &TransitionInput) -> Result<(), ApiError> {
    if input.version < 1 {
        return Err(ApiError::field(
            "version",
            "range",
            "send the version you last read",
        ));
    }
    if input
        .note
        .as_deref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE)
    {
        return Err(ApiError::field(
            "note",
            "length",
            format!("at most {MAX_NOTE} characters"),
        ));
    }
    if let Some(i) = &input.interview {
        if input.to != ApplicationState::Interview {
            return Err(ApiError::field(
                "interview",
                "not_allowed",
                "an interview goes only with the step to `interview`",
            ));
        }
        if i.ends_at <= i.starts_at {
            return Err(ApiError::field(
                "interview.ends_at",
                "range",
                "must be after starts_at",
            ));
        }
        if i.ends_at - i.starts_at > chrono::Duration::hours(12) {
            return Err(ApiError::field(
                "interview.ends_at",
                "range",
                "an interview lasts at most 12 hours",
            ));
        }
        if let Some(u) = &i.online_url {
            let ok = (u.starts_with("https://") || u.starts_with("http://"))
                && u.len() <= 500
                && !u.chars().any(char::is_whitespace);
            if !ok {
                return Err(ApiError::field(
                    "interview.online_url",
                    "url",
                    "an http(s) address of at most 500 characters",
                ));
            }
        }
    }
    Ok(())
}

/// The interview's meeting: invited audience, the person invited, the
/// partner and the person's adviser (and whoever arranged it) on its staff.
fn arrange(
    conn: &mut DbConnection,
    actor: &Actor,
    opp: &OpportunitySummary,
    person: &PersonLinks,
    i: &InterviewInput,
    now: NaiveDateTime,
) -> Result<String, ApiError> {
    if let Some(v) = &i.venue_id {
        crate::meetings::venues::model::find(conn, &actor.organization_id, v)
            .map_err(|_| ApiError::field("interview.venue_id", "unknown", "no such venue"))?;
    }
    let titles: BTreeMap<String, String> = serde_json::from_str(&opp.title).unwrap_or_default();
    let title: BTreeMap<String, String> = titles
        .iter()
        .map(|(lang, t)| {
            (
                lang.clone(),
                format!("{}: {t}", MeetingKind::JobInterview.label(lang)),
            )
        })
        .collect();
    let values = MeetingValues {
        kind: MeetingKind::JobInterview.as_str().to_string(),
        title: serde_json::to_string(&title).map_err(ApiError::internal)?,
        description: "{}".into(),
        venue_id: i.venue_id.clone(),
        online_url: i.online_url.clone(),
        phone_line: None,
        starts_at: i.starts_at.naive_utc(),
        ends_at: i.ends_at.naive_utc(),
        time_zone: ZONE.into(),
        capacity: None,
        audience: MeetingAudience::Invited.as_str().to_string(),
        languages: "[]".into(),
        interpretation: "[]".into(),
        childcare: false,
        slot_minutes: None,
        slot_capacity: None,
        slot_modes: "[]".into(),
    };
    let mut staff: Vec<(String, &'static str)> = Vec::new();
    let mut add = |user: Option<&str>, role: &'static str| {
        if let Some(u) = user {
            if !staff.iter().any(|(s, _)| s == u) {
                staff.push((u.to_string(), role));
            }
        }
    };
    add(opp.partner_user_id.as_deref(), "organiser");
    add(actor.user_id(), "organiser");
    add(person.adviser_id.as_deref(), "facilitator");
    let id = crate::meetings::model::insert(
        conn,
        &actor.organization_id,
        &values,
        None,
        &staff,
        actor.user_id(),
    )?;
    diesel::insert_into(meeting_invitations::table)
        .values((
            meeting_invitations::meeting_id.eq(&id),
            meeting_invitations::participant_id.eq(&person.id),
            meeting_invitations::invited_by.eq(actor.user_id()),
            meeting_invitations::created_at.eq(now),
        ))
        .execute(conn)?;
    crate::audit::record(conn, actor, "create", "meeting", Some(&id))?;
    Ok(id)
}

/// The outcome of a hire.
fn record_outcome(
    conn: &mut DbConnection,
    actor: &Actor,
    row: &ApplicationRow,
    opp: &OpportunitySummary,
) -> Result<(), ApiError> {
    let kind = OpportunityKind::parse(&opp.kind)
        .ok_or_else(|| ApiError::internal("unknown opportunity kind"))?;
    let contract = opp.contract_type.as_deref().and_then(ContractType::parse);
    let (id, now) = outcomes::stamp();
    let oid = outcomes::insert(
        conn,
        outcomes::NewOutcome {
            id,
            organization_id: &row.organization_id,
            application_id: Some(&row.id),
            opportunity_id: Some(&opp.id),
            participant_id: row.participant_id.as_deref(),
            programme: &opp.kind,
            kind: outcomes::kind_for(kind, contract).as_str(),
            starts_on: opp.starts_on.unwrap_or(now.date()),
            ends_on: None,
            recorded_by: actor.user_id(),
            created_at: now,
            updated_at: now,
        },
    )?;
    crate::audit::record(conn, actor, "create", "outcome", Some(&oid))
}

/// Makes the step `input` on the application `id` as `actor`.
pub fn apply(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    input: &TransitionInput,
) -> Result<(), ApiError> {
    let (row, _, _, _) = super::access::visible_with(conn, actor, id)?;
    model::lock(conn, &row.id)?;
    let (row, opp, person, party) = super::access::visible_with(conn, actor, &row.id)?;
    let from = row.state()?;
    states::check(party, from, input.to)?;
    if input.version != row.version {
        return Err(ApiError::conflict(
            ProblemCode::VersionConflict,
            "the application changed since you read it; reload and try again",
        ));
    }
    let person = person.ok_or_else(|| {
        ApiError::conflict(
            ProblemCode::Conflict,
            "the person was erased; the application moves no more",
        )
    })?;
    let now = crate::ids::now();
    let meeting = match &input.interview {
        Some(i) => Some(arrange(conn, actor, &opp, &person, i, now)?),
        None => None,
    };
    model::set_state(conn, &row, input.to, meeting.as_deref(), now)?;
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    model::add_event(
        conn,
        &row.id,
        &NewEvent {
            from: Some(from),
            to: input.to,
            by_user: actor.user_id(),
            by_role: party.as_str(),
            note,
        },
        now,
    )?;
    if input.to == ApplicationState::Hired {
        record_outcome(conn, actor, &row, &opp)?;
    }
    crate::audit::record(conn, actor, input.to.as_str(), "application", Some(&row.id))?;
    Ok(())
}

/// The party `Party::Staff` etc. as the caller's role when no application
/// exists yet (applying or proposing).
pub fn party_of(actor: &Actor) -> Party {
    use crate::policy::Role;
    match actor.role {
        Role::Participant => Party::Participant,
        Role::Adviser => Party::Adviser,
        Role::Partner => Party::Partner,
        _ => Party::Staff,
    }
}
