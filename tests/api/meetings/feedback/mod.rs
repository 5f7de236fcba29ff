//! Feedback: attendees rate a meeting 1–10 with a comment; organisers see
//! numbers and (from three raters) comments, never who gave which;
//! facilitators see nothing. `summaries`: analysts and API keys get yearly
//! summaries with small groups suppressed; the coordinator's list of
//! meetings with attendance and satisfaction.

mod summaries;

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{error_fields, expect_problem, Org, TestApp, PASSWORD};

/// A participant account with its own record: (token, participant id, user id).
pub(super) async fn participant(
    app: &TestApp,
    org: &Org,
    staff: &str,
    name: &str,
) -> (String, String, String) {
    let tag = uuid::Uuid::now_v7().simple().to_string();
    let email = format!("p-{}@example.org", &tag[tag.len() - 12..]);
    let (user, _) = app.add_account(&org.id, &email, name, Role::Participant);
    let pid = app
        .person(staff, json!({"name": name, "user_id": user}), false)
        .await;
    let token = app.tokens(&email, PASSWORD).await.access_token;
    (token, pid, user)
}

/// Registers a participant for a meeting with an attendance
/// (`attended`, `no_show`), straight in the database.
pub(super) fn attend(app: &TestApp, org: &str, meeting: &str, pid: &str, attendance: &str) {
    use skupaj::db::schema::meeting_registrations as regs;
    let mut conn = app.conn();
    let now = chrono::Utc::now().naive_utc();
    let before: i64 = regs::table
        .filter(regs::meeting_id.eq(meeting))
        .count()
        .get_result(&mut conn)
        .expect("count");
    diesel::insert_into(regs::table)
        .values((
            regs::id.eq(uuid::Uuid::now_v7().to_string()),
            regs::organization_id.eq(org),
            regs::meeting_id.eq(meeting),
            regs::participant_id.eq(pid),
            regs::status.eq("registered"),
            regs::arrival.eq(before as i32 + 1),
            regs::attendance.eq(attendance),
            regs::walk_in.eq(false),
            regs::created_at.eq(now),
            regs::updated_at.eq(now),
            regs::version.eq(1),
        ))
        .execute(&mut conn)
        .expect("registration");
}

pub(super) fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

pub(super) async fn rate(
    app: &TestApp,
    token: &str,
    meeting: &str,
    body: Value,
) -> reqwest::Response {
    app.send_as(
        Method::PUT,
        token,
        &format!("/api/v1/meetings/{meeting}/feedback"),
        Some(body),
    )
    .await
}

/// A person who attended and rated.
pub(super) struct Rater {
    pub(super) pid: String,
    pub(super) user: String,
    pub(super) name: String,
}

pub(super) async fn rater(
    app: &TestApp,
    org: &Org,
    staff: &str,
    meeting: &str,
    name: &str,
    body: Value,
) -> Rater {
    let (token, pid, user) = participant(app, org, staff, name).await;
    attend(app, &org.id, meeting, &pid, "attended");
    let res = rate(app, &token, meeting, body).await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    Rater {
        pid,
        user,
        name: name.to_string(),
    }
}

pub(super) fn says_nothing_of(text: &str, raters: &[&Rater]) {
    for r in raters {
        for secret in [&r.pid, &r.user, &r.name] {
            assert!(!text.contains(secret.as_str()), "{secret} in {text}");
        }
    }
}

