//! Minutes and action items: Markdown minutes saved with a version and
//! read by staff and by those who were there; action items with an owner,
//! a due day and a state, and each person's open ones for their home page.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::feedback::{attend, participant};
use crate::support::{error_fields, expect_problem, Page, TestApp};

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

async fn put_minutes(app: &TestApp, token: &str, meeting: &str, body: Value) -> reqwest::Response {
    app.send_as(
        Method::PUT,
        token,
        &format!("/api/v1/meetings/{meeting}/minutes"),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn minutes_keep_their_versions_and_only_those_who_were_there_read_them() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Zapisnik");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let adviser = app.token(&org, Role::Adviser).await;
    let mentor = app.token(&org, Role::Mentor).await;
    let meeting = id(&app.plan_meeting(&coordinator, json!({})).await);
    let path = format!("/api/v1/meetings/{meeting}/minutes");
    let (leyla, leyla_pid, _) = participant(&app, &org, &coordinator, "Leyla Rahimi").await;
    attend(&app, &org.id, &meeting, &leyla_pid, "attended");
    let (omar, _, _) = participant(&app, &org, &coordinator, "Omar Haddad").await;
    // Nothing written yet.
    let empty: Value = app.get_json(&coordinator, &path).await;
    assert_eq!(empty["version"], 0);
    assert_eq!(empty["body"], "");
    assert_eq!(empty["updated_at"], Value::Null);
    // The first save needs no version; Markdown comes back as the source.
    let body = "## Notes\n\n**Twelve** came; <script>alert(1)</script> stays text.\n";
    let res = put_minutes(
        &app,
        &coordinator,
        &meeting,
        json!({"body": body, "decisions": ["  Meet every second Tuesday  "]}),
    )
    .await;
    assert_eq!(res.status(), 201);
    assert!(res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json")));
    let saved: Value = res.json().await.expect("json");
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["body"], body);
    assert_eq!(saved["decisions"], json!(["Meet every second Tuesday"]));
    assert_eq!(saved["updated_by_name"], "Test coordinator");
    // Once they exist, a change names the version it builds on.
    let res = put_minutes(&app, &adviser, &meeting, json!({"body": "x"})).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        vec![("version".into(), "required".into())]
    );
    let changed = app
        .send_ok(
            &adviser,
            Method::PUT,
            &path,
            json!({"body": format!("{body}\nAdded."), "decisions": ["Meet every second Tuesday", "Prices are set by the makers"], "version": 1}),
        )
        .await;
    assert_eq!(changed["version"], 2);
    assert_eq!(changed["updated_by_name"], "Test adviser");
    let res = put_minutes(
        &app,
        &coordinator,
        &meeting,
        json!({"body": "stale", "version": 1}),
    )
    .await;
    expect_problem(res, 409, "version_conflict").await;
    // Bad input: 422 naming the field, nothing stored.
    let many: Vec<String> = (0..51).map(|n| format!("Decision {n}")).collect();
    for (input, field) in [
        (json!({"decisions": many, "version": 2}), "decisions"),
        (json!({"decisions": ["  "], "version": 2}), "decisions"),
        (
            json!({"decisions": ["d".repeat(501)], "version": 2}),
            "decisions",
        ),
        (json!({"body": "b".repeat(50_001), "version": 2}), "body"),
        (json!({"body": 5, "version": 2}), "body"),
    ] {
        let res = put_minutes(&app, &coordinator, &meeting, input).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(error_fields(&problem)[0].0, field, "{problem}");
    }
    // Who reads them: staff, and the participant who was there.
    for token in [&coordinator, &adviser, &mentor, &leyla] {
        let seen: Value = app.get_json(token, &path).await;
        assert_eq!(seen["version"], 2);
        assert_eq!(seen["decisions"][1], "Prices are set by the makers");
    }
    let res = app.get_as(&omar, &path).await;
    expect_problem(res, 404, "not_found").await;
    for role in [Role::Partner, Role::Analyst] {
        let token = app.token(&org, role).await;
        let res = app.get_as(&token, &path).await;
        expect_problem(res, 403, "forbidden").await;
    }
    // Who writes them: not mentors, not participants, not without a token.
    for token in [&mentor, &leyla] {
        let res = put_minutes(&app, token, &meeting, json!({"body": "mine", "version": 2})).await;
        expect_problem(res, 403, "forbidden").await;
    }
    let res = app
        .client
        .put(app.url(&path))
        .json(&json!({"body": "anonymous"}))
        .send()
        .await
        .expect("request");
    expect_problem(res, 401, "unauthorized").await;
    // Another organisation's meeting looks absent, and stays unwritten.
    let other = app.create_org("Drugi zavod");
    let other_coordinator = app.token(&other, Role::Coordinator).await;
    let theirs = id(&app.plan_meeting(&other_coordinator, json!({})).await);
    let res = put_minutes(&app, &coordinator, &theirs, json!({"body": "intrusion"})).await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .get_as(&coordinator, &format!("/api/v1/meetings/{theirs}/minutes"))
        .await;
    expect_problem(res, 404, "not_found").await;
    let untouched: Value = app
        .get_json(
            &other_coordinator,
            &format!("/api/v1/meetings/{theirs}/minutes"),
        )
        .await;
    assert_eq!(untouched["version"], 0);
    // Every write is in the audit log.
    let audit = app.audit_rows(&org.id);
    let writes: Vec<&str> = audit
        .iter()
        .filter(|r| r.1 == "meeting_minutes" && r.2.as_deref() == Some(meeting.as_str()))
        .map(|r| r.0.as_str())
        .collect();
    assert!(
        writes.contains(&"create") && writes.contains(&"update"),
        "{writes:?}"
    );
}

