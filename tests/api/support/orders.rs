//! Market orders' fixtures: an organisation with a market (a venue, a
//! seller who can log in, listings written straight to the database),
//! order bodies, and placing an order as the public does.

use diesel::prelude::*;
use serde_json::{json, Value};
use skupaj::db::schema::{market_listings, market_sellers, market_settings};
use skupaj::policy::Role;

use super::{Org, TestApp};

/// The IBAN of the fixture market (a valid Slovenian one).
pub const MARKET_IBAN: &str = "SI56191000000123438";

/// An organisation selling on the market.
pub struct Market {
    pub org: Org,
    pub coordinator: String,
    /// The token of the participant who sells (`seller_id`).
    pub seller: String,
    pub seller_id: String,
    pub venue_id: String,
}

impl TestApp {
    /// An organisation with a venue and a seller (the participant account's
    /// own record); with `iban`, its market account for transfers.
    pub async fn market(&self, name: &str, iban: bool) -> Market {
        let org = self.create_org(name);
        let coordinator = self.token(&org, Role::Coordinator).await;
        let seller = self.token(&org, Role::Participant).await;
        let participant = self
            .person(
                &coordinator,
                json!({"name": "Fatima Seller", "user_id": org.user_id(Role::Participant)}),
                false,
            )
            .await;
        let seller_id = self.seed_seller(&org.id, Some(&participant), "Fatima's Atelier");
        let venue_id = self.create_venue(&coordinator, "Market corner", None).await;
        if iban {
            self.seed_market_account(&org.id, 1000);
        }
        Market {
            org,
            coordinator,
            seller,
            seller_id,
            venue_id,
        }
    }

    /// A seller row (no consent check: the orders' tests need one to exist).
    pub fn seed_seller(&self, org: &str, participant: Option<&str>, name: &str) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        let now = chrono::Utc::now().naive_utc();
        diesel::insert_into(market_sellers::table)
            .values((
                market_sellers::id.eq(&id),
                market_sellers::organization_id.eq(org),
                market_sellers::participant_id.eq(participant),
                market_sellers::public_name.eq(name),
                market_sellers::created_at.eq(now),
                market_sellers::updated_at.eq(now),
            ))
            .execute(&mut self.conn())
            .expect("seller");
        id
    }

    /// A published listing (`stock` `None`: made to order) at `price_cents` EUR.
    pub fn seed_listing(
        &self,
        org: &str,
        seller: &str,
        stock: Option<i32>,
        price_cents: i32,
    ) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        let now = chrono::Utc::now().naive_utc();
        diesel::insert_into(market_listings::table)
            .values((
                market_listings::id.eq(&id),
                market_listings::organization_id.eq(org),
                market_listings::seller_id.eq(seller),
                market_listings::title.eq(r#"{"en":"Embroidered scarf","sl":"Vezen šal"}"#),
                market_listings::category.eq("textiles"),
                market_listings::origin.eq("handmade"),
                market_listings::price_cents.eq(price_cents),
                market_listings::stock.eq(stock),
                market_listings::lead_time_days.eq(stock.is_none().then_some(14)),
                market_listings::status.eq("published"),
                market_listings::published_at.eq(now),
                market_listings::created_at.eq(now),
                market_listings::updated_at.eq(now),
            ))
            .execute(&mut self.conn())
            .expect("listing");
        id
    }

    /// The organisation's account for transfers, and its commission.
    pub fn seed_market_account(&self, org: &str, commission_bp: i32) {
        diesel::insert_into(market_settings::table)
            .values((
                market_settings::organization_id.eq(org),
                market_settings::iban.eq(MARKET_IBAN),
                market_settings::account_holder.eq("Društvo Skupaj"),
                market_settings::commission_bp.eq(commission_bp),
                market_settings::updated_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .execute(&mut self.conn())
            .expect("market settings");
    }

    /// A listing's (stock, status) straight from the database.
    pub fn stock_of(&self, listing: &str) -> (Option<i32>, String) {
        market_listings::table
            .find(listing)
            .select((market_listings::stock, market_listings::status))
            .first(&mut self.conn())
            .expect("listing row")
    }

    /// Places an order as the public does (no login), with `key` as its
    /// `Idempotency-Key` (none when empty).
    pub async fn place_order(&self, key: &str, body: &Value) -> reqwest::Response {
        let mut req = self
            .client
            .post(self.url("/api/v1/market/orders"))
            .json(body);
        if !key.is_empty() {
            req = req.header("Idempotency-Key", key);
        }
        req.send().await.expect("order request")
    }

    /// Places an order that must succeed; returns `{order, token}`.
    pub async fn placed(&self, body: &Value) -> Value {
        let key = uuid::Uuid::now_v7().to_string();
        let res = self.place_order(&key, body).await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(status, 201, "place order: {text}");
        serde_json::from_str(&text).expect("placed order json")
    }
}

/// A pickup order of `lines` (listing id, quantity) paid by transfer, in Slovenian.
pub fn order_body(market: &Market, lines: &[(&str, i64)]) -> Value {
    json!({
        "items": lines.iter().map(|(l, q)| json!({"listing_id": l, "quantity": q})).collect::<Vec<_>>(),
        "buyer": {"name": "Ana Kupec", "email": "ana@example.org"},
        "language": "sl",
        "fulfilment": "pickup",
        "venue_id": market.venue_id,
        "payment_method": "bank_transfer",
    })
}
