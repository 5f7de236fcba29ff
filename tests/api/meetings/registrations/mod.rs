//! Registrations, the waiting list and invitations: capacity is never
//! exceeded, even by 200 people at once; the waiting list keeps the order
//! people came in; a cancellation or a capacity raised moves the first
//! waiting up at once, and they see it on their home page.

mod crowds;
mod invitations;
mod rules;
mod waiting_list;

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{Page, TestApp, PASSWORD};

/// A meeting in 2030 (registrations close when a meeting is over).
pub fn future(extra: Value) -> Value {
    let mut body =
        json!({"start_local": "2030-05-16T16:00:00", "end_local": "2030-05-16T19:00:00"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    body
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

impl TestApp {
    /// Registers for a meeting (staff name `participant`); the raw answer.
    pub async fn register(
        &self,
        token: &str,
        meeting: &str,
        participant: Option<&str>,
    ) -> reqwest::Response {
        let body = match participant {
            Some(p) => json!({"participant_id": p}),
            None => json!({}),
        };
        self.send_as(
            Method::POST,
            token,
            &format!("/api/v1/meetings/{meeting}/registrations"),
            Some(body),
        )
        .await
    }

    /// Registers, which must succeed; the registration.
    pub async fn registered(&self, token: &str, meeting: &str, participant: Option<&str>) -> Value {
        let res = self.register(token, meeting, participant).await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(status, 201, "{text}");
        serde_json::from_str(&text).expect("registration")
    }

    /// Every registration of a meeting, page by page (staff).
    pub async fn all_registrations(&self, token: &str, meeting: &str, limit: usize) -> Vec<Value> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/v1/meetings/{meeting}/registrations?limit={limit}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let page: Page = self.page(token, &path).await;
            out.extend(page.items);
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => return out,
            }
        }
    }

    /// A participant with an account of their own: (participant id, token).
    pub async fn participant_account(
        &self,
        org: &str,
        staff: &str,
        name: &str,
    ) -> (String, String) {
        let email = format!(
            "{}-{}@example.org",
            name.to_lowercase().replace(' ', "."),
            &uuid::Uuid::now_v7().simple().to_string()[20..]
        );
        let (user, _) = self.add_account(org, &email, name, Role::Participant);
        let pid = self
            .person(staff, json!({"name": name, "user_id": user}), false)
            .await;
        let token = self.tokens(&email, PASSWORD).await.access_token;
        (pid, token)
    }

    pub async fn cancel(&self, token: &str, registration: &Value) -> reqwest::Response {
        self.send_as(
            Method::PATCH,
            token,
            &format!("/api/v1/registrations/{}", id(registration)),
            Some(json!({"status": "cancelled", "version": registration["version"]})),
        )
        .await
    }
}