async fn add_item(app: &TestApp, token: &str, meeting: &str, body: Value) -> reqwest::Response {
    app.send_as(
        Method::POST,
        token,
        &format!("/api/v1/meetings/{meeting}/action-items"),
        Some(body),
    )
    .await
}

fn titles(page: &Page) -> Vec<&str> {
    page.items
        .iter()
        .map(|i| i["title"].as_str().unwrap_or(""))
        .collect()
}

#[tokio::test]
async fn action_items_have_one_owner_and_fill_each_persons_home_page() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Naloge");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let mentor = app.token(&org, Role::Mentor).await;
    let meeting = id(&app.plan_meeting(&coordinator, json!({})).await);
    let later = id(&app
        .plan_meeting(
            &coordinator,
            json!({"title": {"en": "Market day"}, "start_local": "2026-06-20T10:00:00", "end_local": "2026-06-20T14:00:00"}),
        )
        .await);
    let (leyla, leyla_pid, leyla_user) =
        participant(&app, &org, &coordinator, "Leyla Rahimi").await;
    attend(&app, &org.id, &meeting, &leyla_pid, "attended");
    let (omar, omar_pid, _) = participant(&app, &org, &coordinator, "Omar Haddad").await;
    let other = app.create_org("Drugi zavod");
    let other_coordinator = app.token(&other, Role::Coordinator).await;
    let (_, stranger, _) = participant(&app, &other, &other_coordinator, "Stranger").await;
    // Bad owners and titles: 422 naming the field, nothing stored.
    for (body, field, code) in [
        (
            json!({"title": "Both", "owner_user_id": org.user_id(Role::Mentor), "owner_participant_id": leyla_pid}),
            "owner_participant_id",
            "one_owner",
        ),
        (
            json!({"title": "Elsewhere", "owner_participant_id": stranger}),
            "owner_participant_id",
            "not_found",
        ),
        (
            json!({"title": "Not the team", "owner_user_id": leyla_user}),
            "owner_user_id",
            "not_member",
        ),
        (
            json!({"title": "Other team", "owner_user_id": other.user_id(Role::Coordinator)}),
            "owner_user_id",
            "not_member",
        ),
        (json!({"title": " "}), "title", "required"),
        (json!({"title": "Late", "due_on": "soon"}), "due_on", "type"),
        (json!({"title": "Odd", "state": "maybe"}), "state", "code"),
    ] {
        let res = add_item(&app, &coordinator, &meeting, body.clone()).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert!(
            error_fields(&problem).contains(&(field.into(), code.into())),
            "{body}: {problem}"
        );
    }
    let none: Page = app
        .page(
            &coordinator,
            &format!("/api/v1/action-items?meeting_id={meeting}"),
        )
        .await;
    assert!(none.items.is_empty());
    // Items with a participant, a member or nobody as owner.
    let res = add_item(
        &app,
        &coordinator,
        &meeting,
        json!({"title": "Bring the price list", "owner_participant_id": leyla_pid, "due_on": "2026-06-01"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let price_list: Value = res.json().await.expect("json");
    assert_eq!(price_list["state"], "open");
    assert_eq!(price_list["owner_kind"], "participant");
    assert_eq!(price_list["owner_name"], "Leyla Rahimi");
    assert_eq!(price_list["version"], 1);
    let hall: Value = app
        .create_at(
            &coordinator,
            &format!("/api/v1/meetings/{meeting}/action-items"),
            json!({"title": "Book the hall", "owner_user_id": org.user_id(Role::Mentor), "due_on": "2026-05-20"}),
        )
        .await;
    assert_eq!(hall["owner_name"], "Test mentor");
    let _: Value = app
        .create_at(
            &coordinator,
            &format!("/api/v1/meetings/{meeting}/action-items"),
            json!({"title": "Ask about Saturdays"}),
        )
        .await;
    for (title, due) in [
        ("Photograph the scarves", Value::Null),
        ("Fill in the stall form", json!("2026-05-25")),
    ] {
        let _: Value = app
            .create_at(
                &coordinator,
                &format!("/api/v1/meetings/{later}/action-items"),
                json!({"title": title, "owner_participant_id": leyla_pid, "due_on": due}),
            )
            .await;
    }
    // Leyla's home page: her open items, the earliest due first, undated last.
    let home = "/api/v1/action-items?mine=true&state=open";
    let mine: Page = app.page(&leyla, home).await;
    assert_eq!(
        titles(&mine),
        [
            "Fill in the stall form",
            "Bring the price list",
            "Photograph the scarves"
        ]
    );
    assert!(mine.items.iter().all(|i| i["mine"] == true));
    assert_eq!(mine.items[1]["meeting"]["title"], "Co-creation meeting");
    assert_eq!(
        mine.items[1]["meeting"]["start_local"],
        "2026-05-16T16:00:00"
    );
    assert_eq!(mine.items[0]["meeting"]["title"], "Market day");
    let first: Page = app.page(&leyla, &format!("{home}&limit=2")).await;
    assert_eq!(titles(&first).len(), 2);
    let cursor = first.next_cursor.expect("next page");
    let rest: Page = app
        .page(&leyla, &format!("{home}&limit=2&cursor={cursor}"))
        .await;
    assert_eq!(titles(&rest), ["Photograph the scarves"]);
    let mentors: Page = app.page(&mentor, home).await;
    assert_eq!(titles(&mentors), ["Book the hall"]);
    // Owning an item of a meeting she was not at lets her read its minutes.
    let _: Value = app
        .get_json(&leyla, &format!("/api/v1/meetings/{later}/minutes"))
        .await;
    // She marks one done: it leaves her open list; she may change nothing else.
    let item = format!("/api/v1/action-items/{}", id(&price_list));
    let done = app
        .send_ok(
            &leyla,
            Method::PATCH,
            &item,
            json!({"state": "done", "version": 1}),
        )
        .await;
    assert_eq!(done["state"], "done");
    assert_eq!(done["version"], 2);
    let mine: Page = app.page(&leyla, home).await;
    assert_eq!(
        titles(&mine),
        ["Fill in the stall form", "Photograph the scarves"]
    );
    let res = app
        .send_as(
            Method::PATCH,
            &leyla,
            &item,
            Some(json!({"title": "Mine now", "version": 2})),
        )
        .await;
    expect_problem(res, 403, "forbidden").await;
    // Someone who was not there does not know of it.
    let res = app
        .send_as(
            Method::PATCH,
            &omar,
            &item,
            Some(json!({"state": "dropped", "version": 2})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .get_as(&omar, &format!("/api/v1/action-items?meeting_id={meeting}"))
        .await;
    expect_problem(res, 404, "not_found").await;
    // Staff: a stale version is refused; reassigning to Omar.
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &item,
            Some(json!({"state": "open", "version": 1})),
        )
        .await;
    expect_problem(res, 409, "version_conflict").await;
    let res = app
        .send_as(
            Method::PATCH,
            &coordinator,
            &item,
            Some(json!({"owner_user_id": org.user_id(Role::Adviser), "version": 2})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        vec![("owner_participant_id".into(), "one_owner".into())]
    );
    let moved = app
        .send_ok(
            &coordinator,
            Method::PATCH,
            &item,
            json!({"owner_participant_id": omar_pid, "state": "open", "due_on": null, "version": 2}),
        )
        .await;
    assert_eq!(moved["owner_name"], "Omar Haddad");
    assert_eq!(moved["due_on"], Value::Null);
    let omars: Page = app.page(&omar, home).await;
    assert_eq!(titles(&omars), ["Bring the price list"]);
    // Leyla sees the meeting's items, but not who of the participants owns one.
    let minutes: Value = app
        .get_json(&leyla, &format!("/api/v1/meetings/{meeting}/minutes"))
        .await;
    let items = minutes["action_items"].as_array().expect("items");
    assert_eq!(items.len(), 3);
    let theirs = items
        .iter()
        .find(|i| i["title"] == "Bring the price list")
        .expect("item");
    assert_eq!(theirs["owner_kind"], "participant");
    assert_eq!(theirs["owner_participant_id"], Value::Null);
    assert_eq!(theirs["owner_name"], Value::Null);
    assert_eq!(theirs["mine"], false);
    let text = minutes.to_string();
    assert!(
        !text.contains(&omar_pid) && !text.contains("Omar"),
        "{text}"
    );
    // Wrong callers and questions.
    let res = app.get_as(&leyla, "/api/v1/action-items").await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        vec![("mine".into(), "required".into())]
    );
    for role in [Role::Analyst, Role::Partner] {
        let token = app.token(&org, role).await;
        let res = app.get_as(&token, home).await;
        expect_problem(res, 403, "forbidden").await;
    }
    let res = add_item(
        &app,
        &mentor,
        &meeting,
        json!({"title": "Mentors do not add"}),
    )
    .await;
    expect_problem(res, 403, "forbidden").await;
    let res = add_item(
        &app,
        &other_coordinator,
        &meeting,
        json!({"title": "Not theirs"}),
    )
    .await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .send_as(
            Method::PATCH,
            &other_coordinator,
            &item,
            Some(json!({"state": "dropped", "version": 3})),
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app.get("/api/v1/action-items?mine=true").await;
    expect_problem(res, 401, "unauthorized").await;
    let audit = app.audit_rows(&org.id);
    let item_id = id(&price_list);
    let writes: Vec<&str> = audit
        .iter()
        .filter(|r| r.1 == "action_item" && r.2.as_deref() == Some(item_id.as_str()))
        .map(|r| r.0.as_str())
        .collect();
    assert_eq!(writes, ["update", "update", "create"]);
}
