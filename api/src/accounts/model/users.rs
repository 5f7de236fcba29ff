//! Organisations and user accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{organizations, users};
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::ids;

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

/// How many user accounts there are, in every organisation.
pub fn count_users(conn: &mut DbConnection) -> Result<i64, ApiError> {
    Ok(users::table.count().get_result(conn)?)
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
