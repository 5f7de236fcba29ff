//! What participants see of postings, accent-insensitive search, and the
//! sync list with archived postings as tombstones.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{id, path, setup, LIST};
use crate::support::opportunities::{opportunity_body, OPERATE_FORKLIFT};
use crate::support::{expect_problem, Page};

#[tokio::test]
async fn participants_see_open_ones_and_find_them_without_accents() {
    let (app, org) = setup("Zavod Delo").await;
    let partner = app.token(&org, Role::Partner).await;
    let job = app.create_opportunity(&partner, opportunity_body()).await;
    let mut draft = opportunity_body();
    draft["status"] = json!("draft");
    draft["title"] = json!({"en": "Warehouse clerk"});
    let draft = app.create_opportunity(&partner, draft).await;
    let mut course = opportunity_body();
    course["kind"] = json!("course");
    course["title"] = json!({"sl": "Tečaj za viličarista", "en": "Forklift course"});
    course["provider_name"] = json!("Šola Žerjav");
    course["essential_skills"] = json!([]);
    course["teaches_skills"] = json!([OPERATE_FORKLIFT]);
    let course = app.create_opportunity(&partner, course).await;
    let coordinator = app.token(&org, Role::Coordinator).await;
    let person = app
        .person(
            &coordinator,
            json!({"name": "Amina Hadžić", "user_id": org.user_id(Role::Participant)}),
            false,
        )
        .await;
    let participant = app.token(&org, Role::Participant).await;
    let page: Page = app.page(&participant, LIST).await;
    let ids: Vec<String> = page.items.iter().map(id).collect();
    assert_eq!(
        ids,
        [id(&course), id(&job)],
        "open ones, newest opened first"
    );
    expect_problem(
        app.get_as(&participant, &path(&draft)).await,
        404,
        "not_found",
    )
    .await;
    // Her own application shows on the posting.
    let application = uuid::Uuid::now_v7().to_string();
    {
        use diesel::prelude::*;
        use skupaj::db::schema::applications as a;
        let mut conn = app.conn();
        let now = chrono::Utc::now().naive_utc();
        diesel::insert_into(a::table)
            .values((
                a::id.eq(&application),
                a::organization_id.eq(&org.id),
                a::opportunity_id.eq(id(&job)),
                a::participant_id.eq(&person),
                a::state.eq("applied"),
                a::created_at.eq(now),
                a::updated_at.eq(now),
            ))
            .execute(&mut conn)
            .expect("application");
    }
    let seen: Value = app.get_json(&participant, &path(&job)).await;
    assert_eq!(
        seen["application"],
        json!({"id": application, "state": "applied"})
    );
    let seen: Value = app.get_json(&participant, &path(&course)).await;
    assert!(seen["application"].is_null());
    // Closed: gone from her list, still hers to read as she applied.
    app.send_ok(
        &partner,
        Method::PATCH,
        &path(&job),
        json!({"version": 1, "status": "closed"}),
    )
    .await;
    let page: Page = app.page(&participant, LIST).await;
    assert_eq!(page.items.len(), 1);
    let seen: Value = app.get_json(&participant, &path(&job)).await;
    assert_eq!(seen["status"], "closed");
    // Search ignores accents and case, over every language and the provider.
    for (q, expected) in [
        ("vili%C4%8Dar", 1),
        ("VILICAR", 1),
        ("forklift", 1),
        ("zerjav", 1),
        ("sola%20ZERJAV", 1),
        ("pek", 0),
    ] {
        let page: Page = app.page(&participant, &format!("{LIST}?q={q}")).await;
        assert_eq!(page.items.len(), expected, "{q}");
    }
    let page: Page = app.page(&coordinator, &format!("{LIST}?q=VILICAR")).await;
    assert_eq!(page.items.len(), 2, "staff find the closed job too");
    let page: Page = app
        .page(
            &coordinator,
            &format!("{LIST}?kind=course&place=on_site&municipality=Vrhnika"),
        )
        .await;
    assert_eq!(page.items.len(), 1);
    let page: Page = app
        .page(&coordinator, &format!("{LIST}?status=draft"))
        .await;
    assert_eq!(page.items.len(), 1);
}

#[tokio::test]
async fn updated_since_lists_changes_with_archived_ones_as_tombstones() {
    let (app, org) = setup("Zavod Delo").await;
    let partner = app.token(&org, Role::Partner).await;
    let since = (chrono::Utc::now() - chrono::Duration::seconds(5))
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    let first = app.create_opportunity(&partner, opportunity_body()).await;
    let second = app.create_opportunity(&partner, opportunity_body()).await;
    let archived: Value = app
        .send_ok(
            &partner,
            Method::PATCH,
            &path(&first),
            json!({"version": 1, "archived": true}),
        )
        .await;
    assert_eq!(archived["archived"], true);
    let coordinator = app.token(&org, Role::Coordinator).await;
    let page: Page = app.page(&coordinator, LIST).await;
    assert_eq!(page.items.len(), 1, "archived ones leave the list");
    let pull = format!("{LIST}?updated_since={since}&limit=1");
    let one: Page = app.page(&coordinator, &pull).await;
    assert_eq!(one.items.len(), 1);
    assert_eq!(id(&one.items[0]), id(&second), "oldest change first");
    let cursor = one.next_cursor.expect("a second page");
    let two: Page = app
        .page(&coordinator, &format!("{pull}&cursor={cursor}"))
        .await;
    assert_eq!(id(&two.items[0]), id(&first));
    assert_eq!(two.items[0]["archived"], true, "the tombstone");
    // Participants get it as a tombstone too.
    let participant = app.token(&org, Role::Participant).await;
    let page: Page = app
        .page(&participant, &format!("{LIST}?updated_since={since}"))
        .await;
    assert_eq!(page.items.len(), 2);
    // Restored.
    let back: Value = app
        .send_ok(
            &partner,
            Method::PATCH,
            &path(&first),
            json!({"version": 2, "archived": false}),
        )
        .await;
    assert_eq!(back["archived"], false);
    let page: Page = app.page(&coordinator, LIST).await;
    assert_eq!(page.items.len(), 2);
    let res = app
        .get_as(&coordinator, &format!("{LIST}?cursor=nonsense"))
        .await;
    expect_problem(res, 422, "validation_failed").await;
}
