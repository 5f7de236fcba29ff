//! The order's steps: which step leads from which state to which, who may
//! make it, and the time stamp it sets.
//!
//! | event | from | to | stamps | who |
//! |-------|------|----|--------|-----|
//! | `confirm` | placed | confirmed | `confirmed_at` | staff; the seller when every line is theirs |
//! | `mark_paid` | placed, confirmed, ready (unpaid) | (same) | `paid_at` | staff |
//! | `ready` | confirmed | ready | `ready_at` | staff; the seller when every line is theirs |
//! | `complete` | ready | completed | `completed_at` | staff |
//! | `cancel` | placed, confirmed, ready | cancelled | `cancelled_at` | staff; the buyer while placed or confirmed; the server when unpaid too long |
//!
//! A cancellation returns the stock taken.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::OrderEvent;
use super::model::{self, OrderRow};
use crate::codes::OrderState;
use crate::db::schema::market_orders;
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};

/// Who makes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Staff,
    /// A seller whose items are all the order's lines (`true`), or some of them.
    Seller {
        owns_every_line: bool,
    },
    Buyer,
    Server,
}

impl Who {
    pub fn kind(self) -> &'static str {
        match self {
            Who::Staff => "staff",
            Who::Seller { .. } => "seller",
            Who::Buyer => "buyer",
            Who::Server => "server",
        }
    }
}

/// The state after `event`, or `None` when the step cannot be made from `state`.
pub fn next(state: OrderState, paid: bool, event: OrderEvent) -> Option<OrderState> {
    use OrderState::*;
    match (event, state) {
        (OrderEvent::Confirm, Placed) => Some(Confirmed),
        (OrderEvent::MarkPaid, Placed | Confirmed | Ready) if !paid => Some(state),
        (OrderEvent::Ready, Confirmed) => Some(Ready),
        (OrderEvent::Complete, Ready) => Some(Completed),
        (OrderEvent::Cancel, Placed | Confirmed | Ready) => Some(Cancelled),
        _ => None,
    }
}

/// Whether `who` may make `event` at all.
pub fn allowed(who: Who, event: OrderEvent, state: OrderState) -> bool {
    match who {
        Who::Staff | Who::Server => true,
        Who::Seller { owns_every_line } => {
            owns_every_line && matches!(event, OrderEvent::Confirm | OrderEvent::Ready)
        }
        Who::Buyer => {
            event == OrderEvent::Cancel
                && matches!(state, OrderState::Placed | OrderState::Confirmed)
        }
    }
}

fn invalid(event: OrderEvent, state: OrderState) -> ApiError {
    ApiError::conflict(
        ProblemCode::InvalidTransition,
        format!(
            "an order that is {} cannot take the step {}",
            state.as_str(),
            event.as_str()
        ),
    )
}

/// One step asked for.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub event: OrderEvent,
    pub who: Who,
    pub actor_id: Option<&'a str>,
    /// The version the caller read (staff); `None` for the buyer and the server.
    pub version: Option<i32>,
    /// `buyer`, `staff`, `seller` or `unpaid`, for a cancellation.
    pub cancel_reason: &'a str,
}

/// Makes the step on `order` (read in this transaction): checks the role,
/// the state and (when given) the version, stamps it, records it and
/// returns the stock of a cancellation.
pub fn apply(
    conn: &mut DbConnection,
    order: &OrderRow,
    step: &Step<'_>,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    let Step {
        event,
        who,
        actor_id,
        version,
        cancel_reason,
    } = *step;
    let state = OrderState::parse(&order.state).ok_or_else(|| ApiError::internal("bad state"))?;
    if !allowed(who, event, state) {
        if who == Who::Buyer {
            return Err(invalid(event, state));
        }
        return Err(ApiError::forbidden(format!(
            "a seller may only confirm an order or mark it ready, and only when every item is theirs; not {}",
            event.as_str()
        )));
    }
    let to = next(state, order.paid_at.is_some(), event).ok_or_else(|| invalid(event, state))?;
    if let Some(v) = version {
        if v != order.version {
            return Err(ApiError::conflict(
                ProblemCode::VersionConflict,
                "the order changed since you read it; reload and try again",
            ));
        }
    }
    let target = market_orders::table
        .filter(market_orders::id.eq(&order.id))
        .filter(market_orders::version.eq(order.version));
    let common = (
        market_orders::state.eq(to.as_str()),
        market_orders::updated_at.eq(now),
        market_orders::version.eq(order.version + 1),
    );
    let n = match event {
        OrderEvent::Confirm => diesel::update(target)
            .set((common, market_orders::confirmed_at.eq(now)))
            .execute(conn)?,
        OrderEvent::MarkPaid => diesel::update(target)
            .set((common, market_orders::paid_at.eq(now)))
            .execute(conn)?,
        OrderEvent::Ready => diesel::update(target)
            .set((common, market_orders::ready_at.eq(now)))
            .execute(conn)?,
        OrderEvent::Complete => diesel::update(target)
            .set((common, market_orders::completed_at.eq(now)))
            .execute(conn)?,
        OrderEvent::Cancel => diesel::update(target)
            .set((
                common,
                market_orders::cancelled_at.eq(now),
                market_orders::cancel_reason.eq(cancel_reason),
            ))
            .execute(conn)?,
    };
    if n != 1 {
        return Err(ApiError::conflict(
            ProblemCode::VersionConflict,
            "the order changed meanwhile; reload and try again",
        ));
    }
    if event == OrderEvent::Cancel {
        model::return_stock(conn, &order.id, now)?;
    }
    model::add_event(conn, &order.id, event.as_str(), actor_id, who.kind(), now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_allows_only_forward_steps() {
        use OrderState::*;
        assert_eq!(next(Placed, false, OrderEvent::Confirm), Some(Confirmed));
        assert_eq!(next(Placed, false, OrderEvent::Ready), None);
        assert_eq!(next(Confirmed, false, OrderEvent::Ready), Some(Ready));
        assert_eq!(next(Ready, false, OrderEvent::Complete), Some(Completed));
        assert_eq!(next(Completed, false, OrderEvent::Cancel), None);
        assert_eq!(next(Cancelled, false, OrderEvent::Confirm), None);
        assert_eq!(next(Confirmed, true, OrderEvent::MarkPaid), None);
        assert_eq!(
            next(Confirmed, false, OrderEvent::MarkPaid),
            Some(Confirmed)
        );
        let seller = Who::Seller {
            owns_every_line: true,
        };
        assert!(allowed(seller, OrderEvent::Confirm, Placed));
        assert!(!allowed(seller, OrderEvent::MarkPaid, Placed));
        assert!(!allowed(
            Who::Seller {
                owns_every_line: false
            },
            OrderEvent::Confirm,
            Placed
        ));
        assert!(!allowed(Who::Buyer, OrderEvent::Cancel, Ready));
    }
}
