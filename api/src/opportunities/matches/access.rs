//! Who may see which matches.
//!
//! - People for an opportunity: staff (admins, coordinators, advisers) see
//!   everyone; the partner who posted the opportunity sees only people with
//!   an active `partner_sharing` consent, filtered before ranking so that
//!   every match they get is one they may see; nobody else.
//! - Opportunities for a person: staff who see the person, and the person
//!   themself.

use std::collections::HashMap;

use diesel::prelude::*;

use super::load::{self, Posting};
use crate::auth::Actor;
use crate::db::schema::participants;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::participants::access::{build_view, view_for, visible, Viewer};
use crate::participants::json::{ParticipantView, View};
use crate::participants::model::{load_many, Participant, ParticipantRow};
use crate::policy::Role;

/// Who asks for the people of an opportunity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Staff,
    /// Sees only the people who share with partners.
    Partner,
}

/// The opportunity whose matches the actor asks for (any status: staff
/// look at a draft's matches before they open it), or 404/403.
pub fn opportunity_for(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<(Posting, Audience), ApiError> {
    let audience = match actor.role {
        Role::Admin | Role::Coordinator | Role::Adviser => Audience::Staff,
        Role::Partner => Audience::Partner,
        _ => {
            return Err(ApiError::forbidden(
                "only staff and the partner who posted it see an opportunity's matches",
            ))
        }
    };
    let posting = load::postings(conn, &actor.organization_id, Some(&[id.to_string()]))?
        .pop()
        .ok_or_else(|| ApiError::not_found("no such opportunity"))?;
    if audience == Audience::Partner
        && posting.summary.partner_user_id.as_deref() != actor.user_id()
    {
        return Err(ApiError::forbidden(
            "a partner sees the matches of their own opportunities only",
        ));
    }
    Ok((posting, audience))
}

/// The person whose matches the actor asks for: staff who see them, or the
/// person themself; 404 for a person the actor may not see at all.
pub fn person_for(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<(), ApiError> {
    if !matches!(
        actor.role,
        Role::Admin | Role::Coordinator | Role::Adviser | Role::Participant
    ) {
        return Err(ApiError::forbidden(
            "only staff and the person themself see a person's matches",
        ));
    }
    let (_, view) = visible(conn, actor, id)?;
    if !matches!(view, View::Full | View::Limited | View::Own) {
        return Err(ApiError::forbidden("you may not see this person's matches"));
    }
    Ok(())
}

/// The views the actor has of these people (those it may no longer see
/// are left out).
pub fn views_of(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    ids: &[String],
) -> Result<HashMap<String, ParticipantView>, ApiError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<ParticipantRow> = participants::table
        .filter(participants::organization_id.eq(&actor.organization_id))
        .filter(participants::id.eq_any(ids))
        .select(ParticipantRow::as_select())
        .load(conn)?;
    let people: Vec<Participant> = load_many(rows)?;
    Ok(people
        .into_iter()
        .filter_map(|p| {
            let view = view_for(actor, &p)?;
            Some((p.row.id.clone(), build_view(&p, view, viewer)))
        })
        .collect())
}
