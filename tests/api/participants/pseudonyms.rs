//! Pseudonymised participants (analysts and API keys): the pseudonym is the
//! only identifier, unlinkable between keys; fetch by pseudonym; coarse
//! bands only; k-anonymous over the organisation.

use std::collections::{HashMap, HashSet};

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, Page, Setup, TestApp};

/// Fields a pseudonymised record may show besides its quasi-identifiers.
const ALLOWED: &[&str] = &["status", "view", "pseudonym", "withheld"];

/// Spawns a server (with k-anonymity at `k`, or the default) and fills it
/// with the demo data. Returns the demo organisation's id, the ids of its
/// participants, and an analyst's token.
async fn demo(k: Option<u32>) -> (TestApp, String, Vec<String>, String) {
    let mut setup = Setup::default();
    if let Some(k) = k {
        setup.env = HashMap::from([("SKUPAJ_SUPPRESSION_THRESHOLD".into(), k.to_string())]);
    }
    let app = TestApp::spawn_with(setup).await;
    let (org, ids) = {
        use diesel::prelude::*;
        use skupaj::db::schema::{organizations, participants};
        let mut conn = app.conn();
        skupaj::setup::seed_demo(&mut conn).expect("seed demo");
        let org: String = organizations::table
            .filter(organizations::name.eq("Skupaj Demo Ljubljana"))
            .select(organizations::id)
            .first(&mut conn)
            .expect("demo org");
        let ids: Vec<String> = participants::table
            .filter(participants::organization_id.eq(&org))
            .select(participants::id)
            .load(&mut conn)
            .expect("ids");
        (org, ids)
    };
    let analyst = app
        .tokens("analyst@demo.skupaj.org", skupaj::setup::DEMO_PASSWORD)
        .await
        .access_token;
    (app, org, ids, analyst)
}

/// A new API key of the organisation (no scopes: it acts as an analyst).
fn key(app: &TestApp, org: &str, name: &str) -> String {
    key_with(app, org, name, &[])
}

/// A new API key of the organisation with `scopes`, made straight in the
/// database by its admin.
fn key_with(app: &TestApp, org: &str, name: &str, scopes: &[skupaj::policy::Scope]) -> String {
    use diesel::prelude::*;
    use skupaj::db::schema::memberships;
    let mut conn = app.conn();
    let admin: String = memberships::table
        .filter(memberships::organization_id.eq(org))
        .filter(memberships::role.eq("admin"))
        .select(memberships::user_id)
        .first(&mut conn)
        .expect("admin");
    let expires = chrono::Utc::now().naive_utc() + chrono::Duration::days(1);
    skupaj::accounts::create_api_key(&mut conn, org, name, scopes, expires, &admin)
        .expect("key")
        .1
}

/// Every record in the list (both statuses), page by page.
async fn everyone(app: &TestApp, token: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for status in ["active", "archived"] {
        let mut cursor = String::new();
        loop {
            let page: Page = app
                .page(
                    token,
                    &format!("/api/v1/participants?status={status}&limit=3&cursor={cursor}"),
                )
                .await;
            out.extend(page.items);
            match page.next_cursor {
                Some(c) => cursor = c,
                None => break,
            }
        }
    }
    out
}

/// The quasi-identifiers a record shows, as one comparable value.
fn shown_combination(item: &Value) -> Value {
    let mut o = item.as_object().cloned().unwrap_or_default();
    o.retain(|k, _| !["view", "pseudonym"].contains(&k.as_str()));
    Value::Object(o)
}

