//! Sessions: access tokens with rotating refresh tokens (in families, one
//! per login), and the login attempts that limit guessing.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::memberships::{memberships_of, Membership};
use super::users::find_user;
use crate::audit;
use crate::auth::tokens::{self, JwtKeys};
use crate::db::schema::{login_attempts, memberships, refresh_tokens, users};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::policy::Role;

/// Refresh tokens live 30 days from their last use.
pub const REFRESH_TTL: Duration = Duration::days(30);
/// Brute-force limits: failures per account, and per client address, within the window.
pub const LOGIN_WINDOW: Duration = Duration::minutes(15);
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;

/// A new access token and refresh token (in `family`, or a new one).
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub organization_id: String,
    pub family_id: String,
}

pub fn start_session(
    conn: &mut DbConnection,
    jwt: &JwtKeys,
    user_id: &str,
    organization_id: &str,
    family_id: Option<&str>,
) -> Result<Session, ApiError> {
    let access_token = jwt
        .issue(user_id, organization_id)
        .map_err(ApiError::internal)?;
    let refresh_token = tokens::random_secret("skr_");
    let family_id = family_id.map(str::to_string).unwrap_or_else(ids::new_id);
    let now = ids::now();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(ids::new_id()),
            refresh_tokens::family_id.eq(&family_id),
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::organization_id.eq(organization_id),
            refresh_tokens::token_hash.eq(tokens::sha256_hex(&refresh_token)),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(now + REFRESH_TTL),
        ))
        .execute(conn)?;
    Ok(Session {
        access_token,
        refresh_token,
        organization_id: organization_id.into(),
        family_id,
    })
}

/// Revokes every refresh token of a family (logout, or theft detected).
pub fn revoke_family(conn: &mut DbConnection, family_id: &str) -> Result<(), ApiError> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(ids::now()))
    .execute(conn)?;
    Ok(())
}

/// Revokes every session of a user (password change or reset).
pub fn revoke_all_sessions(conn: &mut DbConnection, user_id: &str) -> Result<(), ApiError> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(ids::now()))
    .execute(conn)?;
    Ok(())
}

/// Revokes a user's sessions in one organisation (removed from it).
pub fn revoke_sessions_in(
    conn: &mut DbConnection,
    user_id: &str,
    organization_id: &str,
) -> Result<(), ApiError> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::organization_id.eq(organization_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(ids::now()))
    .execute(conn)?;
    Ok(())
}

/// The (family, user, organisation) of a refresh token, if it exists.
pub fn session_of(
    conn: &mut DbConnection,
    refresh_token: &str,
) -> Result<Option<(String, String, String)>, ApiError> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(tokens::sha256_hex(refresh_token)))
        .select((
            refresh_tokens::family_id,
            refresh_tokens::user_id,
            refresh_tokens::organization_id,
        ))
        .first(conn)
        .optional()?)
}

/// A refresh token as stored (its hash aside).
#[derive(Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
struct RefreshRow {
    id: String,
    family_id: String,
    user_id: String,
    organization_id: String,
    expires_at: NaiveDateTime,
    used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

/// Exchanges a refresh token for a new session in the same family, in its
/// organisation or in `organization_id`, with the account's role there.
///
/// The outer `Result` rolls the transaction back; the inner one is a
/// refusal whose side effects (revoking a family) must be kept.
pub fn rotate(
    conn: &mut DbConnection,
    jwt: &JwtKeys,
    refresh_token: &str,
    organization_id: Option<&str>,
    rid: Option<&str>,
) -> Result<Result<(Session, Role), ApiError>, ApiError> {
    let refused =
        || ApiError::unauthorized("the refresh token is invalid, expired or revoked; log in again");
    let row: Option<RefreshRow> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(tokens::sha256_hex(refresh_token)))
        .select(RefreshRow::as_select())
        .first(conn)
        .optional()?;
    let Some(RefreshRow {
        id,
        family_id: family,
        user_id,
        organization_id: token_org,
        expires_at,
        used_at,
        revoked_at,
    }) = row
    else {
        return Ok(Err(refused()));
    };
    let now = ids::now();
    let claimed = if used_at.is_none() && revoked_at.is_none() {
        diesel::update(
            refresh_tokens::table
                .find(&id)
                .filter(refresh_tokens::used_at.is_null()),
        )
        .set(refresh_tokens::used_at.eq(now))
        .execute(conn)?
    } else {
        0
    };
    if claimed != 1 {
        if revoked_at.is_none() {
            // Reuse of a rotated token: theft detected.
            revoke_family(conn, &family)?;
            audit::write(
                conn,
                audit::Event {
                    organization_id: Some(&token_org),
                    actor_type: "anonymous",
                    actor_id: None,
                    action: "refresh_token_reused",
                    resource_type: "session",
                    resource_id: Some(&family),
                    request_id: rid,
                },
            )?;
            log::warn!(
                "refresh token reused: session family {family} revoked (request_id={})",
                rid.unwrap_or("")
            );
        }
        return Ok(Err(refused()));
    }
    if expires_at <= now {
        return Ok(Err(refused()));
    }
    let Some(user) = find_user(conn, &user_id)?.filter(|u| u.is_active) else {
        revoke_family(conn, &family)?;
        return Ok(Err(refused()));
    };
    let target = organization_id.map(str::to_string).unwrap_or(token_org);
    let memberships = memberships_of(conn, &user.id)?;
    let Some((membership, _)) = memberships
        .iter()
        .find(|(m, _)| m.organization_id == target)
    else {
        // Still a valid session elsewhere? Keep the family but refuse the switch.
        let fallback = organization_id.is_some();
        if !fallback {
            revoke_family(conn, &family)?;
            return Ok(Err(refused()));
        }
        return Err(ApiError::forbidden(
            "this account is not a member of that organisation",
        ));
    };
    let role = Role::parse(&membership.role).unwrap_or(Role::Participant);
    let session = start_session(conn, jwt, &user.id, &target, Some(&family))?;
    Ok(Ok((session, role)))
}

