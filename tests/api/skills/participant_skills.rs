//! A participant's skills: evidence and certificates, consent, suggestions
//! from an occupation, and finding people by their skills.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, Page, TestApp, FORKLIFT, SEW, TEXTILES};

#[tokio::test]
async fn an_adviser_records_skills_with_evidence_and_certificates() {
    let app = TestApp::spawn().await;
    app.import_esco("esco-v1.1");
    let org = app.create_org("Zavod Skills");
    let adviser = app.token(&org, Role::Adviser).await;
    let id = app
        .person(
            &adviser,
            json!({"name": "Amina", "mentor_id": org.user_id(Role::Mentor)}),
            false,
        )
        .await;
    let path = format!("/api/v1/participants/{id}/skills");
    let next_year = (chrono::Utc::now() + chrono::Duration::days(365))
        .date_naive()
        .to_string();

    let res = app.send_as(Method::POST, &adviser, &format!("{path}?lang=sl"), Some(json!({"skill_uri": SEW, "level": "advanced", "years": 12, "acquired": "origin_country"}))).await;
    assert_eq!(res.status(), 201);
    let sew: Value = res.json().await.expect("json");
    assert_eq!(sew["skill"]["label"], "šivanje oblačil");
    assert_eq!(sew["evidence"], "self_declared");
    let res = app
        .send_as(
            Method::POST,
            &adviser,
            &path,
            Some(json!({"skill_uri": FORKLIFT, "level": "intermediate", "evidence": "certificate",
                        "certificate": {"name": "Forklift licence", "issuer": "ZVD", "issued": "2024-03-01", "expires": next_year}})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let forklift: Value = res.json().await.expect("json");
    assert_eq!(forklift["certificate"]["expires"], next_year);
    assert_eq!(forklift["certificate_expired"], false);

    // The same skill twice, an occupation, an unknown URI, a certificate ending before it began.
    expect_problem(
        app.send_as(
            Method::POST,
            &adviser,
            &path,
            Some(json!({"skill_uri": SEW, "level": "basic"})),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    for (uri, code) in [
        ("http://example.org/esco/occupation/tailor", "occupation"),
        ("http://example.org/nope", "unknown"),
    ] {
        let problem = expect_problem(
            app.send_as(
                Method::POST,
                &adviser,
                &path,
                Some(json!({"skill_uri": uri, "level": "basic"})),
            )
            .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["code"], code);
    }
    let problem = expect_problem(
        app.send_as(Method::POST, &adviser, &path, Some(json!({"skill_uri": TEXTILES, "level": "basic", "certificate": {"name": "x", "issued": "2024-01-01", "expires": "2023-01-01"}}))).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "certificate.expires");

    // Change with the version; a stale version is refused.
    let one = format!("{path}/{}", sew["id"].as_str().unwrap_or(""));
    let res = app
        .send_as(
            Method::PATCH,
            &adviser,
            &one,
            Some(json!({"version": 1, "level": "expert", "evidence": "interview"})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let changed: Value = res.json().await.expect("json");
    assert_eq!(
        (changed["level"].as_str(), changed["years"].as_i64()),
        (Some("expert"), Some(12))
    );
    expect_problem(
        app.send_as(
            Method::PATCH,
            &adviser,
            &one,
            Some(json!({"version": 1, "level": "basic"})),
        )
        .await,
        409,
        "version_conflict",
    )
    .await;

    // The mentor sees the skills; another organisation does not see the person.
    let mentor = app.token(&org, Role::Mentor).await;
    let seen: Value = app.get_as(&mentor, &path).await.json().await.expect("json");
    assert_eq!(seen.as_array().map(Vec::len), Some(2));
    expect_problem(
        app.send_as(
            Method::POST,
            &mentor,
            &path,
            Some(json!({"skill_uri": TEXTILES, "level": "basic"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let other = app.create_org("Zavod Elsewhere");
    let stranger = app.token(&other, Role::Admin).await;
    expect_problem(app.get_as(&stranger, &path).await, 404, "not_found").await;

    assert_eq!(
        app.send_as(
            Method::DELETE,
            &adviser,
            &format!("{path}/{}", forklift["id"].as_str().unwrap_or("")),
            None
        )
        .await
        .status(),
        204
    );
    let left: Value = app
        .get_as(&adviser, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(left.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn skills_need_consent_and_an_occupation_suggests_the_missing_ones() {
    let app = TestApp::spawn().await;
    app.import_esco("esco-v1.1");
    let org = app.create_org("Zavod Suggest");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let bare = app
        .create_participant(&coordinator, json!({"name": "No Consent Yet"}))
        .await;
    let bare_path = format!("/api/v1/participants/{}/skills", bare.id);
    expect_problem(
        app.send_as(
            Method::POST,
            &coordinator,
            &bare_path,
            Some(json!({"skill_uri": SEW, "level": "basic"})),
        )
        .await,
        409,
        "consent_required",
    )
    .await;

    let id = app
        .person(&coordinator, json!({"name": "Farid"}), false)
        .await;
    let path = format!("/api/v1/participants/{id}");
    app.send_as(
        Method::POST,
        &coordinator,
        &format!("{path}/skills"),
        Some(json!({"skill_uri": TEXTILES, "level": "basic"})),
    )
    .await;
    let tailor = "http://example.org/esco/occupation/tailor";
    let suggested: Value = app
        .get_as(
            &coordinator,
            &format!("{path}/skill-suggestions?occupation_uri={tailor}&lang=sl"),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        suggested,
        json!([{"uri": SEW, "kind": "skill", "label": "šivanje oblačil", "status": "released"}]),
        "essential and not yet held"
    );
    expect_problem(
        app.get_as(
            &coordinator,
            &format!("{path}/skill-suggestions?occupation_uri={SEW}"),
        )
        .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn the_participant_list_finds_people_by_skills() {
    let app = TestApp::spawn().await;
    app.import_esco("esco-v1.1");
    let org = app.create_org("Zavod Find");
    let token = app.token(&org, Role::Coordinator).await;
    for (name, skills) in [
        ("Seamstress Expert", vec![(SEW, "expert")]),
        ("Seamstress Beginner", vec![(SEW, "basic")]),
        ("Driver", vec![(FORKLIFT, "advanced")]),
        ("Both", vec![(SEW, "intermediate"), (FORKLIFT, "basic")]),
        ("Neither", vec![]),
    ] {
        let id = app.person(&token, json!({"name": name}), false).await;
        for (uri, level) in skills {
            let res = app
                .send_as(
                    Method::POST,
                    &token,
                    &format!("/api/v1/participants/{id}/skills"),
                    Some(json!({"skill_uri": uri, "level": level})),
                )
                .await;
            assert_eq!(res.status(), 201);
        }
    }
    let names = |page: Page| -> Vec<String> {
        page.items
            .iter()
            .map(|p| p["name"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let find = |q: String| {
        let app = &app;
        let token = token.clone();
        async move {
            names(
                app.page(&token, &format!("/api/v1/participants?sort=name&{q}"))
                    .await,
            )
        }
    };
    assert_eq!(
        find(format!("skills={SEW}")).await,
        vec!["Both", "Seamstress Beginner", "Seamstress Expert"]
    );
    assert_eq!(
        find(format!("skills={SEW}&min_level=intermediate")).await,
        vec!["Both", "Seamstress Expert"]
    );
    assert_eq!(
        find(format!("skills={SEW},{FORKLIFT}&match=all")).await,
        vec!["Both"]
    );
    assert_eq!(
        find(format!(
            "skills={SEW},{FORKLIFT}&match=any&min_level=advanced"
        ))
        .await,
        vec!["Driver", "Seamstress Expert"]
    );
}
