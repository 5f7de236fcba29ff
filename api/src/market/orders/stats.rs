//! `GET /market/stats`: completed orders and items sold per year and
//! category, for analysts and API keys (and coordinators), through the
//! disclosure control: small cells (and the cells that would give them
//! away from the published totals) are suppressed.

use actix_web::{get, web, HttpResponse};
use chrono::Datelike;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit;
use crate::auth::Actor;
use crate::codes::ListingCategory;
use crate::db::schema::{market_listings, market_order_items, market_orders};
use crate::db::DbConnection;
use crate::disclosure::{self, Cell};
use crate::error::ApiError;
use crate::policy::{Action, Resource};
use crate::AppState;

/// One year of the market.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct YearStats {
    pub year: i32,
    /// Completed orders holding an item of each category, in the order of
    /// `categories` (an order with items of two categories counts in both).
    pub orders: Vec<Cell>,
    /// Items sold of each category.
    pub items: Vec<Cell>,
    /// The sum of `orders`' cells (public).
    pub orders_total: i64,
    /// The sum of `items`' cells (public).
    pub items_total: i64,
}

/// Completed orders and items sold per year and category.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MarketStats {
    /// Cells from 1 to this minus one are suppressed.
    pub suppression_threshold: i64,
    pub categories: Vec<ListingCategory>,
    pub years: Vec<YearStats>,
}

/// (year, category, order id, quantity) of every item of a completed order.
fn sold(conn: &mut DbConnection, org: &str) -> Result<Vec<(i32, usize, String, i64)>, ApiError> {
    let rows: Vec<(Option<chrono::NaiveDateTime>, String, String, i32)> = market_order_items::table
        .inner_join(market_orders::table)
        .inner_join(market_listings::table)
        .filter(market_orders::organization_id.eq(org))
        .filter(market_orders::state.eq("completed"))
        .select((
            market_orders::completed_at,
            market_listings::category,
            market_orders::id,
            market_order_items::quantity,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(at, category, order, q)| {
            let c = ListingCategory::ALL
                .iter()
                .position(|k| k.as_str() == category)?;
            Some((at?.year(), c, order, i64::from(q)))
        })
        .collect())
}

/// The cells of one year to hide: each year is a one-way table over the
/// categories with its total public (no total per category across years
/// is published), for orders and items alike; a cell hidden in either is
/// hidden in both (hiding more never pins a hidden cell).
pub fn protect(orders: &[i64], items: &[i64], k: i64) -> Vec<bool> {
    disclosure::one_way(orders, k)
        .into_iter()
        .zip(disclosure::one_way(items, k))
        .map(|(a, b)| a || b)
        .collect()
}

/// Completed orders and items sold per year and category, small cells
/// suppressed.
#[utoipa::path(
    tag = "market",
    operation_id = "market_stats",
    security(("bearer" = [])),
    responses((status = 200, description = "Per year and category", body = MarketStats))
)]
#[get("/market/stats")]
pub(super) async fn market_stats(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::MarketReport)?;
    let k = state.settings.suppression_threshold;
    let read = audit::ReadEvent::new(&actor, "read", "market_stats");
    let org = actor.organization_id.clone();
    let stats = state
        .db(move |conn| {
            let rows = sold(conn, &org)?;
            let mut years: Vec<i32> = rows.iter().map(|r| r.0).collect();
            years.sort_unstable();
            years.dedup();
            let n = ListingCategory::ALL.len();
            let mut orders = vec![vec![0i64; n]; years.len()];
            let mut items = vec![vec![0i64; n]; years.len()];
            let mut seen = std::collections::HashSet::new();
            for (year, c, order, q) in &rows {
                let y = years.binary_search(year).unwrap_or_default();
                items[y][*c] += q;
                if seen.insert((order.clone(), *c)) {
                    orders[y][*c] += 1;
                }
            }
            let cells = |t: &[i64], h: &[bool]| -> Vec<Cell> {
                t.iter().zip(h).map(|(v, h)| Cell::of(*v, *h)).collect()
            };
            Ok(MarketStats {
                suppression_threshold: k,
                categories: ListingCategory::ALL.to_vec(),
                years: years
                    .iter()
                    .enumerate()
                    .map(|(i, year)| {
                        let hidden = protect(&orders[i], &items[i], k);
                        YearStats {
                            year: *year,
                            orders: cells(&orders[i], &hidden),
                            items: cells(&items[i], &hidden),
                            orders_total: orders[i].iter().sum(),
                            items_total: items[i].iter().sum(),
                        }
                    })
                    .collect(),
            })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_cell_is_hidden_in_both_tables_with_the_zeros() {
        // One year: 12 textile orders, 2 food orders, nothing else.
        let mut orders = vec![0i64; 8];
        orders[0] = 12;
        orders[4] = 2;
        let mut items = orders.clone();
        items[0] = 20;
        items[4] = 9;
        let hidden = protect(&orders, &items, 5);
        assert!(hidden[4], "the 2 food orders are hidden");
        assert!(
            hidden[1],
            "the zeros with it, so that it may be any of 0..=2"
        );
        assert!(!hidden[0], "the 12 textile orders are shown");
        // Nothing hidden when no cell is small.
        assert!(!protect(&[0, 7, 9], &[0, 8, 12], 5).iter().any(|h| *h));
    }
}
