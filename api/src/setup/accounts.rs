//! The accounts that set-up makes: an organisation with its first admin
//! (`create-admin`), and the demo's two organisations, one account per
//! role, their memberships, an API key and a pending invitation.

use chrono::Duration;

use super::system_event;
use crate::accounts::{self, Organization, User};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::policy::{Role, Scope};

/// What the demo's accounts are, for the other resources and to print.
pub(super) struct DemoAccounts {
    /// The demo organisation, where everything else is.
    pub organization: Organization,
    /// Its admin, who records the consents.
    pub admin: User,
    /// Each demo login: role, e-mail and name.
    pub logins: Vec<(Role, String, String)>,
    /// The demo API key (members:read).
    pub api_key: String,
    /// The token of the pending invitation for an adviser.
    pub invitation_token: String,
}

/// Creates the organisation `organization` and its admin, whose password
/// is already hashed.
pub(super) fn first_admin(
    conn: &mut DbConnection,
    organization: &str,
    email: &str,
    display_name: &str,
    hash: &str,
) -> Result<(Organization, User), ApiError> {
    let org = accounts::create_organization(conn, organization)?;
    let user = accounts::create_user(conn, email, display_name, hash)?;
    accounts::add_membership(conn, &org.id, &user.id, Role::Admin)?;
    system_event(conn, &org.id, "create", "organization", &org.id)?;
    Ok((org, user))
}

/// The demo organisation and a second NGO, one account per role (password
/// hash `hash`), an API key and an invitation.
pub(super) fn seed(conn: &mut DbConnection, hash: &str) -> Result<DemoAccounts, ApiError> {
    let org = accounts::create_organization(conn, "Skupaj Demo Ljubljana")?;
    let other = accounts::create_organization(conn, "Zavod Most Maribor")?;
    system_event(conn, &org.id, "create", "organization", &org.id)?;
    system_event(conn, &other.id, "create", "organization", &other.id)?;
    let people = [
        (Role::Admin, "admin@demo.skupaj.org", "Ana Kovač"),
        (
            Role::Coordinator,
            "coordinator@demo.skupaj.org",
            "Maja Novak",
        ),
        (Role::Adviser, "adviser@demo.skupaj.org", "Yusuf Rahimi"),
        (Role::Mentor, "mentor@demo.skupaj.org", "Petra Zupan"),
        (
            Role::Participant,
            "participant@demo.skupaj.org",
            "Amina Hadžić",
        ),
        (Role::Partner, "partner@demo.skupaj.org", "Luka Horvat"),
        (Role::Analyst, "analyst@demo.skupaj.org", "Irena Kos"),
    ];
    let mut logins = Vec::new();
    for (role, email, name) in people {
        let user = accounts::create_user(conn, email, name, hash)?;
        let m = accounts::add_membership(conn, &org.id, &user.id, role)?;
        system_event(conn, &org.id, "create", "member", &m.id)?;
        // The admin and the coordinator also work with a second NGO, to
        // show switching organisations.
        if matches!(role, Role::Admin | Role::Coordinator) {
            let m = accounts::add_membership(conn, &other.id, &user.id, role)?;
            system_event(conn, &other.id, "create", "member", &m.id)?;
        }
        logins.push((role, email.to_string(), name.to_string()));
    }
    // The second NGO's own admin, who administers only it: shows that an
    // admin cannot reach the demo organisation through a person both
    // share (the coordinator), e.g. by resetting her password.
    let most_admin =
        accounts::create_user(conn, "admin@most.demo.skupaj.org", "Bojan Kralj", hash)?;
    let m = accounts::add_membership(conn, &other.id, &most_admin.id, Role::Admin)?;
    system_event(conn, &other.id, "create", "member", &m.id)?;
    logins.push((
        Role::Admin,
        "admin@most.demo.skupaj.org".to_string(),
        "Bojan Kralj (admin of Zavod Most Maribor only)".to_string(),
    ));
    let admin = accounts::find_user_by_email(conn, "admin@demo.skupaj.org")?
        .ok_or_else(|| ApiError::internal("demo admin missing"))?;
    let (key, api_key) = accounts::create_api_key(
        conn,
        &org.id,
        "City of Ljubljana statistics office (demo)",
        &[Scope::MembersRead],
        ids::now() + Duration::days(90),
        &admin.id,
    )?;
    system_event(conn, &org.id, "create", "api_key", &key.id)?;
    let (inv, invitation_token) = accounts::create_link(
        conn,
        &org.id,
        accounts::INVITE,
        "new.adviser@example.org",
        Some(Role::Adviser),
        None,
        &admin.id,
    )?;
    system_event(conn, &org.id, "create", "invitation", &inv.id)?;
    Ok(DemoAccounts {
        organization: org,
        admin,
        logins,
        api_key,
        invitation_token,
    })
}
