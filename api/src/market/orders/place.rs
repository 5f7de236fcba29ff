//! `POST /market/orders`: a buyer orders a basket, with no login. Stock is
//! taken in the same transaction by a conditional UPDATE (never below
//! zero); when any line is short the whole order is rolled back and the
//! answer is 409 `out_of_stock` naming the listings.

use std::collections::HashSet;

use actix_web::{post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;

use super::json::{OrderRequest, PlacedOrder};
use super::model;
use super::views;
use crate::codes::{self, Fulfilment, PaymentMethod};
use crate::db::schema::{market_listings, market_order_items, market_orders, market_sellers};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, Problem};
use crate::http::ApiJson;
use crate::idempotency;
use crate::ids;
use crate::market::payment::epc;
use crate::AppState;

/// The `Idempotency-Key` scope of placements: every buyer is this actor
/// (keys are per organisation), and the operation.
pub const BUYER: &str = "market_buyer";
pub const OPERATION: &str = "place_order";

/// The most lines in one order, and items of one line.
pub const MAX_LINES: usize = 30;
pub const MAX_QUANTITY: i64 = 20;

fn push(errors: &mut Vec<FieldError>, field: &str, code: &str, message: &str) {
    errors.push(FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    });
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|v| v.trim().is_empty())
}

fn one_line(errors: &mut Vec<FieldError>, field: &str, s: Option<&str>, max: usize, multi: bool) {
    let Some(s) = s else { return };
    if s.chars().count() > max {
        push(
            errors,
            field,
            "length",
            &format!("at most {max} characters"),
        );
    } else {
        let check = if multi {
            crate::fields::multi_line(s)
        } else {
            crate::fields::single_line(s)
        };
        if check.is_err() {
            push(
                errors,
                field,
                "control_character",
                "must not contain control characters",
            );
        }
    }
}

/// The checks that need no database.
pub fn check(r: &OrderRequest) -> Result<(), ApiError> {
    let mut e = Vec::new();
    if r.items.is_empty() {
        push(&mut e, "items", "required", "order at least one item");
    } else if r.items.len() > MAX_LINES {
        push(&mut e, "items", "length", "at most 30 lines in one order");
    }
    let mut seen = HashSet::new();
    for (i, line) in r.items.iter().enumerate() {
        if !(1..=MAX_QUANTITY).contains(&line.quantity) {
            push(
                &mut e,
                &format!("items[{i}].quantity"),
                "range",
                "from 1 to 20",
            );
        }
        if !seen.insert(line.listing_id.as_str()) {
            push(
                &mut e,
                &format!("items[{i}].listing_id"),
                "duplicate",
                "this listing is already in the order; raise its quantity",
            );
        }
    }
    if r.buyer.name.trim().is_empty() {
        push(
            &mut e,
            "buyer.name",
            "required",
            "give a name to call you by",
        );
    }
    one_line(&mut e, "buyer.name", Some(&r.buyer.name), 200, false);
    if blank(&r.buyer.email) && blank(&r.buyer.phone) {
        push(
            &mut e,
            "buyer.email",
            "contact_required",
            "give an e-mail address or a phone number",
        );
    }
    if let Some(m) = r.buyer.email.as_deref().filter(|m| !m.trim().is_empty()) {
        if !crate::fields::is_email(m.trim()) || m.len() > 254 {
            push(
                &mut e,
                "buyer.email",
                "email",
                "must be an e-mail address like name@example.org",
            );
        }
    }
    if let Some(p) = r.buyer.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        if digits < 6
            || p.len() > 40
            || !p
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()/.".contains(c))
        {
            push(&mut e, "buyer.phone", "phone", "must be a phone number");
        }
    }
    if let Some(l) = &r.language {
        if !codes::LANGUAGES.contains(&l.as_str()) {
            push(&mut e, "language", "unsupported", "en, sl, ar, uk or fa");
        }
    }
    match r.fulfilment {
        Fulfilment::Pickup if blank(&r.venue_id) => push(
            &mut e,
            "venue_id",
            "required",
            "choose where to pick the order up",
        ),
        Fulfilment::Post if blank(&r.address) => push(
            &mut e,
            "address",
            "required",
            "give the address to send the order to",
        ),
        _ => {}
    }
    if r.fulfilment == Fulfilment::Post && r.payment_method == PaymentMethod::Cash {
        push(
            &mut e,
            "payment_method",
            "cash_needs_pickup",
            "cash is paid at pickup; choose a bank transfer for delivery by post",
        );
    }
    one_line(&mut e, "address", r.address.as_deref(), 500, true);
    one_line(&mut e, "note", r.note.as_deref(), 1000, true);
    if e.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(e))
    }
}

