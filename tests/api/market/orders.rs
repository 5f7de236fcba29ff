//! Placing orders with no login, following them by the secret link, and
//! the staff side's access rules.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::market::payment::{epc, iban};
use skupaj::policy::Role;

use crate::support::{expect_problem, field_codes, order_body, Page, TestApp, MARKET_IBAN};

#[tokio::test]
async fn a_buyer_orders_for_pickup_and_follows_the_order_in_their_language() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Tržnica", true).await;
    let scarf = app.listing(&m, &m.seller_id, Some(3), 1250).await;
    let bread = app.listing(&m, &m.seller_id, None, 400).await;
    let placed = app
        .placed(&order_body(&m, &[(&scarf, 2), (&bread, 1)]))
        .await;
    let order = &placed["order"];
    let token = placed["token"].as_str().expect("token");
    assert!(token.len() >= 43, "32 random bytes");
    assert_eq!(order["state"], "placed");
    assert_eq!(order["state_label"], "Oddano");
    assert_eq!(order["total_cents"], 2900);
    assert_eq!(order["currency"], "EUR");
    assert_eq!(order["items"][0]["title"], "Haljina šivana");
    assert_eq!(order["pickup_venue"]["name"], "Market corner");
    assert_eq!(order["paid"], false);
    assert!(order["release_at"].is_string());
    let reference = order["reference"].as_str().expect("reference");
    assert!(epc::valid_rf(reference), "{reference}");
    assert_eq!(order["payment"]["iban"], MARKET_IBAN);
    assert_eq!(order["payment"]["amount_cents"], 2900);
    assert_eq!(order["payment"]["reference"], reference);
    // Stock taken; the made-to-order item takes none.
    assert_eq!(app.stock_of(&scarf), (Some(1), "published".into()));
    assert_eq!(app.stock_of(&bread), (None, "published".into()));

    // The token is stored hashed, never as it is.
    let hashes: Vec<String> = {
        use diesel::prelude::*;
        use skupaj::db::schema::market_orders;
        market_orders::table
            .select(market_orders::token_hash)
            .load(&mut app.conn())
            .expect("hashes")
    };
    assert_eq!(hashes, vec![skupaj::auth::tokens::sha256_hex(token)]);

    let tracked: Value = app
        .get(&format!("/api/v1/market/orders/track/{token}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(tracked["id"], order["id"]);
    assert_eq!(tracked["history"][0]["event"], "placed");

    // The QR code draws the EPC payload of this order's amount and reference.
    let qr_url = tracked["payment"]["qr_url"].as_str().expect("qr url");
    let res = app.get(qr_url).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.text().await.expect("svg").contains("<svg"));
    let payload = epc::payload(&epc::Transfer {
        bic: None,
        name: "Društvo Skupaj".into(),
        iban: iban::validate(MARKET_IBAN).expect("iban"),
        currency: "EUR".into(),
        amount_cents: 2900,
        purpose: None,
        reference: reference.into(),
        note: None,
    })
    .expect("payload");
    assert!(payload.contains("\nEUR29.00\n"), "{payload}");
    assert!(payload.ends_with(reference), "{payload}");

    // A wrong token is 404.
    let res = app.get("/api/v1/market/orders/track/not-a-token").await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .get("/api/v1/market/orders/track/not-a-token/qr.svg")
        .await;
    expect_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn the_same_idempotency_key_gives_the_same_order_once() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Ključ", true).await;
    let scarf = app.listing(&m, &m.seller_id, Some(5), 1000).await;
    let body = order_body(&m, &[(&scarf, 2)]);
    let first = app.place_order("retry-1", &body).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.expect("json");
    let second = app.place_order("retry-1", &body).await;
    assert_eq!(second.status(), 201);
    let second: Value = second.json().await.expect("json");
    assert_eq!(first["order"]["id"], second["order"]["id"]);
    assert_eq!(first["token"], second["token"]);
    assert_eq!(app.stock_of(&scarf).0, Some(3));
    // Another key is another order, with a reference of its own (a bank
    // transfer names the order by it), even within the same second.
    let third: Value = app
        .place_order("retry-2", &body)
        .await
        .json()
        .await
        .expect("json");
    assert_ne!(third["order"]["id"], first["order"]["id"]);
    assert_ne!(third["order"]["reference"], first["order"]["reference"]);
    assert_eq!(app.stock_of(&scarf).0, Some(1));
    // The same key for another basket is refused.
    let other = order_body(&m, &[(&scarf, 1)]);
    expect_problem(app.place_order("retry-1", &other).await, 409, "conflict").await;
    assert_eq!(app.stock_of(&scarf).0, Some(1));
    // No key at all: 422.
    let res = app.place_order("", &body).await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["Idempotency-Key:required"]);
}

