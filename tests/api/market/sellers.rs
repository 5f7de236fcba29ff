//! Sellers: becoming one with consent, payout details only for the seller
//! and staff, pausing, and who may.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, field_codes, listing_body, Page, TestApp};

#[tokio::test]
async fn a_participant_becomes_a_seller_and_staff_see_the_payout() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let (id, seller) = app.become_seller(&org).await;
    let me: Value = app.get_json(&seller, "/api/v1/market/sellers/me").await;
    assert_eq!(me["id"], id.as_str());
    assert_eq!(me["public_name"], "Amina's Atelier");
    assert_eq!(me["iban"], "SI56191000000123438");
    assert_eq!(me["account_holder"], "Amina Hadžić");
    assert_eq!(me["story"]["ar"], "أخيط فساتين رقص تقليدية.");
    assert_eq!(me["listing_count"], 0);
    assert_eq!(me["version"], 1);
    for role in [Role::Admin, Role::Coordinator] {
        let token = app.token(&org, role).await;
        let s: Value = app
            .get_json(&token, &format!("/api/v1/market/sellers/{id}"))
            .await;
        assert_eq!(s["iban"], "SI56191000000123438", "{role:?}");
        let page: Page = app.page(&token, "/api/v1/market/sellers").await;
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0]["iban"], "SI56191000000123438");
    }
    // One seller record per participant.
    let res = app
        .send_as(
            Method::POST,
            &seller,
            "/api/v1/market/sellers",
            Some(json!({"public_name": "Again"})),
        )
        .await;
    expect_problem(res, 409, "already_seller").await;
}

#[tokio::test]
async fn payout_details_stay_hidden_from_api_keys_and_other_roles_are_refused() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let (id, _) = app.become_seller(&org).await;
    let path = format!("/api/v1/market/sellers/{id}");
    for role in [Role::Adviser, Role::Mentor, Role::Analyst, Role::Partner] {
        let token = app.token(&org, role).await;
        let res = app.get_as(&token, &path).await;
        expect_problem(res, 403, "forbidden").await;
        let res = app.get_as(&token, "/api/v1/market/sellers").await;
        expect_problem(res, 403, "forbidden").await;
    }
    let res = app.get("/api/v1/market/sellers").await;
    expect_problem(res, 401, "unauthorized").await;
    let res = app.get(&path).await;
    expect_problem(res, 401, "unauthorized").await;
}

