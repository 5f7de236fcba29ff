//! Venues and meetings to work with.

use serde_json::{json, Value};

use super::TestApp;

/// A meeting's fields as the API takes them: a co-creation meeting on
/// 16 May 2026, 16:00–19:00 in Ljubljana, online, for the organisation's
/// participants; `extra` adds or replaces fields.
pub fn meeting_body(extra: Value) -> Value {
    let mut body = json!({
        "kind": "co_creation",
        "title": {"en": "Co-creation meeting", "sl": "Sooblikovalno srečanje", "ar": "اجتماع إبداع مشترك"},
        "online_url": "https://meet.example.org/skupaj",
        "start_local": "2026-05-16T16:00:00",
        "end_local": "2026-05-16T19:00:00",
        "audience": "participants"
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    body
}

impl TestApp {
    /// Adds a venue named `name` holding `capacity` people; returns its id.
    pub async fn create_venue(&self, token: &str, name: &str, capacity: Option<i64>) -> String {
        let v: Value = self
            .create_at(
                token,
                "/api/v1/venues",
                json!({"name": name, "address": "Vida Pregarčeva 11, Ljubljana", "capacity": capacity,
                       "childcare": true, "languages": ["sl", "en", "ar"]}),
            )
            .await;
        v["id"].as_str().expect("venue id").to_string()
    }

    /// One meeting as `token` sees it (must answer 200).
    pub async fn meeting(&self, token: &str, id: &str) -> Value {
        self.get_json(token, &format!("/api/v1/meetings/{id}"))
            .await
    }

    /// Plans a meeting (`meeting_body(extra)`); returns it as the API gave it.
    pub async fn plan_meeting(&self, token: &str, extra: Value) -> Value {
        self.create_at(token, "/api/v1/meetings", meeting_body(extra))
            .await
    }
}
