//! Organisations, users, memberships, sessions, invitations and API keys:
//! the rows and the operations on them that the routes and the command line
//! (create-admin, seed-demo) share.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::auth::tokens::{self, JwtKeys};
use crate::db::schema::{
    api_keys, invitations, login_attempts, memberships, organizations, refresh_tokens, users,
};
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::ids;
use crate::policy::{Role, Scope};

/// Refresh tokens live 30 days from their last use.
pub const REFRESH_TTL: Duration = Duration::days(30);
/// Invitations are valid for 7 days, password-reset links for 24 hours.
pub const INVITATION_TTL: Duration = Duration::days(7);
pub const RESET_TTL: Duration = Duration::hours(24);
/// Brute-force limits: failures per account, and per client address, within the window.
pub const LOGIN_WINDOW: Duration = Duration::minutes(15);
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub is_active: bool,
    pub password_changed_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = memberships)]
pub struct Membership {
    pub id: String,
    pub organization_id: String,
    pub user_id: String,
    pub role: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

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

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct ApiKey {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub prefix: String,
    pub secret_hash: String,
    pub scopes: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// E-mail addresses are compared and stored lower-cased and trimmed.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A URL-friendly, unique slug for an organisation's name.
fn unique_slug(conn: &mut DbConnection, name: &str) -> Result<String, ApiError> {
    let mut base: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if base.is_empty() {
        base = "organization".into();
    }
    base.truncate(60);
    let mut slug = base.clone();
    for n in 2.. {
        let taken: i64 = organizations::table
            .filter(organizations::slug.eq(&slug))
            .count()
            .get_result(conn)?;
        if taken == 0 {
            break;
        }
        slug = format!("{base}-{n}");
    }
    Ok(slug)
}

pub fn create_organization(conn: &mut DbConnection, name: &str) -> Result<Organization, ApiError> {
    let now = ids::now();
    let slug = unique_slug(conn, name)?;
    let org = Organization {
        id: ids::new_id(),
        name: name.trim().to_string(),
        slug,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    diesel::insert_into(organizations::table)
        .values((
            organizations::id.eq(&org.id),
            organizations::name.eq(&org.name),
            organizations::slug.eq(&org.slug),
            organizations::created_at.eq(now),
            organizations::updated_at.eq(now),
            organizations::version.eq(1),
        ))
        .execute(conn)?;
    Ok(org)
}

pub fn find_user_by_email(conn: &mut DbConnection, email: &str) -> Result<Option<User>, ApiError> {
    Ok(users::table
        .filter(users::email.eq(normalize_email(email)))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_user(conn: &mut DbConnection, id: &str) -> Result<Option<User>, ApiError> {
    Ok(users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

/// Creates a user with an already hashed password.
pub fn create_user(
    conn: &mut DbConnection,
    email: &str,
    display_name: &str,
    password_hash: &str,
) -> Result<User, ApiError> {
    if find_user_by_email(conn, email)?.is_some() {
        return Err(ApiError::conflict(
            ProblemCode::Conflict,
            "an account with this e-mail already exists",
        ));
    }
    let now = ids::now();
    let user = User {
        id: ids::new_id(),
        email: normalize_email(email),
        display_name: display_name.trim().to_string(),
        password_hash: password_hash.to_string(),
        is_active: true,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    diesel::insert_into(users::table)
        .values((
            users::id.eq(&user.id),
            users::email.eq(&user.email),
            users::display_name.eq(&user.display_name),
            users::password_hash.eq(&user.password_hash),
            users::is_active.eq(true),
            users::password_changed_at.eq(now),
            users::created_at.eq(now),
            users::updated_at.eq(now),
            users::version.eq(1),
        ))
        .execute(conn)?;
    Ok(user)
}

pub fn add_membership(
    conn: &mut DbConnection,
    organization_id: &str,
    user_id: &str,
    role: Role,
) -> Result<Membership, ApiError> {
    let exists: i64 = memberships::table
        .filter(memberships::organization_id.eq(organization_id))
        .filter(memberships::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Err(ApiError::conflict(
            ProblemCode::Conflict,
            "this person is already a member",
        ));
    }
    let now = ids::now();
    let m = Membership {
        id: ids::new_id(),
        organization_id: organization_id.into(),
        user_id: user_id.into(),
        role: role.as_str().into(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    diesel::insert_into(memberships::table)
        .values((
            memberships::id.eq(&m.id),
            memberships::organization_id.eq(&m.organization_id),
            memberships::user_id.eq(&m.user_id),
            memberships::role.eq(&m.role),
            memberships::created_at.eq(now),
            memberships::updated_at.eq(now),
            memberships::version.eq(1),
        ))
        .execute(conn)?;
    Ok(m)
}

/// A user's memberships with their organisations, oldest first.
pub fn memberships_of(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<Vec<(Membership, Organization)>, ApiError> {
    Ok(memberships::table
        .inner_join(organizations::table)
        .filter(memberships::user_id.eq(user_id))
        .order(memberships::id.asc())
        .select((Membership::as_select(), Organization::as_select()))
        .load(conn)?)
}

/// Who made a reset link from the command line (`skupaj reset-password`):
/// whoever runs the server, who may reset any account.
pub const OPERATOR: &str = "operator";

/// Whether `admin_id` administers every organisation `user_id` belongs to.
/// An admin may change an account's credentials only then: otherwise a
/// reset made in one organisation would open the person's other
/// organisations to that admin.
pub fn administers_all_of(
    conn: &mut DbConnection,
    admin_id: &str,
    user_id: &str,
) -> Result<bool, ApiError> {
    if admin_id == OPERATOR {
        return Ok(true);
    }
    let theirs: Vec<String> = memberships::table
        .filter(memberships::user_id.eq(user_id))
        .select(memberships::organization_id)
        .load(conn)?;
    let administered: Vec<String> = memberships::table
        .filter(memberships::user_id.eq(admin_id))
        .filter(memberships::role.eq(Role::Admin.as_str()))
        .select(memberships::organization_id)
        .load(conn)?;
    Ok(theirs.iter().all(|org| administered.contains(org)))
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

/// The problem for a credential change an admin may not make.
pub fn shared_account() -> ApiError {
    ApiError::conflict(
        ProblemCode::SharedAccount,
        "this person's account also belongs to an organisation you do not administer, \
         so you cannot reset its password; they can change it themselves when logged in, \
         or whoever runs the server can make a reset link with `skupaj reset-password`",
    )
}

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

/// Kinds of single-use link.
pub const INVITE: &str = "invite";
pub const RESET: &str = "reset";

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

/// Creates an API key; returns the row and the full key, shown only once.
pub fn create_api_key(
    conn: &mut DbConnection,
    organization_id: &str,
    name: &str,
    scopes: &[Scope],
    expires_at: NaiveDateTime,
    created_by: &str,
) -> Result<(ApiKey, String), ApiError> {
    let prefix: String = tokens::random_secret("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(10)
        .collect();
    let key = format!(
        "{}{}_{}",
        crate::auth::API_KEY_PREFIX,
        prefix,
        tokens::random_secret("")
    );
    let mut names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let row = ApiKey {
        id: ids::new_id(),
        organization_id: organization_id.into(),
        name: name.trim().into(),
        prefix,
        secret_hash: tokens::sha256_hex(&key),
        scopes: names.join(" "),
        created_by: created_by.into(),
        created_at: ids::now(),
        expires_at,
        last_used_at: None,
        revoked_at: None,
    };
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::id.eq(&row.id),
            api_keys::organization_id.eq(&row.organization_id),
            api_keys::name.eq(&row.name),
            api_keys::prefix.eq(&row.prefix),
            api_keys::secret_hash.eq(&row.secret_hash),
            api_keys::scopes.eq(&row.scopes),
            api_keys::created_by.eq(&row.created_by),
            api_keys::created_at.eq(row.created_at),
            api_keys::expires_at.eq(row.expires_at),
        ))
        .execute(conn)?;
    Ok((row, key))
}

/// How many admins an organisation has.
pub fn admin_count(conn: &mut DbConnection, organization_id: &str) -> Result<i64, ApiError> {
    Ok(memberships::table
        .filter(memberships::organization_id.eq(organization_id))
        .filter(memberships::role.eq(Role::Admin.as_str()))
        .count()
        .get_result(conn)?)
}
