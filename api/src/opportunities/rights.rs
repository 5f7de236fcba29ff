//! The person's rights in opportunities: what the export holds (their
//! applications with their history, the messages of their threads, their
//! outcomes) and what erasure does (the messages they wrote lose their
//! text; their applications stay, anonymous, without the cover note; their
//! outcomes stay as anonymous counts). Called from the participants'
//! export and erasure, like `market::rights`.

use diesel::prelude::*;
use serde_json::{json, Value};

use crate::db::schema::{application_messages, applications, outcomes};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids::{self, utc};
use crate::opportunities::applications::model::{self as apps, ApplicationRow};
use crate::opportunities::messages::model as messages;
use crate::opportunities::outcomes::model::OutcomeRow;

/// Everything opportunities hold on the person `pid`, as one document.
pub fn export(conn: &mut DbConnection, pid: &str) -> Result<Value, ApiError> {
    let rows: Vec<ApplicationRow> = applications::table
        .filter(applications::participant_id.eq(pid))
        .order((applications::created_at.asc(), applications::id.asc()))
        .select(ApplicationRow::as_select())
        .load(conn)?;
    let ids_: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let opp_ids: Vec<String> = rows.iter().map(|r| r.opportunity_id.clone()).collect();
    let opps = apps::opportunities_by_id(conn, &opp_ids)?;
    let mut list = Vec::new();
    for r in &rows {
        let events: Vec<Value> = apps::events(conn, &r.id)?
            .into_iter()
            .map(|e| {
                json!({
                    "from": e.from_state,
                    "to": e.to_state,
                    "by_role": e.by_role,
                    "at": utc(e.at),
                    "note": e.note,
                })
            })
            .collect();
        let o = opps.get(&r.opportunity_id);
        list.push(json!({
            "id": r.id,
            "opportunity_id": r.opportunity_id,
            "opportunity_title": o.map(|o| serde_json::from_str::<Value>(&o.title).unwrap_or(Value::Null)),
            "provider_name": o.map(|o| o.provider_name.clone()),
            "state": r.state,
            "cover_note": r.cover_note,
            "proposed_by": r.proposed_by,
            "interview_meeting_id": r.interview_meeting_id,
            "created_at": utc(r.created_at),
            "updated_at": utc(r.updated_at),
            "events": events,
        }));
    }
    let msgs: Vec<Value> = messages::of_applications(conn, &ids_)?
        .into_iter()
        .map(|m| {
            json!({
                "id": m.id,
                "application_id": m.application_id,
                "author_role": m.author_role,
                "body": m.body,
                "created_at": utc(m.created_at),
            })
        })
        .collect();
    let outs: Vec<Value> = outcomes::table
        .filter(outcomes::participant_id.eq(pid))
        .order(outcomes::starts_on.asc())
        .select(OutcomeRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|o| {
            json!({
                "id": o.id,
                "application_id": o.application_id,
                "opportunity_id": o.opportunity_id,
                "programme": o.programme,
                "kind": o.kind,
                "starts_on": o.starts_on,
                "ends_on": o.ends_on,
                "created_at": utc(o.created_at),
            })
        })
        .collect();
    Ok(json!({
        "applications": list,
        "messages": msgs,
        "outcomes": outs,
    }))
}

/// Takes the person `pid` out of opportunities (in the erasure's
/// transaction): the messages they wrote in their threads lose their text,
/// their applications lose them and the cover note, their outcomes lose
/// them and the application (the anonymous rows still count).
pub fn erase(conn: &mut DbConnection, pid: &str) -> Result<(), ApiError> {
    let now = ids::now();
    let ids_: Vec<String> = applications::table
        .filter(applications::participant_id.eq(pid))
        .select(applications::id)
        .load(conn)?;
    if !ids_.is_empty() {
        diesel::update(
            application_messages::table
                .filter(application_messages::application_id.eq_any(&ids_))
                .filter(application_messages::author_role.eq("participant")),
        )
        .set((
            application_messages::body.eq(""),
            application_messages::erased_at.eq(Some(now)),
        ))
        .execute(conn)?;
    }
    diesel::update(outcomes::table.filter(outcomes::participant_id.eq(pid)))
        .set((
            outcomes::participant_id.eq(None::<String>),
            outcomes::application_id.eq(None::<String>),
            outcomes::updated_at.eq(now),
            outcomes::version.eq(outcomes::version + 1),
        ))
        .execute(conn)?;
    if !ids_.is_empty() {
        diesel::update(outcomes::table.filter(outcomes::application_id.eq_any(&ids_)))
            .set((
                outcomes::application_id.eq(None::<String>),
                outcomes::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    diesel::update(applications::table.filter(applications::participant_id.eq(pid)))
        .set((
            applications::participant_id.eq(None::<String>),
            applications::cover_note.eq(""),
            applications::erased_at.eq(Some(now)),
            applications::updated_at.eq(now),
            applications::version.eq(applications::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}