#[tokio::test]
async fn two_keys_see_no_common_identifier_and_no_ids() {
    let (app, org, ids, analyst) = demo(None).await;
    let a = everyone(&app, &key(&app, &org, "City")).await;
    let b = everyone(&app, &key(&app, &org, "Funder")).await;
    let c = everyone(&app, &analyst).await;
    assert_eq!(a.len(), ids.len(), "every demo person, once");
    assert_eq!(b.len(), a.len());
    assert_eq!(c.len(), a.len());
    let pseudonyms = |items: &[Value]| -> HashSet<String> {
        items
            .iter()
            .map(|i| i["pseudonym"].as_str().expect("pseudonym").to_string())
            .collect()
    };
    let (pa, pb, pc) = (pseudonyms(&a), pseudonyms(&b), pseudonyms(&c));
    assert_eq!(pa.len(), a.len(), "one pseudonym per person");
    assert!(pa.is_disjoint(&pb) && pa.is_disjoint(&pc) && pb.is_disjoint(&pc));
    for item in a.iter().chain(&b).chain(&c) {
        assert_eq!(item["view"], "pseudonymised");
        for field in [
            "id",
            "user_id",
            "adviser_id",
            "mentor_id",
            "version",
            "updated_at",
            "created_at",
            "archived_at",
            "birth_year",
            "arrival_date",
            "work_permit_date",
            "length_of_stay_months",
            "name",
            "needs_other",
            "notes",
        ] {
            assert!(item.get(field).is_none(), "{field} in {item}");
        }
        let text = item.to_string();
        for id in &ids {
            assert!(!text.contains(id.as_str()), "a real id in {text}");
        }
    }
    // No string but the pseudonym and the coded values is shared: nothing
    // in the two keys' answers could be joined on.
    let text_b = serde_json::to_string(&b).expect("text");
    for p in &pa {
        assert!(!text_b.contains(p.as_str()));
    }
}

