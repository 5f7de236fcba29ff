//! Many people at once: capacity is never exceeded, and the waiting list
//! keeps the order they came in, on SQLite and PostgreSQL.

use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{future, id};
use crate::support::{Page, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_people_at_once_for_twenty_places_end_twenty_registered_and_180_waiting_in_arrival_order(
) {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Gneča");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let meeting = app
        .plan_meeting(&coordinator, future(json!({"capacity": 20})))
        .await;
    let meeting = id(&meeting);
    let mut people = Vec::new();
    for chunk in 0..10 {
        let batch = (0..20).map(|i| {
            app.person(
                &coordinator,
                json!({"name": format!("Person {}", chunk * 20 + i)}),
                false,
            )
        });
        people.extend(futures_util::future::join_all(batch).await);
    }
    assert_eq!(people.len(), 200);

    // 200 clients at once, each with its own retry key.
    let mut tasks = Vec::new();
    for (i, p) in people.iter().enumerate() {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/meetings/{meeting}/registrations"));
        let token = coordinator.clone();
        let p = p.clone();
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .header("Idempotency-Key", format!("crowd-{i}"))
                .json(&json!({"participant_id": p}))
                .send()
                .await
                .expect("request");
            let status = res.status().as_u16();
            let body: Value = res.json().await.expect("json");
            (status, body)
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.expect("task"));
    }
    for (status, body) in &answers {
        assert_eq!(*status, 201, "{body}");
    }
    let answered = |s: &str| answers.iter().filter(|(_, b)| b["status"] == s).count();
    assert_eq!((answered("registered"), answered("waiting")), (20, 180));

    let m = app.meeting(&coordinator, &meeting).await;
    assert_eq!(m["registered_count"], 20);
    assert_eq!(m["waiting_count"], 180);
    assert_eq!(m["places_left"], 0);

    // The list, by arrival: 1..=200 once each; the first 20 registered,
    // the rest waiting in that order, numbered from 1.
    let list = app.all_registrations(&coordinator, &meeting, 100).await;
    assert_eq!(list.len(), 200);
    let arrivals: Vec<i64> = list
        .iter()
        .map(|r| r["arrival"].as_i64().expect("arrival"))
        .collect();
    assert_eq!(arrivals, (1..=200).collect::<Vec<i64>>());
    for (i, r) in list.iter().enumerate() {
        if i < 20 {
            assert_eq!(r["status"], "registered", "{r}");
            assert!(r["waiting_position"].is_null());
        } else {
            assert_eq!(r["status"], "waiting", "{r}");
            assert_eq!(r["waiting_position"], i as i64 - 19, "{r}");
        }
        assert!(r["participant_name"]
            .as_str()
            .is_some_and(|n| n.starts_with("Person ")));
    }
    let mut who: Vec<&str> = list
        .iter()
        .filter_map(|r| r["participant_id"].as_str())
        .collect();
    who.sort();
    who.dedup();
    assert_eq!(who.len(), 200, "each person once");
    // Each client got the arrival the list shows.
    for (_, body) in &answers {
        let listed = list.iter().find(|r| r["id"] == body["id"]).expect("listed");
        assert_eq!(listed["arrival"], body["arrival"]);
    }
    // The status filter.
    let waiting: Page = app
        .page(
            &coordinator,
            &format!("/api/v1/meetings/{meeting}/registrations?status=waiting&limit=5"),
        )
        .await;
    let first: Vec<i64> = waiting
        .items
        .iter()
        .map(|r| r["arrival"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(first, [21, 22, 23, 24, 25]);
    assert_eq!(waiting.items[0]["waiting_position"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_small_meetings_filled_at_once_each_keep_their_one_place() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Mala Srečanja");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let meetings = futures_util::future::join_all(
        (0..25).map(|_| app.plan_meeting(&coordinator, future(json!({"capacity": 1})))),
    )
    .await;
    let people = futures_util::future::join_all(
        (0..4).map(|i| app.person(&coordinator, json!({"name": format!("Person {i}")}), false)),
    )
    .await;
    // Every person to every meeting, all at once: 100 requests racing for
    // 25 first places.
    let mut tasks = Vec::new();
    for m in &meetings {
        for p in &people {
            let client = app.client.clone();
            let url = app.url(&format!("/api/v1/meetings/{}/registrations", id(m)));
            let token = coordinator.clone();
            let body = json!({"participant_id": p});
            tasks.push(tokio::spawn(async move {
                let res = client.post(url).bearer_auth(token).json(&body).send().await;
                res.expect("request").status().as_u16()
            }));
        }
    }
    for t in tasks {
        assert_eq!(t.await.expect("task"), 201);
    }
    for m in &meetings {
        let m = app.meeting(&coordinator, &id(m)).await;
        assert_eq!(
            (m["registered_count"].as_i64(), m["waiting_count"].as_i64()),
            (Some(1), Some(3))
        );
        let list = app.all_registrations(&coordinator, &id(&m), 50).await;
        let states: Vec<&str> = list.iter().filter_map(|r| r["status"].as_str()).collect();
        assert_eq!(states, ["registered", "waiting", "waiting", "waiting"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cancellations_and_newcomers_at_once_promote_the_earliest_waiting_and_never_overfill() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Menjava");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let meeting = id(&app
        .plan_meeting(&coordinator, future(json!({"capacity": 5})))
        .await);
    let people = futures_util::future::join_all(
        (0..20).map(|i| app.person(&coordinator, json!({"name": format!("Person {i}")}), false)),
    )
    .await;
    // 5 registered (arrivals 1–5), 10 waiting (6–15), one after another.
    let mut first = Vec::new();
    for p in &people[..15] {
        first.push(app.registered(&coordinator, &meeting, Some(p)).await);
    }
    // The 5 registered cancel while 5 newcomers register, all at once.
    let mut tasks = Vec::new();
    for r in &first[..5] {
        let req = app
            .client
            .patch(app.url(&format!("/api/v1/registrations/{}", id(r))))
            .bearer_auth(&coordinator)
            .json(&json!({"status": "cancelled", "version": r["version"]}));
        tasks.push(tokio::spawn(async move {
            req.send().await.expect("request").status().as_u16()
        }));
    }
    for p in &people[15..] {
        let req = app
            .client
            .post(app.url(&format!("/api/v1/meetings/{meeting}/registrations")))
            .bearer_auth(&coordinator)
            .json(&json!({"participant_id": p}));
        tasks.push(tokio::spawn(async move {
            req.send().await.expect("request").status().as_u16()
        }));
    }
    let statuses: Vec<u16> = futures_util::future::join_all(tasks)
        .await
        .into_iter()
        .map(|t| t.expect("task"))
        .collect();
    assert_eq!(
        statuses,
        [[200; 5].as_slice(), [201; 5].as_slice()].concat()
    );
    let m = app.meeting(&coordinator, &meeting).await;
    assert_eq!(
        (m["registered_count"].as_i64(), m["waiting_count"].as_i64()),
        (Some(5), Some(10))
    );
    // The freed places went to the five who waited longest; the newcomers
    // wait behind everyone who came before them.
    let list = app.all_registrations(&coordinator, &meeting, 100).await;
    let registered: Vec<i64> = list
        .iter()
        .filter(|r| r["status"] == "registered")
        .filter_map(|r| r["arrival"].as_i64())
        .collect();
    assert_eq!(registered, [6, 7, 8, 9, 10]);
    assert!(list
        .iter()
        .filter(|r| r["status"] == "registered")
        .all(|r| r["promoted_at"].is_string()));
    let waiting: Vec<(i64, i64)> = list
        .iter()
        .filter(|r| r["status"] == "waiting")
        .map(|r| {
            (
                r["arrival"].as_i64().unwrap_or(0),
                r["waiting_position"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(waiting.len(), 10);
    assert_eq!(
        waiting.iter().map(|w| w.1).collect::<Vec<_>>(),
        (1..=10).collect::<Vec<i64>>()
    );
    assert_eq!(
        &waiting[..5].iter().map(|w| w.0).collect::<Vec<_>>(),
        &[11, 12, 13, 14, 15]
    );
    assert!(waiting[5..].iter().all(|w| w.0 > 15));
}
