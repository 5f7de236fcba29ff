//! Length-of-stay bands: a template's own bands with the mean and median,
//! the default bands, and bad bands refused.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use super::data_set::{cell, known_data_set};
use crate::support::{expect_problem, small_template, TestApp};

/// The field report's ten migrants (1 month ×3, 2 months ×2, 3 months, 2, 5,
/// 8 and 13 years) and one person without an arrival date, interviewed with
/// a template whose own stay bands can print that report's table.
#[tokio::test]
async fn custom_stay_bands_print_the_field_reports_table_with_mean_and_median() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Zavod Terensko");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let mut content = small_template("Field report, custom stay bands");
    content["stay_bands"] = json!([1, 2, 3, 12, 60, 96, 156]);
    let template = app.publish_template(&coordinator, content).await;
    // (arrival, interview): whole months at the interview in the comment.
    let people: [(Option<&str>, usize); 11] = [
        (Some("2026-10-15"), 0), // 1
        (Some("2026-10-01"), 0), // 1
        (Some("2026-10-10"), 0), // 1
        (Some("2026-09-15"), 0), // 2
        (Some("2026-09-01"), 1), // 2
        (Some("2026-08-15"), 1), // 3
        (Some("2018-11-15"), 1), // 96
        (Some("2013-11-15"), 1), // 156
        (Some("2024-11-15"), 2), // 24
        (Some("2021-11-15"), 2), // 60
        (None, 2),
    ];
    let details = [
        "residence permit in process",
        "Residence permit in process",
        "resident artist",
    ];
    let mut groups: [Vec<String>; 3] = Default::default();
    for (i, (arrival, group)) in people.into_iter().enumerate() {
        let mut extra = match arrival {
            Some(a) => json!({"arrival_date": a}),
            None => json!({}),
        };
        if let Some(d) = details.get(i) {
            extra["legal_status"] = json!("other");
            extra["legal_status_detail"] = json!(d);
        }
        groups[group].push(app.person(&coordinator, extra, false).await);
    }
    for (group, at) in groups.iter().zip([
        "2026-11-15T10:00:00Z",
        "2026-11-15T14:00:00Z",
        "2026-11-16T10:00:00Z",
    ]) {
        let refs: Vec<&str> = group.iter().map(String::as_str).collect();
        let interview = app
            .plan_interview(&coordinator, &template, &refs, at)
            .await
            .id;
        let answers: Vec<Value> = group
            .iter()
            .map(|p| json!({"participant_id": p, "question_id": "place", "value": "city"}))
            .collect();
        assert_eq!(
            app.answer(&coordinator, &interview, Value::Array(answers))
                .await
                .status(),
            200
        );
        app.complete_interview(&coordinator, &interview, 1).await;
    }
    let path = format!("/api/v1/interviews/analysis?template={template}");
    let a: Value = app
        .get_as(&coordinator, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(a["respondents"], 11);
    let bands: Vec<(String, String)> = a["stay_bands"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| {
            (
                b["code"].as_str().unwrap_or("").to_string(),
                b["label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        bands,
        [
            ("m0_1", "0–1 months"),
            ("m1_2", "1–2 months"),
            ("m2_3", "2–3 months"),
            ("m3_12", "3–12 months"),
            ("y1_5", "1–5 years"),
            ("y5_8", "5–8 years"),
            ("y8_13", "8–13 years"),
            ("y13_plus", "13+ years"),
        ]
        .map(|(c, l)| (c.to_string(), l.to_string()))
    );
    let stays: HashMap<String, Option<i64>> = a["breakdowns"]["length_of_stay"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), cell(v)))
        .collect();
    let expected: HashMap<String, Option<i64>> = [
        ("m1_2", 3),
        ("m2_3", 2),
        ("m3_12", 1),
        ("y1_5", 1),
        ("y5_8", 1),
        ("y8_13", 1),
        ("y13_plus", 1),
        ("unknown", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), Some(n)))
    .collect();
    assert_eq!(stays, expected);
    // (1+1+1+2+2+3+24+60+96+156) / 10 = 34.6; the middle two are 2 and 3.
    let s = &a["length_of_stay_months"];
    assert_eq!(
        (cell(&s["n"]), s["mean"].clone(), s["median"].clone()),
        (Some(10), json!(34.6), json!(2.5))
    );
    assert_eq!(s["stats_suppressed"], false);
    // Staff see the `other` legal statuses in words, the same words counted together.
    assert_eq!(
        a["legal_status_details"],
        json!([
            {"detail": "Residence permit in process", "count": 2},
            {"detail": "resident artist", "count": 1}
        ])
    );
    // Labels follow the language.
    let sl: Value = app
        .get_as(&coordinator, &format!("{path}&lang=sl"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(sl["stay_bands"][5]["label"], "5–8 let");
    // The table CSV carries the statistic and the band labels.
    let csv = app
        .get_as(
            &coordinator,
            &format!("/api/v1/interviews/analysis/tables.csv?template={template}"),
        )
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(csv.contains("length_of_stay_months,,mean,,34.6"), "{csv}");
    assert!(
        csv.contains("breakdown:length_of_stay,,y5_8,5–8 years,1"),
        "{csv}"
    );

    // An analyst: every band holds fewer than five people, so the band
    // table is hidden (merged into one group), and the mean and median go
    // too, since beside the band counts they would narrow the hidden cells;
    // `n` as well, which would give the no-arrival-date cell away
    // (11 respondents − 10).
    let analyst = app.token(&org, Role::Analyst).await;
    let s: Value = app
        .get_as(&analyst, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(s["length_of_stay_months"]["median"], Value::Null);
    assert_eq!(s["length_of_stay_months"]["stats_suppressed"], true);
    assert_eq!(
        s["breakdowns"]["length_of_stay"]["suppressed"]["suppressed"],
        true
    );
    assert!(s["breakdowns"]["length_of_stay"].get("unknown").is_none());
    assert_eq!(
        s["length_of_stay_months"]["n"],
        json!({"count": null, "suppressed": true})
    );
    assert_eq!(s["legal_status_details"], Value::Null);
    assert!(!s.to_string().contains("resident"));
    // Raw rows: staff get the template's bands and exact months; an
    // analyst's pseudonymised rows only the default, coarse bands.
    let raw = |token: String| {
        let app = &app;
        let template = template.clone();
        async move {
            app.get_as(
                &token,
                &format!("/api/v1/interviews/analysis/answers.csv?template={template}"),
            )
            .await
            .text()
            .await
            .unwrap_or_default()
        }
    };
    let staff_rows = raw(coordinator.clone()).await;
    assert!(staff_rows.contains(",m1_2,1,place,"), "{staff_rows}");
    assert!(staff_rows.contains(",y13_plus,156,place,"), "{staff_rows}");
    // An analyst's pseudonymised rows carry no demographic column at all:
    // neither bands nor months.
    let analyst_rows = raw(analyst.clone()).await;
    assert!(
        analyst_rows.starts_with("\u{feff}respondent,interviewed,question_id,question,answer"),
        "{analyst_rows}"
    );
    for band in [
        "m1_2",
        "y13_plus",
        "under_3_months",
        "over_5_years",
        ",156,",
    ] {
        assert!(!analyst_rows.contains(band), "{band}: {analyst_rows}");
    }
    // A part of a year is not for an analyst: two overlapping periods could
    // be subtracted.
    let res = app
        .get_as(&analyst, &format!("{path}&from=2026-11-16"))
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["code"], "whole_year", "{problem}");
    // The coordinator sees them whatever the count.
    let staff: Value = app
        .get_as(&coordinator, &format!("{path}&from=2026-11-16"))
        .await
        .json()
        .await
        .expect("json");
    let s = &staff["length_of_stay_months"];
    assert_eq!(
        (cell(&s["n"]), s["mean"].clone(), s["median"].clone()),
        (Some(2), json!(42.0), json!(42.0))
    );
}

#[tokio::test]
async fn default_stay_bands_stay_and_bad_custom_bands_are_refused() {
    let app = TestApp::spawn().await;
    let k = known_data_set(&app).await;
    let coordinator = app.token(&k.org, Role::Coordinator).await;
    let a: Value = app
        .get_as(
            &coordinator,
            &format!(
                "/api/v1/interviews/analysis?template={}&from=2026-01-01",
                k.template
            ),
        )
        .await
        .json()
        .await
        .expect("json");
    let codes: Vec<&str> = a["stay_bands"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "under_3_months",
            "3_12_months",
            "1_3_years",
            "3_5_years",
            "over_5_years"
        ]
    );
    assert_eq!(a["stay_bands"][1]["label"], "3–12 months");
    assert_eq!(cell(&a["length_of_stay_months"]["n"]), Some(7));
    assert!(a["length_of_stay_months"]["mean"].is_f64());

    for (bands, fields) in [
        (json!([3, 2, 0]), vec!["stay_bands[1]", "stay_bands[2]"]),
        (json!([]), vec!["stay_bands"]),
        (json!([1, 1201]), vec!["stay_bands[1]"]),
        (json!((1..=16).collect::<Vec<i64>>()), vec!["stay_bands"]),
    ] {
        let mut content = small_template("Bad bands");
        content["stay_bands"] = bands.clone();
        let res = app
            .send_as(
                Method::POST,
                &coordinator,
                "/api/v1/interview-templates",
                Some(content),
            )
            .await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        let got: Vec<&str> = problem["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert_eq!(got, fields, "{bands}");
    }
}