#[tokio::test]
async fn an_attendee_rates_and_organisers_see_numbers_but_never_who() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Odmev");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let meeting = id(&app.plan_meeting(&coordinator, json!({})).await);
    let (leyla, leyla_pid, leyla_user) =
        participant(&app, &org, &coordinator, "Leyla Rahimi").await;
    attend(&app, &org.id, &meeting, &leyla_pid, "attended");
    let comment = "نحتاج وقتاً أطول للأسئلة";
    let res = rate(
        &app,
        &leyla,
        &meeting,
        json!({"rating": 9, "comment": comment, "comment_language": "ar"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    // A second rating replaces the first.
    let res = rate(
        &app,
        &leyla,
        &meeting,
        json!({"rating": 8.0, "comment": comment, "comment_language": "ar"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let mine: Value = app
        .get_json(&leyla, &format!("/api/v1/meetings/{meeting}/feedback/mine"))
        .await;
    assert_eq!(mine["rating"], 8);
    assert_eq!(mine["comment"], comment);
    assert_eq!(mine["comment_language"], "ar");
    // The coordinator sees the numbers; one rater's comment is withheld.
    let path = format!("/api/v1/meetings/{meeting}/feedback");
    let res = app.get_as(&coordinator, &path).await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.expect("text");
    let seen: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(seen["count"], 1);
    assert_eq!(seen["mean"], 8.0);
    assert_eq!(seen["median"], 8.0);
    assert_eq!(
        seen["distribution"][7],
        json!({"rating": 8, "count": 1, "suppressed": false})
    );
    assert_eq!(seen["distribution"].as_array().map(Vec::len), Some(10));
    assert_eq!(seen["comments_withheld"], true);
    assert_eq!(seen["comments"], json!([]));
    assert!(!text.contains(comment));
    for secret in [&leyla_pid, &leyla_user, "Leyla"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let summary: Value = app
        .get_json(
            &coordinator,
            "/api/v1/meetings/feedback/summary?by=meeting&from=2026-01-01&to=2026-12-31",
        )
        .await;
    assert_eq!(summary["suppression_threshold"], Value::Null);
    assert_eq!(summary["groups"][0]["key"], meeting);
    assert_eq!(summary["groups"][0]["count"], 1);
    assert_eq!(summary["groups"][0]["mean"], 8.0);
    assert_eq!(summary["groups"][0]["label"], "Co-creation meeting");
    // Someone who did not attend cannot rate, nor read another's rating.
    let (omar, omar_pid, _) = participant(&app, &org, &coordinator, "Omar Haddad").await;
    attend(&app, &org.id, &meeting, &omar_pid, "no_show");
    let res = rate(&app, &omar, &meeting, json!({"rating": 2})).await;
    let problem = expect_problem(res, 409, "conflict").await;
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("attended")),
        "{problem}"
    );
    let res = app
        .get_as(&omar, &format!("/api/v1/meetings/{meeting}/feedback/mine"))
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app.get_as(&omar, &path).await;
    expect_problem(res, 403, "forbidden").await;
    // Facilitators see no feedback at all.
    for role in [Role::Adviser, Role::Mentor, Role::Partner] {
        let token = app.token(&org, role).await;
        let res = app.get_as(&token, &path).await;
        expect_problem(res, 403, "forbidden").await;
        let res = app
            .get_as(&token, "/api/v1/meetings/feedback/summary")
            .await;
        expect_problem(res, 403, "forbidden").await;
    }
    // Not before the meeting starts.
    let later = id(&app
        .plan_meeting(
            &coordinator,
            json!({"start_local": "2030-05-16T16:00:00", "end_local": "2030-05-16T19:00:00"}),
        )
        .await);
    attend(&app, &org.id, &later, &leyla_pid, "attended");
    let res = rate(&app, &leyla, &later, json!({"rating": 7})).await;
    let problem = expect_problem(res, 409, "conflict").await;
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("not started")),
        "{problem}"
    );
    // From three raters on, comments show: sorted by text, no one's name.
    let samir = rater(
        &app,
        &org,
        &coordinator,
        &meeting,
        "Samir Nouri",
        json!({"rating": 6, "comment": "Zelo koristno, hvala", "comment_language": "sl"}),
    )
    .await;
    let olena = rater(
        &app,
        &org,
        &coordinator,
        &meeting,
        "Olena Kovalenko",
        json!({"rating": 10, "comment": "Always bring interpreters", "comment_language": "en"}),
    )
    .await;
    let res = app.get_as(&coordinator, &path).await;
    let text = res.text().await.expect("text");
    let seen: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(seen["count"], 3);
    assert_eq!(seen["mean"], 8.0);
    assert_eq!(seen["median"], 8.0);
    assert_eq!(seen["comments_withheld"], false);
    assert_eq!(
        seen["comments"],
        json!([
            {"text": "Always bring interpreters", "language": "en"},
            {"text": "Zelo koristno, hvala", "language": "sl"},
            {"text": comment, "language": "ar"},
        ])
    );
    let leyla_rater = Rater {
        pid: leyla_pid.clone(),
        user: leyla_user.clone(),
        name: "Leyla Rahimi".into(),
    };
    says_nothing_of(&text, &[&leyla_rater, &samir, &olena]);
    for key in ["participant_id", "created_at", "updated_at", "author"] {
        assert!(!text.contains(key), "{key} in {text}");
    }
    // Every rating is in the audit log, as a write by the person.
    let audit = app.audit_rows(&org.id);
    let writes: Vec<_> = audit
        .iter()
        .filter(|r| r.1 == "meeting_feedback" && r.3.as_deref() == Some(leyla_user.as_str()))
        .map(|r| r.0.as_str())
        .collect();
    assert!(
        writes.contains(&"create") && writes.contains(&"update"),
        "{writes:?}"
    );
}

#[tokio::test]
async fn bad_ratings_wrong_roles_and_other_organisations_change_nothing() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Tišina");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let meeting = id(&app.plan_meeting(&coordinator, json!({})).await);
    let (leyla, leyla_pid, _) = participant(&app, &org, &coordinator, "Leyla Rahimi").await;
    attend(&app, &org.id, &meeting, &leyla_pid, "attended");
    let path = format!("/api/v1/meetings/{meeting}/feedback");
    // No token.
    let res = app
        .client
        .put(app.url(&path))
        .json(&json!({"rating": 8}))
        .send()
        .await
        .expect("request");
    expect_problem(res, 401, "unauthorized").await;
    // Bad input: 422 naming the field, nothing stored.
    for (body, field, code) in [
        (json!({"rating": 11}), "rating", "range"),
        (json!({"rating": 0}), "rating", "range"),
        (json!({"rating": "x"}), "rating", "type"),
        (json!({"rating": 7.5}), "rating", "type"),
        (
            json!({"rating": 7, "comment_language": "xx"}),
            "comment_language",
            "code",
        ),
        (
            json!({"rating": 7, "comment": "a".repeat(2001)}),
            "comment",
            "length",
        ),
        (json!({"rating": 7, "author": "me"}), "author", "type"),
    ] {
        let res = rate(&app, &leyla, &meeting, body.clone()).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let fields = error_fields(&problem);
        assert!(
            fields
                .iter()
                .any(|(f, c)| (f == field || f == "body") && (c == code || field == "author")),
            "{body}: {fields:?}"
        );
    }
    let res = app.get_as(&leyla, &format!("{path}/mine")).await;
    expect_problem(res, 404, "not_found").await;
    let seen: Value = app.get_json(&coordinator, &path).await;
    assert_eq!(seen["count"], 0);
    assert_eq!(seen["mean"], Value::Null);
    // Wrong roles: only participants rate; analysts read summaries only.
    let res = rate(&app, &coordinator, &meeting, json!({"rating": 8})).await;
    expect_problem(res, 403, "forbidden").await;
    let analyst = app.token(&org, Role::Analyst).await;
    let res = app.get_as(&analyst, &path).await;
    expect_problem(res, 403, "forbidden").await;
    let res = app.get_as(&analyst, "/api/v1/meetings/stats").await;
    expect_problem(res, 403, "forbidden").await;
    let adviser = app.token(&org, Role::Adviser).await;
    let res = app.get_as(&adviser, "/api/v1/meetings/stats").await;
    expect_problem(res, 403, "forbidden").await;
    // Another organisation's meeting looks absent, and nothing changes there.
    let other = app.create_org("Drugi zavod");
    let other_coordinator = app.token(&other, Role::Coordinator).await;
    let theirs = id(&app.plan_meeting(&other_coordinator, json!({})).await);
    let (theirs_person, their_pid, _) =
        participant(&app, &other, &other_coordinator, "Amir Karimi").await;
    attend(&app, &other.id, &theirs, &their_pid, "attended");
    let res = rate(&app, &leyla, &theirs, json!({"rating": 1})).await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .get_as(&coordinator, &format!("/api/v1/meetings/{theirs}/feedback"))
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .get_as(&leyla, &format!("/api/v1/meetings/{theirs}/feedback/mine"))
        .await;
    expect_problem(res, 404, "not_found").await;
    let seen: Value = app
        .get_json(
            &other_coordinator,
            &format!("/api/v1/meetings/{theirs}/feedback"),
        )
        .await;
    assert_eq!(seen["count"], 0);
    // Their own attendee may; my organisation's summary does not count it.
    let res = rate(&app, &theirs_person, &theirs, json!({"rating": 3})).await;
    assert_eq!(res.status(), 201);
    let summary: Value = app
        .get_json(
            &coordinator,
            "/api/v1/meetings/feedback/summary?by=period&from=2026-01-01&to=2026-12-31",
        )
        .await;
    let total: i64 = summary["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["count"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(total, 0);
    // Bad periods.
    let res = app
        .get_as(
            &coordinator,
            "/api/v1/meetings/feedback/summary?from=2026-05-01&to=2026-04-01",
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        vec![("to".into(), "before_from".into())]
    );
    let res = app
        .get_as(&coordinator, "/api/v1/meetings/feedback/summary?by=weekday")
        .await;
    assert_eq!(res.status(), 400);
}
