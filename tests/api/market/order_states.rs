//! An order's steps: who may make which, the time stamps, illegal steps
//! and stale versions, and stock returned on cancellation.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{expect_problem, order_body, TestApp};

async fn step(
    app: &TestApp,
    token: &str,
    id: &str,
    event: &str,
    version: i64,
) -> reqwest::Response {
    app.send_as(
        Method::POST,
        token,
        &format!("/api/v1/market/orders/{id}/events"),
        Some(json!({"event": event, "version": version})),
    )
    .await
}

#[tokio::test]
async fn staff_move_an_order_from_placed_to_completed_with_a_stamp_per_step() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Koraki", true).await;
    let scarf = app.listing(&m, &m.seller_id, Some(3), 1000).await;
    let placed = app.placed(&order_body(&m, &[(&scarf, 1)])).await;
    let id = placed["order"]["id"].as_str().expect("id");
    let token = placed["token"].as_str().expect("token");

    // Illegal from placed: ready and complete.
    expect_problem(
        step(&app, &m.coordinator, id, "ready", 1).await,
        409,
        "invalid_transition",
    )
    .await;
    expect_problem(
        step(&app, &m.coordinator, id, "complete", 1).await,
        409,
        "invalid_transition",
    )
    .await;
    let mut version = 1;
    for (event, state, stamp) in [
        ("confirm", "confirmed", "confirmed_at"),
        ("mark_paid", "confirmed", "paid_at"),
        ("ready", "ready", "ready_at"),
        ("complete", "completed", "completed_at"),
    ] {
        let res = step(&app, &m.coordinator, id, event, version).await;
        assert_eq!(res.status(), 200, "{event}");
        let order: Value = res.json().await.expect("json");
        assert_eq!(order["state"], state, "{event}");
        assert!(order[stamp].is_string(), "{event} stamps {stamp}");
        version += 1;
        assert_eq!(order["version"], version);
        assert_eq!(
            order["history"]
                .as_array()
                .expect("history")
                .last()
                .expect("last")["event"],
            event
        );
    }
    // Paid twice, cancelled once completed: illegal; a stale version is a conflict.
    expect_problem(
        step(&app, &m.coordinator, id, "mark_paid", version).await,
        409,
        "invalid_transition",
    )
    .await;
    expect_problem(
        step(&app, &m.coordinator, id, "cancel", version).await,
        409,
        "invalid_transition",
    )
    .await;
    // The buyer sees the state in their language and can no longer cancel.
    let tracked: Value = app
        .get(&format!("/api/v1/market/orders/track/{token}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(tracked["state_label"], "Zaključeno");
    assert_eq!(tracked["paid"], true);
    assert!(tracked["release_at"].is_null());
    let res = app
        .client
        .post(app.url(&format!("/api/v1/market/orders/track/{token}/cancel")))
        .send()
        .await
        .expect("cancel");
    expect_problem(res, 409, "invalid_transition").await;
    // Stock stays sold.
    assert_eq!(app.stock_of(&scarf).0, Some(2));
}

#[tokio::test]
async fn a_seller_confirms_and_readies_only_orders_wholly_theirs() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Prodajalka", true).await;
    let mine = app.listing(&m, &m.seller_id, Some(3), 1000).await;
    let other_seller = app.seed_seller(&m.org.id, "Another maker");
    let theirs = app.listing(&m, &other_seller, Some(3), 900).await;

    let own = app.placed(&order_body(&m, &[(&mine, 1)])).await;
    let id = own["order"]["id"].as_str().expect("id");
    expect_problem(
        step(&app, &m.seller, id, "mark_paid", 1).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        step(&app, &m.seller, id, "cancel", 1).await,
        403,
        "forbidden",
    )
    .await;
    let res = step(&app, &m.seller, id, "confirm", 1).await;
    assert_eq!(res.status(), 200);
    // A stale version is refused.
    expect_problem(
        step(&app, &m.seller, id, "ready", 1).await,
        409,
        "version_conflict",
    )
    .await;
    let res = step(&app, &m.seller, id, "ready", 2).await;
    assert_eq!(res.status(), 200);
    expect_problem(
        step(&app, &m.seller, id, "complete", 3).await,
        403,
        "forbidden",
    )
    .await;

    // An order with another seller's items too: the seller sees only their
    // line and may not confirm it.
    let mixed = app
        .placed(&order_body(&m, &[(&mine, 1), (&theirs, 1)]))
        .await;
    let id = mixed["order"]["id"].as_str().expect("id");
    let seen: Value = app
        .get_json(&m.seller, &format!("/api/v1/market/orders/{id}"))
        .await;
    assert_eq!(seen["items"].as_array().expect("items").len(), 1);
    assert_eq!(seen["total_cents"], 1000);
    expect_problem(
        step(&app, &m.seller, id, "confirm", 1).await,
        403,
        "forbidden",
    )
    .await;
    let staff: Value = app
        .get_json(&m.coordinator, &format!("/api/v1/market/orders/{id}"))
        .await;
    assert_eq!(staff["state"], "placed");
    assert_eq!(staff["total_cents"], 1900);
}

#[tokio::test]
async fn cancelling_returns_the_stock_and_puts_a_sold_out_listing_back_on_sale() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Vračilo", true).await;
    let scarf = app.listing(&m, &m.seller_id, Some(2), 1000).await;
    let bread = app.listing(&m, &m.seller_id, None, 300).await;
    let placed = app
        .placed(&order_body(&m, &[(&scarf, 2), (&bread, 3)]))
        .await;
    assert_eq!(app.stock_of(&scarf), (Some(0), "sold_out".into()));
    let id = placed["order"]["id"].as_str().expect("id");
    assert_eq!(
        step(&app, &m.coordinator, id, "confirm", 1).await.status(),
        200
    );
    assert_eq!(
        step(&app, &m.coordinator, id, "ready", 2).await.status(),
        200
    );
    let res = step(&app, &m.coordinator, id, "cancel", 3).await;
    assert_eq!(res.status(), 200);
    let order: Value = res.json().await.expect("json");
    assert_eq!(order["state"], "cancelled");
    assert_eq!(order["cancel_reason"], "staff");
    assert!(order["cancelled_at"].is_string());
    assert_eq!(app.stock_of(&scarf), (Some(2), "published".into()));
    assert_eq!(app.stock_of(&bread), (None, "published".into()));
    expect_problem(
        step(&app, &m.coordinator, id, "confirm", 4).await,
        409,
        "invalid_transition",
    )
    .await;
}
