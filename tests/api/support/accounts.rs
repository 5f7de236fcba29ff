//! The fixture organisation (one account per role), logins and API keys.

use std::sync::OnceLock;

use serde_json::{json, Value};
use skupaj::policy::Role;

use super::json::{NewApiKey, Tokens};
use super::TestApp;

/// The password of every fixture account.
pub const PASSWORD: &str = "Tiho-jezero-pod-Triglavom-7";

/// An organisation with one account per role.
pub struct Org {
    pub id: String,
    /// (role, e-mail, user id, membership id) for each role.
    pub people: Vec<(Role, String, String, String)>,
}

impl Org {
    pub fn email(&self, role: Role) -> &str {
        &self.person(role).1
    }
    pub fn user_id(&self, role: Role) -> &str {
        &self.person(role).2
    }
    pub fn membership_id(&self, role: Role) -> &str {
        &self.person(role).3
    }
    fn person(&self, role: Role) -> &(Role, String, String, String) {
        self.people
            .iter()
            .find(|p| p.0 == role)
            .expect("a person with that role")
    }
}

fn fixture_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| skupaj::auth::password::hash(PASSWORD).expect("hash"))
}

impl TestApp {
    /// An organisation with an account for each role (e-mails unique per call).
    pub fn create_org(&self, name: &str) -> Org {
        use skupaj::accounts;
        let org = {
            let mut conn = self.conn();
            accounts::create_organization(&mut conn, name).expect("organisation")
        };
        let tag = uuid::Uuid::now_v7().simple().to_string();
        let people = Role::ALL
            .iter()
            .map(|role| {
                let email = format!("{}-{}@example.org", role.as_str(), &tag[tag.len() - 10..]);
                let (user, membership) =
                    self.add_account(&org.id, &email, &format!("Test {}", role.as_str()), *role);
                (*role, email, user, membership)
            })
            .collect();
        Org { id: org.id, people }
    }

    /// A new account with the fixture password, a member of `org` with
    /// `role`. Returns the user id and the membership id.
    pub fn add_account(&self, org: &str, email: &str, name: &str, role: Role) -> (String, String) {
        use skupaj::accounts;
        let mut conn = self.conn();
        let user = accounts::create_user(&mut conn, email, name, fixture_hash()).expect("user");
        let m = accounts::add_membership(&mut conn, org, &user.id, role).expect("membership");
        (user.id, m.id)
    }

    /// Logs in; returns the whole token response.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("login request")
    }

    /// Logs in, which must succeed; returns the tokens.
    pub async fn tokens(&self, email: &str, password: &str) -> Tokens {
        let res = self.login(email, password).await;
        assert_eq!(res.status(), 200, "login as {email}");
        res.json().await.expect("token json")
    }

    /// An access token for the org's member with `role`.
    pub async fn token(&self, org: &Org, role: Role) -> String {
        let res = self.login(org.email(role), PASSWORD).await;
        assert_eq!(res.status(), 200, "login as {role:?}");
        let body: Tokens = res.json().await.expect("token json");
        body.access_token
    }

    /// Exchanges a refresh token for new tokens; returns the whole answer.
    pub async fn refresh(&self, refresh_token: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/refresh"))
            .json(&json!({"refresh_token": refresh_token}))
            .send()
            .await
            .expect("refresh")
    }

    /// A new API key (`body`: name, scopes, expiry), made by an admin.
    pub async fn create_api_key(&self, admin: &str, body: Value) -> NewApiKey {
        self.create_at(admin, "/api/v1/api-keys", body).await
    }
}