#[tokio::test]
async fn a_key_fetches_a_person_by_pseudonym_and_a_real_id_is_absent() {
    let (app, org, ids, _) = demo(None).await;
    let city = key(&app, &org, "City");
    let funder = key(&app, &org, "Funder");
    let listed = everyone(&app, &city).await;
    for item in &listed {
        let p = item["pseudonym"].as_str().expect("pseudonym");
        let res = app
            .get_as(&city, &format!("/api/v1/participants/{p}"))
            .await;
        assert_eq!(res.status(), 200);
        let one: Value = res.json().await.expect("json");
        assert_eq!(&one, item, "the single fetch shows what the list shows");
        // Another key's pseudonyms mean nothing to this one.
        expect_problem(
            app.get_as(&funder, &format!("/api/v1/participants/{p}"))
                .await,
            404,
            "not_found",
        )
        .await;
        // Skills are not part of the pseudonymised view.
        expect_problem(
            app.get_as(&city, &format!("/api/v1/participants/{p}/skills"))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    for id in &ids {
        for path in [
            format!("/api/v1/participants/{id}"),
            format!("/api/v1/participants/{id}/consents"),
        ] {
            let res = app.get_as(&city, &path).await;
            assert!(
                [403, 404].contains(&res.status().as_u16()),
                "{path}: {}",
                res.status()
            );
        }
        expect_problem(
            app.get_as(&city, &format!("/api/v1/participants/{id}"))
                .await,
            404,
            "not_found",
        )
        .await;
    }
    // Staff do not take pseudonyms.
    let coordinator = app
        .tokens("coordinator@demo.skupaj.org", skupaj::setup::DEMO_PASSWORD)
        .await
        .access_token;
    let p = listed[0]["pseudonym"].as_str().expect("pseudonym");
    expect_problem(
        app.get_as(&coordinator, &format!("/api/v1/participants/{p}"))
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn pseudonymised_records_carry_only_the_analysis_bands() {
    // k = 1: nothing withheld, so that every band shows.
    let (app, org, _, _) = demo(Some(1)).await;
    let items = everyone(&app, &key(&app, &org, "City")).await;
    let ages = [
        "under_18", "18_25", "26_35", "36_45", "46_55", "56_plus", "unknown",
    ];
    let stays = [
        "under_3_months",
        "3_12_months",
        "1_3_years",
        "3_5_years",
        "over_5_years",
        "unknown",
    ];
    let mut shown = 0;
    for item in &items {
        assert!(item.get("length_of_stay_months").is_none());
        assert_eq!(item["withheld"], json!([]));
        if let Some(a) = item["age_band"].as_str() {
            assert!(ages.contains(&a), "{a}");
            shown += 1;
        }
        if let Some(s) = item["stay_length"].as_str() {
            assert!(stays.contains(&s), "{s}");
        }
        for q in item["qualifications"].as_array().into_iter().flatten() {
            assert_eq!(q["title"], "—");
            assert!(q.get("year").is_none_or(Value::is_null), "{q}");
        }
        for (k, _) in item.as_object().expect("object") {
            let qi = skupaj::participants::QUASI_IDENTIFIERS.contains(&k.as_str());
            assert!(qi || ALLOWED.contains(&k.as_str()), "unexpected field {k}");
        }
    }
    assert!(shown > 0);
}

#[tokio::test]
async fn pseudonymised_rows_are_k_anonymous_over_the_organisation() {
    for k in [None, Some(2), Some(3)] {
        let (app, org, ids, analyst) = demo(k).await;
        let k = k.unwrap_or(5) as usize;
        // One person left the programme: alone among the archived, their
        // status and anything else would single them out.
        {
            use diesel::prelude::*;
            use skupaj::db::schema::participants;
            diesel::update(participants::table.find(&ids[0]))
                .set(participants::status.eq("archived"))
                .execute(&mut app.conn())
                .expect("archive");
        }
        for token in [key(&app, &org, "City"), analyst] {
            let items = everyone(&app, &token).await;
            assert_eq!(items.len(), ids.len());
            let archived: Vec<&Value> =
                items.iter().filter(|i| i["status"] == "archived").collect();
            assert_eq!(archived.len(), 1);
            assert_eq!(
                archived[0]["withheld"].as_array().map(Vec::len),
                Some(skupaj::participants::QUASI_IDENTIFIERS.len()),
                "{}",
                archived[0]
            );
            let mut groups: HashMap<String, usize> = HashMap::new();
            for item in &items {
                // What is withheld is really absent.
                for name in item["withheld"].as_array().expect("withheld") {
                    let name = name.as_str().expect("name");
                    assert!(item.get(name).is_none(), "{name} withheld yet shown");
                }
                *groups
                    .entry(shown_combination(item).to_string())
                    .or_default() += 1;
            }
            for (combination, n) in &groups {
                let c: Value = serde_json::from_str(combination).expect("json");
                // Only the status and the list of what is withheld.
                let shows_nothing = c.as_object().is_some_and(|o| o.len() == 2);
                assert!(
                    *n >= k || shows_nothing,
                    "k = {k}: {combination} is shared by only {n}"
                );
            }
            if k <= 3 {
                assert!(
                    groups.len() > 1,
                    "k = {k}: some values are still shown: {groups:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn pulls_for_keys_page_by_pseudonym_with_pseudonymous_tombstones() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Pull");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let mut made = Vec::new();
    for i in 0..5 {
        let p = app
            .create_participant(&coordinator, json!({"name": format!("Person {i}")}))
            .await;
        made.push(p);
    }
    let gone = &made[2].id;
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &format!("/api/v1/participants/{gone}/archive"),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let admin = app.token(&org, Role::Admin).await;
    let secret = app
        .create_api_key(&admin, json!({"name": "Mirror"}))
        .await
        .secret;
    let since = (chrono::Utc::now() - chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut cursor = String::new();
    let mut items = Vec::new();
    loop {
        let res = app
            .get_as(
                &secret,
                &format!(
                    "/api/v1/participants?updated_since={}&limit=2&cursor={cursor}",
                    since.replace('+', "%2B")
                ),
            )
            .await;
        assert_eq!(res.status(), 200);
        let page: Page = res.json().await.expect("json");
        items.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = c,
            None => break,
        }
    }
    assert_eq!(items.len(), 5, "{items:?}");
    let tombs: Vec<&Value> = items.iter().filter(|i| i["view"] == "tombstone").collect();
    assert_eq!(tombs.len(), 1);
    assert_eq!(tombs[0]["status"], "archived");
    assert!(tombs[0]["pseudonym"].is_string());
    for item in &items {
        assert!(
            item.get("id").is_none() && item.get("updated_at").is_none(),
            "{item}"
        );
    }
    let order: Vec<&str> = items
        .iter()
        .filter_map(|i| i["pseudonym"].as_str())
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "in pseudonym order");
    // A staff cursor is not a pseudonymised one, and the other way round.
    let staff: Page = app.page(&coordinator, "/api/v1/participants?limit=1").await;
    let staff_cursor = staff.next_cursor.expect("cursor");
    expect_problem(
        app.get_as(
            &secret,
            &format!("/api/v1/participants?cursor={staff_cursor}"),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn keys_may_not_filter_on_what_they_cannot_see() {
    let (app, org, _, analyst) = demo(Some(2)).await;
    let city = key(&app, &org, "City");
    for query in [
        "adviser_id=0192f0a0-0000-7000-8000-000000000000",
        "arrived_from=2020-01-01",
        "arrived_to=2026-01-01",
        "skills=http://data.europa.eu/esco/skill/x",
        "q=Amina",
        "sort=name",
    ] {
        for token in [&city, &analyst] {
            expect_problem(
                app.get_as(token, &format!("/api/v1/participants?{query}"))
                    .await,
                403,
                "forbidden",
            )
            .await;
        }
    }
    // A filter matches only what a record shows.
    let all = everyone(&app, &city).await;
    for (param, field) in [
        ("legal_status", "legal_status"),
        ("municipality", "municipality"),
    ] {
        let values: HashSet<String> = all
            .iter()
            .filter_map(|i| i[field].as_str().map(str::to_string))
            .collect();
        for v in values {
            let page: Page = app
                .page(
                    &city,
                    &format!("/api/v1/participants?{param}={v}&limit=100"),
                )
                .await;
            let items = &page.items;
            let expected = all
                .iter()
                .filter(|i| i["status"] == "active" && i[field] == v.as_str())
                .count();
            assert_eq!(items.len(), expected, "{param}={v}");
        }
    }
}

#[tokio::test]
async fn staff_still_see_ids_and_the_fine_fields() {
    let (app, _, ids, _) = demo(None).await;
    let admin = app
        .tokens("admin@demo.skupaj.org", skupaj::setup::DEMO_PASSWORD)
        .await
        .access_token;
    let page: Page = app.page(&admin, "/api/v1/participants?limit=100").await;
    let items = &page.items;
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(item["view"], "full");
        assert!(ids.contains(&item["id"].as_str().expect("id").to_string()));
        assert!(item["version"].is_number() && item["updated_at"].is_string());
        assert!(item.get("pseudonym").is_none() && item.get("withheld").is_none());
    }
    assert!(items.iter().any(|i| i["length_of_stay_months"].is_number()));
}

#[tokio::test]
async fn the_audit_log_names_people_to_a_key_by_its_pseudonyms() {
    let (app, org, ids, _) = demo(None).await;
    let auditor = key_with(&app, &org, "Auditor", &[skupaj::policy::Scope::AuditRead]);
    let listed = everyone(&app, &auditor).await;
    let p = listed[0]["pseudonym"].as_str().expect("pseudonym");
    assert_eq!(
        app.get_as(&auditor, &format!("/api/v1/participants/{p}"))
            .await
            .status(),
        200
    );
    let res = app.get_as(&auditor, "/api/v1/audit?limit=100").await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.expect("text");
    for id in &ids {
        assert!(!text.contains(id.as_str()), "a real id in the log: {text}");
    }
    let log: Value = serde_json::from_str(&text).expect("json");
    assert!(log["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|e| e["action"] == "read"
            && e["resource_type"] == "participant"
            && e["resource_id"] == p));
    for query in [
        format!("resource_id={}", ids[0]),
        format!("resource_type=participant&resource_id={}", ids[0]),
    ] {
        expect_problem(
            app.get_as(&auditor, &format!("/api/v1/audit?{query}"))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
}
