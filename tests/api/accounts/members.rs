//! Members administration: roles, organisation scoping, versions, the last admin.

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{expect_problem, Created, Page, TestApp, Tokens, PASSWORD};

#[tokio::test]
async fn admins_and_coordinators_list_members_and_other_roles_are_refused() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod List");
    let _other = app.create_org("Zavod Elsewhere");
    for role in [Role::Admin, Role::Coordinator] {
        let token = app.token(&org, role).await;
        let res = app.get_as(&token, "/api/v1/members").await;
        assert_eq!(res.status(), 200, "{role:?}");
        let page: Page = res.json().await.expect("json");
        let emails: Vec<&str> = page
            .items
            .iter()
            .filter_map(|m| m["email"].as_str())
            .collect();
        assert_eq!(emails.len(), 7, "only this organisation's seven members");
        assert!(emails.contains(&org.email(Role::Partner)));
    }
    for role in [
        Role::Adviser,
        Role::Mentor,
        Role::Participant,
        Role::Partner,
        Role::Analyst,
    ] {
        let token = app.token(&org, role).await;
        expect_problem(
            app.get_as(&token, "/api/v1/members").await,
            403,
            "forbidden",
        )
        .await;
    }
}

#[tokio::test]
async fn the_member_list_pages_with_a_cursor_and_filters_by_role() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Pages");
    let token = app.token(&org, Role::Admin).await;
    let first: Page = app.page(&token, "/api/v1/members?limit=4").await;
    assert_eq!(first.items.len(), 4);
    let cursor = first.next_cursor.as_deref().expect("a cursor");
    let second: Page = app
        .page(&token, &format!("/api/v1/members?limit=4&cursor={cursor}"))
        .await;
    assert_eq!(second.items.len(), 3);
    assert!(second.next_cursor.is_none());
    let ids: std::collections::HashSet<&str> = first
        .items
        .iter()
        .chain(&second.items)
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 7, "no member twice, none missing");

    let mentors: Page = app.page(&token, "/api/v1/members?role=mentor").await;
    assert_eq!(mentors.items.len(), 1);
    expect_problem(
        app.get_as(&token, "/api/v1/members?limit=0").await,
        422,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.get_as(&token, "/api/v1/members?cursor=bogus").await,
        422,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.get_as(&token, "/api/v1/members?role=king").await,
        400,
        "bad_request",
    )
    .await;
}

