//! Applications to work with: an organisation with the partner's open
//! forklift job, Amina (the participant account's record, advised by the
//! adviser, work permit granted), logins, and the calls the tests repeat.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::postings::opportunity_body;
use crate::support::{amina, Org, TestApp};

/// The organisation, its logins, the partner's job and Amina.
pub struct Hiring {
    pub org: Org,
    pub admin: String,
    pub coordinator: String,
    pub adviser: String,
    pub participant: String,
    pub partner: String,
    pub mentor: String,
    pub analyst: String,
    /// The partner's open job.
    pub job: String,
    /// Amina's participant id (the participant account's record).
    pub amina: String,
}

impl TestApp {
    /// An organisation where the partner posted an open forklift job and
    /// Amina (the participant account) may apply.
    pub async fn hiring(&self) -> Hiring {
        self.load_starter();
        let org = self.create_org("Zavod Delo");
        let partner = self.token(&org, Role::Partner).await;
        let coordinator = self.token(&org, Role::Coordinator).await;
        let job = self.create_opportunity(&partner, opportunity_body()).await;
        let amina_id = self.create_participant(&coordinator, amina(&org)).await.id;
        Hiring {
            admin: self.token(&org, Role::Admin).await,
            adviser: self.token(&org, Role::Adviser).await,
            participant: self.token(&org, Role::Participant).await,
            mentor: self.token(&org, Role::Mentor).await,
            analyst: self.token(&org, Role::Analyst).await,
            job: job["id"].as_str().expect("opportunity id").to_string(),
            amina: amina_id,
            org,
            partner,
            coordinator,
        }
    }

    /// Posts one more opportunity as `token` (the forklift job with `extra`).
    pub async fn posting(&self, token: &str, extra: Value) -> String {
        let mut body = opportunity_body();
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        let o = self.create_opportunity(token, body).await;
        o["id"].as_str().expect("opportunity id").to_string()
    }

    /// POSTs to `/opportunities/{opportunity}/applications`; the whole answer.
    pub async fn apply_raw(
        &self,
        token: &str,
        opportunity: &str,
        body: Value,
    ) -> reqwest::Response {
        self.send_as(
            Method::POST,
            token,
            &format!("/api/v1/opportunities/{opportunity}/applications"),
            Some(body),
        )
        .await
    }

    /// Applies (or proposes), which must succeed; the application.
    pub async fn apply(&self, token: &str, opportunity: &str, body: Value) -> Value {
        self.create_at(
            token,
            &format!("/api/v1/opportunities/{opportunity}/applications"),
            body,
        )
        .await
    }

    /// Amina shares her record with partners and applies to the job with
    /// `note`; the application's id.
    pub async fn amina_applies(&self, h: &Hiring, note: &str) -> String {
        self.share_with_partners(&h.coordinator, &h.amina).await;
        let a = self
            .apply(&h.participant, &h.job, json!({"cover_note": note}))
            .await;
        a["id"].as_str().expect("application id").to_string()
    }

    /// One application as `token` sees it (must answer 200).
    pub async fn application(&self, token: &str, id: &str) -> Value {
        self.get_json(token, &format!("/api/v1/applications/{id}"))
            .await
    }

    /// Asks for a step; the whole answer.
    pub async fn step_raw(&self, token: &str, id: &str, body: Value) -> reqwest::Response {
        self.send_as(
            Method::POST,
            token,
            &format!("/api/v1/applications/{id}/transitions"),
            Some(body),
        )
        .await
    }

    /// Makes the step `to` at the application's current version (read as
    /// `token`), which must succeed; the application after it.
    pub async fn step(&self, token: &str, id: &str, to: &str) -> Value {
        let now = self.application(token, id).await;
        let res = self
            .step_raw(token, id, json!({"to": to, "version": now["version"]}))
            .await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(status, 200, "step to {to}: {text}");
        serde_json::from_str(&text).expect("application json")
    }

    /// Records the person's `partner_sharing` consent; returns its id.
    pub async fn share_with_partners(&self, token: &str, participant: &str) -> String {
        let c: Value = self
            .create_at(
                token,
                &format!("/api/v1/participants/{participant}/consents"),
                json!({"purpose": "partner_sharing", "text_version": "v1"}),
            )
            .await;
        c["id"].as_str().expect("consent id").to_string()
    }

    /// Withdraws a consent, which must succeed.
    pub async fn withdraw_consent(&self, token: &str, participant: &str, consent: &str) {
        let res = self
            .send_as(
                Method::POST,
                token,
                &format!("/api/v1/participants/{participant}/consents/{consent}/withdraw"),
                None,
            )
            .await;
        assert!(res.status().is_success(), "withdraw: {}", res.status());
    }

    /// The ids in a page of applications at `path`.
    pub async fn application_ids(&self, token: &str, path: &str) -> Vec<String> {
        let page: crate::support::Page = self.page(token, path).await;
        page.items
            .iter()
            .map(|a| a["id"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}
