//! The eligibility rules as data, and the demo's partners and their
//! opportunities.

use serde_json::{json, Value};
use skupaj::policy::Role;

use super::{path, setup, LIST};
use crate::support::opportunities::OPERATE_FORKLIFT;
use crate::support::{expect_problem, field_codes, Page, TestApp};

#[tokio::test]
async fn the_eligibility_rules_are_data_with_their_sources() {
    let (app, org) = setup("Zavod Delo").await;
    for role in [Role::Participant, Role::Partner, Role::Analyst] {
        let token = app.token(&org, role).await;
        let rules: Value = app
            .get_json(&token, "/api/v1/opportunities/eligibility-rules?country=SI")
            .await;
        assert_eq!(rules["country"], "SI");
        let asylum = rules["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .find(|r| r["id"] == "si.asylum_seeker.work")
            .expect("the asylum seekers' rule");
        assert_eq!(asylum["condition"], "after_months");
        assert_eq!(asylum["months"], 3);
        assert_eq!(asylum["statuses"], json!(["asylum_seeker"]));
        assert!(asylum["sources"][0]["url"].is_string());
    }
    let token = app.token(&org, Role::Adviser).await;
    let fallback: Value = app
        .get_json(&token, "/api/v1/opportunities/eligibility-rules?country=AT")
        .await;
    assert_eq!(fallback["country"], "SI", "Slovenia's by default");
    for bad in ["", "S", "SVN", "1A"] {
        let res = app
            .get_as(
                &token,
                &format!("/api/v1/opportunities/eligibility-rules?country={bad}"),
            )
            .await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(field_codes(&problem), ["country:code"], "{bad:?}");
    }
}

#[tokio::test]
async fn the_demo_has_the_five_partners_opportunities() {
    let app = TestApp::spawn().await;
    app.load_starter();
    {
        let mut conn = app.conn();
        skupaj::setup::seed_demo(&mut conn).expect("seed demo");
    }
    let partner = app
        .tokens("partner@demo.skupaj.org", skupaj::setup::DEMO_PASSWORD)
        .await
        .access_token;
    let mine: Page = app.page(&partner, LIST).await;
    let job = mine
        .items
        .iter()
        .find(|o| o["title"]["en"] == "Forklift driver")
        .expect("the partner's forklift job");
    assert_eq!(job["provider_name"], "Logistika Vrhnika d.o.o.");
    assert_eq!(job["status"], "open");
    assert!(job["title"]["ar"].is_string());
    let essential: Vec<&str> = job["essential_skills"]
        .as_array()
        .expect("skills")
        .iter()
        .map(|s| s["uri"].as_str().expect("uri"))
        .collect();
    assert!(essential.contains(&OPERATE_FORKLIFT));
    let coordinator = app
        .tokens("coordinator@demo.skupaj.org", skupaj::setup::DEMO_PASSWORD)
        .await
        .access_token;
    let all: Page = app.page(&coordinator, LIST).await;
    for provider in [
        "Zadruga Skupni prostor",
        "Fab Lab Ljubljana",
        "Logistika Vrhnika d.o.o.",
        "Kmetija Zelena dolina",
        "Jezikovna šola Beseda",
    ] {
        assert!(
            all.items.iter().any(|o| o["provider_name"] == provider),
            "{provider}"
        );
    }
    let course = all
        .items
        .iter()
        .find(|o| {
            o["kind"] == "course"
                && o["teaches_skills"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|s| s["uri"] == OPERATE_FORKLIFT))
        })
        .expect("a course that teaches forklift driving");
    assert_eq!(course["status"], "open");
    // The demo participant has not applied to the forklift job: she does
    // in the walkthrough.
    let participant = app
        .tokens("participant@demo.skupaj.org", skupaj::setup::DEMO_PASSWORD)
        .await
        .access_token;
    let seen: Value = app.get_json(&participant, &path(job)).await;
    assert!(seen["application"].is_null());
    let applications: i64 = {
        use diesel::prelude::*;
        use skupaj::db::schema::applications;
        let mut conn = app.conn();
        applications::table
            .count()
            .get_result(&mut conn)
            .expect("count")
    };
    assert!(applications >= 2, "a few demo applications");
    // Earlier cohorts' outcomes: six finished the Slovenian course, two
    // worked the harvest; the analysts' table shows the course's total
    // and hides the harvest's two.
    let outcomes: Page = app.page(&coordinator, "/api/v1/outcomes?limit=100").await;
    assert_eq!(outcomes.items.len(), 8);
    let analyst = app
        .tokens("analyst@demo.skupaj.org", skupaj::setup::DEMO_PASSWORD)
        .await
        .access_token;
    let stats: Value = app.get_json(&analyst, "/api/v1/outcomes/stats").await;
    let year = &stats["years"][0];
    assert_eq!(year["outcomes_total"], 8);
    let row = |programme: &str| {
        year["programmes"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["programme"] == programme))
            .cloned()
            .expect("a programme row")
    };
    assert_eq!(row("course")["outcomes_total"]["count"], 6);
    assert_eq!(row("job")["outcomes_total"]["suppressed"], true);
}
