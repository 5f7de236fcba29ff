//! Invitation-only meetings take the people invited.

use reqwest::Method;
use serde_json::json;
use skupaj::policy::Role;

use super::{future, id};
use crate::support::{error_fields, expect_problem, Page, TestApp};

#[tokio::test]
async fn invitation_only_meetings_take_the_people_invited() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Vabila");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let adviser = app.token(&org, Role::Adviser).await;
    let (amina, amina_token) = app
        .participant_account(&org.id, &coordinator, "Amina")
        .await;
    let (yusuf, yusuf_token) = app
        .participant_account(&org.id, &coordinator, "Yusuf")
        .await;
    let meeting = id(&app
        .plan_meeting(
            &coordinator,
            future(json!({"audience": "invited", "capacity": 10})),
        )
        .await);
    let invitations = format!("/api/v1/meetings/{meeting}/invitations");

    // Not invited: the meeting does not exist for her.
    expect_problem(
        app.get_as(&amina_token, &format!("/api/v1/meetings/{meeting}"))
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.register(&amina_token, &meeting, None).await,
        404,
        "not_found",
    )
    .await;

    // Inviting someone unknown invites nobody.
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &invitations,
            Some(json!({"participant_ids": [amina, uuid::Uuid::now_v7().to_string()]})),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        error_fields(&problem),
        [("participant_ids[1]".to_string(), "unknown".to_string())]
    );
    let res = app
        .send_as(
            Method::POST,
            &coordinator,
            &invitations,
            Some(json!({"participant_ids": []})),
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;
    let page: Page = app.page(&coordinator, &invitations).await;
    assert!(page.items.is_empty());
    // Participants neither invite nor see the list; partners not at all.
    let res = app
        .send_as(
            Method::POST,
            &amina_token,
            &invitations,
            Some(json!({"participant_ids": [amina]})),
        )
        .await;
    expect_problem(res, 403, "forbidden").await;
    expect_problem(
        app.get_as(&amina_token, &invitations).await,
        403,
        "forbidden",
    )
    .await;
    let partner = app.token(&org, Role::Partner).await;
    expect_problem(app.get_as(&partner, &invitations).await, 403, "forbidden").await;

    // Invited (twice: still once), she sees it and registers.
    for _ in 0..2 {
        let list = app
            .send_ok(
                &adviser,
                Method::POST,
                &invitations,
                json!({"participant_ids": [amina, amina]}),
            )
            .await;
        let list = list.as_array().expect("list");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["participant_id"], amina.as_str());
        assert_eq!(list[0]["participant_name"], "Amina");
        assert_eq!(list[0]["invited_by"], org.user_id(Role::Adviser));
    }
    let seen = app.meeting(&amina_token, &meeting).await;
    assert!(seen["my_place"].is_null());
    let mine = app.registered(&amina_token, &meeting, None).await;
    assert_eq!(mine["status"], "registered");
    // Yusuf, not invited, cannot; staff registering him invite him too.
    expect_problem(
        app.register(&yusuf_token, &meeting, None).await,
        404,
        "not_found",
    )
    .await;
    let his = app.registered(&coordinator, &meeting, Some(&yusuf)).await;
    assert_eq!(his["status"], "registered");
    let page: Page = app.page(&coordinator, &invitations).await;
    let mut invited: Vec<(&str, &str)> = page
        .items
        .iter()
        .map(|i| {
            (
                i["participant_name"].as_str().unwrap_or(""),
                i["registration_status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    invited.sort();
    assert_eq!(invited, [("Amina", "registered"), ("Yusuf", "registered")]);
    let limited: Page = app
        .page(&coordinator, &format!("{invitations}?limit=1"))
        .await;
    assert_eq!(limited.items.len(), 1);
    let rest: Page = app
        .page(
            &coordinator,
            &format!(
                "{invitations}?limit=1&cursor={}",
                limited.next_cursor.expect("cursor")
            ),
        )
        .await;
    assert_eq!(rest.items.len(), 1);
    assert_ne!(
        rest.items[0]["participant_id"],
        limited.items[0]["participant_id"]
    );

    // Withdrawing an invitation leaves the registration as it is.
    let res = app
        .send_as(
            Method::DELETE,
            &coordinator,
            &format!("{invitations}/{yusuf}"),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    let res = app
        .send_as(
            Method::DELETE,
            &coordinator,
            &format!("{invitations}/{yusuf}"),
            None,
        )
        .await;
    expect_problem(res, 404, "not_found").await;
    let home = app.meeting(&yusuf_token, &meeting).await;
    assert_eq!(home["my_place"]["status"], "registered");
    // Once he cancels, coming back needs a new invitation.
    let res = app.cancel(&yusuf_token, &his).await;
    assert_eq!(res.status(), 200);
    let p = expect_problem(
        app.register(&yusuf_token, &meeting, None).await,
        403,
        "forbidden",
    )
    .await;
    assert!(p["detail"]
        .as_str()
        .is_some_and(|d| d.contains("invitation")));
    let audit = app.audit_rows(&org.id);
    assert!(audit.iter().any(|r| r.0 == "invite"
        && r.1 == "meeting_invitation"
        && r.2.as_deref() == Some(amina.as_str())));
    assert!(audit
        .iter()
        .any(|r| r.0 == "withdraw" && r.1 == "meeting_invitation"));
}
