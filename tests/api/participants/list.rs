//! The participant list: filters, sorting, keyset pages, archiving and
//! incremental pulls with tombstones.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, Page, TestApp};

#[tokio::test]
async fn the_list_filters_sorts_and_pages() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod List");
    let token = app.token(&org, Role::Coordinator).await;
    let consent = json!([{"purpose": "profile_processing", "text_version": "v1"}]);
    let people = [
        (
            "Zaid",
            "asylum_seeker",
            "ar",
            "housing",
            "Ljubljana",
            "2024-01-10",
        ),
        (
            "Olena",
            "temporary_protection",
            "uk",
            "employment",
            "Maribor",
            "2022-03-20",
        ),
        (
            "Amina",
            "international_protection",
            "ar",
            "employment",
            "ljubljana",
            "2023-05-15",
        ),
        (
            "Farid",
            "subsidiary_protection",
            "fa",
            "language",
            "Koper",
            "2021-09-01",
        ),
        (
            "Bashir",
            "asylum_seeker",
            "ps",
            "employment",
            "Ljubljana",
            "2025-02-02",
        ),
    ];
    for (name, status, lang, need, town, arrived) in people {
        app
            .create_participant(
                &token,
                json!({"name": name, "legal_status": status, "languages": [{"language": lang, "level": "native"}],
                       "needs": [need], "municipality": town, "arrival_date": arrived, "consents": consent}),
            )
            .await;
    }
    let names = |page: &Page| -> Vec<String> {
        page.items
            .iter()
            .map(|p| p["name"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let get = |q: &'static str| {
        let token = token.clone();
        let app = &app;
        async move {
            app.page::<Value>(&token, &format!("/api/v1/participants?{q}"))
                .await
        }
    };
    assert_eq!(
        names(&get("legal_status=asylum_seeker&sort=name").await),
        vec!["Bashir", "Zaid"]
    );
    assert_eq!(
        names(&get("language=ar&sort=name").await),
        vec!["Amina", "Zaid"]
    );
    assert_eq!(
        names(&get("need=employment&sort=-name").await),
        vec!["Olena", "Bashir", "Amina"]
    );
    assert_eq!(
        names(&get("municipality=LJUBLJANA&sort=name").await),
        vec!["Amina", "Bashir", "Zaid"]
    );
    assert_eq!(names(&get("q=ol").await), vec!["Olena"]);
    assert_eq!(
        names(&get("q=%25").await),
        Vec::<String>::new(),
        "LIKE wildcards are literal"
    );
    assert_eq!(
        names(&get("arrived_from=2023-01-01&arrived_to=2024-12-31&sort=name").await),
        vec!["Amina", "Zaid"]
    );

    // Keyset paging by name: every person once, in order.
    let mut seen = Vec::new();
    let mut url = "/api/v1/participants?sort=name&limit=2".to_string();
    loop {
        let page: Page = app.page(&token, &url).await;
        seen.extend(names(&page));
        match page.next_cursor {
            Some(c) => url = format!("/api/v1/participants?sort=name&limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, vec!["Amina", "Bashir", "Farid", "Olena", "Zaid"]);
    expect_problem(
        app.get_as(&token, "/api/v1/participants?limit=101").await,
        422,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.get_as(&token, "/api/v1/participants?sort=name&cursor=abc")
            .await,
        422,
        "validation_failed",
    )
    .await;
    // Filters on fields a role cannot see are refused rather than leaking them.
    let adviser = app.token(&org, Role::Adviser).await;
    expect_problem(
        app.get_as(&adviser, "/api/v1/participants?legal_status=asylum_seeker")
            .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn archiving_hides_from_the_list_and_incremental_pulls_get_tombstones() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Archive");
    let token = app.token(&org, Role::Coordinator).await;
    let start = chrono::Utc::now() - chrono::Duration::seconds(1);
    let kept = app
        .create_participant(&token, json!({"name": "Kept"}))
        .await;
    let gone = app
        .create_participant(&token, json!({"name": "Gone Person"}))
        .await;
    let path = format!("/api/v1/participants/{}", gone.id);
    let adviser = app.token(&org, Role::Adviser).await;
    expect_problem(
        app.send_as(
            Method::POST,
            &adviser,
            &format!("{path}/archive"),
            Some(json!({"version": 1})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.send_as(
            Method::POST,
            &token,
            &format!("{path}/archive"),
            Some(json!({"version": 9})),
        )
        .await,
        409,
        "version_conflict",
    )
    .await;
    let res = app
        .send_as(
            Method::POST,
            &token,
            &format!("{path}/archive"),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let archived: Value = res.json().await.expect("json");
    assert_eq!(archived["status"], "archived");

    let active: Page = app.page(&token, "/api/v1/participants").await;
    assert_eq!(active.items.len(), 1);
    assert_eq!(active.items[0]["id"], kept.id);
    let old: Page = app
        .page(&token, "/api/v1/participants?status=archived")
        .await;
    assert_eq!(old.items[0]["id"], gone.id);
    expect_problem(
        app.send_as(
            Method::PATCH,
            &token,
            &path,
            Some(json!({"version": 2, "name": "X"})),
        )
        .await,
        409,
        "conflict",
    )
    .await;

    let since = start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let pull: Page = app
        .page(
            &token,
            &format!("/api/v1/participants?updated_since={since}"),
        )
        .await;
    let items = &pull.items;
    assert_eq!(items.len(), 2);
    let tomb = items
        .iter()
        .find(|i| i["id"] == gone.id)
        .expect("tombstone");
    assert_eq!(tomb["view"], "tombstone");
    assert_eq!(tomb["status"], "archived");
    assert!(
        tomb.get("name").is_none(),
        "no personal data in a tombstone: {tomb}"
    );

    let res = app
        .send_as(
            Method::POST,
            &token,
            &format!("{path}/restore"),
            Some(json!({"version": 2})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let active: Page = app.page(&token, "/api/v1/participants").await;
    assert_eq!(active.items.len(), 2);
}

#[tokio::test]
async fn pseudonymised_lists_cannot_be_sorted_by_the_hidden_name() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Sort");
    let analyst = app.token(&org, Role::Analyst).await;
    for sort in ["name", "-name"] {
        expect_problem(
            app.get_as(&analyst, &format!("/api/v1/participants?sort={sort}"))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_eq!(
        app.get_as(&analyst, "/api/v1/participants?sort=-created")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_name_is_found_without_its_accents_and_older_rows_are_folded_at_start() {
    use diesel::prelude::*;
    use skupaj::db::schema::participants;
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Iskanje");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let amina = app
        .person(&coordinator, json!({"name": "Amina Hadžić"}), false)
        .await;
    let olena = app
        .person(&coordinator, json!({"name": "Олена Ковальова"}), false)
        .await;
    let found = |q: &'static str| {
        let (app, token) = (&app, coordinator.clone());
        async move {
            let page: Page = app
                .page(&token, &format!("/api/v1/participants?q={q}"))
                .await;
            page.items
                .iter()
                .filter_map(|p| p["id"].as_str().map(String::from))
                .collect::<Vec<_>>()
        }
    };
    // Typed on a phone without the accents, in any case.
    assert_eq!(found("hadzic").await, std::slice::from_ref(&amina));
    assert_eq!(found("HADŽIĆ").await, std::slice::from_ref(&amina));
    assert_eq!(found("%D0%BA%D0%BE%D0%B2%D0%B0%D0%BB").await, [olena]);
    // A row written before names were folded is found once the server
    // folds it at start.
    {
        let mut conn = app.conn();
        diesel::update(participants::table.find(&amina))
            .set(participants::name_folded.eq(None::<String>))
            .execute(&mut conn)
            .expect("unfold");
    }
    assert!(found("hadzic").await.is_empty());
    let folded =
        skupaj::participants::model::people::fold_missing_names(&mut app.conn()).expect("fold");
    assert_eq!(folded, 1);
    assert_eq!(found("hadzic").await, [amina]);
}
