//! The server's own sweep: unpaid orders release their stock after the hold
//! time, and buyers are erased after the retention.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use serde_json::Value;
use skupaj::db::schema::market_orders;

use crate::support::{order_body, Setup, TestApp};

fn backdate(app: &TestApp, id: &str, hours: i64) {
    let then = chrono::Utc::now().naive_utc() - chrono::Duration::hours(hours);
    diesel::update(market_orders::table.find(id))
        .set(market_orders::placed_at.eq(then))
        .execute(&mut app.conn())
        .expect("backdate");
}

fn state_of(app: &TestApp, id: &str) -> (String, Option<String>) {
    market_orders::table
        .find(id)
        .select((market_orders::state, market_orders::cancel_reason))
        .first(&mut app.conn())
        .expect("order")
}

#[tokio::test]
async fn the_server_itself_releases_unpaid_orders_after_the_hold_time() {
    let app = TestApp::spawn_with(Setup {
        env: HashMap::from([
            ("SKUPAJ_MARKET_SWEEP_SECONDS".into(), "1".into()),
            ("SKUPAJ_MARKET_HOLD_HOURS".into(), "1".into()),
        ]),
        ..Setup::default()
    })
    .await;
    let m = app.market("Zavod Čas", true).await;
    let scarf = app.listing(&m, &m.seller_id, Some(3), 1000).await;
    let unpaid = app.placed(&order_body(&m, &[(&scarf, 2)])).await;
    let paid = app.placed(&order_body(&m, &[(&scarf, 1)])).await;
    let fresh_id = {
        // Made sold out by the two orders; a fresh one would be refused.
        assert_eq!(app.stock_of(&scarf), (Some(0), "sold_out".into()));
        unpaid["order"]["id"].as_str().expect("id").to_string()
    };
    let paid_id = paid["order"]["id"].as_str().expect("id").to_string();
    // The paid one stays even when old.
    let res = app
        .send_as(
            reqwest::Method::POST,
            &m.coordinator,
            &format!("/api/v1/market/orders/{paid_id}/events"),
            Some(serde_json::json!({"event": "mark_paid", "version": 1})),
        )
        .await;
    assert_eq!(res.status(), 200);
    backdate(&app, &fresh_id, 2);
    backdate(&app, &paid_id, 2);

    let deadline = Instant::now() + Duration::from_secs(10);
    while state_of(&app, &fresh_id).0 != "cancelled" {
        assert!(
            Instant::now() < deadline,
            "the server did not release the order"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        state_of(&app, &fresh_id),
        ("cancelled".into(), Some("unpaid".into()))
    );
    assert_eq!(app.stock_of(&scarf), (Some(2), "published".into()));
    assert_eq!(state_of(&app, &paid_id).0, "placed");
    let token = unpaid["token"].as_str().expect("token");
    let tracked: Value = app
        .get(&format!("/api/v1/market/orders/track/{token}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(tracked["history"][1]["event"], "cancel");
}

#[tokio::test]
async fn buyers_are_erased_after_the_retention_and_not_before() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Pozaba", true).await;
    let scarf = app.listing(&m, &m.seller_id, Some(5), 1000).await;
    let old = app.placed(&order_body(&m, &[(&scarf, 1)])).await;
    let recent = app.placed(&order_body(&m, &[(&scarf, 1)])).await;
    let old_id = old["order"]["id"].as_str().expect("id").to_string();
    let recent_id = recent["order"]["id"].as_str().expect("id").to_string();
    let settings = app.state.settings.clone();
    let now = chrono::Utc::now().naive_utc();
    let days = settings.market_buyer_days;
    for id in [&old_id, &recent_id] {
        let cancel = format!("/api/v1/market/orders/{id}/events");
        let res = app
            .send_as(
                reqwest::Method::POST,
                &m.coordinator,
                &cancel,
                Some(serde_json::json!({"event": "cancel", "version": 1})),
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    diesel::update(market_orders::table.find(&old_id))
        .set(market_orders::cancelled_at.eq(now - chrono::Duration::days(days + 1)))
        .execute(&mut app.conn())
        .expect("backdate");
    let counts = skupaj::market::orders::sweep(&mut app.conn(), now, &settings).expect("sweep");
    assert_eq!(counts.erased, 1);
    assert_eq!(counts.released, 0);
    let buyer = |id: &str| -> (Option<String>, Option<String>, bool) {
        market_orders::table
            .find(id)
            .select((
                market_orders::buyer_name,
                market_orders::buyer_email,
                market_orders::buyer_erased_at.is_not_null(),
            ))
            .first(&mut app.conn())
            .expect("order")
    };
    assert_eq!(buyer(&old_id), (None, None, true));
    assert_eq!(
        buyer(&recent_id),
        (
            Some("Ana Kupec".into()),
            Some("ana@example.org".into()),
            false
        )
    );
    // The staff view shows the erasure.
    let seen: Value = app
        .get_json(&m.coordinator, &format!("/api/v1/market/orders/{old_id}"))
        .await;
    assert!(seen["buyer"]["name"].is_null());
    assert!(seen["buyer"]["erased_at"].is_string());
    // A second sweep has nothing left to do.
    let again = skupaj::market::orders::sweep(&mut app.conn(), now, &settings).expect("sweep");
    assert_eq!(again, skupaj::market::orders::SweepCounts::default());
    // A day later the stored answers of the placements (with the links'
    // secrets) are forgotten.
    let later = now + chrono::Duration::hours(25);
    let counts = skupaj::market::orders::sweep(&mut app.conn(), later, &settings).expect("sweep");
    assert_eq!(counts.keys_forgotten, 2);
}
