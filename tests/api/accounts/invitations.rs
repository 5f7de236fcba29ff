//! Invitations (new accounts, and existing ones joining another
//! organisation) and password reset links.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, Page, Setup, TestApp, Tokens, PASSWORD};

#[tokio::test]
async fn an_invitation_creates_an_account_once() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Invite");
    let admin = app.token(&org, Role::Admin).await;
    let res = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/invitations",
            Some(json!({"email": "New.Adviser@Example.org", "role": "adviser"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let link: Value = res.json().await.expect("json");
    let token = link["token"].as_str().expect("token").to_string();
    assert!(link["url"]
        .as_str()
        .is_some_and(|u| u.ends_with(&format!("/invite#token={token}"))));

    let pending: Page = app.page(&admin, "/api/v1/invitations").await;
    assert_eq!(pending.items[0]["email"], "new.adviser@example.org");

    let weak = app
        .client
        .post(app.url("/api/v1/auth/accept-invitation"))
        .json(&json!({"token": token, "display_name": "Nadia", "password": "123456789"}))
        .send()
        .await
        .expect("accept");
    expect_problem(weak, 422, "validation_failed").await;

    let accept = || {
        app.client
            .post(app.url("/api/v1/auth/accept-invitation"))
            .json(&json!({"token": token, "display_name": "Nadia K.", "password": "Sonce-nad-Savo-vsako-jutro-4"}))
            .send()
    };
    let res = accept().await.expect("accept");
    assert_eq!(res.status(), 200);
    let session: Tokens = res.json().await.expect("json");
    assert_eq!(session.role, "adviser");
    assert_eq!(session.organization_id, org.id);
    // Single use: the same link does not work twice.
    expect_problem(accept().await.expect("again"), 404, "link_invalid").await;
    assert_eq!(
        app.login("new.adviser@example.org", "Sonce-nad-Savo-vsako-jutro-4")
            .await
            .status(),
        200
    );
    let pending: Page = app.page(&admin, "/api/v1/invitations").await;
    assert_eq!(pending.items.len(), 0);
}

#[tokio::test]
async fn a_withdrawn_or_expired_invitation_does_not_work() {
    use diesel::prelude::*;
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Expired");
    let admin = app.token(&org, Role::Admin).await;
    let mut links = Vec::new();
    for email in ["one@example.org", "two@example.org"] {
        let res = app
            .send_as(
                Method::POST,
                &admin,
                "/api/v1/invitations",
                Some(json!({"email": email, "role": "mentor"})),
            )
            .await;
        links.push(res.json::<Value>().await.expect("json"));
    }
    let res = app
        .send_as(
            Method::DELETE,
            &admin,
            &format!(
                "/api/v1/invitations/{}",
                links[0]["id"].as_str().unwrap_or("")
            ),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    {
        use skupaj::db::schema::invitations;
        let mut conn = app.conn();
        diesel::update(invitations::table.find(links[1]["id"].as_str().unwrap_or("")))
            .set(invitations::expires_at.eq(skupaj::ids::now() - chrono::Duration::minutes(1)))
            .execute(&mut conn)
            .expect("expire");
    }
    for link in &links {
        let res = app
            .client
            .post(app.url("/api/v1/auth/accept-invitation"))
            .json(&json!({"token": link["token"], "display_name": "X", "password": "Sonce-nad-Savo-vsako-jutro-4"}))
            .send()
            .await
            .expect("accept");
        expect_problem(res, 404, "link_invalid").await;
    }
}

#[tokio::test]
async fn an_existing_account_joins_another_organisation_with_its_own_password() {
    let app = TestApp::spawn().await;
    let home = app.create_org("Zavod Home");
    let other = app.create_org("Zavod Other");
    let admin = app.token(&other, Role::Admin).await;
    let link: Value = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/invitations",
            Some(json!({"email": home.email(Role::Mentor), "role": "mentor"})),
        )
        .await
        .json()
        .await
        .expect("json");
    let try_with = |password: &'static str| {
        app.client
            .post(app.url("/api/v1/auth/accept-invitation"))
            .json(&json!({"token": link["token"], "display_name": "ignored", "password": password}))
            .send()
    };
    expect_problem(
        try_with("Wrong-password-for-sure-1").await.expect("req"),
        401,
        "invalid_credentials",
    )
    .await;
    // The failed attempt did not use up the link.
    let res = try_with(PASSWORD).await.expect("req");
    assert_eq!(res.status(), 200);
    let session: Tokens = res.json().await.expect("json");
    assert_eq!(session.organization_id, other.id);
}

#[tokio::test]
async fn an_admin_reset_link_sets_a_new_password_once() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Reset");
    let admin = app.token(&org, Role::Admin).await;
    let participant_session = app.tokens(org.email(Role::Participant), PASSWORD).await;
    let res = app
        .send_as(
            Method::POST,
            &admin,
            &format!(
                "/api/v1/members/{}/password-reset",
                org.membership_id(Role::Participant)
            ),
            None,
        )
        .await;
    assert_eq!(res.status(), 201);
    let link: Value = res.json().await.expect("json");
    assert!(link["url"]
        .as_str()
        .is_some_and(|u| u.contains("/reset-password#token=")));
    let reset = || {
        app.client
            .post(app.url("/api/v1/auth/reset-password"))
            .json(&json!({"token": link["token"], "new_password": "Lipa-cveti-ob-cesti-2026"}))
            .send()
    };
    assert_eq!(reset().await.expect("reset").status(), 204);
    expect_problem(reset().await.expect("again"), 404, "link_invalid").await;
    assert_eq!(
        app.login(org.email(Role::Participant), PASSWORD)
            .await
            .status(),
        401
    );
    assert_eq!(
        app.login(org.email(Role::Participant), "Lipa-cveti-ob-cesti-2026")
            .await
            .status(),
        200
    );
    expect_problem(
        app.refresh(&participant_session.refresh_token).await,
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn links_use_the_configured_public_address_and_empty_fields_are_required() {
    let app = TestApp::spawn_with(Setup {
        env: std::collections::HashMap::from([(
            "SKUPAJ_PUBLIC_URL".to_string(),
            "https://skupaj.example.org/".to_string(),
        )]),
        ..Default::default()
    })
    .await;
    let org = app.create_org("Zavod Public");
    let admin = app.token(&org, Role::Admin).await;
    let link: Value = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/invitations",
            Some(json!({"email": "x@example.org", "role": "mentor"})),
        )
        .await
        .json()
        .await
        .expect("json");
    assert!(
        link["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://skupaj.example.org/invite#token=")),
        "{link}"
    );
    // A new account needs a name; an empty e-mail is reported as required.
    let res = app
        .client
        .post(app.url("/api/v1/auth/accept-invitation"))
        .json(&json!({"token": link["token"], "password": "Sonce-nad-Savo-vsako-jutro-4"}))
        .send()
        .await
        .expect("req");
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "display_name");
    assert_eq!(body["errors"][0]["code"], "required");
    let res = app.login("", "x").await;
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        body["errors"][0],
        json!({"field": "email", "code": "required", "message": "is required"})
    );
}
