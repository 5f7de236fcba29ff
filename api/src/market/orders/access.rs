//! Who sees which orders: the organisation's admins and coordinators see
//! all of them; a seller (a participant with a seller record) sees the
//! orders holding their items, only their lines and the buyer's name. An
//! order of another organisation, or one without the seller's items, is
//! 404 as if it did not exist.

use diesel::prelude::*;

use super::model::{self, OrderRow};
use crate::auth::Actor;
use crate::db::schema::{market_order_items, market_sellers};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::policy::Role;

/// The caller, as the orders see them.
#[derive(Debug, Clone)]
pub enum OrderViewer {
    Staff,
    /// A seller's id.
    Seller(String),
}

impl OrderViewer {
    /// The seller's id, `None` for staff.
    pub fn seller(&self) -> Option<&str> {
        match self {
            OrderViewer::Staff => None,
            OrderViewer::Seller(s) => Some(s),
        }
    }
}

/// Whether the caller runs the market (admins and coordinators).
pub fn is_staff(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Coordinator)
}

/// The seller record of the caller (a participant), if any.
pub fn own_seller(conn: &mut DbConnection, actor: &Actor) -> Result<Option<String>, ApiError> {
    let Some(user) = actor.user_id() else {
        return Ok(None);
    };
    let Some(participant) =
        crate::meetings::model::participant_of(conn, &actor.organization_id, user)?
    else {
        return Ok(None);
    };
    Ok(market_sellers::table
        .filter(market_sellers::organization_id.eq(&actor.organization_id))
        .filter(market_sellers::participant_id.eq(participant))
        .select(market_sellers::id)
        .first(conn)
        .optional()?)
}

/// Staff, or the caller's seller record; 403 for a participant who sells nothing.
pub fn viewer(conn: &mut DbConnection, actor: &Actor) -> Result<OrderViewer, ApiError> {
    if is_staff(actor) {
        return Ok(OrderViewer::Staff);
    }
    own_seller(conn, actor)?
        .map(OrderViewer::Seller)
        .ok_or_else(|| ApiError::forbidden("only sellers and the market's coordinators see orders"))
}

/// Whether `seller` has a line in the order.
pub fn has_lines(conn: &mut DbConnection, order_id: &str, seller: &str) -> Result<bool, ApiError> {
    let n: i64 = market_order_items::table
        .filter(market_order_items::order_id.eq(order_id))
        .filter(market_order_items::seller_id.eq(seller))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether every line of the order is `seller`'s.
pub fn owns_every_line(
    conn: &mut DbConnection,
    order_id: &str,
    seller: &str,
) -> Result<bool, ApiError> {
    let n: i64 = market_order_items::table
        .filter(market_order_items::order_id.eq(order_id))
        .filter(market_order_items::seller_id.ne(seller))
        .count()
        .get_result(conn)?;
    Ok(n == 0)
}

/// The order, if the viewer may see it (404 otherwise).
pub fn find(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &OrderViewer,
    id: &str,
) -> Result<OrderRow, ApiError> {
    let row = model::find(conn, Some(&actor.organization_id), id)?;
    if let OrderViewer::Seller(s) = viewer {
        if !has_lines(conn, &row.id, s)? {
            return Err(ApiError::not_found("no such order"));
        }
    }
    Ok(row)
}
