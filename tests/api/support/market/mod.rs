//! The market to work with: the fixture organisation's participant as a
//! seller, and listings; photos and catalogue rows (photos.rs); an
//! organisation with a market, and orders placed as the public does
//! (orders.rs).

mod orders;
mod photos;

pub use orders::*;
pub use photos::*;

use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{Org, TestApp};

/// A valid minimal listing: published, 5 in stock, 25.00 EUR, textiles.
pub fn listing_body() -> Value {
    json!({
        "title": {"en": "Hand-sewn dress", "sl": "Haljina šivana"},
        "description": {"en": "A Moroccan dance dress, sewn by hand."},
        "category": "textiles",
        "origin": "handmade",
        "price_cents": 2500,
        "currency": "EUR",
        "stock": 5,
        "status": "published"
    })
}

impl TestApp {
    /// Makes the fixture organisation's participant account a seller: a
    /// coordinator registers the participant record linked to that account
    /// with the consents `profile_processing` and `market_selling`, and the
    /// participant becomes a seller themself (once per organisation).
    /// Returns the seller id and the participant's token.
    pub async fn become_seller(&self, org: &Org) -> (String, String) {
        let coordinator = self.token(org, Role::Coordinator).await;
        self.person(
            &coordinator,
            json!({
                "name": "Amina Hadžić",
                "user_id": org.user_id(Role::Participant),
                "consents": [
                    {"purpose": "profile_processing", "text_version": "v1"},
                    {"purpose": "market_selling", "text_version": "v1"}
                ]
            }),
            false,
        )
        .await;
        let token = self.token(org, Role::Participant).await;
        let seller: Value = self
            .create_at(
                &token,
                "/api/v1/market/sellers",
                json!({
                    "public_name": "Amina's Atelier",
                    "story": {"en": "I sew traditional dance dresses.", "ar": "أخيط فساتين رقص تقليدية."},
                    "municipality": "Ljubljana",
                    "iban": "SI56 1910 0000 0123 438",
                    "account_holder": "Amina Hadžić"
                }),
            )
            .await;
        let id = seller["id"].as_str().expect("seller id").to_string();
        (id, token)
    }

    /// Adds a listing (`body` as the API takes it, e.g. `listing_body()`),
    /// which must succeed; returns it as the API gave it.
    pub async fn create_listing(&self, token: &str, body: Value) -> Value {
        self.create_at(token, "/api/v1/market/listings", body).await
    }
}
