//! Who sees what: each role's view of a participant, pseudonyms for
//! analysts and API keys, and other organisations' participants.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{amina, expect_problem, Page, Setup, TestApp, PASSWORD};

#[tokio::test]
async fn each_role_sees_only_the_fields_it_needs() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Views");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let p = app.create_participant(&coordinator, amina(&org)).await;
    let other = app
        .create_participant(&coordinator, json!({"name": "Someone Else"}))
        .await;
    let path = format!("/api/v1/participants/{}", p.id);

    // The assigned adviser sees everything; another adviser does not see sensitive fields.
    let adviser: Value = app
        .get_as(&app.token(&org, Role::Adviser).await, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(adviser["view"], "full");
    assert_eq!(adviser["notes"], "Prefers meetings in the afternoon.");
    app.add_account(
        &org.id,
        "second.adviser@example.org",
        "Second",
        Role::Adviser,
    );
    let second = app.tokens("second.adviser@example.org", PASSWORD).await;
    let limited: Value = app
        .get_as(&second.access_token, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(limited["view"], "limited");
    assert_eq!(limited["name"], "Amina Hadžić");
    for hidden in [
        "legal_status",
        "country_of_origin",
        "phone",
        "whatsapp",
        "email",
        "notes",
    ] {
        assert!(
            limited.get(hidden).is_none(),
            "{hidden} hidden from other advisers"
        );
    }

    // The mentor sees their mentee's name and languages, and no one else.
    let mentor = app.token(&org, Role::Mentor).await;
    let mentee: Value = app.get_as(&mentor, &path).await.json().await.expect("json");
    assert_eq!(mentee["view"], "mentee");
    assert_eq!(mentee["languages"][0]["language"], "ar");
    assert!(
        mentee.get("legal_status").is_none()
            && mentee.get("municipality").is_none()
            && mentee.get("phone").is_none()
    );
    let res = app
        .get_as(&mentor, &format!("/api/v1/participants/{}", other.id))
        .await;
    expect_problem(res, 404, "not_found").await;

    // The person sees their own profile without advisers' notes, and may edit it but not the notes.
    let own_token = app.token(&org, Role::Participant).await;
    let own: Value = app
        .get_as(&own_token, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(own["view"], "own");
    assert_eq!(own["phone"], "+38640111222");
    assert!(own.get("notes").is_none());
    let res = app
        .send_as(
            Method::PATCH,
            &own_token,
            &path,
            Some(json!({"version": own["version"], "notes": "mine"})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "read_only");
    let res = app
        .send_as(
            Method::PATCH,
            &own_token,
            &path,
            Some(json!({"version": own["version"], "phone": "+38641999888"})),
        )
        .await;
    assert_eq!(res.status(), 200);

    // A partner sees nothing without the person's consent to share, then only what is shared.
    let partner = app.token(&org, Role::Partner).await;
    expect_problem(app.get_as(&partner, &path).await, 404, "not_found").await;
    let list: Page = app.page(&partner, "/api/v1/participants").await;
    assert_eq!(list.items.len(), 0);
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("{path}/consents"),
            Some(json!({"purpose": "partner_sharing", "text_version": "v1"})),
        )
        .await;
    let sharing: Value = res.json().await.expect("json");
    let shared: Value = app
        .get_as(&partner, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(shared["view"], "shared");
    assert_eq!(shared["education_level"], "isced_3");
    for hidden in [
        "legal_status",
        "country_of_origin",
        "phone",
        "notes",
        "birth_year",
        "gender",
        "needs",
    ] {
        assert!(
            shared.get(hidden).is_none(),
            "{hidden} not shared with partners"
        );
    }
    app.send_as(
        Method::POST,
        &coordinator,
        &format!(
            "{path}/consents/{}/withdraw",
            sharing["id"].as_str().unwrap_or("")
        ),
        None,
    )
    .await;
    expect_problem(app.get_as(&partner, &path).await, 404, "not_found").await;
}

#[tokio::test]
async fn analysts_and_api_keys_get_stable_unlinkable_pseudonyms() {
    // k = 1, so that one person's coded fields show (k-anonymity has its
    // own tests in pseudonyms.rs).
    let app = TestApp::spawn_with(Setup {
        env: std::collections::HashMap::from([(
            "SKUPAJ_SUPPRESSION_THRESHOLD".to_string(),
            "1".to_string(),
        )]),
        ..Default::default()
    })
    .await;
    let org = app.create_org("Zavod Pseudo");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let p = app.create_participant(&coordinator, amina(&org)).await;
    let admin = app.token(&org, Role::Admin).await;
    let mut keys = Vec::new();
    for name in ["City", "Funder"] {
        let k = app.create_api_key(&admin, json!({"name": name})).await;
        keys.push(k.secret);
    }
    let analyst = app.token(&org, Role::Analyst).await;
    let mut seen = Vec::new();
    for token in [&keys[0], &keys[0], &keys[1], &analyst] {
        let page: Page = app.page(token, "/api/v1/participants").await;
        let item = page.items[0].clone();
        assert_eq!(item["view"], "pseudonymised");
        let text = item.to_string();
        for secret in [
            "Amina",
            "Hadžić",
            "+38640111222",
            "amina@example.org",
            "afternoon",
            "Tailoring",
        ] {
            assert!(!text.contains(secret), "{secret} leaked into {text}");
        }
        assert!(item.get("birth_year").is_none());
        assert!(item["age_band"].is_string());
        assert_eq!(item["legal_status"], "international_protection");
        seen.push(item["pseudonym"].as_str().unwrap_or("").to_string());
    }
    assert_eq!(seen[0], seen[1], "stable for one key");
    assert_ne!(seen[0], seen[2], "unlinkable across keys");
    assert_ne!(seen[2], seen[3]);
    // The pseudonym is the way to one person; the real id is not.
    let one: Value = app
        .get_as(&keys[0], &format!("/api/v1/participants/{}", seen[0]))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(one["pseudonym"].as_str(), Some(seen[0].as_str()));
    assert!(one.get("id").is_none());
    expect_problem(
        app.get_as(&keys[0], &format!("/api/v1/participants/{}", p.id))
            .await,
        404,
        "not_found",
    )
    .await;
    // Searching by name would defeat the pseudonyms.
    expect_problem(
        app.get_as(&keys[0], "/api/v1/participants?q=Amina").await,
        403,
        "forbidden",
    )
    .await;
    // Keys may not write.
    expect_problem(
        app.send_as(
            Method::POST,
            &keys[0],
            "/api/v1/participants",
            Some(json!({"name": "X"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn another_organisations_participants_look_absent() {
    let app = TestApp::spawn().await;
    let mine = app.create_org("Zavod Mine");
    let theirs = app.create_org("Zavod Theirs");
    let their_token = app.token(&theirs, Role::Coordinator).await;
    let p = app
        .create_participant(&their_token, json!({"name": "Hidden Person"}))
        .await;
    let path = format!("/api/v1/participants/{}", p.id);
    let token = app.token(&mine, Role::Admin).await;
    expect_problem(app.get_as(&token, &path).await, 404, "not_found").await;
    expect_problem(
        app.send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": 1, "name": "Mine now"})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.send_as(
            Method::POST,
            &token,
            &format!("{path}/archive"),
            Some(json!({"version": 1})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.get_as(&token, &format!("{path}/consents")).await,
        404,
        "not_found",
    )
    .await;
    let list: Page = app.page(&token, "/api/v1/participants?q=Hidden").await;
    assert_eq!(list.items.len(), 0);
    expect_problem(app.get(&path).await, 401, "unauthorized").await;
    let partner = app.token(&mine, Role::Partner).await;
    expect_problem(
        app.send_as(
            Method::POST,
            &partner,
            "/api/v1/participants",
            Some(json!({"name": "X"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}
