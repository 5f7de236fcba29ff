//! The order rows and every diesel query of orders, their items and steps.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    market_listings, market_order_events, market_order_items, market_orders, market_settings,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// An order row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = market_orders)]
pub struct OrderRow {
    pub id: String,
    pub organization_id: String,
    pub reference: String,
    pub buyer_name: Option<String>,
    pub buyer_email: Option<String>,
    pub buyer_phone: Option<String>,
    pub buyer_language: String,
    pub fulfilment: String,
    pub venue_id: Option<String>,
    pub address: Option<String>,
    pub note: Option<String>,
    pub payment_method: String,
    pub currency: String,
    pub total_cents: i32,
    pub state: String,
    pub cancel_reason: Option<String>,
    pub placed_at: NaiveDateTime,
    pub paid_at: Option<NaiveDateTime>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub ready_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub buyer_erased_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

/// A line of an order.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = market_order_items)]
pub struct ItemRow {
    pub id: String,
    pub order_id: String,
    pub listing_id: String,
    pub seller_id: String,
    pub title: String,
    pub quantity: i32,
    pub unit_price_cents: i32,
    pub from_stock: bool,
}

/// A step of an order.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = market_order_events)]
pub struct EventRow {
    pub event: String,
    pub at: NaiveDateTime,
}

/// The organisation's payment account and commission.
#[derive(Debug, Clone, Default, Queryable, Selectable)]
#[diesel(table_name = market_settings)]
pub struct PayoutSettings {
    pub iban: Option<String>,
    pub account_holder: Option<String>,
    pub bic: Option<String>,
    pub commission_bp: i32,
}

pub fn settings(conn: &mut DbConnection, org: &str) -> Result<PayoutSettings, ApiError> {
    Ok(market_settings::table
        .find(org)
        .select(PayoutSettings::as_select())
        .first(conn)
        .optional()?
        .unwrap_or_default())
}

/// An order of the organisation (`None` for any organisation).
pub fn find(conn: &mut DbConnection, org: Option<&str>, id: &str) -> Result<OrderRow, ApiError> {
    let mut q = market_orders::table
        .filter(market_orders::id.eq(id))
        .select(OrderRow::as_select())
        .into_boxed();
    if let Some(org) = org {
        q = q.filter(market_orders::organization_id.eq(org.to_owned()));
    }
    q.first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such order"))
}

/// The order behind a secret link.
pub fn by_token(conn: &mut DbConnection, token: &str) -> Result<OrderRow, ApiError> {
    let gone = || ApiError::not_found("no such order");
    if token.is_empty() || token.len() > 100 {
        return Err(gone());
    }
    let hash = crate::auth::tokens::sha256_hex(token);
    market_orders::table
        .filter(market_orders::token_hash.eq(hash))
        .select(OrderRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(gone)
}

pub fn items(conn: &mut DbConnection, order_id: &str) -> Result<Vec<ItemRow>, ApiError> {
    Ok(market_order_items::table
        .filter(market_order_items::order_id.eq(order_id))
        .order(market_order_items::id.asc())
        .select(ItemRow::as_select())
        .load(conn)?)
}

pub fn events(conn: &mut DbConnection, order_id: &str) -> Result<Vec<EventRow>, ApiError> {
    Ok(market_order_events::table
        .filter(market_order_events::order_id.eq(order_id))
        .order((market_order_events::at.asc(), market_order_events::id.asc()))
        .select(EventRow::as_select())
        .load(conn)?)
}

/// Records a step.
pub fn add_event(
    conn: &mut DbConnection,
    order_id: &str,
    event: &str,
    actor_id: Option<&str>,
    actor_kind: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(market_order_events::table)
        .values((
            market_order_events::id.eq(ids::new_id()),
            market_order_events::order_id.eq(order_id),
            market_order_events::event.eq(event),
            market_order_events::actor_id.eq(actor_id),
            market_order_events::actor_kind.eq(actor_kind),
            market_order_events::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Takes `quantity` from a published listing's stock, marking it sold out
/// at zero: false when there is not enough (or it is not on sale).
pub fn reserve(
    conn: &mut DbConnection,
    listing_id: &str,
    quantity: i32,
    now: NaiveDateTime,
) -> Result<bool, ApiError> {
    use diesel::dsl::sql;
    use diesel::sql_types::Text;
    let n = diesel::update(
        market_listings::table
            .filter(market_listings::id.eq(listing_id))
            .filter(market_listings::stock.ge(quantity))
            .filter(market_listings::status.eq("published")),
    )
    .set((
        market_listings::stock.eq(market_listings::stock - quantity),
        market_listings::status.eq(sql::<Text>("CASE WHEN stock - ")
            .bind::<diesel::sql_types::Integer, _>(quantity)
            .sql(" = 0 THEN 'sold_out' ELSE status END")),
        market_listings::updated_at.eq(now),
        market_listings::version.eq(market_listings::version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives `quantity` back to a listing's stock; a sold-out listing is on
/// sale again.
pub fn release(
    conn: &mut DbConnection,
    listing_id: &str,
    quantity: i32,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    use diesel::dsl::sql;
    use diesel::sql_types::Text;
    diesel::update(
        market_listings::table
            .filter(market_listings::id.eq(listing_id))
            .filter(market_listings::stock.is_not_null()),
    )
    .set((
        market_listings::stock.eq(market_listings::stock + quantity),
        market_listings::status.eq(sql::<Text>(
            "CASE WHEN status = 'sold_out' THEN 'published' ELSE status END",
        )),
        market_listings::updated_at.eq(now),
        market_listings::version.eq(market_listings::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// Returns the stock of every line taken from it.
pub fn return_stock(
    conn: &mut DbConnection,
    order_id: &str,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    for item in items(conn, order_id)? {
        if item.from_stock {
            release(conn, &item.listing_id, item.quantity, now)?;
        }
    }
    Ok(())
}

/// Takes the order's row lock (PostgreSQL) or the write lock (SQLite)
/// before it is read for a change.
pub fn lock(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::update(market_orders::table.filter(market_orders::id.eq(id)))
        .set(market_orders::version.eq(market_orders::version))
        .execute(conn)?;
    Ok(())
}