#[tokio::test]
async fn bad_orders_are_refused_with_field_codes_and_take_nothing() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Napake", false).await;
    let other = app.market("Zavod Drugi", false).await;
    let scarf = app.listing(&m, &m.seller_id, Some(2), 1000).await;
    let theirs = app.listing(&other, &other.seller_id, Some(2), 1000).await;
    let good = order_body(&m, &[(&scarf, 1)]);
    let with = |patch: Value| {
        let mut b = good.clone();
        for (k, v) in patch.as_object().expect("object") {
            b[k] = v.clone();
        }
        b
    };
    let cases = [
        (with(json!({"items": []})), "items:required"),
        (
            with(json!({"items": [{"listing_id": scarf, "quantity": 0}]})),
            "items[0].quantity:range",
        ),
        (
            with(json!({"fulfilment": "post", "venue_id": null})),
            "address:required",
        ),
        (
            with(
                json!({"fulfilment": "post", "address": "Trubarjeva 1, Ljubljana", "payment_method": "cash"}),
            ),
            "payment_method:cash_needs_pickup",
        ),
        (
            with(json!({"buyer": {"name": "Ana"}})),
            "buyer.email:contact_required",
        ),
        (with(json!({"venue_id": null})), "venue_id:required"),
        (
            with(json!({"venue_id": other.venue_id})),
            "venue_id:not_found",
        ),
        (
            with(
                json!({"items": [{"listing_id": scarf, "quantity": 1}, {"listing_id": theirs, "quantity": 1}]}),
            ),
            "items[1].listing_id:organization",
        ),
    ];
    for (i, (body, code)) in cases.iter().enumerate() {
        let res = app.place_order(&format!("bad-{i}"), body).await;
        let p = expect_problem(res, 422, "validation_failed").await;
        assert!(field_codes(&p).contains(&code.to_string()), "{code}: {p}");
    }
    assert_eq!(app.stock_of(&scarf).0, Some(2));
    assert_eq!(app.stock_of(&theirs).0, Some(2));
}

#[tokio::test]
async fn an_order_without_enough_stock_takes_nothing_and_names_the_listing() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Zaloga", false).await;
    let plenty = app.listing(&m, &m.seller_id, Some(10), 500).await;
    let last = app.listing(&m, &m.seller_id, Some(1), 500).await;
    let res = app
        .place_order("short", &order_body(&m, &[(&plenty, 3), (&last, 2)]))
        .await;
    let p = expect_problem(res, 409, "out_of_stock").await;
    assert_eq!(p["listings"], json!([last]));
    // Rolled back: the other line's stock is untouched.
    assert_eq!(app.stock_of(&plenty).0, Some(10));
    assert_eq!(app.stock_of(&last), (Some(1), "published".into()));
    // No account to pay into: cash at pickup, and no payment details.
    let mut body = order_body(&m, &[(&last, 1)]);
    body["payment_method"] = json!("cash");
    let placed = app.placed(&body).await;
    assert!(placed["order"]["payment"].is_null());
    assert_eq!(app.stock_of(&last), (Some(0), "sold_out".into()));
}

#[tokio::test]
async fn the_buyer_cancels_and_the_stock_returns() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Preklic", true).await;
    let scarf = app.listing(&m, &m.seller_id, Some(2), 1000).await;
    let placed = app.placed(&order_body(&m, &[(&scarf, 2)])).await;
    assert_eq!(app.stock_of(&scarf), (Some(0), "sold_out".into()));
    let token = placed["token"].as_str().expect("token");
    let cancel = format!("/api/v1/market/orders/track/{token}/cancel");
    let res = app
        .client
        .post(app.url(&cancel))
        .send()
        .await
        .expect("cancel");
    assert_eq!(res.status(), 200);
    let order: Value = res.json().await.expect("json");
    assert_eq!(order["state"], "cancelled");
    assert_eq!(order["state_label"], "Preklicano");
    assert_eq!(app.stock_of(&scarf), (Some(2), "published".into()));
    let res = app
        .client
        .post(app.url(&cancel))
        .send()
        .await
        .expect("cancel");
    expect_problem(res, 409, "invalid_transition").await;
    assert_eq!(app.stock_of(&scarf).0, Some(2));
}