#[tokio::test]
async fn another_organisations_seller_is_not_found_and_stays_unchanged() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let other = app.create_org("Društvo Drugje");
    let (id, seller) = app.become_seller(&org).await;
    let path = format!("/api/v1/market/sellers/{id}");
    let stranger = app.token(&other, Role::Coordinator).await;
    let res = app.get_as(&stranger, &path).await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .send_as(
            Method::PATCH,
            &stranger,
            &path,
            Some(json!({"public_name": "Taken", "version": 1})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let page: Page = app.page(&stranger, "/api/v1/market/sellers").await;
    assert!(page.items.is_empty());
    let me: Value = app.get_json(&seller, &path).await;
    assert_eq!(me["public_name"], "Amina's Atelier");
    assert_eq!(me["version"], 1);
}

#[tokio::test]
async fn selling_needs_the_consent_and_valid_fields() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let coordinator = app.token(&org, Role::Coordinator).await;
    // A participant without the market_selling consent.
    let pid = app.person(&coordinator, json!({}), false).await;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/market/sellers",
            Some(json!({"participant_id": pid, "public_name": "Shop"})),
        )
        .await;
    expect_problem(res, 409, "consent_required").await;
    // Staff must name the participant.
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/market/sellers",
            Some(json!({"public_name": "Shop"})),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["participant_id:required"]);
    // Bad fields: an empty name, a mistyped IBAN, an unknown language.
    let with_consent = app
        .person(
            &coordinator,
            json!({"name": "Second Person", "consents": [
                {"purpose": "profile_processing", "text_version": "v1"},
                {"purpose": "market_selling", "text_version": "v1"}]}),
            false,
        )
        .await;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/market/sellers",
            Some(json!({"participant_id": with_consent, "public_name": "", "story": {"xx": "?"}})),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    let codes = field_codes(&p);
    assert!(
        codes.contains(&"public_name:required".to_string()),
        "{codes:?}"
    );
    assert!(codes.contains(&"story:code".to_string()), "{codes:?}");
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/market/sellers",
            Some(
                json!({"participant_id": with_consent, "public_name": "Shop",
                        "iban": "SI56 1910 0000 0123 439"}),
            ),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["iban:iban_checksum"]);
    // Staff make the participant a seller.
    let s: Value = app
        .create_at(
            &coordinator,
            "/api/v1/market/sellers",
            json!({"participant_id": with_consent, "public_name": "Shop"}),
        )
        .await;
    assert_eq!(s["participant_id"], with_consent.as_str());
    // A participant who is not a seller has no seller record.
    let participant = app.token(&org, Role::Participant).await;
    let res = app.get_as(&participant, "/api/v1/market/sellers/me").await;
    expect_problem(res, 404, "not_found").await;
    // …and does not see another seller.
    let res = app
        .get_as(
            &participant,
            &format!("/api/v1/market/sellers/{}", s["id"].as_str().unwrap_or("")),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn a_seller_pauses_and_resumes_with_a_version() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let (id, seller) = app.become_seller(&org).await;
    let path = format!("/api/v1/market/sellers/{id}");
    let paused = app
        .send_ok(
            &seller,
            Method::PATCH,
            &path,
            json!({"paused": true, "version": 1}),
        )
        .await;
    assert!(paused["paused_at"].is_string());
    assert_eq!(paused["version"], 2);
    assert_eq!(paused["public_name"], "Amina's Atelier");
    let res = app
        .send_as(
            Method::PATCH,
            &seller,
            &path,
            Some(json!({"paused": false, "version": 1})),
        )
        .await;
    expect_problem(res, 409, "version_conflict").await;
    let coordinator = app.token(&org, Role::Coordinator).await;
    let resumed = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &path,
            json!({"paused": false, "iban": "DE89 3704 0044 0532 0130 00", "version": 2}),
        )
        .await;
    assert!(resumed["paused_at"].is_null());
    assert_eq!(resumed["iban"], "DE89370400440532013000");
    let res = app
        .send_as(
            Method::PATCH,
            &seller,
            &path,
            Some(json!({"participant_id": null, "version": 3})),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["participant_id:read_only"]);
}

#[tokio::test]
async fn the_export_holds_the_seller_and_erasure_archives_the_listings() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let (id, seller) = app.become_seller(&org).await;
    let listing = app
        .create_listing(&seller, crate::support::listing_body())
        .await;
    let me: Value = app.get_json(&seller, "/api/v1/market/sellers/me").await;
    let pid = me["participant_id"]
        .as_str()
        .expect("participant")
        .to_string();
    let coordinator = app.token(&org, Role::Coordinator).await;
    let export: Value = app
        .get_json(&coordinator, &format!("/api/v1/participants/{pid}/export"))
        .await;
    assert_eq!(export["market"]["seller"]["id"], id.as_str());
    assert_eq!(export["market"]["seller"]["iban"], "SI56191000000123438");
    assert_eq!(export["market"]["listings"][0]["id"], listing["id"]);
    // Someone who never sold has an empty market part.
    let other = app.person(&coordinator, json!({}), false).await;
    let export: Value = app
        .get_json(
            &coordinator,
            &format!("/api/v1/participants/{other}/export"),
        )
        .await;
    assert!(export["market"]["seller"].is_null());
    assert_eq!(export["market"]["listings"], json!([]));

    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/participants/{pid}/erase"),
            Some(json!({"reason": "The person asked"})),
        )
        .await;
    assert_eq!(res.status(), 204);
    let s: Value = app
        .get_json(&coordinator, &format!("/api/v1/market/sellers/{id}"))
        .await;
    assert!(s["participant_id"].is_null());
    assert_eq!(s["public_name"], "Former seller");
    assert_eq!(s["story"], json!({}));
    assert!(s.get("iban").is_none(), "{s}");
    assert!(s.get("account_holder").is_none(), "{s}");
    assert!(s["municipality"].is_null());
    assert_eq!(s["listing_count"], 0);
    let l: Value = app
        .get_json(
            &coordinator,
            &format!(
                "/api/v1/market/listings/{}",
                listing["id"].as_str().unwrap_or("")
            ),
        )
        .await;
    assert_eq!(l["status"], "archived");
    assert_eq!(l["seller_name"], "Former seller");
    // …and stays archived.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &format!(
                "/api/v1/market/listings/{}",
                listing["id"].as_str().unwrap_or("")
            ),
            Some(json!({"status": "published", "version": l["version"]})),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["status:erased"]);
    {
        use diesel::prelude::*;
        use skupaj::db::schema::market_sellers as s;
        let mut conn = app.conn();
        let erased: Option<chrono::NaiveDateTime> = s::table
            .find(&id)
            .select(s::erased_at)
            .first(&mut conn)
            .expect("seller row");
        assert!(erased.is_some());
    }
    // An erased seller takes no changes and no new listings.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &format!("/api/v1/market/sellers/{id}"),
            Some(json!({"public_name": "Back", "version": 2})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let mut body = crate::support::listing_body();
    body["seller_id"] = json!(id);
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/market/listings",
            Some(body),
        )
        .await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&p), vec!["seller_id:erased"]);
}

