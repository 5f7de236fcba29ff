//! The staff and sellers' side: `GET /market/orders`, `GET
//! /market/orders/{id}` and `POST /market/orders/{id}/events`.

use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;

use super::access::{self, OrderViewer};
use super::json::{Order, OrderEventInput, OrderListQuery};
use super::model::{self, OrderRow};
use super::states::{self, Step, Who};
use super::views;
use crate::audit;
use crate::auth::Actor;
use crate::db::schema::{market_order_items, market_orders};
use crate::error::{ApiError, Problem};
use crate::http::ApiJson;
use crate::ids;
use crate::pagination::{time_key, Page, PageRequest};
use crate::policy::{Action, Resource};
use crate::AppState;

const NEWEST: &str = "placed_desc";

/// Orders, newest first: staff see the organisation's; a seller those
/// holding their items (only their lines, the buyer's name only).
#[utoipa::path(
    tag = "market",
    operation_id = "list_orders",
    security(("bearer" = [])),
    params(OrderListQuery),
    responses((status = 200, description = "A page of orders", body = Page<Order>))
)]
#[get("/market/orders")]
pub(super) async fn list_orders(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<OrderListQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::List, Resource::Order)?;
    let request = PageRequest::parse(query.limit, query.cursor.as_deref(), NEWEST)?;
    let filter_state = query.state;
    let since = query.updated_since.map(|t| t.naive_utc());
    let read = audit::ReadEvent::new(&actor, "list", "order");
    let page = state
        .db(move |conn| {
            let viewer = access::viewer(conn, &actor)?;
            let mut q = market_orders::table
                .filter(market_orders::organization_id.eq(&actor.organization_id))
                .select(OrderRow::as_select())
                .order((market_orders::placed_at.desc(), market_orders::id.desc()))
                .limit(request.fetch())
                .into_boxed();
            if let Some(s) = viewer.seller() {
                q = q.filter(
                    market_orders::id.eq_any(
                        market_order_items::table
                            .filter(market_order_items::seller_id.eq(s.to_owned()))
                            .select(market_order_items::order_id),
                    ),
                );
            }
            if let Some(s) = filter_state {
                q = q.filter(market_orders::state.eq(s.as_str()));
            }
            if let Some(t) = since {
                q = q.filter(market_orders::updated_at.ge(t));
            }
            if let Some(c) = &request.after {
                let t = c.time()?;
                q = q.filter(
                    market_orders::placed_at.lt(t).or(market_orders::placed_at
                        .eq(t)
                        .and(market_orders::id.lt(c.id.clone()))),
                );
            }
            let mut rows: Vec<OrderRow> = q.load(conn)?;
            let next_cursor = request.cut(&mut rows, |r| (time_key(r.placed_at), r.id.clone()));
            let items = rows
                .iter()
                .map(|r| views::staff(conn, r, viewer.seller()))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Page { items, next_cursor })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One order (staff; a seller only an order with their items).
#[utoipa::path(
    tag = "market",
    operation_id = "get_order",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The order's id")),
    responses(
        (status = 200, description = "The order", body = Order),
        (status = 404, description = "No such order (or not one of the seller's)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/market/orders/{id}")]
pub(super) async fn get_order(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::Order)?;
    let id = id.into_inner();
    let read = audit::ReadEvent::new(&actor, "read", "order").of(id.clone());
    let view = state
        .db(move |conn| {
            let viewer = access::viewer(conn, &actor)?;
            let row = access::find(conn, &actor, &viewer, &id)?;
            views::staff(conn, &row, viewer.seller())
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Moves an order on: `confirm`, `mark_paid`, `ready`, `complete` or
/// `cancel`, with the version last read. Staff make every step; a seller
/// may confirm and mark ready an order whose every item is theirs.
/// Cancelling returns the stock.
#[utoipa::path(
    tag = "market",
    operation_id = "order_event",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The order's id")),
    request_body = OrderEventInput,
    responses(
        (status = 200, description = "The order after the step", body = Order),
        (status = 403, description = "A seller asked for a step only staff make", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition` from this state, or `version_conflict`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/market/orders/{id}/events")]
pub(super) async fn order_event(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: ApiJson<OrderEventInput>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Order)?;
    let input = body.into_inner();
    if input.version < 1 {
        return Err(ApiError::field(
            "version",
            "range",
            "send the version you last read",
        ));
    }
    let id = id.into_inner();
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let viewer = access::viewer(conn, &actor)?;
                let row = access::find(conn, &actor, &viewer, &id)?;
                model::lock(conn, &row.id)?;
                let row = model::find(conn, Some(&actor.organization_id), &row.id)?;
                let who = match &viewer {
                    OrderViewer::Staff => Who::Staff,
                    OrderViewer::Seller(s) => Who::Seller {
                        owns_every_line: access::owns_every_line(conn, &row.id, s)?,
                    },
                };
                let step = Step {
                    event: input.event,
                    who,
                    actor_id: actor.user_id(),
                    version: Some(input.version),
                    cancel_reason: if who == Who::Staff { "staff" } else { "seller" },
                };
                states::apply(conn, &row, &step, ids::now())?;
                audit::record(conn, &actor, input.event.as_str(), "order", Some(&row.id))?;
                let row = model::find(conn, Some(&actor.organization_id), &row.id)?;
                views::staff(conn, &row, viewer.seller())
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