#[tokio::test]
async fn a_role_change_needs_the_current_version_and_takes_effect_at_once() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Roles");
    let admin = app.token(&org, Role::Admin).await;
    let analyst = app.token(&org, Role::Analyst).await;
    let path = format!("/api/v1/members/{}", org.membership_id(Role::Analyst));

    let stale = app
        .send_as(
            Method::PATCH,
            &admin,
            &path,
            Some(json!({"role": "coordinator", "version": 7})),
        )
        .await;
    expect_problem(stale, 409, "version_conflict").await;
    expect_problem(
        app.get_as(&analyst, "/api/v1/members").await,
        403,
        "forbidden",
    )
    .await;

    let res = app
        .send_as(
            Method::PATCH,
            &admin,
            &path,
            Some(json!({"role": "coordinator", "version": 1})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let member: Value = res.json().await.expect("json");
    assert_eq!(member["role"], "coordinator");
    assert_eq!(member["version"], 2);
    // The same token now acts with the new role.
    assert_eq!(app.get_as(&analyst, "/api/v1/members").await.status(), 200);
    // The old version is stale now.
    let again = app
        .send_as(
            Method::PATCH,
            &admin,
            &path,
            Some(json!({"role": "analyst", "version": 1})),
        )
        .await;
    expect_problem(again, 409, "version_conflict").await;
}

#[tokio::test]
async fn only_admins_change_or_remove_members() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Only");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let path = format!("/api/v1/members/{}", org.membership_id(Role::Mentor));
    expect_problem(
        app.send_as(
            Method::PATCH,
            &coordinator,
            &path,
            Some(json!({"role": "admin", "version": 1})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.send_as(Method::DELETE, &coordinator, &path, None).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.send_as(
            Method::POST,
            &coordinator,
            &format!("{path}/password-reset"),
            None,
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.send_as(
            Method::POST,
            &coordinator,
            "/api/v1/invitations",
            Some(json!({"email": "a@example.org", "role": "admin"})),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn another_organisations_member_looks_absent() {
    let app = TestApp::spawn().await;
    let mine = app.create_org("Zavod Mine");
    let theirs = app.create_org("Zavod Theirs");
    let admin = app.token(&mine, Role::Admin).await;
    let path = format!("/api/v1/members/{}", theirs.membership_id(Role::Adviser));
    expect_problem(
        app.send_as(
            Method::PATCH,
            &admin,
            &path,
            Some(json!({"role": "admin", "version": 1})),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.send_as(Method::DELETE, &admin, &path, None).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.send_as(
            Method::POST,
            &admin,
            &format!("{path}/password-reset"),
            None,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    // And nothing changed there.
    let theirs_admin = app.token(&theirs, Role::Admin).await;
    let page: Page<Created> = app
        .page(&theirs_admin, "/api/v1/members?role=adviser")
        .await;
    assert_eq!(page.items[0].version, 1);
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted_or_removed() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Last");
    let admin = app.token(&org, Role::Admin).await;
    let path = format!("/api/v1/members/{}", org.membership_id(Role::Admin));
    expect_problem(
        app.send_as(
            Method::PATCH,
            &admin,
            &path,
            Some(json!({"role": "coordinator", "version": 1})),
        )
        .await,
        409,
        "last_admin",
    )
    .await;
    expect_problem(
        app.send_as(Method::DELETE, &admin, &path, None).await,
        409,
        "last_admin",
    )
    .await;
    // With a second admin, the first may step down.
    let second = format!("/api/v1/members/{}", org.membership_id(Role::Coordinator));
    assert_eq!(
        app.send_as(
            Method::PATCH,
            &admin,
            &second,
            Some(json!({"role": "admin", "version": 1}))
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.send_as(Method::DELETE, &admin, &path, None)
            .await
            .status(),
        204
    );
}

#[tokio::test]
async fn a_removed_member_loses_access_at_once() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Removed");
    let admin = app.token(&org, Role::Admin).await;
    let coordinator = app.token(&org, Role::Coordinator).await;
    assert_eq!(
        app.get_as(&coordinator, "/api/v1/members").await.status(),
        200
    );
    let path = format!("/api/v1/members/{}", org.membership_id(Role::Coordinator));
    assert_eq!(
        app.send_as(Method::DELETE, &admin, &path, None)
            .await
            .status(),
        204
    );
    expect_problem(
        app.get_as(&coordinator, "/api/v1/members").await,
        401,
        "unauthorized",
    )
    .await;
    expect_problem(
        app.send_as(Method::DELETE, &admin, &path, None).await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn fields_a_client_may_not_set_are_ignored() {
    let app = TestApp::spawn().await;
    let mine = app.create_org("Zavod Assign");
    let theirs = app.create_org("Zavod Target");
    let admin = app.token(&mine, Role::Admin).await;
    // An invitation names its organisation from the token, not the body.
    let res = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/invitations",
            Some(json!({"email": "sneaky@example.org", "role": "adviser", "organization_id": theirs.id, "id": "0190a0b0-0000-7000-8000-000000000000"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let link: Value = res.json().await.expect("json");
    assert_ne!(link["id"], "0190a0b0-0000-7000-8000-000000000000");
    let accepted: Tokens = app
        .client
        .post(app.url("/api/v1/auth/accept-invitation"))
        .json(&json!({"token": link["token"], "display_name": "S", "password": "Sonce-nad-Savo-vsako-jutro-4", "role": "admin"}))
        .send()
        .await
        .expect("accept")
        .json()
        .await
        .expect("json");
    assert_eq!(accepted.organization_id, mine.id);
    assert_eq!(accepted.role, "adviser");

    // A role change cannot move a member to another organisation or user.
    let path = format!("/api/v1/members/{}", mine.membership_id(Role::Mentor));
    let res = app
        .send_as(Method::PATCH, &admin, &path, Some(json!({"role": "adviser", "version": 1, "organization_id": theirs.id, "user_id": theirs.user_id(Role::Admin)})))
        .await;
    let member: Value = res.json().await.expect("json");
    assert_eq!(member["user_id"], mine.user_id(Role::Mentor));
    let theirs_admin = app.token(&theirs, Role::Admin).await;
    let page: Page = app.page(&theirs_admin, "/api/v1/members").await;
    assert_eq!(page.items.len(), 7);
}

#[tokio::test]
async fn an_invitation_needs_a_valid_email_and_a_known_role() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Valid");
    let admin = app.token(&org, Role::Admin).await;
    let res = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/invitations",
            Some(json!({"email": "not-an-email", "role": "adviser"})),
        )
        .await;
    let body = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "email");
    let res = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/invitations",
            Some(json!({"email": "a@example.org", "role": "emperor"})),
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;
    let res = app
        .send_as(
            Method::POST,
            &admin,
            "/api/v1/invitations",
            Some(json!({"email": org.email(Role::Mentor), "role": "adviser"})),
        )
        .await;
    expect_problem(res, 409, "conflict").await;
}

/// The review's path: an admin of organisation C makes a reset link for a
/// member of C who is also coordinator in organisation A, sets a password,
/// logs in to A and reads A's participants. Each step must be refused, and
/// the person's password must still be their own.
#[tokio::test]
async fn an_admin_cannot_reach_another_organisation_through_a_shared_person() {
    let app = TestApp::spawn().await;
    let a = app.create_org("Organisation A");
    let c = app.create_org("Organisation C");
    // A's coordinator also joins C (as a mentor), with the same account.
    let shared_user = a.user_id(Role::Coordinator).to_string();
    let shared_email = a.email(Role::Coordinator).to_string();
    let membership_in_c = {
        let mut conn = app.conn();
        skupaj::accounts::add_membership(&mut conn, &c.id, &shared_user, Role::Mentor)
            .expect("membership")
            .id
    };
    let admin_c = app.token(&c, Role::Admin).await;

    // 1. The admin of C may not make a reset link for the shared account.
    let res = app
        .send_as(
            Method::POST,
            &admin_c,
            &format!("/api/v1/members/{membership_in_c}/password-reset"),
            None,
        )
        .await;
    let problem = expect_problem(res, 409, "shared_account").await;
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("skupaj reset-password")),
        "the problem says how the person gets a new password: {problem}"
    );
    // The other organisation is not named.
    assert!(!problem.to_string().contains(&a.id));

    // 2. A link made while the person belonged only to C stops working once
    //    they join A: redeeming it changes nothing.
    let c_only = c.membership_id(Role::Adviser).to_string();
    let c_only_user = c.user_id(Role::Adviser).to_string();
    let res = app
        .send_as(
            Method::POST,
            &admin_c,
            &format!("/api/v1/members/{c_only}/password-reset"),
            None,
        )
        .await;
    assert_eq!(
        res.status(),
        201,
        "a person only in C can be reset by C's admin"
    );
    let link: Value = res.json().await.expect("json");
    {
        let mut conn = app.conn();
        skupaj::accounts::add_membership(&mut conn, &a.id, &c_only_user, Role::Coordinator)
            .expect("membership");
    }
    let new_password = "Lipa-cveti-ob-cesti-2026";
    let res = app
        .client
        .post(app.url("/api/v1/auth/reset-password"))
        .json(&json!({"token": link["token"], "new_password": new_password}))
        .send()
        .await
        .expect("reset");
    expect_problem(res, 409, "shared_account").await;
    let adviser_email = c.email(Role::Adviser).to_string();
    assert_eq!(app.login(&adviser_email, new_password).await.status(), 401);
    assert_eq!(
        app.login(&adviser_email, PASSWORD).await.status(),
        200,
        "the person's own password still works"
    );

    // 3. So the admin of C has no way into A: the shared person's password
    //    is unchanged.
    assert_eq!(app.login(&shared_email, new_password).await.status(), 401);

    // 4. Whoever runs the server can still make a link (skupaj reset-password),
    //    and it works for the shared account.
    let (_, token) = {
        let mut conn = app.conn();
        skupaj::accounts::operator_reset_link(&mut conn, &shared_email).expect("operator link")
    };
    let res = app
        .client
        .post(app.url("/api/v1/auth/reset-password"))
        .json(&json!({"token": token, "new_password": new_password}))
        .send()
        .await
        .expect("reset");
    assert_eq!(res.status(), 204);
    assert_eq!(app.login(&shared_email, new_password).await.status(), 200);
}
