//! Command-line set-up: the first organisation and its admin
//! (`skupaj create-admin`), and demo data (`skupaj seed-demo`).
//!
//! One file per resource (`accounts`, `participants`, `skills`,
//! `interviews`, `meetings`, `market`, `opportunities`) makes its demo records, each only through the functions
//! of that resource's model, as the handlers do.

mod accounts;
mod interviews;
pub mod market;
mod market_photos;
mod meetings;
mod opportunities;
mod participants;
mod skills;

use diesel::Connection;

use crate::accounts::{Organization, User};
use crate::audit;
use crate::auth::password;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::policy::Role;

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
    conn.transaction(|conn| accounts::first_admin(conn, organization, email, display_name, &hash))
        .map_err(|e| match e {
            ApiError::Client { detail, .. } => detail,
            other => other.to_string(),
        })
}

/// Writes the audit row of a record that set-up made (no one acted: the
/// system did).
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
    /// The demo market's photo files, for [`store_photos`].
    pub photos: Vec<market::PendingPhoto>,
    /// The secret link token of a demo market order (its buyer's page).
    pub order_token: String,
}

/// Writes the demo's photo files to the photo store (the seed itself runs
/// in a database transaction, without the store).
pub async fn store_photos(
    store: &crate::market::photos::PhotoStore,
    photos: &[market::PendingPhoto],
) -> Result<(), String> {
    for p in photos {
        store
            .put(&p.key, p.bytes.clone(), p.content_type)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Whether the database has no accounts yet.
pub fn is_empty(conn: &mut DbConnection) -> Result<bool, String> {
    let n = crate::accounts::model::count_users(conn).map_err(|e| match e {
        ApiError::Internal(cause) => cause,
        other => other.to_string(),
    })?;
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
        let demo = accounts::seed(conn, &hash)?;
        let org = &demo.organization.id;
        let people = participants::seed(conn, org, &demo.admin.id)?;
        for (index, id) in people.iter().enumerate() {
            skills::seed(conn, id, index)?;
        }
        interviews::seed(conn, org)?;
        let (shoot, venue) = meetings::seed(conn, org, &people)?;
        let coordinator = crate::accounts::find_user_by_email(conn, "coordinator@demo.skupaj.org")?
            .map(|u| u.id)
            .ok_or_else(|| ApiError::internal("demo coordinator missing"))?;
        let market = market::seed(conn, org, &people, &coordinator, Some(&shoot), &venue)?;
        let partner = crate::accounts::find_user_by_email(conn, "partner@demo.skupaj.org")?
            .map(|u| u.id)
            .ok_or_else(|| ApiError::internal("demo partner missing"))?;
        opportunities::seed(conn, org, &people, &partner, &coordinator)?;
        Ok::<_, ApiError>(DemoSummary {
            organization: demo.organization.name,
            logins: demo.logins,
            api_key: demo.api_key,
            invitation_token: demo.invitation_token,
            photos: market.photos,
            order_token: market.order_token,
        })
    })
    .map_err(|e| e.to_string())
}