/// One listing as an order needs it.
#[derive(Debug, Clone, Queryable)]
struct Ware {
    id: String,
    organization_id: String,
    seller_id: String,
    title: String,
    price_cents: i32,
    currency: String,
    stock: Option<i32>,
    status: String,
    seller_paused: Option<chrono::NaiveDateTime>,
    seller_erased: Option<chrono::NaiveDateTime>,
}

fn wares(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<Ware>, ApiError> {
    Ok(market_listings::table
        .inner_join(market_sellers::table)
        .filter(market_listings::id.eq_any(ids))
        .select((
            market_listings::id,
            market_listings::organization_id,
            market_listings::seller_id,
            market_listings::title,
            market_listings::price_cents,
            market_listings::currency,
            market_listings::stock,
            market_listings::status,
            market_sellers::paused_at,
            market_sellers::erased_at,
        ))
        .load(conn)?)
}

/// The organisation the basket belongs to, checking that every listing is
/// on sale, of one organisation and one currency.
fn organization_of(conn: &mut DbConnection, r: &OrderRequest) -> Result<String, ApiError> {
    let ids: Vec<String> = r.items.iter().map(|i| i.listing_id.clone()).collect();
    let found = wares(conn, &ids)?;
    let mut e = Vec::new();
    let mut org: Option<&str> = None;
    let mut currency: Option<&str> = None;
    for (i, line) in r.items.iter().enumerate() {
        let field = format!("items[{i}].listing_id");
        let Some(w) = found.iter().find(|w| w.id == line.listing_id) else {
            push(&mut e, &field, "not_found", "no such listing");
            continue;
        };
        let on_sale = matches!(w.status.as_str(), "published" | "sold_out")
            && w.seller_paused.is_none()
            && w.seller_erased.is_none();
        if !on_sale {
            push(&mut e, &field, "not_found", "this listing is not for sale");
            continue;
        }
        if *org.get_or_insert(&w.organization_id) != w.organization_id {
            push(
                &mut e,
                &field,
                "organization",
                "order from one organisation's market at a time",
            );
        }
        if *currency.get_or_insert(&w.currency) != w.currency {
            push(
                &mut e,
                &field,
                "currency",
                "every item of an order must have one currency",
            );
        }
    }
    match (e.is_empty(), org) {
        (true, Some(o)) => Ok(o.to_owned()),
        (true, None) => Err(ApiError::field(
            "items",
            "required",
            "order at least one item",
        )),
        (false, _) => Err(ApiError::Validation(e)),
    }
}

fn check_venue(conn: &mut DbConnection, org: &str, r: &OrderRequest) -> Result<(), ApiError> {
    if r.fulfilment != Fulfilment::Pickup {
        return Ok(());
    }
    let Some(v) = r.venue_id.as_deref() else {
        return Ok(());
    };
    match crate::meetings::venues::model::find(conn, org, v) {
        Ok(venue) if venue.archived_at.is_none() => Ok(()),
        Ok(_) => Err(ApiError::field(
            "venue_id",
            "archived",
            "this venue is closed; pick another",
        )),
        Err(_) => Err(ApiError::field(
            "venue_id",
            "not_found",
            "no such venue of this market",
        )),
    }
}

/// Places the order in the current transaction: reserves stock, writes the
/// order, its lines and its first step. Returns the order's id.
pub fn place(
    conn: &mut DbConnection,
    org: &str,
    r: &OrderRequest,
    token_hash: &str,
) -> Result<String, ApiError> {
    let now = ids::now();
    let ids: Vec<String> = r.items.iter().map(|i| i.listing_id.clone()).collect();
    let found = wares(conn, &ids)?;
    let mut short = Vec::new();
    let mut lines = Vec::new();
    let mut total: i64 = 0;
    let mut currency = String::new();
    for line in &r.items {
        let w = found
            .iter()
            .find(|w| w.id == line.listing_id)
            .ok_or_else(|| ApiError::field("items", "not_found", "no such listing"))?;
        let q = i32::try_from(line.quantity).unwrap_or(i32::MAX);
        let from_stock = w.stock.is_some();
        if from_stock {
            if !model::reserve(conn, &w.id, q, now)? {
                short.push(w.id.clone());
            }
        } else if w.status != "published" {
            short.push(w.id.clone());
        }
        total += i64::from(q) * i64::from(w.price_cents);
        currency.clone_from(&w.currency);
        lines.push((w.clone(), q, from_stock));
    }
    if !short.is_empty() {
        return Err(ApiError::OutOfStock { listings: short });
    }
    let total = i32::try_from(total)
        .map_err(|_| ApiError::field("items", "range", "the order's total is too large"))?;
    let id = ids::new_id();
    // The year and the id's last 12 hex digits: its random part (a UUIDv7
    // begins with the time, which orders placed in the same minute share).
    let hex = id.replace('-', "");
    let number = format!(
        "{}{}",
        now.format("%Y"),
        &hex[hex.len().saturating_sub(12)..]
    );
    let trim = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let pickup = r.fulfilment == Fulfilment::Pickup;
    diesel::insert_into(market_orders::table)
        .values((
            market_orders::id.eq(&id),
            market_orders::organization_id.eq(org),
            market_orders::token_hash.eq(token_hash),
            market_orders::reference.eq(epc::rf_reference(&number)),
            market_orders::buyer_name.eq(r.buyer.name.trim()),
            market_orders::buyer_email.eq(trim(&r.buyer.email)),
            market_orders::buyer_phone.eq(trim(&r.buyer.phone)),
            market_orders::buyer_language.eq(r.language.as_deref().unwrap_or("en")),
            market_orders::fulfilment.eq(r.fulfilment.as_str()),
            market_orders::venue_id.eq(if pickup { trim(&r.venue_id) } else { None }),
            market_orders::address.eq(if pickup { None } else { trim(&r.address) }),
            market_orders::note.eq(trim(&r.note)),
            market_orders::payment_method.eq(r.payment_method.as_str()),
            market_orders::currency.eq(&currency),
            market_orders::total_cents.eq(total),
            market_orders::state.eq("placed"),
            market_orders::placed_at.eq(now),
            market_orders::updated_at.eq(now),
            market_orders::version.eq(1),
        ))
        .execute(conn)?;
    for (w, q, from_stock) in lines {
        diesel::insert_into(market_order_items::table)
            .values((
                market_order_items::id.eq(ids::new_id()),
                market_order_items::order_id.eq(&id),
                market_order_items::listing_id.eq(&w.id),
                market_order_items::seller_id.eq(&w.seller_id),
                market_order_items::title.eq(&w.title),
                market_order_items::quantity.eq(q),
                market_order_items::unit_price_cents.eq(w.price_cents),
                market_order_items::from_stock.eq(from_stock),
            ))
            .execute(conn)?;
    }
    model::add_event(conn, &id, "placed", None, "buyer", now)?;
    Ok(id)
}

/// Orders a basket (no login). Send an `Idempotency-Key` (required): a
/// retry with the same key and body gets the first answer. Stock is taken
/// at once; an unpaid order gives it back after the organisation's hold
/// time. The answer holds the secret of the order's page, shown only now
/// (and to a retry with the same key within a day; the server then forgets
/// the stored answer).
#[utoipa::path(
    tag = "market",
    operation_id = "place_order",
    params(("Idempotency-Key" = String, Header, description = "Makes a retry return the first answer instead of ordering twice")),
    request_body = OrderRequest,
    responses(
        (status = 201, description = "Ordered", body = PlacedOrder),
        (status = 409, description = "`out_of_stock` (see `listings`; nothing was ordered), or the Idempotency-Key was used for another request", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/market/orders")]
pub(super) async fn place_order(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<OrderRequest>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency::key(&req)?.ok_or_else(|| {
        ApiError::field(
            "Idempotency-Key",
            "required",
            "send an Idempotency-Key header (e.g. a random UUID) so that a retry does not order twice",
        )
    })?;
    let input = body.into_inner();
    check(&input)?;
    let hash = idempotency::request_hash(&input);
    let hold = state.settings.market_hold_hours;
    let (status, value) = state
        .db(move |conn| {
            let org = organization_of(conn, &input)?;
            check_venue(conn, &org, &input)?;
            let scope = idempotency::Scope {
                organization_id: &org,
                actor_id: BUYER,
                operation: OPERATION,
                key: &key,
                request_hash: &hash,
            };
            let ids: Vec<String> = input.items.iter().map(|i| i.listing_id.clone()).collect();
            idempotency::create_once(
                conn,
                Some(&scope),
                // A write first: SQLite's write lock (PostgreSQL: the
                // listings' row locks) before anything is read.
                |conn| {
                    diesel::update(market_listings::table.filter(market_listings::id.eq_any(&ids)))
                        .set(market_listings::stock.eq(market_listings::stock))
                        .execute(conn)?;
                    Ok(())
                },
                |conn| {
                    let token = crate::auth::tokens::random_secret("");
                    let token_hash = crate::auth::tokens::sha256_hex(&token);
                    let id = place(conn, &org, &input, &token_hash)?;
                    let row = model::find(conn, Some(&org), &id)?;
                    Ok(PlacedOrder {
                        order: views::public(conn, &row, &token, hold)?,
                        token,
                    })
                },
            )
        })
        .await?;
    Ok(idempotency::created(status).json(value))
}
