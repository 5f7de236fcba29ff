//! Interview templates and interviews to work with.

use reqwest::Method;
use serde_json::{json, Value};

use super::json::{Id, Planned};
use super::TestApp;

/// A text in English only.
pub fn texts(en: &str) -> Value {
    json!({ "en": en })
}

/// The `id` of a JSON object, or "".
pub fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or("").to_string()
}

/// A small template: where to work (required choice), confidence (scale),
/// years of work (number), and a comment (text).
pub fn small_template(title: &str) -> Value {
    json!({
        "title": texts(title),
        "sections": [{
            "id": "work",
            "title": texts("Work"),
            "questions": [
                {"id": "place", "type": "single_choice", "required": true, "text": {"en": "Where?", "ar": "أين؟"},
                 "options": [
                    {"value": "city", "label": texts("City")},
                    {"value": "rural", "label": texts("Countryside")},
                    {"value": "no_preference", "label": texts("No preference")}
                 ]},
                {"id": "confidence", "type": "scale", "text": texts("How confident?")},
                {"id": "years", "type": "number", "min": 0, "max": 60, "text": texts("Years of work?")},
                {"id": "comment", "type": "text", "text": texts("Anything else?"), "sensitive": true}
            ]
        }]
    })
}

impl TestApp {
    /// Creates a template (a draft); returns its id.
    pub async fn create_template(&self, token: &str, content: Value) -> String {
        let t: Id = self
            .create_at(token, "/api/v1/interview-templates", content)
            .await;
        t.id
    }

    /// Creates and publishes a template; returns its id.
    pub async fn publish_template(&self, token: &str, content: Value) -> String {
        let id = self.create_template(token, content).await;
        self.send_ok(
            token,
            Method::POST,
            &format!("/api/v1/interview-templates/{id}/publish"),
            json!({"version": 1}),
        )
        .await;
        id
    }

    /// Plans an interview in person at `at` with `people` (individual for
    /// one, else a group), in Slovenian with an Arabic interpreter.
    pub async fn plan_interview(
        &self,
        token: &str,
        template: &str,
        people: &[&str],
        at: &str,
    ) -> Planned {
        let kind = if people.len() == 1 {
            "individual"
        } else {
            "group"
        };
        let attendees: Vec<Value> = people
            .iter()
            .map(|p| json!({"participant_id": p, "language": "ar"}))
            .collect();
        self.create_at(
            token,
            "/api/v1/interviews",
            json!({"template_id": template, "kind": kind, "scheduled_at": at, "channel": "in_person",
                   "language": "sl", "interpreter_language": "ar", "participants": attendees}),
        )
        .await
    }

    /// Saves answers (`[{participant_id, question_id, value}]`); returns the whole answer.
    pub async fn answer(&self, token: &str, interview: &str, answers: Value) -> reqwest::Response {
        self.send_as(
            Method::PUT,
            token,
            &format!("/api/v1/interviews/{interview}/answers"),
            Some(json!({ "answers": answers })),
        )
        .await
    }

    /// Completes an interview at `version`, which must succeed.
    pub async fn complete_interview(&self, token: &str, interview: &str, version: i64) {
        self.send_ok(
            token,
            Method::POST,
            &format!("/api/v1/interviews/{interview}/complete"),
            json!({"version": version}),
        )
        .await;
    }
}
