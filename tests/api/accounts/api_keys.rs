//! API keys: shown once, stored hashed, act as analysts plus their scopes.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, NewApiKey, Page, TestApp};

async fn create_key(app: &TestApp, admin: &str, scopes: Value) -> NewApiKey {
    app.create_api_key(admin, json!({"name": "City statistics", "scopes": scopes}))
        .await
}

#[tokio::test]
async fn a_key_is_shown_once_stored_hashed_and_works_as_bearer() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Keys");
    let admin = app.token(&org, Role::Admin).await;
    let created = create_key(&app, &admin, json!(["members:read"])).await;
    let secret = created.secret;
    assert!(secret.starts_with(&created.prefix));

    let list: Value = app
        .get_as(&admin, "/api/v1/api-keys")
        .await
        .json()
        .await
        .expect("json");
    let text = list.to_string();
    assert!(
        !text.contains(&secret) && !text.contains("secret"),
        "the list never shows a secret"
    );
    assert_eq!(list["items"][0]["scopes"], json!(["members:read"]));
    assert!(list["items"][0]["last_used_at"].is_null());

    {
        use skupaj::db::schema::api_keys;
        let mut conn = app.conn();
        let stored: String = api_keys::table
            .select(api_keys::secret_hash)
            .first(&mut conn)
            .expect("row");
        assert_ne!(stored, secret);
        assert!(!stored.contains(&secret[secret.len() - 20..]));
    }

    let res = app.get_as(&secret, "/api/v1/members").await;
    assert_eq!(res.status(), 200, "members:read lets the key list members");
    let list: Value = app
        .get_as(&admin, "/api/v1/api-keys")
        .await
        .json()
        .await
        .expect("json");
    assert!(
        list["items"][0]["last_used_at"].is_string(),
        "last use is recorded"
    );
}

#[tokio::test]
async fn a_key_acts_as_an_analyst_unless_a_scope_allows_more() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Scopes");
    let admin = app.token(&org, Role::Admin).await;
    let plain = create_key(&app, &admin, json!([])).await.secret;
    let auditor = create_key(&app, &admin, json!(["audit:read"])).await.secret;
    expect_problem(
        app.get_as(&plain, "/api/v1/members").await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(app.get_as(&plain, "/api/v1/audit").await, 403, "forbidden").await;
    assert_eq!(app.get_as(&auditor, "/api/v1/audit").await.status(), 200);
    expect_problem(
        app.get_as(&auditor, "/api/v1/members").await,
        403,
        "forbidden",
    )
    .await;
    // Keys cannot manage keys, and have no account.
    expect_problem(
        app.send_as(
            Method::POST,
            &auditor,
            "/api/v1/api-keys",
            Some(json!({"name": "x"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(app.get_as(&auditor, "/api/v1/me").await, 403, "forbidden").await;
    // A key's audit trail names the key.
    let rows = app.audit_rows(&org.id);
    assert!(rows.iter().any(|r| r.0 == "create" && r.1 == "api_key"));
}

#[tokio::test]
async fn revoked_expired_and_forged_keys_are_refused() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Revoke");
    let admin = app.token(&org, Role::Admin).await;
    let revoked = create_key(&app, &admin, json!(["audit:read"])).await;
    let expired = create_key(&app, &admin, json!(["audit:read"])).await;
    assert_eq!(
        app.get_as(&revoked.secret, "/api/v1/audit").await.status(),
        200
    );

    let res = app
        .send_as(
            Method::DELETE,
            &admin,
            &format!("/api/v1/api-keys/{}", revoked.id),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    expect_problem(
        app.get_as(&revoked.secret, "/api/v1/audit").await,
        401,
        "unauthorized",
    )
    .await;
    {
        use skupaj::db::schema::api_keys;
        let mut conn = app.conn();
        diesel::update(api_keys::table.find(&expired.id))
            .set(api_keys::expires_at.eq(skupaj::ids::now() - chrono::Duration::seconds(1)))
            .execute(&mut conn)
            .expect("expire");
    }
    expect_problem(
        app.get_as(&expired.secret, "/api/v1/audit").await,
        401,
        "unauthorized",
    )
    .await;
    let s = &expired.secret;
    let forged = format!("{}{}", &s[..s.len() - 4], "AAAA");
    expect_problem(
        app.get_as(&forged, "/api/v1/audit").await,
        401,
        "unauthorized",
    )
    .await;
    expect_problem(
        app.get_as("skp_nothing", "/api/v1/audit").await,
        401,
        "unauthorized",
    )
    .await;

    let list: Page = app.page(&admin, "/api/v1/api-keys").await;
    let revoked_row = list
        .items
        .iter()
        .find(|k| k["id"] == revoked.id)
        .cloned()
        .unwrap_or_default();
    assert!(revoked_row["revoked_at"].is_string());
}

#[tokio::test]
async fn only_admins_manage_keys_and_other_organisations_keys_look_absent() {
    let app = TestApp::spawn().await;
    let mine = app.create_org("Zavod KeyMine");
    let theirs = app.create_org("Zavod KeyTheirs");
    let their_admin = app.token(&theirs, Role::Admin).await;
    let their_key = create_key(&app, &their_admin, json!([])).await;
    let admin = app.token(&mine, Role::Admin).await;
    let res = app
        .send_as(
            Method::DELETE,
            &admin,
            &format!("/api/v1/api-keys/{}", their_key.id),
            None,
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let list: Page = app.page(&admin, "/api/v1/api-keys").await;
    assert_eq!(list.items.len(), 0);
    let coordinator = app.token(&mine, Role::Coordinator).await;
    expect_problem(
        app.get_as(&coordinator, "/api/v1/api-keys").await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn a_key_expiry_must_be_in_the_future_and_within_a_year() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Expiry");
    let admin = app.token(&org, Role::Admin).await;
    for (when, code) in [
        ("2020-01-01T00:00:00Z", "past"),
        ("2099-01-01T00:00:00Z", "too_far"),
    ] {
        let res = app
            .send_as(
                Method::POST,
                &admin,
                "/api/v1/api-keys",
                Some(json!({"name": "k", "expires_at": when})),
            )
            .await;
        let body = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], "expires_at");
        assert_eq!(body["errors"][0]["code"], code);
    }
    let res = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/api-keys",
            Some(json!({"name": "k", "scopes": ["root"]})),
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;
}