#[tokio::test]
async fn two_requests_at_once_make_one_seller() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tržnica");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let pid = app
        .person(
            &coordinator,
            json!({"consents": [
                {"purpose": "profile_processing", "text_version": "v1"},
                {"purpose": "market_selling", "text_version": "v1"}]}),
            false,
        )
        .await;
    let body = json!({"participant_id": pid, "public_name": "Shop"});
    let send = || {
        app.send_as(
            Method::POST,
            &coordinator,
            "/api/v1/market/sellers",
            Some(body.clone()),
        )
    };
    let answers = futures_util::future::join_all((0..6).map(|_| send())).await;
    let mut statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, vec![201, 409, 409, 409, 409, 409]);
    let page: Page = app.page(&coordinator, "/api/v1/market/sellers").await;
    assert_eq!(page.items.len(), 1);
}

#[tokio::test]
async fn withdrawing_the_consent_pauses_the_seller_and_stops_new_listings() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Soglasje");
    let (seller_id, seller) = app.become_seller(&org).await;
    let listing = app.create_listing(&seller, listing_body()).await;
    let in_catalogue = |page: &Value| {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["id"] == listing["id"])
    };
    let page: Value = app
        .get("/api/v1/market/catalogue")
        .await
        .json()
        .await
        .expect("page");
    assert!(in_catalogue(&page));

    // The adviser records the withdrawal of the market_selling consent.
    let me: Value = app.get_json(&seller, "/api/v1/market/sellers/me").await;
    let person = me["participant_id"].as_str().expect("person").to_string();
    let coordinator = app.token(&org, Role::Coordinator).await;
    let consents: Value = app
        .get_json(
            &coordinator,
            &format!("/api/v1/participants/{person}/consents"),
        )
        .await;
    let consent = consents
        .as_array()
        .or_else(|| consents["items"].as_array())
        .expect("consents")
        .iter()
        .find(|c| c["purpose"] == "market_selling")
        .and_then(|c| c["id"].as_str())
        .expect("the market consent")
        .to_string();
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/participants/{person}/consents/{consent}/withdraw"),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);

    // Paused at once: the listing leaves the catalogue, the seller's page too.
    let me: Value = app.get_json(&seller, "/api/v1/market/sellers/me").await;
    assert!(me["paused_at"].is_string(), "{me}");
    let page: Value = app
        .get("/api/v1/market/catalogue")
        .await
        .json()
        .await
        .expect("page");
    assert!(!in_catalogue(&page));
    let res = app
        .get(&format!("/api/v1/market/catalogue/sellers/{seller_id}"))
        .await;
    assert_eq!(res.status(), 404);

    // No new listing without the consent, by the seller or by staff.
    let res = app
        .send_as(
            Method::POST,
            &seller,
            "/api/v1/market/listings",
            Some(listing_body()),
        )
        .await;
    expect_problem(res, 409, "consent_required").await;
    let mut body = listing_body();
    body["seller_id"] = json!(seller_id);
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/market/listings",
            Some(body),
        )
        .await;
    expect_problem(res, 409, "consent_required").await;
}