/// Refuses a login attempt (429) while the account or the address has had
/// too many failures in the window. Failures before the account's last
/// successful login do not count.
pub fn check_login_rate(
    conn: &mut DbConnection,
    email: &str,
    client_addr: &str,
) -> Result<(), ApiError> {
    let now = ids::now();
    let since = now - LOGIN_WINDOW;
    let last_success: Option<NaiveDateTime> = login_attempts::table
        .filter(login_attempts::email.eq(email))
        .filter(login_attempts::succeeded.eq(true))
        .select(diesel::dsl::max(login_attempts::attempted_at))
        .first(conn)?;
    let account_since = last_success.map_or(since, |t| t.max(since));
    let account: Vec<NaiveDateTime> = login_attempts::table
        .filter(login_attempts::email.eq(email))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::attempted_at.gt(account_since))
        .order(login_attempts::attempted_at.desc())
        .limit(MAX_FAILURES_PER_ACCOUNT)
        .select(login_attempts::attempted_at)
        .load(conn)?;
    let address: Vec<NaiveDateTime> = login_attempts::table
        .filter(login_attempts::client_addr.eq(client_addr))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::attempted_at.gt(since))
        .order(login_attempts::attempted_at.desc())
        .limit(MAX_FAILURES_PER_ADDRESS)
        .select(login_attempts::attempted_at)
        .load(conn)?;
    let wait_for = |failures: &[NaiveDateTime], max: i64| -> Option<u64> {
        // Blocked until the oldest of the last `max` failures leaves the window.
        (failures.len() as i64 >= max).then(|| {
            let oldest = failures.last().copied().unwrap_or(now);
            ((oldest + LOGIN_WINDOW) - now).num_seconds().max(1) as u64
        })
    };
    match wait_for(&account, MAX_FAILURES_PER_ACCOUNT)
        .max(wait_for(&address, MAX_FAILURES_PER_ADDRESS))
    {
        Some(secs) => Err(ApiError::TooManyRequests(secs)),
        None => Ok(()),
    }
}

pub fn record_login_attempt(
    conn: &mut DbConnection,
    email: &str,
    client_addr: &str,
    succeeded: bool,
) -> Result<(), ApiError> {
    let now = ids::now();
    // Old attempts are of no further use; keep the table small.
    diesel::delete(
        login_attempts::table.filter(login_attempts::attempted_at.lt(now - Duration::days(1))),
    )
    .execute(conn)?;
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::id.eq(ids::new_id()),
            login_attempts::email.eq(email),
            login_attempts::client_addr.eq(client_addr),
            login_attempts::succeeded.eq(succeeded),
            login_attempts::attempted_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Sets a new password and ends every session started before it.
pub fn set_password(
    conn: &mut DbConnection,
    user_id: &str,
    password_hash: &str,
) -> Result<(), ApiError> {
    // Whole seconds: access tokens carry `iat` in seconds, and one issued in
    // the same second as the change must stay valid.
    let now = ids::now();
    let changed = chrono::DateTime::from_timestamp(now.and_utc().timestamp(), 0)
        .map(|t| t.naive_utc())
        .unwrap_or(now);
    diesel::update(users::table.find(user_id))
        .set((
            users::password_hash.eq(password_hash),
            users::password_changed_at.eq(changed),
            users::updated_at.eq(now),
            users::version.eq(users::version + 1),
        ))
        .execute(conn)?;
    revoke_all_sessions(conn, user_id)
}

/// Removes a membership (the account stays, with its other memberships)
/// and ends the person's sessions in that organisation.
pub fn remove_membership(conn: &mut DbConnection, m: &Membership) -> Result<(), ApiError> {
    diesel::delete(memberships::table.find(&m.id)).execute(conn)?;
    revoke_sessions_in(conn, &m.user_id, &m.organization_id)
}
