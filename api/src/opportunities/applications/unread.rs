//! Unread messages: a message is unread by a user when someone else wrote
//! it after the user last read the thread (or the user never did).
//! Erased messages do not count.

use diesel::prelude::*;

use super::access;
use crate::auth::Actor;
use crate::db::schema::{application_messages as m, application_reads as r, applications};
use crate::db::DbConnection;
use crate::error::ApiError;

/// The messages of one thread `user` has not read.
pub fn count(conn: &mut DbConnection, application_id: &str, user: &str) -> Result<i64, ApiError> {
    Ok(m::table
        .left_join(
            r::table.on(r::application_id
                .eq(m::application_id)
                .and(r::user_id.eq(user.to_string()))),
        )
        .filter(m::application_id.eq(application_id))
        .filter(m::erased_at.is_null())
        .filter(m::author_user_id.assume_not_null().ne(user.to_string()))
        .filter(r::read_at.is_null().or(m::created_at.gt(r::read_at)))
        .count()
        .get_result(conn)?)
}

/// Every message the caller has not read, over the applications they see.
pub fn total(conn: &mut DbConnection, actor: &Actor) -> Result<i64, ApiError> {
    let user = actor.require_user()?.to_string();
    let mut visible = applications::table
        .filter(applications::organization_id.eq(actor.organization_id.clone()))
        .filter(applications::participant_id.is_not_null())
        .select(applications::id)
        .into_boxed();
    if let Some(c) = access::list_condition(actor)? {
        visible = visible.filter(c);
    }
    let ids_: Vec<String> = visible.load(conn)?;
    let mut n = 0;
    for chunk in ids_.chunks(500) {
        let c: i64 = m::table
            .left_join(
                r::table.on(r::application_id
                    .eq(m::application_id)
                    .and(r::user_id.eq(user.clone()))),
            )
            .filter(m::application_id.eq_any(chunk))
            .filter(m::erased_at.is_null())
            .filter(m::author_user_id.assume_not_null().ne(user.clone()))
            .filter(r::read_at.is_null().or(m::created_at.gt(r::read_at)))
            .count()
            .get_result(conn)?;
        n += c;
    }
    Ok(n)
}
