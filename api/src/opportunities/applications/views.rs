//! Applications as the caller sees them: the opportunity's summary, the
//! person as the participants' access rules show them to the caller, the
//! interview, and the caller's unread messages.

use std::collections::{BTreeMap, HashMap};

use super::json::{Application, ApplicationEvent, ApplicationOpportunity, InterviewInfo};
use super::model::{self, ApplicationRow, EventRow, OpportunitySummary};
use super::unread;
use crate::auth::Actor;
use crate::codes::{ApplicationState, OpportunityKind, OpportunityStatus};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids::utc;
use crate::participants::access::{build_view, view_for, Viewer};
use crate::participants::ParticipantStatus;
use crate::Settings;

/// Who is looking.
pub struct Looker<'a> {
    pub actor: &'a Actor,
    pub people: Viewer,
}

impl<'a> Looker<'a> {
    pub fn new(settings: &Settings, actor: &'a Actor) -> Self {
        Looker {
            actor,
            people: Viewer::of(settings, actor),
        }
    }
}

/// The opportunity's summary.
pub fn opportunity(o: &OpportunitySummary) -> Result<ApplicationOpportunity, ApiError> {
    let title: BTreeMap<String, String> = serde_json::from_str(&o.title).unwrap_or_default();
    Ok(ApplicationOpportunity {
        id: o.id.clone(),
        kind: OpportunityKind::parse(&o.kind)
            .ok_or_else(|| ApiError::internal("unknown opportunity kind"))?,
        title,
        provider_name: o.provider_name.clone(),
        status: OpportunityStatus::parse(&o.status)
            .ok_or_else(|| ApiError::internal("unknown opportunity status"))?,
    })
}

fn interview(
    conn: &mut DbConnection,
    row: &ApplicationRow,
) -> Result<Option<InterviewInfo>, ApiError> {
    let Some(id) = &row.interview_meeting_id else {
        return Ok(None);
    };
    let m = match crate::meetings::model::row(conn, &row.organization_id, id) {
        Ok(m) => m,
        Err(ApiError::Client { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    if m.deleted_at.is_some() {
        return Ok(None);
    }
    Ok(Some(InterviewInfo {
        meeting_id: m.id,
        starts_at: utc(m.starts_at),
        ends_at: utc(m.ends_at),
        venue_id: m.venue_id,
        online_url: m.online_url,
    }))
}

/// One application.
pub fn one(
    conn: &mut DbConnection,
    looker: &Looker<'_>,
    row: &ApplicationRow,
    opp: &OpportunitySummary,
) -> Result<Application, ApiError> {
    let person = match &row.participant_id {
        Some(pid) => match crate::participants::find(conn, &looker.actor.organization_id, pid) {
            Ok(p) if p.status() != ParticipantStatus::Erased => {
                view_for(looker.actor, &p).map(|view| build_view(&p, view, &looker.people))
            }
            Ok(_) | Err(ApiError::Client { .. }) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let unread = match looker.actor.user_id() {
        Some(user) if row.erased_at.is_none() => unread::count(conn, &row.id, user)?,
        _ => 0,
    };
    Ok(Application {
        id: row.id.clone(),
        opportunity_id: row.opportunity_id.clone(),
        opportunity: opportunity(opp)?,
        participant_id: row.participant_id.clone(),
        person,
        state: row.state()?,
        cover_note: row.cover_note.clone(),
        proposed_by: row.proposed_by.clone(),
        interview: interview(conn, row)?,
        unread,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        erased_at: row.erased_at.map(utc),
        version: row.version,
    })
}

/// A page of applications.
pub fn many(
    conn: &mut DbConnection,
    looker: &Looker<'_>,
    rows: &[ApplicationRow],
) -> Result<Vec<Application>, ApiError> {
    let ids_: Vec<String> = rows.iter().map(|r| r.opportunity_id.clone()).collect();
    let opps: HashMap<String, OpportunitySummary> = model::opportunities_by_id(conn, &ids_)?;
    rows.iter()
        .map(|r| {
            let o = opps
                .get(&r.opportunity_id)
                .ok_or_else(|| ApiError::internal("an application without its opportunity"))?;
            one(conn, looker, r, o)
        })
        .collect()
}

/// The history.
pub fn events(rows: Vec<EventRow>) -> Result<Vec<ApplicationEvent>, ApiError> {
    let state = |s: &str| {
        ApplicationState::parse(s).ok_or_else(|| ApiError::internal("unknown application state"))
    };
    rows.into_iter()
        .map(|e| {
            Ok(ApplicationEvent {
                from: e.from_state.as_deref().map(state).transpose()?,
                to: state(&e.to_state)?,
                by_role: e.by_role,
                by_user_id: e.by_user_id,
                at: utc(e.at),
                note: e.note,
            })
        })
        .collect()
}
