//! Command-line set-up: the first organisation and its admin
//! (`skupaj create-admin`), and demo data (`skupaj seed-demo`).

use chrono::Duration;
use diesel::prelude::*;

use crate::audit;
use crate::auth::password;
use crate::db::schema::users;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::identity::{self, Organization, User};
use crate::ids;
use crate::policy::{Role, Scope};

/// Creates an organisation and its first admin. Refuses weak passwords and
/// an e-mail that already has an account.
pub fn create_admin(
    conn: &mut DbConnection,
    organization: &str,
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<(Organization, User), String> {
    let organization = organization.trim();
    if organization.is_empty() || organization.chars().count() > 200 {
        return Err("--organization needs a name of 1 to 200 characters".into());
    }
    let email_ok = validator::ValidateEmail::validate_email(&email);
    if !email_ok {
        return Err(format!("`{email}` is not an e-mail address"));
    }
    password::check_strength("password", password, &[email, display_name])
        .map_err(|e| format!("the password {}", e.message))?;
    let hash = password::hash(password)?;
    conn.transaction(|conn| {
        let org = identity::create_organization(conn, organization)?;
        let user = identity::create_user(conn, email, display_name, &hash)?;
        identity::add_membership(conn, &org.id, &user.id, Role::Admin)?;
        system_event(conn, &org.id, "create", "organization", &org.id)?;
        Ok::<_, ApiError>((org, user))
    })
    .map_err(|e| match e {
        ApiError::Client { detail, .. } => detail,
        other => other.to_string(),
    })
}

fn system_event(
    conn: &mut DbConnection,
    org: &str,
    action: &str,
    resource_type: &str,
    id: &str,
) -> Result<(), ApiError> {
    audit::write(
        conn,
        audit::Event {
            organization_id: Some(org),
            actor_type: "system",
            actor_id: None,
            action,
            resource_type,
            resource_id: Some(id),
            request_id: None,
        },
    )
}

/// The password of every demo account (printed by `seed-demo`).
pub const DEMO_PASSWORD: &str = "Skupaj-demo-Ljubljana-2026";

/// What `seed-demo` made, to print.
pub struct DemoSummary {
    pub organization: String,
    pub logins: Vec<(Role, String, String)>,
    pub api_key: String,
    pub invitation_token: String,
}

/// Whether the database has no accounts yet.
pub fn is_empty(conn: &mut DbConnection) -> Result<bool, String> {
    let n: i64 = users::table
        .count()
        .get_result(conn)
        .map_err(|e| e.to_string())?;
    Ok(n == 0)
}

/// Fills an empty database with a demo organisation, one account per role,
/// and believable data for every resource that exists.
pub fn seed_demo(conn: &mut DbConnection) -> Result<DemoSummary, String> {
    if !is_empty(conn)? {
        return Err("the database already has accounts; seed-demo only fills an empty one".into());
    }
    let hash = password::hash(DEMO_PASSWORD)?;
    conn.transaction(|conn| {
        let org = identity::create_organization(conn, "Skupaj Demo Ljubljana")?;
        let other = identity::create_organization(conn, "Zavod Most Maribor")?;
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
            let user = identity::create_user(conn, email, name, &hash)?;
            let m = identity::add_membership(conn, &org.id, &user.id, role)?;
            system_event(conn, &org.id, "create", "member", &m.id)?;
            // The admin and the coordinator also work with a second NGO, to
            // show switching organisations.
            if matches!(role, Role::Admin | Role::Coordinator) {
                let m = identity::add_membership(conn, &other.id, &user.id, role)?;
                system_event(conn, &other.id, "create", "member", &m.id)?;
            }
            logins.push((role, email.to_string(), name.to_string()));
        }
        let admin = identity::find_user_by_email(conn, "admin@demo.skupaj.org")?
            .ok_or_else(|| ApiError::internal("demo admin missing"))?;
        let (key, api_key) = identity::create_api_key(
            conn,
            &org.id,
            "City of Ljubljana statistics office (demo)",
            &[Scope::MembersRead],
            ids::now() + Duration::days(90),
            &admin.id,
        )?;
        system_event(conn, &org.id, "create", "api_key", &key.id)?;
        let (inv, invitation_token) = identity::create_link(
            conn,
            &org.id,
            identity::INVITE,
            "new.adviser@example.org",
            Some(Role::Adviser),
            None,
            &admin.id,
        )?;
        system_event(conn, &org.id, "create", "invitation", &inv.id)?;
        Ok::<_, ApiError>(DemoSummary {
            organization: org.name,
            logins,
            api_key,
            invitation_token,
        })
    })
    .map_err(|e| e.to_string())
}
