//! A known data set to analyse, and readers of the analysis.

use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{small_template, Org, TestApp};

/// Seven people with known traits, interviewed with the small template.
pub(super) struct Known {
    pub(super) org: Org,
    pub(super) template: String,
}

pub(super) async fn known_data_set(app: &TestApp) -> Known {
    let org = app.create_org("Zavod Analiza");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let template = app
        .publish_template(&coordinator, small_template("Field report"))
        .await;
    // (gender, birth year, legal status, education, arrival, place, confidence, years)
    let people = [
        (
            "female",
            2003,
            "asylum_seeker",
            "isced_2",
            "2026-09-01",
            "city",
            8,
            2,
        ),
        (
            "female",
            1995,
            "international_protection",
            "isced_3",
            "2025-12-01",
            "city",
            6,
            5,
        ),
        (
            "female",
            1990,
            "international_protection",
            "isced_6",
            "2024-06-01",
            "rural",
            4,
            10,
        ),
        (
            "female",
            1985,
            "temporary_protection",
            "isced_6",
            "2022-03-20",
            "city",
            7,
            15,
        ),
        (
            "male",
            1999,
            "asylum_seeker",
            "isced_3",
            "2026-06-15",
            "city",
            3,
            4,
        ),
        (
            "male",
            1978,
            "subsidiary_protection",
            "isced_1",
            "2019-04-01",
            "no_preference",
            5,
            20,
        ),
        (
            "male",
            1968,
            "international_protection",
            "isced_3",
            "2020-10-01",
            "rural",
            9,
            30,
        ),
    ];
    let mut ids = Vec::new();
    for (gender, born, legal, education, arrival, ..) in &people {
        ids.push(
            app.person(
                &coordinator,
                json!({"gender": gender, "birth_year": born, "legal_status": legal,
                "education_level": education, "arrival_date": arrival}),
                false,
            )
            .await,
        );
    }
    // Two group interviews in November, all done.
    for (group, at) in [
        (&ids[0..4], "2026-11-10T10:00:00Z"),
        (&ids[4..7], "2026-11-17T10:00:00Z"),
    ] {
        let refs: Vec<&str> = group.iter().map(String::as_str).collect();
        let interview = app
            .plan_interview(&coordinator, &template, &refs, at)
            .await
            .id;
        let mut answers = Vec::new();
        for pid in group {
            let i = ids.iter().position(|x| x == pid).unwrap_or(0);
            let (_, _, _, _, _, place, confidence, years) = people[i];
            answers.push(json!({"participant_id": pid, "question_id": "place", "value": place}));
            answers.push(
                json!({"participant_id": pid, "question_id": "confidence", "value": confidence}),
            );
            answers.push(json!({"participant_id": pid, "question_id": "years", "value": years}));
            answers.push(json!({"participant_id": pid, "question_id": "comment", "value": format!("=cmd|' /C calc'!A0 from {i}")}));
        }
        assert_eq!(
            app.answer(&coordinator, &interview, Value::Array(answers))
                .await
                .status(),
            200
        );
        app.complete_interview(&coordinator, &interview, 1).await;
    }
    // Outside the period, and one not done: neither counts.
    let early = app
        .plan_interview(&coordinator, &template, &[&ids[0]], "2026-09-01T10:00:00Z")
        .await;
    app.answer(
        &coordinator,
        &early.id,
        json!([{"participant_id": ids[0], "question_id": "place", "value": "rural"}]),
    )
    .await;
    app.complete_interview(&coordinator, &early.id, 1).await;
    app.plan_interview(&coordinator, &template, &[&ids[1]], "2026-11-20T10:00:00Z")
        .await;
    Known { org, template }
}

pub(super) fn cell(v: &Value) -> Option<i64> {
    v["count"].as_i64()
}

pub(super) fn options(q: &Value) -> Vec<(String, Option<i64>)> {
    q["options"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            (
                o["value"].as_str().unwrap_or("").to_string(),
                o["count"].as_i64(),
            )
        })
        .collect()
}

pub(super) fn question<'a>(a: &'a Value, id: &str) -> &'a Value {
    a["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|q| q["id"] == id)
        .expect("question")
}
