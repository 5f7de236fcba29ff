//! The demo market as a new user meets it: a phone's first page of the
//! catalogue (thumbnails included) under 200 kB, the demo participant a
//! seller with listings photographed at a held photo shoot, the
//! coordinator's orders in every state, and the buyer's link that the
//! seed prints.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::TestApp;

async fn login(app: &TestApp, email: &str) -> String {
    app.tokens(email, skupaj::setup::DEMO_PASSWORD)
        .await
        .access_token
}

async fn seeded() -> (TestApp, skupaj::setup::DemoSummary) {
    let app = TestApp::spawn().await;
    let demo = {
        let mut conn = app.conn();
        skupaj::setup::seed_demo(&mut conn).expect("seed demo")
    };
    skupaj::setup::store_photos(&app.state.photos, &demo.photos)
        .await
        .expect("photos stored");
    (app, demo)
}

#[tokio::test]
async fn the_first_page_on_a_phone_is_light_and_every_listing_has_a_photo() {
    let (app, _) = seeded().await;
    let res = app.get("/api/v1/market/catalogue?lang=sl").await;
    assert_eq!(res.status(), 200);
    let body = res.bytes().await.expect("body");
    let page: Value = serde_json::from_slice(&body).expect("page");
    let items = page["items"].as_array().expect("items");
    assert_eq!(items.len(), 12, "a phone's first page");
    let mut bytes = body.len();
    for item in items {
        let url = item["thumbnail"]["url"].as_str().expect("a thumbnail");
        let res = app.get(url).await;
        assert_eq!(res.status(), 200, "{url}");
        assert_eq!(
            res.headers()["content-type"].to_str().expect("type"),
            "image/jpeg"
        );
        bytes += res.bytes().await.expect("photo").len();
    }
    assert!(
        bytes < 200 * 1024,
        "the first page with its thumbnails is {bytes} bytes"
    );
    // Slovenian titles where the seller wrote one.
    assert!(items
        .iter()
        .any(|i| i["title"] == "Zaatar po mamini recepturi"));
    // 13 on sale or sold out (a draft stays out): one more page.
    let next = page["next_cursor"].as_str().expect("a second page");
    let rest: Value = app
        .get(&format!("/api/v1/market/catalogue?cursor={next}"))
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(rest["items"].as_array().expect("items").len() + 12, 14);
}

#[tokio::test]
async fn the_demo_participant_sells_and_the_coordinator_has_orders_in_every_state() {
    let (app, demo) = seeded().await;
    let me = login(&app, "participant@demo.skupaj.org").await;
    let seller: Value = app.get_json(&me, "/api/v1/market/sellers/me").await;
    assert_eq!(seller["public_name"], "Dar Amina");
    let mine: Value = app.get_json(&me, "/api/v1/market/listings").await;
    let mine = mine["items"].as_array().expect("items");
    assert_eq!(mine.len(), 3);
    // Listings photographed at the shoot link to a held photo-shoot meeting.
    let shoot = mine
        .iter()
        .find_map(|l| l["photo_shoot_id"].as_str())
        .expect("a listing from the shoot");
    let coordinator = login(&app, "coordinator@demo.skupaj.org").await;
    let meeting: Value = app
        .get_json(&coordinator, &format!("/api/v1/meetings/{shoot}"))
        .await;
    assert_eq!(meeting["kind"], "photo_shoot");
    assert_eq!(meeting["status"], "done");

    let orders: Value = app
        .get_json(&coordinator, "/api/v1/market/orders?limit=100")
        .await;
    let states: BTreeSet<&str> = orders["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| o["state"].as_str().expect("state"))
        .collect();
    assert_eq!(
        states.into_iter().collect::<Vec<_>>(),
        ["cancelled", "completed", "confirmed", "placed", "ready"]
    );

    // The printed buyer's link opens the last order, a transfer with its QR code.
    let res = app
        .get(&format!("/api/v1/market/orders/track/{}", demo.order_token))
        .await;
    assert_eq!(res.status(), 200);
    let order: Value = res.json().await.expect("order");
    assert_eq!(order["state"], "placed");
    assert_eq!(order["payment"]["iban"], "SI56191000000123438");
}
