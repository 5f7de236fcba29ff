//! Who sees what of the audit log: admins everything of their
//! organisation (the policy says who may list it at all); an API key sees
//! participants only by its own pseudonyms, as everywhere else.

use super::json::AuditQuery;
use crate::auth::{Actor, Principal};
use crate::error::ApiError;

/// Resource types whose `resource_id` is a participant's id.
const PARTICIPANT_TYPES: &[&str] = &[
    "participant",
    "participant_skill",
    "consent",
    "personal_data",
];

/// The key whose pseudonyms replace participant ids, if the caller is one.
/// A real id in a key's answer would undo them (read a person, then find
/// the read in the log), and a filter on one would be a way to test ids:
/// refused (403).
pub fn pseudonymising_key(actor: &Actor, query: &AuditQuery) -> Result<Option<String>, ApiError> {
    let Principal::ApiKey { key_id, .. } = &actor.principal else {
        return Ok(None);
    };
    let about_participants = query
        .resource_type
        .as_deref()
        .is_none_or(|t| PARTICIPANT_TYPES.contains(&t));
    if query.resource_id.is_some() && about_participants {
        return Err(ApiError::forbidden(
            "an API key may filter by `resource_id` only with a `resource_type` other than a participant's",
        ));
    }
    Ok(Some(key_id.clone()))
}

/// The record id as `key` (if any) may see it.
pub fn shown_id(
    key: Option<&str>,
    secret: &[u8],
    org: &str,
    resource_type: &str,
    id: Option<String>,
) -> Option<String> {
    match key {
        Some(key) if PARTICIPANT_TYPES.contains(&resource_type) => {
            id.map(|id| crate::participants::access::pseudonym(secret, org, key, &id))
        }
        _ => id,
    }
}
