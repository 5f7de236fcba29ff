//! Who sees which interviews: admins and coordinators all of their
//! organisation's; advisers those they conduct or planned (the policy says
//! who may read or change interviews at all). An interview someone may not
//! see looks absent (404).

use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};

use super::model::{self, InterviewRow};
use crate::auth::Actor;
use crate::db::schema::{interview_interviewers as interviewers, interviews};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::policy::Role;

/// An interview the actor may see: all of the organisation's for admins
/// and coordinators; for advisers, those they conduct or planned.
pub fn find(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<InterviewRow, ApiError> {
    let row = model::find_row(conn, &actor.organization_id, id)?
        .ok_or_else(|| ApiError::not_found("no such interview"))?;
    if sees_all(actor) || conducts(conn, actor, &row)? {
        Ok(row)
    } else {
        Err(ApiError::not_found("no such interview"))
    }
}

fn sees_all(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Coordinator)
}

fn conducts(conn: &mut DbConnection, actor: &Actor, row: &InterviewRow) -> Result<bool, ApiError> {
    let Some(me) = actor.user_id() else {
        return Ok(false);
    };
    if row.created_by.as_deref() == Some(me) {
        return Ok(true);
    }
    model::is_interviewer(conn, &row.id, me)
}

/// A condition on `interviews` rows.
pub(super) type Condition = Box<
    dyn BoxableExpression<
        interviews::table,
        <DbConnection as Connection>::Backend,
        SqlType = Nullable<Bool>,
    >,
>;

/// The condition the list adds for the actor: for advisers, the interviews
/// they planned or conduct; nothing for those who see all.
pub(super) fn list_condition(actor: &Actor) -> Option<Condition> {
    if sees_all(actor) {
        return None;
    }
    let me = actor.user_id().unwrap_or("").to_string();
    let mine = interviewers::table
        .filter(interviewers::user_id.eq(me.clone()))
        .select(interviewers::interview_id);
    Some(Box::new(
        interviews::created_by
            .eq(me)
            .or(interviews::id.eq_any(mine)),
    ))
}
