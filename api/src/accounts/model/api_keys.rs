//! API keys for integrations: stored hashed, with scopes and an expiry.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::tokens;
use crate::db::schema::api_keys;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::policy::Scope;

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

/// One page (`fetch` rows, newest first, before the key id `after`) of
/// an organisation's API keys, revoked ones included.
pub fn api_keys_page(
    conn: &mut DbConnection,
    organization_id: &str,
    fetch: i64,
    after: Option<&str>,
) -> Result<Vec<ApiKey>, ApiError> {
    let mut q = api_keys::table
        .filter(api_keys::organization_id.eq(organization_id))
        .select(ApiKey::as_select())
        .order(api_keys::id.desc())
        .limit(fetch)
        .into_boxed();
    if let Some(after) = after {
        q = q.filter(api_keys::id.lt(after.to_string()));
    }
    Ok(q.load(conn)?)
}

/// Revokes an organisation's key (a no-op if it is revoked already); false
/// if the organisation has no such key.
pub fn revoke_api_key(
    conn: &mut DbConnection,
    organization_id: &str,
    id: &str,
) -> Result<bool, ApiError> {
    let exists: i64 = api_keys::table
        .filter(api_keys::id.eq(id))
        .filter(api_keys::organization_id.eq(organization_id))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        return Ok(false);
    }
    diesel::update(
        api_keys::table
            .find(id)
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(ids::now()))
    .execute(conn)?;
    Ok(true)
}
