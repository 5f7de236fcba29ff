//! Listings: adding and changing them with a version, the status rules
//! (approval, sold out and back), accent-insensitive search, the sync
//! list with tombstones, and who may.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, field_codes, listing_body, Page, TestApp};

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn a_seller_adds_a_listing_and_staff_see_it() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let (seller_id, seller) = app.become_seller(&org).await;
    let listing = app.create_listing(&seller, listing_body()).await;
    assert_eq!(listing["seller_id"], seller_id.as_str());
    assert_eq!(listing["seller_name"], "Amina's Atelier");
    assert_eq!(listing["status"], "published");
    assert_eq!(listing["stock"], 5);
    assert_eq!(listing["made_to_order"], false);
    assert_eq!(listing["price_cents"], 2500);
    assert_eq!(listing["currency"], "EUR");
    assert_eq!(listing["photos"], json!([]));
    assert!(listing["published_at"].is_string());
    let path = format!("/api/v1/market/listings/{}", id(&listing));
    let coordinator = app.token(&org, Role::Coordinator).await;
    let seen: Value = app.get_json(&coordinator, &path).await;
    assert_eq!(seen["title"]["sl"], "Haljina šivana");
    let page: Page = app.page(&coordinator, "/api/v1/market/listings").await;
    assert_eq!(page.items.len(), 1);
    let me: Value = app.get_json(&seller, "/api/v1/market/sellers/me").await;
    assert_eq!(me["listing_count"], 1);
    // Staff add a made-to-order draft for the seller.
    let mut body = listing_body();
    body["seller_id"] = json!(seller_id);
    body["stock"] = Value::Null;
    body["lead_time_days"] = json!(14);
    body["status"] = json!("draft");
    body["origin"] = json!("origin_country");
    body["origin_country"] = json!("MA");
    let made = app.create_listing(&coordinator, body).await;
    assert_eq!(made["made_to_order"], true);
    assert_eq!(made["lead_time_days"], 14);
    assert_eq!(made["status"], "draft");
    assert!(made["published_at"].is_null());
    let mine: Page = app.page(&seller, "/api/v1/market/listings").await;
    assert_eq!(mine.items.len(), 2);
    let drafts: Page = app
        .page(&seller, "/api/v1/market/listings?status=draft")
        .await;
    assert_eq!(drafts.items.len(), 1);
}

