//! The buyer's secret link: `GET /market/orders/track/{token}` (the order
//! in the buyer's language), its EPC QR code, and cancelling while the
//! order is placed or confirmed. No login: the link is the key; an unknown
//! token is 404.

use actix_web::{get, post, web, HttpResponse};
use diesel::Connection;

use super::json::{OrderEvent, PublicOrder};
use super::states::{self, Step, Who};
use super::{model, views};
use crate::error::{ApiError, Problem};
use crate::ids;
use crate::market::payment::epc;
use crate::AppState;

/// An order followed through its secret link, in the language it was
/// placed in. `payment` is `null` for cash, or when the organisation has
/// no account to pay into (then pay in cash at pickup or contact it).
#[utoipa::path(
    tag = "market",
    operation_id = "track_order",
    params(("token" = String, Path, description = "The order's secret")),
    responses(
        (status = 200, description = "The order", body = PublicOrder),
        (status = 404, description = "No order has this secret", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/market/orders/track/{token}")]
pub(super) async fn track_order(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let hold = state.settings.market_hold_hours;
    let view = state
        .db(move |conn| {
            let row = model::by_token(conn, &token)?;
            views::public(conn, &row, &token, hold)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The EPC QR code (SEPA credit transfer) of a bank-transfer order, for a
/// banking app to scan. 404 when the order has no such payment.
#[utoipa::path(
    tag = "market",
    operation_id = "order_payment_qr",
    params(("token" = String, Path, description = "The order's secret")),
    responses(
        (status = 200, description = "An SVG image", content_type = "image/svg+xml", body = String),
        (status = 404, description = "No such order, or it is not paid by a transfer we can draw", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/market/orders/track/{token}/qr.svg")]
pub(super) async fn order_payment_qr(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let svg = state
        .db(move |conn| {
            let row = model::by_token(conn, &token)?;
            let settings = model::settings(conn, &row.organization_id)?;
            let none = || ApiError::not_found("this order has no bank transfer to draw");
            let transfer = views::transfer(&row, &settings).ok_or_else(none)?;
            let payload = epc::payload(&transfer).map_err(|_| none())?;
            epc::qr_svg(&payload).map_err(|_| none())
        })
        .await?;
    Ok(HttpResponse::Ok().content_type("image/svg+xml").body(svg))
}

/// The buyer cancels their order while it is placed or confirmed; the
/// stock returns. 409 `invalid_transition` later on.
#[utoipa::path(
    tag = "market",
    operation_id = "cancel_tracked_order",
    params(("token" = String, Path, description = "The order's secret")),
    responses(
        (status = 200, description = "Cancelled", body = PublicOrder),
        (status = 409, description = "`invalid_transition`: ready, completed or already cancelled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/market/orders/track/{token}/cancel")]
pub(super) async fn cancel_tracked_order(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let hold = state.settings.market_hold_hours;
    let view = state
        .db(move |conn| {
            conn.transaction(|conn| {
                let row = model::by_token(conn, &token)?;
                model::lock(conn, &row.id)?;
                let row = model::find(conn, None, &row.id)?;
                let step = Step {
                    event: OrderEvent::Cancel,
                    who: Who::Buyer,
                    actor_id: None,
                    version: None,
                    cancel_reason: "buyer",
                };
                states::apply(conn, &row, &step, ids::now())?;
                let row = model::find(conn, None, &row.id)?;
                views::public(conn, &row, &token, hold)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
