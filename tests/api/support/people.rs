//! Participants to work with: a person with consent, and Amina, who has
//! every field.

use serde_json::{json, Value};
use skupaj::policy::Role;

use super::json::Created;
use super::{Org, TestApp};

/// Amina's profile with every field, her consent, and the org's adviser,
/// mentor and participant account.
pub fn amina(org: &Org) -> Value {
    json!({
        "name": "Amina Hadžić",
        "phone": "+38640111222",
        "whatsapp": "+38640111222",
        "email": "amina@example.org",
        "gender": "female",
        "birth_year": 1994,
        "country_of_origin": "SY",
        "legal_status": "international_protection",
        "work_permit": "granted",
        "arrival_date": "2023-05-15",
        "municipality": "Ljubljana",
        "education_level": "isced_3",
        "employment_state": "unemployed",
        "languages": [{"language": "ar", "level": "native"}, {"language": "sl", "level": "A2"}],
        "needs": ["language", "employment"],
        "qualifications": [{"title": "Tailoring diploma", "country": "SY", "year": 2012, "recognition": "in_progress"}],
        "adviser_id": org.user_id(Role::Adviser),
        "mentor_id": org.user_id(Role::Mentor),
        "user_id": org.user_id(Role::Participant),
        "notes": "Prefers meetings in the afternoon.",
        "consents": [{"purpose": "profile_processing", "text_version": "2026-05 sl"}]
    })
}

impl TestApp {
    /// Registers a participant (`body` as the API takes it), which must succeed.
    pub async fn create_participant(&self, token: &str, body: Value) -> Created {
        self.create_at(token, "/api/v1/participants", body).await
    }

    /// Registers "Test Person" with the consent to keep a profile (and,
    /// with `recording`, to record interviews); `extra` adds or replaces
    /// fields, the name too. Returns the id.
    pub async fn person(&self, token: &str, extra: Value, recording: bool) -> String {
        let mut consents = vec![json!({"purpose": "profile_processing", "text_version": "v1"})];
        if recording {
            consents.push(json!({"purpose": "interview_recording", "text_version": "v1"}));
        }
        let mut body = json!({"name": "Test Person", "consents": consents});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        self.create_participant(token, body).await.id
    }
}