#[tokio::test]
async fn who_may_see_and_change_listings() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let other = app.create_org("Društvo Drugje");
    let (_, seller) = app.become_seller(&org).await;
    let listing = app.create_listing(&seller, listing_body()).await;
    let path = format!("/api/v1/market/listings/{}", id(&listing));
    let res = app.get(&path).await;
    expect_problem(res, 401, "unauthorized").await;
    let res = app.get("/api/v1/market/listings").await;
    expect_problem(res, 401, "unauthorized").await;
    for role in [Role::Adviser, Role::Mentor, Role::Analyst, Role::Partner] {
        let token = app.token(&org, role).await;
        let res = app.get_as(&token, &path).await;
        expect_problem(res, 403, "forbidden").await;
        let res = app
            .send_as(
                Method::POST,
                &token,
                "/api/v1/market/listings",
                Some(listing_body()),
            )
            .await;
        expect_problem(res, 403, "forbidden").await;
    }
    // Another organisation's coordinator and seller: 404, nothing changes.
    let stranger = app.token(&other, Role::Coordinator).await;
    let res = app.get_as(&stranger, &path).await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .send_as(
            Method::PATCH,
            &stranger,
            &path,
            Some(json!({"price_cents": 1, "version": 1})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let (_, other_seller) = app.become_seller(&other).await;
    let res = app
        .send_as(
            Method::PATCH,
            &other_seller,
            &path,
            Some(json!({"price_cents": 1, "version": 1})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let theirs: Page = app.page(&other_seller, "/api/v1/market/listings").await;
    assert!(theirs.items.is_empty());
    // Staff of another organisation cannot name this seller.
    let mut body = listing_body();
    body["seller_id"] = listing["seller_id"].clone();
    let res = app
        .send_as(
            Method::POST,
            &stranger,
            "/api/v1/market/listings",
            Some(body),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["seller_id:not_found"]);
    let now: Value = app.get_json(&seller, &path).await;
    assert_eq!(now["price_cents"], 2500);
    assert_eq!(now["version"], 1);
    // A participant who is not a seller adds nothing.
    let org3 = app.create_org("Tretja");
    let participant = app.token(&org3, Role::Participant).await;
    let res = app
        .send_as(
            Method::POST,
            &participant,
            "/api/v1/market/listings",
            Some(listing_body()),
        )
        .await;
    expect_problem(res, 403, "forbidden").await;
}

#[tokio::test]
async fn bad_listings_are_refused_with_field_codes() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let (_, seller) = app.become_seller(&org).await;
    let coordinator = app.token(&org, Role::Coordinator).await;
    let res = app
        .send_as(
            Method::POST,
            &seller,
            "/api/v1/market/listings",
            Some(json!({
                "title": {"en": "x".repeat(121)},
                "description": {"en": "fine"},
                "category": "textiles",
                "origin": "origin_country",
                "origin_country": "XX",
                "price_cents": 10_000_001,
                "currency": "eur",
                "stock": -1
            })),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    let mut codes = field_codes(&p);
    codes.sort();
    assert_eq!(
        codes,
        vec![
            "currency:currency",
            "origin_country:code",
            "price_cents:range",
            "stock:range",
            "title:length"
        ]
    );
    // Made to order needs a lead time; origin_country needs a country;
    // the photo shoot must be a photo-shoot meeting of the organisation.
    let meeting = app.plan_meeting(&coordinator, json!({})).await;
    let mut body = listing_body();
    body["stock"] = Value::Null;
    body["origin"] = json!("origin_country");
    body["photo_shoot_id"] = meeting["id"].clone();
    let res = app
        .send_as(Method::POST, &seller, "/api/v1/market/listings", Some(body))
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        field_codes(&p),
        vec![
            "origin_country:required",
            "lead_time_days:required",
            "photo_shoot_id:kind"
        ]
    );
    // No title at all; an unknown category.
    let mut body = listing_body();
    body["title"] = json!({});
    let res = app
        .send_as(Method::POST, &seller, "/api/v1/market/listings", Some(body))
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["title:required"]);
    // Staff must name the seller; a new listing cannot start sold out.
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/market/listings",
            Some(listing_body()),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["seller_id:required"]);
    let mut body = listing_body();
    body["status"] = json!("sold_out");
    let res = app
        .send_as(Method::POST, &seller, "/api/v1/market/listings", Some(body))
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["status:invalid"]);
    // A photo shoot of the organisation is linked.
    let shoot = app
        .plan_meeting(&coordinator, json!({"kind": "photo_shoot"}))
        .await;
    let mut body = listing_body();
    body["photo_shoot_id"] = shoot["id"].clone();
    let l = app.create_listing(&seller, body).await;
    assert_eq!(l["photo_shoot_id"], shoot["id"]);
}

#[tokio::test]
async fn stock_zero_sells_out_and_new_stock_publishes_again() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let (_, seller) = app.become_seller(&org).await;
    let listing = app.create_listing(&seller, listing_body()).await;
    let path = format!("/api/v1/market/listings/{}", id(&listing));
    let out = app
        .send_ok(
            &seller,
            Method::PATCH,
            &path,
            json!({"stock": 0, "version": 1}),
        )
        .await;
    assert_eq!(out["status"], "sold_out");
    assert_eq!(out["version"], 2);
    let back = app
        .send_ok(
            &seller,
            Method::PATCH,
            &path,
            json!({"stock": 3, "version": 2}),
        )
        .await;
    assert_eq!(back["status"], "published");
    assert_eq!(back["stock"], 3);
    // A stale version changes nothing.
    let res = app
        .send_as(
            Method::PATCH,
            &seller,
            &path,
            Some(json!({"stock": 9, "version": 2})),
        )
        .await;
    expect_problem(res, 409, "version_conflict").await;
    let res = app
        .send_as(Method::PATCH, &seller, &path, Some(json!({"stock": 9})))
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["version:required"]);
    let res = app
        .send_as(
            Method::PATCH,
            &seller,
            &path,
            Some(json!({"status": "sold_out", "version": 3})),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["status:invalid"]);
    let res = app
        .send_as(
            Method::PATCH,
            &seller,
            &path,
            Some(json!({"seller_id": "someone-else", "version": 3})),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["seller_id:read_only"]);
    let now: Value = app.get_json(&seller, &path).await;
    assert_eq!(now["stock"], 3);
    assert_eq!(now["version"], 3);
    // A draft with stock 0 stays a draft.
    let draft = app
        .send_ok(
            &seller,
            Method::PATCH,
            &path,
            json!({"status": "draft", "stock": 0, "version": 3}),
        )
        .await;
    assert_eq!(draft["status"], "draft");
}

