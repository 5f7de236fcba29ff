//! Who may add and remove a listing's photos: the organisation's admins
//! and coordinators, and the seller the listing belongs to. Another
//! organisation's listing, or (for a participant) another seller's, is a
//! 404; a role that may not change listings is a 403 (the policy's).

use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::schema::{market_listings, market_sellers};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::policy::Role;

/// Checks that `actor` may change the photos of listing `id`; 404 when the
/// listing is not theirs to see.
pub fn editable_listing(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<(), ApiError> {
    let found: Option<(String, Option<String>)> = market_listings::table
        .inner_join(market_sellers::table)
        .filter(market_listings::id.eq(id))
        .filter(market_listings::organization_id.eq(&actor.organization_id))
        .select((market_listings::id, market_sellers::participant_id))
        .first(conn)
        .optional()?;
    let not_found = || ApiError::not_found("no such listing");
    let (_, seller_participant) = found.ok_or_else(not_found)?;
    match actor.role {
        Role::Admin | Role::Coordinator => Ok(()),
        _ => {
            let user = actor.user_id().ok_or_else(not_found)?;
            let me = crate::meetings::model::participant_of(conn, &actor.organization_id, user)?;
            match (me, seller_participant) {
                (Some(me), Some(seller)) if me == seller => Ok(()),
                _ => Err(not_found()),
            }
        }
    }
}
