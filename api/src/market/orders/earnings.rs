//! `GET /market/earnings?month=YYYY-MM`: what a seller earned in a month
//! (orders completed in it), per currency, minus the organisation's
//! commission. Also the month and commission arithmetic the sales report
//! shares.

use actix_web::{get, web, HttpResponse};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::access::{self, OrderViewer};
use super::json::{CurrencyEarnings, Earnings, MonthQuery};
use super::model;
use crate::audit;
use crate::auth::Actor;
use crate::db::schema::{market_order_items, market_orders, market_sellers};
use crate::error::{ApiError, Problem};
use crate::policy::{Action, Resource};
use crate::AppState;

/// The month `YYYY-MM` (default: this one) as `[start, end)` and its name.
pub fn month_range(
    month: Option<&str>,
) -> Result<(NaiveDateTime, NaiveDateTime, String), ApiError> {
    let bad = || ApiError::field("month", "format", "a month like 2026-12");
    let start = match month {
        None => {
            let today = crate::ids::now().date();
            NaiveDate::from_ymd_opt(today.year(), today.month(), 1).ok_or_else(bad)?
        }
        Some(m) => NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").map_err(|_| bad())?,
    };
    let end = start
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(bad)?;
    let name = start.format("%Y-%m").to_string();
    Ok((
        start.and_hms_opt(0, 0, 0).ok_or_else(bad)?,
        end.and_hms_opt(0, 0, 0).ok_or_else(bad)?,
        name,
    ))
}

/// The commission on `gross` cents at `bp` basis points, rounded half up.
pub fn commission(gross: i64, bp: i32) -> i64 {
    (gross * i64::from(bp) + 5_000) / 10_000
}

/// A sold line of a completed order: (order id, currency, quantity, unit price).
type SoldLine = (String, String, i32, i32);

fn sold_lines(
    conn: &mut crate::db::DbConnection,
    org: &str,
    seller: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<SoldLine>, ApiError> {
    Ok(market_order_items::table
        .inner_join(market_orders::table)
        .filter(market_orders::organization_id.eq(org))
        .filter(market_order_items::seller_id.eq(seller))
        .filter(market_orders::state.eq("completed"))
        .filter(market_orders::completed_at.ge(from))
        .filter(market_orders::completed_at.lt(to))
        .select((
            market_orders::id,
            market_orders::currency,
            market_order_items::quantity,
            market_order_items::unit_price_cents,
        ))
        .load(conn)?)
}

/// A seller's earnings in a month: a seller their own; staff any seller's
/// (`seller_id`).
#[utoipa::path(
    tag = "market",
    operation_id = "get_earnings",
    security(("bearer" = [])),
    params(MonthQuery),
    responses(
        (status = 200, description = "Completed orders, gross, commission and net per currency", body = Earnings),
        (status = 404, description = "You are not a seller, or no such seller of the organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad month, or staff gave no seller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/market/earnings")]
pub(super) async fn get_earnings(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<MonthQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Order)?;
    let (from, to, month) = month_range(query.month.as_deref())?;
    let asked = query.seller_id.clone();
    let read = audit::ReadEvent::new(&actor, "read", "earnings");
    let view = state
        .db(move |conn| {
            let org = actor.organization_id.clone();
            let seller = match access::viewer(conn, &actor)? {
                OrderViewer::Seller(s) => s,
                OrderViewer::Staff => {
                    let s = asked.clone().ok_or_else(|| {
                        ApiError::field("seller_id", "required", "name the seller")
                    })?;
                    market_sellers::table
                        .filter(market_sellers::id.eq(&s))
                        .filter(market_sellers::organization_id.eq(&org))
                        .select(market_sellers::id)
                        .first::<String>(conn)
                        .optional()?
                        .ok_or_else(|| ApiError::not_found("no such seller"))?
                }
            };
            let bp = model::settings(conn, &org)?.commission_bp;
            let lines = sold_lines(conn, &org, &seller, from, to)?;
            let mut currencies: Vec<(CurrencyEarnings, Vec<String>)> = Vec::new();
            for (order, currency, q, price) in lines {
                let i = match currencies.iter().position(|(c, _)| c.currency == currency) {
                    Some(i) => i,
                    None => {
                        currencies.push((
                            CurrencyEarnings {
                                currency: currency.clone(),
                                completed_orders: 0,
                                gross_cents: 0,
                                commission_cents: 0,
                                net_cents: 0,
                            },
                            Vec::new(),
                        ));
                        currencies.len() - 1
                    }
                };
                let (c, orders) = &mut currencies[i];
                c.gross_cents += i64::from(q) * i64::from(price);
                if !orders.contains(&order) {
                    orders.push(order);
                }
            }
            let mut out: Vec<CurrencyEarnings> = currencies
                .into_iter()
                .map(|(mut c, orders)| {
                    c.completed_orders = orders.len() as i64;
                    c.commission_cents = commission(c.gross_cents, bp);
                    c.net_cents = c.gross_cents - c.commission_cents;
                    c
                })
                .collect();
            out.sort_by(|a, b| a.currency.cmp(&b.currency));
            Ok(Earnings {
                seller_id: seller,
                month: month.clone(),
                commission_bp: bp,
                currencies: out,
            })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_commission() {
        let (from, to, name) = month_range(Some("2026-12")).expect("month");
        assert_eq!(name, "2026-12");
        assert_eq!(from.to_string(), "2026-12-01 00:00:00");
        assert_eq!(to.to_string(), "2027-01-01 00:00:00");
        assert!(month_range(Some("2026-13")).is_err());
        assert!(month_range(Some("December")).is_err());
        assert_eq!(commission(1000, 1000), 100);
        assert_eq!(commission(999, 1000), 100);
        assert_eq!(commission(994, 1000), 99);
        assert_eq!(commission(1000, 0), 0);
    }
}
