//! A seller's sales, for their export (`market::rights`).

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::{market_order_items, market_orders};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids::utc;

/// One item the seller sold (no buyer data: that is the buyer's).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Sale {
    pub order_reference: String,
    pub order_state: String,
    pub listing_id: String,
    /// The title as ordered, every language.
    pub title: serde_json::Value,
    pub quantity: i32,
    pub unit_price_cents: i32,
    pub currency: String,
    pub placed_at: chrono::DateTime<chrono::Utc>,
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Every line of any order holding the seller's items, oldest first.
pub fn sales_for(conn: &mut DbConnection, seller_id: &str) -> Result<Vec<Sale>, ApiError> {
    type Row = (
        String,
        String,
        String,
        String,
        i32,
        i32,
        String,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
    );
    let rows: Vec<Row> = market_order_items::table
        .inner_join(market_orders::table)
        .filter(market_order_items::seller_id.eq(seller_id))
        .order((market_orders::placed_at.asc(), market_order_items::id.asc()))
        .select((
            market_orders::reference,
            market_orders::state,
            market_order_items::listing_id,
            market_order_items::title,
            market_order_items::quantity,
            market_order_items::unit_price_cents,
            market_orders::currency,
            market_orders::placed_at,
            market_orders::completed_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Sale {
            order_reference: r.0,
            order_state: r.1,
            listing_id: r.2,
            title: serde_json::from_str(&r.3).unwrap_or(serde_json::Value::Null),
            quantity: r.4,
            unit_price_cents: r.5,
            currency: r.6,
            placed_at: utc(r.7),
            completed_at: r.8.map(utc),
        })
        .collect())
}
