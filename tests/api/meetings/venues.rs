//! Venues: adding, changing with a version, archiving, and who may.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{error_fields, expect_problem, Page, TestApp};

#[tokio::test]
async fn coordinators_add_and_change_venues_with_a_version() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Prostor");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let venue: Value = app
        .create_at(
            &coordinator,
            "/api/v1/venues",
            json!({"name": "Advising venue", "address": "Vida Pregarčeva 11", "capacity": 12,
                   "accessibility": "Step-free entrance from the courtyard", "childcare": true,
                   "languages": ["sl", "ar"], "map_url": "https://www.openstreetmap.org/?mlat=46.05&mlon=14.50"}),
        )
        .await;
    assert_eq!(venue["time_zone"], "Europe/Ljubljana");
    assert_eq!(venue["languages"], json!(["sl", "ar"]));
    assert_eq!(venue["version"], 1);
    let id = venue["id"].as_str().unwrap_or_default();
    let path = format!("/api/v1/venues/{id}");
    let changed = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &path,
            json!({"capacity": 15, "version": 1}),
        )
        .await;
    assert_eq!(changed["capacity"], 15);
    assert_eq!(changed["address"], "Vida Pregarčeva 11");
    assert_eq!(changed["version"], 2);
    // A stale version is refused and changes nothing.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &path,
            Some(json!({"capacity": 3, "version": 1})),
        )
        .await;
    expect_problem(res, 409, "version_conflict").await;
    let now: Value = app.get_json(&coordinator, &path).await;
    assert_eq!(now["capacity"], 15);
    // Archived venues leave the list unless asked for.
    app.send_ok(
        &coordinator,
        Method::PATCH,
        &path,
        json!({"archived": true, "version": 2}),
    )
    .await;
    let page: Page = app.page(&coordinator, "/api/v1/venues").await;
    assert!(page.items.is_empty());
    let page: Page = app.page(&coordinator, "/api/v1/venues?archived=true").await;
    assert_eq!(page.items.len(), 1);
}

#[tokio::test]
async fn bad_venues_get_field_errors_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Napake");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            "/api/v1/venues",
            Some(json!({"name": "", "capacity": 0, "languages": ["xx"], "map_url": "javascript:alert(1)",
                        "time_zone": "Mars/Olympus"})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let fields: Vec<String> = error_fields(&problem).into_iter().map(|(f, _)| f).collect();
    for f in ["name", "capacity", "languages", "map_url", "time_zone"] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }
    let page: Page = app.page(&coordinator, "/api/v1/venues?archived=true").await;
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn only_coordinators_and_admins_add_venues_and_other_organisations_see_none() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Vloge");
    let other = app.create_org("Drugi zavod");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let id = app.create_venue(&coordinator, "Hall", Some(40)).await;
    let body = json!({"name": "Mine"});
    assert_eq!(
        app.client
            .post(app.url("/api/v1/venues"))
            .json(&body)
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0),
        401
    );
    for role in [
        Role::Adviser,
        Role::Participant,
        Role::Partner,
        Role::Analyst,
    ] {
        let token = app.token(&org, role).await;
        let res = app
            .send_as(Method::POST, &token, "/api/v1/venues", Some(body.clone()))
            .await;
        assert_eq!(res.status(), 403, "{role:?}");
    }
    let stranger = app.token(&other, Role::Admin).await;
    let res = app.get_as(&stranger, &format!("/api/v1/venues/{id}")).await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .send_as(
            Method::PATCH,
            &stranger,
            &format!("/api/v1/venues/{id}"),
            Some(json!({"name": "Taken", "version": 1})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let still: Value = app
        .get_json(&coordinator, &format!("/api/v1/venues/{id}"))
        .await;
    assert_eq!(still["name"], "Hall");
}
