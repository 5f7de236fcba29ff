//! The append-only audit log: who (user, API key, system) did what to which
//! record, when, in which request. Rows are written in the same transaction
//! as the change they record; the database refuses UPDATE and DELETE on the
//! table (triggers in the migration), and no endpoint offers either.
//! Rows carry ids, never names or other personal data, so that an erasure
//! leaves the trail intact without leaving the person in it. Changes to a
//! participant's consents and skills name the participant's id, so that one
//! query gives a person's whole history.

use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::schema::audit_log;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// One audit row to write.
pub struct Event<'a> {
    pub organization_id: Option<&'a str>,
    pub actor_type: &'a str,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub resource_type: &'a str,
    pub resource_id: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

/// Writes one row.
pub fn write(conn: &mut DbConnection, e: Event<'_>) -> Result<(), ApiError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(ids::new_id()),
            audit_log::organization_id.eq(e.organization_id),
            audit_log::actor_type.eq(e.actor_type),
            audit_log::actor_id.eq(e.actor_id),
            audit_log::action.eq(e.action),
            audit_log::resource_type.eq(e.resource_type),
            audit_log::resource_id.eq(e.resource_id),
            audit_log::request_id.eq(e.request_id),
            audit_log::occurred_at.eq(ids::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records what a user did outside an authenticated request (logging in or
/// out, accepting an invitation, resetting a password).
pub fn by_user(
    conn: &mut DbConnection,
    organization_id: &str,
    user_id: &str,
    action: &str,
    resource_type: &str,
    resource_id: &str,
    request_id: Option<&str>,
) -> Result<(), ApiError> {
    write(
        conn,
        Event {
            organization_id: Some(organization_id),
            actor_type: "user",
            actor_id: Some(user_id),
            action,
            resource_type,
            resource_id: Some(resource_id),
            request_id,
        },
    )
}

/// Records what an authenticated actor did, in its organisation.
pub fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    resource_type: &str,
    resource_id: Option<&str>,
) -> Result<(), ApiError> {
    let (actor_type, actor_id) = actor.audit_identity();
    write(
        conn,
        Event {
            organization_id: Some(&actor.organization_id),
            actor_type,
            actor_id: Some(actor_id),
            action,
            resource_type,
            resource_id,
            request_id: actor.request_id.as_deref(),
        },
    )
}
