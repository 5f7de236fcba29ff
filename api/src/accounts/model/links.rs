//! Single-use links: invitations to join an organisation, and
//! password-reset links (both rows of `invitations`, told apart by kind).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::memberships::memberships_of;
use super::users::{find_user_by_email, normalize_email};
use crate::auth::tokens;
use crate::db::schema::invitations;
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::ids;
use crate::policy::Role;

/// Invitations are valid for 7 days, password-reset links for 24 hours.
pub const INVITATION_TTL: Duration = Duration::days(7);
pub const RESET_TTL: Duration = Duration::hours(24);

/// Kinds of single-use link.
pub const INVITE: &str = "invite";
pub const RESET: &str = "reset";

/// Who made a reset link from the command line (`skupaj reset-password`):
/// whoever runs the server, who may reset any account.
pub const OPERATOR: &str = "operator";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: String,
    pub organization_id: String,
    pub kind: String,
    pub email: String,
    pub role: Option<String>,
    pub user_id: Option<String>,
    pub token_hash: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Creates an invitation or reset link; returns the row and the secret token.
pub fn create_link(
    conn: &mut DbConnection,
    organization_id: &str,
    kind: &str,
    email: &str,
    role: Option<Role>,
    user_id: Option<&str>,
    created_by: &str,
) -> Result<(Invitation, String), ApiError> {
    let token = tokens::random_secret(if kind == INVITE { "ski_" } else { "skw_" });
    let now = ids::now();
    let ttl = if kind == INVITE {
        INVITATION_TTL
    } else {
        RESET_TTL
    };
    let inv = Invitation {
        id: ids::new_id(),
        organization_id: organization_id.into(),
        kind: kind.into(),
        email: normalize_email(email),
        role: role.map(|r| r.as_str().to_string()),
        user_id: user_id.map(str::to_string),
        token_hash: tokens::sha256_hex(&token),
        created_by: created_by.into(),
        created_at: now,
        expires_at: now + ttl,
        used_at: None,
        revoked_at: None,
    };
    diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(&inv.id),
            invitations::organization_id.eq(&inv.organization_id),
            invitations::kind.eq(&inv.kind),
            invitations::email.eq(&inv.email),
            invitations::role.eq(&inv.role),
            invitations::user_id.eq(&inv.user_id),
            invitations::token_hash.eq(&inv.token_hash),
            invitations::created_by.eq(&inv.created_by),
            invitations::created_at.eq(now),
            invitations::expires_at.eq(inv.expires_at),
        ))
        .execute(conn)?;
    Ok((inv, token))
}

/// Takes a single-use link: valid, of the right kind, not used, revoked or
/// expired. Marks it used atomically, so two tabs cannot both use it.
pub fn take_link(conn: &mut DbConnection, token: &str, kind: &str) -> Result<Invitation, ApiError> {
    let invalid = || {
        ApiError::conflict(
            ProblemCode::LinkInvalid,
            "this link is unknown, already used, withdrawn or expired",
        )
    };
    let inv: Invitation = invitations::table
        .filter(invitations::token_hash.eq(tokens::sha256_hex(token)))
        .filter(invitations::kind.eq(kind))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(invalid)?;
    let now = ids::now();
    if inv.revoked_at.is_some() || inv.expires_at <= now {
        return Err(invalid());
    }
    let taken = diesel::update(
        invitations::table
            .find(&inv.id)
            .filter(invitations::used_at.is_null()),
    )
    .set(invitations::used_at.eq(now))
    .execute(conn)?;
    if taken != 1 {
        return Err(invalid());
    }
    Ok(inv)
}

/// A reset link made by whoever runs the server (`skupaj reset-password`),
/// for an account of any organisations: the way back in for a person whose
/// account several organisations share.
pub fn operator_reset_link(
    conn: &mut DbConnection,
    email: &str,
) -> Result<(Invitation, String), ApiError> {
    conn.transaction(|conn| {
        let user = find_user_by_email(conn, email)?
            .ok_or_else(|| ApiError::not_found("no account has this e-mail"))?;
        let org = memberships_of(conn, &user.id)?
            .into_iter()
            .map(|(_, o)| o.id)
            .next()
            .ok_or_else(|| ApiError::not_found("the account belongs to no organisation"))?;
        let created = create_link(
            conn,
            &org,
            RESET,
            &user.email,
            None,
            Some(&user.id),
            OPERATOR,
        )?;
        crate::audit::write(
            conn,
            crate::audit::Event {
                organization_id: Some(&org),
                actor_type: "system",
                actor_id: Some(OPERATOR),
                action: "create",
                resource_type: "password_reset",
                resource_id: Some(&created.0.id),
                request_id: None,
            },
        )?;
        Ok(created)
    })
}

/// One page (`fetch` rows, oldest first, after the invitation id
/// `after`) of an organisation's invitations not yet accepted, withdrawn
/// or expired.
pub fn pending_invitations_page(
    conn: &mut DbConnection,
    organization_id: &str,
    fetch: i64,
    after: Option<&str>,
) -> Result<Vec<Invitation>, ApiError> {
    let mut q = invitations::table
        .filter(invitations::organization_id.eq(organization_id))
        .filter(invitations::kind.eq(INVITE))
        .filter(invitations::used_at.is_null())
        .filter(invitations::revoked_at.is_null())
        .filter(invitations::expires_at.gt(ids::now()))
        .select(Invitation::as_select())
        .order(invitations::id.asc())
        .limit(fetch)
        .into_boxed();
    if let Some(after) = after {
        q = q.filter(invitations::id.gt(after.to_string()));
    }
    Ok(q.load(conn)?)
}

/// Withdraws an organisation's pending invitation; false if there is no
/// such invitation (or it was used or withdrawn already).
pub fn withdraw_invitation(
    conn: &mut DbConnection,
    organization_id: &str,
    id: &str,
) -> Result<bool, ApiError> {
    let n = diesel::update(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::organization_id.eq(organization_id))
            .filter(invitations::kind.eq(INVITE))
            .filter(invitations::used_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set(invitations::revoked_at.eq(ids::now()))
    .execute(conn)?;
    Ok(n > 0)
}
