//! `GET /market/reports/sales.csv?month=YYYY-MM`: the month's sales for
//! the social enterprise's accounts, one line per sold item (admins and
//! coordinators).

use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;

use super::access;
use super::earnings::{commission, month_range};
use super::json::MonthQuery;
use super::model;
use super::views::text_in;
use crate::audit;
use crate::auth::Actor;
use crate::db::schema::{market_order_items, market_orders, market_sellers};
use crate::error::ApiError;
use crate::policy::{Action, Resource};
use crate::AppState;

/// The CSV's columns.
pub const HEADER: [&str; 11] = [
    "date",
    "order_reference",
    "seller",
    "listing",
    "quantity",
    "unit_price",
    "gross",
    "commission",
    "net",
    "currency",
    "payment_method",
];

type Sold = (
    chrono::NaiveDateTime,
    String,
    String,
    String,
    i32,
    i32,
    String,
    String,
);

/// The sales (items of orders completed in the month) as CSV.
#[utoipa::path(
    tag = "market",
    operation_id = "sales_report",
    security(("bearer" = [])),
    params(MonthQuery),
    responses((status = 200, description = "One line per sold item, with a header; amounts in units with two decimals", content_type = "text/csv", body = String))
)]
#[get("/market/reports/sales.csv")]
pub(super) async fn sales_report(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<MonthQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::MarketReport)?;
    if !access::is_staff(&actor) {
        return Err(ApiError::forbidden(
            "the sales report is for the market's admins and coordinators",
        ));
    }
    let (from, to, month) = month_range(query.month.as_deref())?;
    let read = audit::ReadEvent::new(&actor, "read", "market_report");
    let org = actor.organization_id.clone();
    let body = state
        .db(move |conn| {
            let bp = model::settings(conn, &org)?.commission_bp;
            let rows: Vec<Sold> = market_order_items::table
                .inner_join(market_orders::table)
                .inner_join(market_sellers::table)
                .filter(market_orders::organization_id.eq(&org))
                .filter(market_orders::state.eq("completed"))
                .filter(market_orders::completed_at.ge(from))
                .filter(market_orders::completed_at.lt(to))
                .order((
                    market_orders::completed_at.asc(),
                    market_order_items::id.asc(),
                ))
                .select((
                    market_orders::completed_at.assume_not_null(),
                    market_orders::reference,
                    market_sellers::public_name,
                    market_order_items::title,
                    market_order_items::quantity,
                    market_order_items::unit_price_cents,
                    market_orders::currency,
                    market_orders::payment_method,
                ))
                .load(conn)?;
            let mut out = csv::Writer::from_writer(Vec::new());
            out.write_record(HEADER).map_err(ApiError::internal)?;
            for (at, reference, seller, title, q, price, currency, method) in rows {
                let gross = i64::from(q) * i64::from(price);
                let fee = commission(gross, bp);
                out.write_record([
                    at.format("%Y-%m-%d").to_string(),
                    reference,
                    seller,
                    text_in(&title, "en"),
                    q.to_string(),
                    crate::market::payment::decimal(i64::from(price)),
                    crate::market::payment::decimal(gross),
                    crate::market::payment::decimal(fee),
                    crate::market::payment::decimal(gross - fee),
                    currency,
                    method,
                ])
                .map_err(ApiError::internal)?;
            }
            out.into_inner().map_err(ApiError::internal)
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"sales-{month}.csv\""),
        ))
        .body(body))
}