#[tokio::test]
async fn with_approval_a_coordinator_publishes_what_sellers_submit() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let (_, seller) = app.become_seller(&org).await;
    let coordinator = app.token(&org, Role::Coordinator).await;
    app.send_ok(
        &coordinator,
        Method::PATCH,
        "/api/v1/market/settings",
        json!({"require_approval": true, "version": 0}),
    )
    .await;
    let listing = app.create_listing(&seller, listing_body()).await;
    assert_eq!(listing["status"], "in_review");
    assert!(listing["published_at"].is_null());
    let path = format!("/api/v1/market/listings/{}", id(&listing));
    // The seller cannot publish it themself.
    let still = app
        .send_ok(
            &seller,
            Method::PATCH,
            &path,
            json!({"status": "published", "price_cents": 2700, "version": 1}),
        )
        .await;
    assert_eq!(still["status"], "in_review");
    assert_eq!(still["price_cents"], 2700);
    let approved = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &path,
            json!({"status": "published", "version": 2}),
        )
        .await;
    assert_eq!(approved["status"], "published");
    assert!(approved["published_at"].is_string());
    // Once published, the seller's edits keep it published.
    let edited = app
        .send_ok(
            &seller,
            Method::PATCH,
            &path,
            json!({"stock": 4, "version": 3}),
        )
        .await;
    assert_eq!(edited["status"], "published");
    let audit = app.audit_rows(&org.id);
    assert!(
        audit.iter().any(|r| r.0 == "approve" && r.1 == "listing"),
        "{audit:?}"
    );
}

#[tokio::test]
async fn search_ignores_accents_in_every_language() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let (_, seller) = app.become_seller(&org).await;
    let mut body = listing_body();
    body["title"] = json!({"sl": "Haljina šivana", "ar": "فستان مخيط"});
    body["description"] = json!({"en": "Čudovita obleka"});
    let dress = app.create_listing(&seller, body).await;
    let mut body = listing_body();
    body["title"] = json!({"en": "Silver ring"});
    body["category"] = json!("jewellery");
    app.create_listing(&seller, body).await;
    {
        use diesel::prelude::*;
        use skupaj::db::schema::market_listings as l;
        let mut conn = app.conn();
        let text: String = l::table
            .find(id(&dress))
            .select(l::search_text)
            .first(&mut conn)
            .expect("search text");
        assert!(text.contains("haljina sivana"), "{text}");
        assert!(text.contains("cudovita obleka"), "{text}");
    }
    for q in ["sivana", "ŠIVANA", "cudovita", "haljina%20sivana", "فستان"] {
        let page: Page = app
            .page(&seller, &format!("/api/v1/market/listings?q={q}"))
            .await;
        assert_eq!(page.items.len(), 1, "{q}");
        assert_eq!(page.items[0]["id"], dress["id"], "{q}");
    }
    let none: Page = app.page(&seller, "/api/v1/market/listings?q=100%25").await;
    assert!(none.items.is_empty());
    // Saving again folds the new title.
    let path = format!("/api/v1/market/listings/{}", id(&dress));
    app.send_ok(
        &seller,
        Method::PATCH,
        &path,
        json!({"title": {"sl": "Plesna obleka"}, "version": 1}),
    )
    .await;
    let page: Page = app.page(&seller, "/api/v1/market/listings?q=plesna").await;
    assert_eq!(page.items.len(), 1);
}

#[tokio::test]
async fn archived_listings_are_the_tombstones_of_the_sync_list() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let (_, seller) = app.become_seller(&org).await;
    let first = app.create_listing(&seller, listing_body()).await;
    let second = app.create_listing(&seller, listing_body()).await;
    let since = first["created_at"]
        .as_str()
        .expect("created_at")
        .to_string();
    let path = format!("/api/v1/market/listings/{}", id(&first));
    let archived = app
        .send_ok(
            &seller,
            Method::PATCH,
            &path,
            json!({"status": "archived", "version": 1}),
        )
        .await;
    assert_eq!(archived["status"], "archived");
    let page: Page = app.page(&seller, "/api/v1/market/listings").await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0]["id"], second["id"]);
    let since = since.replace('+', "%2B");
    let changes: Page = app
        .page(
            &seller,
            &format!("/api/v1/market/listings?updated_since={since}&limit=1"),
        )
        .await;
    assert_eq!(changes.items.len(), 1);
    assert_eq!(changes.items[0]["id"], second["id"]);
    let cursor = changes.next_cursor.expect("a second page");
    let rest: Page = app
        .page(
            &seller,
            &format!("/api/v1/market/listings?updated_since={since}&limit=1&cursor={cursor}"),
        )
        .await;
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.items[0]["id"], first["id"]);
    assert_eq!(rest.items[0]["status"], "archived");
    // Paging newest first.
    let p1: Page = app
        .page(&seller, "/api/v1/market/listings?status=archived")
        .await;
    assert_eq!(p1.items.len(), 1);
}
