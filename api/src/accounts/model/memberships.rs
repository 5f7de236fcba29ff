//! Memberships: who belongs to which organisation, with which role.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::users::{Organization, User};
use crate::db::schema::{memberships, organizations, users};
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::ids;
use crate::policy::Role;

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

/// Whether the user belongs to the organisation.
pub fn is_member(
    conn: &mut DbConnection,
    organization_id: &str,
    user_id: &str,
) -> Result<bool, ApiError> {
    let n: i64 = memberships::table
        .filter(memberships::organization_id.eq(organization_id))
        .filter(memberships::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn add_membership(
    conn: &mut DbConnection,
    organization_id: &str,
    user_id: &str,
    role: Role,
) -> Result<Membership, ApiError> {
    if is_member(conn, organization_id, user_id)? {
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

/// The ids of the organisations a user belongs to.
pub fn organizations_of(conn: &mut DbConnection, user_id: &str) -> Result<Vec<String>, ApiError> {
    Ok(memberships::table
        .filter(memberships::user_id.eq(user_id))
        .select(memberships::organization_id)
        .load(conn)?)
}

/// The ids of the organisations a user administers.
pub fn administered_by(conn: &mut DbConnection, user_id: &str) -> Result<Vec<String>, ApiError> {
    Ok(memberships::table
        .filter(memberships::user_id.eq(user_id))
        .filter(memberships::role.eq(Role::Admin.as_str()))
        .select(memberships::organization_id)
        .load(conn)?)
}

/// How many admins an organisation has.
pub fn admin_count(conn: &mut DbConnection, organization_id: &str) -> Result<i64, ApiError> {
    Ok(memberships::table
        .filter(memberships::organization_id.eq(organization_id))
        .filter(memberships::role.eq(Role::Admin.as_str()))
        .count()
        .get_result(conn)?)
}

/// One page (`fetch` rows, in the order they joined, after the
/// membership id `after`) of an organisation's members, of `role` only if
/// given.
pub fn members_page(
    conn: &mut DbConnection,
    organization_id: &str,
    role: Option<Role>,
    fetch: i64,
    after: Option<&str>,
) -> Result<Vec<(Membership, User)>, ApiError> {
    let mut q = memberships::table
        .inner_join(users::table)
        .filter(memberships::organization_id.eq(organization_id))
        .select((Membership::as_select(), User::as_select()))
        .order(memberships::id.asc())
        .limit(fetch)
        .into_boxed();
    if let Some(after) = after {
        q = q.filter(memberships::id.gt(after.to_string()));
    }
    if let Some(role) = role {
        q = q.filter(memberships::role.eq(role.as_str()));
    }
    Ok(q.load(conn)?)
}

/// A membership of the organisation with its account, or 404.
pub fn find_member(
    conn: &mut DbConnection,
    organization_id: &str,
    id: &str,
) -> Result<(Membership, User), ApiError> {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::organization_id.eq(organization_id))
        .filter(memberships::id.eq(id))
        .select((Membership::as_select(), User::as_select()))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such member"))
}

/// Gives a membership a new role, if it is still at `m.version`: the
/// membership as changed, or `None` when someone changed it meanwhile.
pub fn change_role(
    conn: &mut DbConnection,
    m: Membership,
    role: Role,
) -> Result<Option<Membership>, ApiError> {
    let now = ids::now();
    let changed = diesel::update(
        memberships::table
            .find(&m.id)
            .filter(memberships::version.eq(m.version)),
    )
    .set((
        memberships::role.eq(role.as_str()),
        memberships::updated_at.eq(now),
        memberships::version.eq(m.version + 1),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Ok(None);
    }
    Ok(Some(Membership {
        role: role.as_str().into(),
        updated_at: now,
        version: m.version + 1,
        ..m
    }))
}
