//! Logging in, tokens, refresh rotation, logout, brute-force limits,
//! invitations and password resets.

use base64::Engine;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::auth::tokens::{Claims, AUDIENCE, ISSUER};
use skupaj::policy::Role;

use crate::helpers::{expect_problem, TestApp, PASSWORD};

fn b64(s: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

fn decode_part(token: &str, index: usize) -> Value {
    let part = token.split('.').nth(index).expect("jwt part");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64");
    serde_json::from_slice(&bytes).expect("json")
}

#[tokio::test]
async fn login_answers_oauth_style_tokens_with_pinned_claims() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tokens");
    let res = app.login(org.email(Role::Adviser), PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["role"], "adviser");
    assert_eq!(body["organization_id"], org.id);
    assert!(body["refresh_token"].as_str().is_some_and(|t| t.len() > 40));

    let token = body["access_token"].as_str().expect("token");
    let header = decode_part(token, 0);
    assert_eq!(header["alg"], "HS256");
    assert_eq!(header["kid"], app.state.jwt.kid());
    let claims = decode_part(token, 1);
    assert_eq!(claims["iss"], ISSUER);
    assert_eq!(claims["aud"], AUDIENCE);
    assert_eq!(claims["sub"], org.user_id(Role::Adviser));
    assert_eq!(
        claims["exp"].as_i64().unwrap_or(0) - claims["iat"].as_i64().unwrap_or(0),
        900
    );

    let me = app.get_as(token, "/api/v1/me").await;
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.expect("me");
    assert_eq!(me["user"]["email"], org.email(Role::Adviser));
    assert_eq!(me["role"], "adviser");
    assert_eq!(me["memberships"][0]["organization_name"], "Zavod Tokens");
    // The e-mail is matched without regard to case or spaces.
    let res = app
        .login(
            &format!("  {} ", org.email(Role::Adviser).to_uppercase()),
            PASSWORD,
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Same");
    let wrong = expect_problem(
        app.login(org.email(Role::Admin), "not the password").await,
        401,
        "invalid_credentials",
    )
    .await;
    let unknown = expect_problem(
        app.login("nobody@example.org", "not the password").await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn without_a_token_the_api_answers_401_with_a_challenge() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/me",
        "/api/v1/members",
        "/api/v1/audit",
        "/api/v1/api-keys",
        "/api/v1/invitations",
    ] {
        let res = app.get(path).await;
        assert_eq!(
            res.headers()
                .get("www-authenticate")
                .map(|v| v.to_str().unwrap_or("")),
            Some("Bearer"),
            "{path}"
        );
        expect_problem(res, 401, "unauthorized").await;
    }
    let res = app
        .client
        .get(app.url("/api/v1/me"))
        .header("Authorization", "Basic YTpi")
        .send()
        .await
        .expect("req");
    expect_problem(res, 401, "unauthorized").await;
}

#[tokio::test]
async fn expired_tampered_unsigned_and_foreign_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Forgery");
    let admin = org.user_id(Role::Admin).to_string();
    let now = chrono::Utc::now().timestamp();
    let claims = |aud: &str, iat: i64, exp: i64| Claims {
        iss: ISSUER.into(),
        aud: aud.into(),
        sub: admin.clone(),
        org: org.id.clone(),
        iat,
        exp,
    };
    let good = app
        .state
        .jwt
        .sign(&claims(AUDIENCE, now, now + 600))
        .expect("sign");
    assert_eq!(
        app.get_as(&good, "/api/v1/me").await.status(),
        200,
        "a well-made token works"
    );

    let expired = app
        .state
        .jwt
        .sign(&claims(AUDIENCE, now - 3600, now - 60))
        .expect("sign");
    let wrong_audience = app
        .state
        .jwt
        .sign(&claims("another-api", now, now + 600))
        .expect("sign");
    let other_key = skupaj::auth::tokens::JwtKeys::new(&[9u8; 64])
        .sign(&claims(AUDIENCE, now, now + 600))
        .expect("sign");
    let mut parts: Vec<String> = good.split('.').map(str::to_string).collect();
    let mut payload = decode_part(&good, 1);
    payload["sub"] = json!(org.user_id(Role::Participant));
    parts[1] = b64(&payload.to_string());
    let tampered = parts.join(".");
    let unsigned = format!(
        "{}.{}.",
        b64(&format!(
            r#"{{"alg":"none","typ":"JWT","kid":"{}"}}"#,
            app.state.jwt.kid()
        )),
        b64(&serde_json::to_string(&claims(AUDIENCE, now, now + 600)).expect("json"))
    );
    let switched = format!(
        "{}.{}.{}",
        b64(&format!(
            r#"{{"alg":"HS512","typ":"JWT","kid":"{}"}}"#,
            app.state.jwt.kid()
        )),
        parts[1],
        parts[2]
    );
    for (name, token) in [
        ("expired", expired),
        ("wrong audience", wrong_audience),
        ("another key", other_key),
        ("tampered", tampered),
        ("alg none", unsigned),
        ("switched alg", switched),
        ("garbage", "abc.def.ghi".to_string()),
    ] {
        let res = app.get_as(&token, "/api/v1/me").await;
        assert_eq!(res.status(), 401, "{name} token");
        expect_problem(res, 401, "unauthorized").await;
    }
}

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": token}))
        .send()
        .await
        .expect("refresh")
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_whole_family() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Refresh");
    let first: Value = app
        .login(org.email(Role::Coordinator), PASSWORD)
        .await
        .json()
        .await
        .expect("json");
    let r1 = first["refresh_token"].as_str().expect("r1").to_string();

    let second: Value = refresh(&app, &r1).await.json().await.expect("json");
    let r2 = second["refresh_token"].as_str().expect("r2").to_string();
    assert_ne!(r1, r2, "a new refresh token each time");
    assert_eq!(
        app.get_as(second["access_token"].as_str().unwrap_or(""), "/api/v1/me")
            .await
            .status(),
        200
    );

    // Someone replays the first token: theft. The whole family dies,
    // including the legitimate newest token.
    expect_problem(refresh(&app, &r1).await, 401, "unauthorized").await;
    expect_problem(refresh(&app, &r2).await, 401, "unauthorized").await;
    assert!(app
        .audit_rows(&org.id)
        .iter()
        .any(|r| r.0 == "refresh_token_reused"));

    // Another login (another family) is unaffected.
    let other: Value = app
        .login(org.email(Role::Coordinator), PASSWORD)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        refresh(&app, other["refresh_token"].as_str().unwrap_or(""))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn refresh_can_switch_to_another_organisation_of_the_account() {
    let app = TestApp::spawn().await;
    let a = app.create_org("Zavod A");
    let b = app.create_org("Zavod B");
    {
        let mut conn = app.conn();
        skupaj::identity::add_membership(
            &mut conn,
            &b.id,
            a.user_id(Role::Adviser),
            Role::Coordinator,
        )
        .expect("second membership");
    }
    let first: Value = app
        .login(a.email(Role::Adviser), PASSWORD)
        .await
        .json()
        .await
        .expect("json");
    let switched = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": first["refresh_token"], "organization_id": b.id}))
        .send()
        .await
        .expect("switch");
    assert_eq!(switched.status(), 200);
    let switched: Value = switched.json().await.expect("json");
    assert_eq!(switched["organization_id"], b.id);
    assert_eq!(switched["role"], "coordinator");
    let me: Value = app
        .get_as(
            switched["access_token"].as_str().unwrap_or(""),
            "/api/v1/me",
        )
        .await
        .json()
        .await
        .expect("me");
    assert_eq!(me["organization_id"], b.id);
    assert_eq!(me["memberships"].as_array().map(Vec::len), Some(2));

    // Not a member of a third organisation: refused, and the token still works.
    let c = app.create_org("Zavod C");
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": switched["refresh_token"], "organization_id": c.id}))
        .send()
        .await
        .expect("switch");
    expect_problem(res, 403, "forbidden").await;
    assert_eq!(
        refresh(&app, switched["refresh_token"].as_str().unwrap_or(""))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Logout");
    let body: Value = app
        .login(org.email(Role::Mentor), PASSWORD)
        .await
        .json()
        .await
        .expect("json");
    let r = body["refresh_token"].as_str().expect("refresh");
    let res = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .json(&json!({"refresh_token": r}))
        .send()
        .await
        .expect("logout");
    assert_eq!(res.status(), 204);
    expect_problem(refresh(&app, r).await, 401, "unauthorized").await;
    assert!(app.audit_rows(&org.id).iter().any(|row| row.0 == "logout"));
}

#[tokio::test]
async fn repeated_failures_for_one_account_answer_429_with_retry_after() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Brute");
    let email = org.email(Role::Admin);
    for _ in 0..skupaj::identity::MAX_FAILURES_PER_ACCOUNT {
        assert_eq!(app.login(email, "guess-guess-guess").await.status(), 401);
    }
    // Even the right password is refused while the account is locked.
    let res = app.login(email, PASSWORD).await;
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&wait), "Retry-After {wait}");
    expect_problem(res, 429, "too_many_requests").await;
    // Other accounts are unaffected.
    assert_eq!(
        app.login(org.email(Role::Coordinator), PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn repeated_failures_from_one_address_answer_429() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Spray");
    for n in 0..skupaj::identity::MAX_FAILURES_PER_ADDRESS {
        assert_eq!(
            app.login(&format!("guess{n}@example.org"), "guess-guess-guess")
                .await
                .status(),
            401
        );
    }
    let res = app.login(org.email(Role::Analyst), PASSWORD).await;
    assert!(res.headers().contains_key("retry-after"));
    expect_problem(res, 429, "too_many_requests").await;
}

#[tokio::test]
async fn a_password_change_ends_other_sessions_and_refuses_weak_passwords() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Password");
    let email = org.email(Role::Adviser).to_string();
    let other_device: Value = app
        .login(&email, PASSWORD)
        .await
        .json()
        .await
        .expect("json");
    let token = app.token(&org, Role::Adviser).await;

    let weak = app
        .send_as(
            Method::POST,
            &token,
            "/api/v1/me/password",
            Some(json!({"current_password": PASSWORD, "new_password": "password123"})),
        )
        .await;
    let body = expect_problem(weak, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "new_password");
    assert_eq!(body["errors"][0]["code"], "weak_password");
    let wrong = app
        .send_as(Method::POST, &token, "/api/v1/me/password", Some(json!({"current_password": "nope", "new_password": "Zelena-reka-teče-mimo-mlina-9"})))
        .await;
    let body = expect_problem(wrong, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "incorrect");

    // Tokens carry whole seconds: make the change strictly later than them.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let res = app
        .send_as(Method::POST, &token, "/api/v1/me/password", Some(json!({"current_password": PASSWORD, "new_password": "Zelena-reka-teče-mimo-mlina-9"})))
        .await;
    assert_eq!(res.status(), 200);
    let fresh: Value = res.json().await.expect("json");
    assert_eq!(
        app.get_as(fresh["access_token"].as_str().unwrap_or(""), "/api/v1/me")
            .await
            .status(),
        200,
        "this device continues"
    );
    assert_eq!(
        app.get_as(&token, "/api/v1/me").await.status(),
        401,
        "the old access token ends"
    );
    expect_problem(
        refresh(&app, other_device["refresh_token"].as_str().unwrap_or("")).await,
        401,
        "unauthorized",
    )
    .await;
    assert_eq!(app.login(&email, PASSWORD).await.status(), 401);
    assert_eq!(
        app.login(&email, "Zelena-reka-teče-mimo-mlina-9")
            .await
            .status(),
        200
    );
}

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

    let pending: Value = app
        .get_as(&admin, "/api/v1/invitations")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(pending["items"][0]["email"], "new.adviser@example.org");

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
    let session: Value = res.json().await.expect("json");
    assert_eq!(session["role"], "adviser");
    assert_eq!(session["organization_id"], org.id);
    // Single use: the same link does not work twice.
    expect_problem(accept().await.expect("again"), 404, "link_invalid").await;
    assert_eq!(
        app.login("new.adviser@example.org", "Sonce-nad-Savo-vsako-jutro-4")
            .await
            .status(),
        200
    );
    let pending: Value = app
        .get_as(&admin, "/api/v1/invitations")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(pending["items"].as_array().map(Vec::len), Some(0));
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
    let session: Value = res.json().await.expect("json");
    assert_eq!(session["organization_id"], other.id);
}

#[tokio::test]
async fn an_admin_reset_link_sets_a_new_password_once() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Reset");
    let admin = app.token(&org, Role::Admin).await;
    let participant_session: Value = app
        .login(org.email(Role::Participant), PASSWORD)
        .await
        .json()
        .await
        .expect("json");
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
        refresh(
            &app,
            participant_session["refresh_token"].as_str().unwrap_or(""),
        )
        .await,
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn fields_a_client_may_not_set_are_ignored_at_login() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Mass");
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": org.email(Role::Participant), "password": PASSWORD, "role": "admin", "user_id": org.user_id(Role::Admin)}))
        .send()
        .await
        .expect("login");
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["role"], "participant");
    let token = body["access_token"].as_str().unwrap_or("");
    expect_problem(app.get_as(token, "/api/v1/members").await, 403, "forbidden").await;
}

#[tokio::test]
async fn links_use_the_configured_public_address_and_empty_fields_are_required() {
    let app = TestApp::spawn_with(crate::helpers::Setup {
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
