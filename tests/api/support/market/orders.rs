//! Orders: an organisation with a market, order bodies, placing an order
//! as the public does.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::db::schema::{market_listings, market_sellers};
use skupaj::policy::Role;

use crate::support::{listing_body, Org, TestApp};

/// The IBAN of the fixture market's account (a valid Slovenian one).
pub const MARKET_IBAN: &str = "SI56191000000123438";

/// An organisation selling on the market: a venue, and its participant
/// account as a seller (`become_seller`).
pub struct Market {
    pub org: Org,
    pub coordinator: String,
    /// The token of the participant who sells (`seller_id`).
    pub seller: String,
    pub seller_id: String,
    pub venue_id: String,
}

impl TestApp {
    /// An organisation with a venue and a seller; with `account`, an
    /// account for transfers and a 10 % commission.
    pub async fn market(&self, name: &str, account: bool) -> Market {
        let org = self.create_org(name);
        let coordinator = self.token(&org, Role::Coordinator).await;
        let (seller_id, seller) = self.become_seller(&org).await;
        let venue_id = self.create_venue(&coordinator, "Market corner", None).await;
        if account {
            self.send_ok(
                &coordinator,
                Method::PATCH,
                "/api/v1/market/settings",
                json!({"iban": MARKET_IBAN, "account_holder": "Društvo Skupaj",
                       "commission_bp": 1000, "version": 0}),
            )
            .await;
        }
        Market {
            org,
            coordinator,
            seller,
            seller_id,
            venue_id,
        }
    }

    /// A seller with no account behind it (written to the database: the
    /// fixture organisation has one participant account, already a seller).
    pub fn seed_seller(&self, org: &str, name: &str) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        let now = chrono::Utc::now().naive_utc();
        diesel::insert_into(market_sellers::table)
            .values((
                market_sellers::id.eq(&id),
                market_sellers::organization_id.eq(org),
                market_sellers::public_name.eq(name),
                market_sellers::created_at.eq(now),
                market_sellers::updated_at.eq(now),
            ))
            .execute(&mut self.conn())
            .expect("seller");
        id
    }

    /// A published `listing_body()` of `seller` added by the market's
    /// coordinator, with `stock` (`None`: made to order) at `price_cents`.
    pub async fn listing(
        &self,
        m: &Market,
        seller: &str,
        stock: Option<i32>,
        price_cents: i32,
    ) -> String {
        let mut body = listing_body();
        body["seller_id"] = json!(seller);
        body["stock"] = json!(stock);
        body["price_cents"] = json!(price_cents);
        if stock.is_none() {
            body["lead_time_days"] = json!(14);
        }
        let listing = self.create_listing(&m.coordinator, body).await;
        listing["id"].as_str().expect("listing id").to_string()
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
