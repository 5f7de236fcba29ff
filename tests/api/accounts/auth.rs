//! Logging in, tokens, refresh rotation, logout, brute-force limits and
//! password changes.

use base64::Engine;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::auth::tokens::{Claims, AUDIENCE, ISSUER};
use skupaj::policy::Role;

use crate::support::{expect_problem, TestApp, Tokens, PASSWORD};

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

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_whole_family() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Refresh");
    let first = app.tokens(org.email(Role::Coordinator), PASSWORD).await;
    let r1 = first.refresh_token;

    let second: Tokens = app.refresh(&r1).await.json().await.expect("json");
    let r2 = second.refresh_token;
    assert_ne!(r1, r2, "a new refresh token each time");
    assert_eq!(
        app.get_as(&second.access_token, "/api/v1/me")
            .await
            .status(),
        200
    );

    // Someone replays the first token: theft. The whole family dies,
    // including the legitimate newest token.
    expect_problem(app.refresh(&r1).await, 401, "unauthorized").await;
    expect_problem(app.refresh(&r2).await, 401, "unauthorized").await;
    assert!(app
        .audit_rows(&org.id)
        .iter()
        .any(|r| r.0 == "refresh_token_reused"));

    // Another login (another family) is unaffected.
    let other = app.tokens(org.email(Role::Coordinator), PASSWORD).await;
    assert_eq!(app.refresh(&other.refresh_token).await.status(), 200);
}

#[tokio::test]
async fn refresh_can_switch_to_another_organisation_of_the_account() {
    let app = TestApp::spawn().await;
    let a = app.create_org("Zavod A");
    let b = app.create_org("Zavod B");
    {
        let mut conn = app.conn();
        skupaj::accounts::add_membership(
            &mut conn,
            &b.id,
            a.user_id(Role::Adviser),
            Role::Coordinator,
        )
        .expect("second membership");
    }
    let first = app.tokens(a.email(Role::Adviser), PASSWORD).await;
    let switched = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": first.refresh_token, "organization_id": b.id}))
        .send()
        .await
        .expect("switch");
    assert_eq!(switched.status(), 200);
    let switched: Tokens = switched.json().await.expect("json");
    assert_eq!(switched.organization_id, b.id);
    assert_eq!(switched.role, "coordinator");
    let me: Value = app
        .get_as(&switched.access_token, "/api/v1/me")
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
        .json(&json!({"refresh_token": switched.refresh_token, "organization_id": c.id}))
        .send()
        .await
        .expect("switch");
    expect_problem(res, 403, "forbidden").await;
    assert_eq!(app.refresh(&switched.refresh_token).await.status(), 200);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Logout");
    let body = app.tokens(org.email(Role::Mentor), PASSWORD).await;
    let r = body.refresh_token.as_str();
    let res = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .json(&json!({"refresh_token": r}))
        .send()
        .await
        .expect("logout");
    assert_eq!(res.status(), 204);
    expect_problem(app.refresh(r).await, 401, "unauthorized").await;
    assert!(app.audit_rows(&org.id).iter().any(|row| row.0 == "logout"));
}

#[tokio::test]
async fn repeated_failures_for_one_account_answer_429_with_retry_after() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Brute");
    let email = org.email(Role::Admin);
    for _ in 0..skupaj::accounts::MAX_FAILURES_PER_ACCOUNT {
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
    for n in 0..skupaj::accounts::MAX_FAILURES_PER_ADDRESS {
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
    let other_device = app.tokens(&email, PASSWORD).await;
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
    let fresh: Tokens = res.json().await.expect("json");
    assert_eq!(
        app.get_as(&fresh.access_token, "/api/v1/me").await.status(),
        200,
        "this device continues"
    );
    assert_eq!(
        app.get_as(&token, "/api/v1/me").await.status(),
        401,
        "the old access token ends"
    );
    expect_problem(
        app.refresh(&other_device.refresh_token).await,
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
    let body: Tokens = res.json().await.expect("json");
    assert_eq!(body.role, "participant");
    expect_problem(
        app.get_as(&body.access_token, "/api/v1/members").await,
        403,
        "forbidden",
    )
    .await;
}