#[tokio::test]
async fn the_staff_side_needs_a_login_the_role_and_the_organisation() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Pregled", true).await;
    let other = app.market("Zavod Tuji", true).await;
    let scarf = app.listing(&m, &m.seller_id, Some(5), 1000).await;
    let placed = app.placed(&order_body(&m, &[(&scarf, 1)])).await;
    let id = placed["order"]["id"].as_str().expect("id");
    let path = format!("/api/v1/market/orders/{id}");

    let res = app.get("/api/v1/market/orders").await;
    expect_problem(res, 401, "unauthorized").await;
    let res = app.get(&path).await;
    expect_problem(res, 401, "unauthorized").await;
    let adviser = app.token(&m.org, Role::Adviser).await;
    expect_problem(app.get_as(&adviser, &path).await, 403, "forbidden").await;
    // Another organisation's coordinator and seller: 404, and the order is unchanged.
    expect_problem(
        app.get_as(&other.coordinator, &path).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(app.get_as(&other.seller, &path).await, 404, "not_found").await;
    let res = app
        .send_as(
            Method::POST,
            &other.coordinator,
            &format!("{path}/events"),
            Some(json!({"event": "cancel", "version": 1})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let list: Page = app.page(&other.coordinator, "/api/v1/market/orders").await;
    assert!(list.items.is_empty());

    let staff: Value = app.get_json(&m.coordinator, &path).await;
    assert_eq!(staff["state"], "placed");
    assert_eq!(staff["buyer"]["email"], "ana@example.org");
    // The seller sees their order with the buyer's name only.
    let seen: Value = app.get_json(&m.seller, &path).await;
    assert_eq!(seen["buyer"]["name"], "Ana Kupec");
    assert!(seen["buyer"]["email"].is_null());
    let list: Page = app.page(&m.seller, "/api/v1/market/orders").await;
    assert_eq!(list.items.len(), 1);
    // A participant who sells nothing, of the same organisation, sees nothing.
    let someone_else = app.seed_seller(&m.org.id, "Someone else");
    let theirs = app.listing(&m, &someone_else, Some(5), 700).await;
    let placed = app.placed(&order_body(&m, &[(&theirs, 1)])).await;
    let not_mine = format!(
        "/api/v1/market/orders/{}",
        placed["order"]["id"].as_str().expect("id")
    );
    expect_problem(app.get_as(&m.seller, &not_mine).await, 404, "not_found").await;
    let list: Page = app.page(&m.seller, "/api/v1/market/orders").await;
    assert_eq!(list.items.len(), 1);
    let list: Page = app
        .page(&m.coordinator, "/api/v1/market/orders?state=placed")
        .await;
    assert_eq!(list.items.len(), 2);
}

#[tokio::test]
async fn earnings_and_the_monthly_sales_report() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Zaslužek", true).await; // 10 % commission
    let scarf = app.listing(&m, &m.seller_id, Some(5), 1250).await;
    let placed = app.placed(&order_body(&m, &[(&scarf, 2)])).await;
    let id = placed["order"]["id"].as_str().expect("id");
    let events = format!("/api/v1/market/orders/{id}/events");
    for (v, e) in ["confirm", "mark_paid", "ready", "complete"]
        .iter()
        .enumerate()
    {
        app.send_ok(
            &m.coordinator,
            Method::POST,
            &events,
            json!({"event": e, "version": v + 1}),
        )
        .await;
    }
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let mine: Value = app
        .get_json(&m.seller, &format!("/api/v1/market/earnings?month={month}"))
        .await;
    assert_eq!(
        mine["currencies"],
        json!([{"currency": "EUR", "completed_orders": 1, "gross_cents": 2500, "commission_cents": 250, "net_cents": 2250}])
    );
    let staff: Value = app
        .get_json(
            &m.coordinator,
            &format!(
                "/api/v1/market/earnings?month={month}&seller_id={}",
                m.seller_id
            ),
        )
        .await;
    assert_eq!(staff["currencies"], mine["currencies"]);
    let res = app
        .get_as(&m.coordinator, "/api/v1/market/earnings?month=2026-13")
        .await;
    expect_problem(res, 422, "validation_failed").await;

    let res = app
        .get_as(
            &m.coordinator,
            &format!("/api/v1/market/reports/sales.csv?month={month}"),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    let csv = res.text().await.expect("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "date,order_reference,seller,listing,quantity,unit_price,gross,commission,net,currency,payment_method");
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].ends_with(
            ",Amina's Atelier,Hand-sewn dress,2,12.50,25.00,2.50,22.50,EUR,bank_transfer"
        ),
        "{}",
        lines[1]
    );
    let res = app
        .get_as(
            &m.seller,
            &format!("/api/v1/market/reports/sales.csv?month={month}"),
        )
        .await;
    expect_problem(res, 403, "forbidden").await;
}

#[tokio::test]
async fn the_sellers_export_holds_their_sales_without_the_buyer() {
    let app = TestApp::spawn().await;
    let m = app.market("Zavod Izvoz", true).await;
    let dress = app.listing(&m, &m.seller_id, Some(5), 2500).await;
    let placed = app.placed(&order_body(&m, &[(&dress, 2)])).await;
    let me: Value = app.get_json(&m.seller, "/api/v1/market/sellers/me").await;
    let pid = me["participant_id"].as_str().expect("participant");
    let export: Value = app
        .get_json(
            &m.coordinator,
            &format!("/api/v1/participants/{pid}/export"),
        )
        .await;
    let sales = &export["market"]["sales"];
    assert_eq!(sales.as_array().map(Vec::len), Some(1));
    assert_eq!(sales[0]["order_reference"], placed["order"]["reference"]);
    assert_eq!(sales[0]["listing_id"], dress.as_str());
    assert_eq!(sales[0]["quantity"], 2);
    assert_eq!(sales[0]["order_state"], "placed");
    assert!(!export["market"].to_string().contains("ana@example.org"));
}
