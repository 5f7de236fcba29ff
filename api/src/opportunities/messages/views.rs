//! Messages as the caller sees them: who wrote each, who has read it since
//! (read receipts), and whether it is the caller's.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::json::{Message, ReadReceipt};
use super::model::{self, MessageRow};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids::utc;
use crate::policy::Role;

/// The part a member plays in threads, from their role.
pub fn role_label(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Participant) => "participant",
        Some(Role::Partner) => "partner",
        Some(Role::Adviser) => "adviser",
        _ => "staff",
    }
}

/// The thread's messages for `caller`.
pub fn build(
    conn: &mut DbConnection,
    org: &str,
    application_id: &str,
    rows: Vec<MessageRow>,
    caller: Option<&str>,
) -> Result<Vec<Message>, ApiError> {
    let reads: Vec<(String, NaiveDateTime)> = model::reads(conn, application_id)?;
    let mut roles: HashMap<String, &'static str> = HashMap::new();
    for (user, _) in &reads {
        let role = crate::meetings::calendar::model::member_role(conn, org, user)?;
        roles.insert(user.clone(), role_label(role));
    }
    let authors: Vec<String> = rows
        .iter()
        .filter_map(|r| r.author_user_id.clone())
        .collect();
    let names = model::names(conn, &authors)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let read_by = reads
                .iter()
                .filter(|(u, at)| {
                    Some(u.as_str()) != r.author_user_id.as_deref() && *at >= r.created_at
                })
                .map(|(u, at)| ReadReceipt {
                    user_id: u.clone(),
                    role: roles.get(u).copied().unwrap_or("staff").to_string(),
                    read_at: utc(*at),
                })
                .collect();
            Message {
                mine: caller.is_some() && r.author_user_id.as_deref() == caller,
                author_name: r
                    .author_user_id
                    .as_ref()
                    .and_then(|u| names.get(u).cloned())
                    .filter(|_| r.erased_at.is_none()),
                id: r.id,
                author_user_id: r.author_user_id,
                author_role: r.author_role,
                body: r.body,
                created_at: utc(r.created_at),
                read_by,
            }
        })
        .collect())
}
