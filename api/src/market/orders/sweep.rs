//! The server's own clean-up, with no cron job outside it: every
//! `SKUPAJ_MARKET_SWEEP_SECONDS` it cancels orders still unpaid
//! `SKUPAJ_MARKET_HOLD_HOURS` after they were placed (their stock returns,
//! `cancel_reason = unpaid`), and erases the buyer of orders completed or
//! cancelled more than `SKUPAJ_MARKET_BUYER_DAYS` ago. It also forgets
//! the stored answers of order placements a day old: they hold the secret
//! of the order's link (a retry must get it again), so they are kept only
//! as long as a retry makes sense.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::OrderEvent;
use super::model;
use super::states::{self, Step, Who};
use crate::db::schema::{idempotency_keys, market_orders};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::{AppState, Settings};

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepCounts {
    /// Unpaid orders cancelled and their stock returned.
    pub released: usize,
    /// Orders whose buyer was erased.
    pub erased: usize,
    /// Stored answers of order placements forgotten.
    pub keys_forgotten: usize,
}

/// How long a placement's answer is kept for retries with its `Idempotency-Key`.
pub const KEEP_ANSWERS_HOURS: i64 = 24;

/// One sweep at `now`: each release in its own transaction, then the erasure.
pub fn sweep(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    settings: &Settings,
) -> Result<SweepCounts, ApiError> {
    let hold_until = now - chrono::Duration::hours(settings.market_hold_hours);
    let due: Vec<String> = market_orders::table
        .filter(market_orders::state.eq_any(["placed", "confirmed"]))
        .filter(market_orders::paid_at.is_null())
        .filter(market_orders::placed_at.lt(hold_until))
        .select(market_orders::id)
        .load(conn)?;
    let mut counts = SweepCounts::default();
    for id in due {
        let released = conn.transaction(|conn| {
            model::lock(conn, &id)?;
            let row = model::find(conn, None, &id)?;
            let still_due = matches!(row.state.as_str(), "placed" | "confirmed")
                && row.paid_at.is_none()
                && row.placed_at < hold_until;
            if !still_due {
                return Ok::<_, ApiError>(false);
            }
            let step = Step {
                event: OrderEvent::Cancel,
                who: Who::Server,
                actor_id: None,
                version: None,
                cancel_reason: "unpaid",
            };
            states::apply(conn, &row, &step, now)?;
            Ok(true)
        })?;
        counts.released += usize::from(released);
    }
    let forget_before = now - chrono::Duration::days(settings.market_buyer_days);
    let erase = (
        market_orders::buyer_name.eq(None::<String>),
        market_orders::buyer_email.eq(None::<String>),
        market_orders::buyer_phone.eq(None::<String>),
        market_orders::address.eq(None::<String>),
        market_orders::note.eq(None::<String>),
        market_orders::buyer_erased_at.eq(Some(now)),
        market_orders::updated_at.eq(now),
        market_orders::version.eq(market_orders::version + 1),
    );
    counts.erased += diesel::update(
        market_orders::table
            .filter(market_orders::buyer_erased_at.is_null())
            .filter(market_orders::state.eq("completed"))
            .filter(market_orders::completed_at.lt(forget_before)),
    )
    .set(erase.clone())
    .execute(conn)?;
    counts.erased += diesel::update(
        market_orders::table
            .filter(market_orders::buyer_erased_at.is_null())
            .filter(market_orders::state.eq("cancelled"))
            .filter(market_orders::cancelled_at.lt(forget_before)),
    )
    .set(erase)
    .execute(conn)?;
    counts.keys_forgotten = diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::actor_id.eq(super::place::BUYER))
            .filter(idempotency_keys::operation.eq(super::place::OPERATION))
            .filter(
                idempotency_keys::created_at.lt(now - chrono::Duration::hours(KEEP_ANSWERS_HOURS)),
            ),
    )
    .execute(conn)?;
    Ok(counts)
}

/// Held by the server while it runs: the sweep stops as soon as the last
/// clone is dropped.
pub type Lifeline = Arc<tokio::sync::watch::Sender<()>>;

/// Starts the sweep on the current tokio runtime: the first sweep one
/// period after the start, then every period, until the server drops the
/// [`Lifeline`] returned. Outside a runtime it does not run.
pub fn start(state: AppState) -> Lifeline {
    let (alive, mut gone) = tokio::sync::watch::channel(());
    let alive = Arc::new(alive);
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        log::warn!("no runtime: the market sweep does not run");
        return alive;
    };
    let period = Duration::from_secs(state.settings.market_sweep_seconds.max(1));
    runtime.spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = gone.changed() => return,
            }
            let settings = state.settings.clone();
            let done = state
                .db(move |conn| sweep(conn, crate::ids::now(), &settings))
                .await;
            match done {
                Ok(c) if c.released + c.erased + c.keys_forgotten > 0 => log::info!(
                    "market sweep: {} unpaid order(s) released, {} buyer(s) erased, {} placement answer(s) forgotten",
                    c.released,
                    c.erased,
                    c.keys_forgotten
                ),
                Ok(_) => {}
                Err(e) => log::warn!("market sweep failed: {e}"),
            }
        }
    });
    alive
}
