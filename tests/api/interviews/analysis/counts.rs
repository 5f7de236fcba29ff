//! The analysis counts a known data set, and suppresses small cells for
//! analysts and API keys.

use std::collections::HashMap;

use serde_json::{json, Value};
use skupaj::policy::Role;

use super::data_set::{cell, known_data_set, options, question};
use crate::support::{expect_problem, Setup, TestApp};

#[tokio::test]
async fn the_analysis_counts_a_known_data_set_and_suppresses_small_cells_for_analysts() {
    let app = TestApp::spawn().await;
    let k = known_data_set(&app).await;
    let coordinator = app.token(&k.org, Role::Coordinator).await;
    let path = format!(
        "/api/v1/interviews/analysis?template={}&from=2026-11-01&to=2026-11-30",
        k.template
    );
    let a: Value = app
        .get_as(&coordinator, &path)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (a["respondents"].clone(), a["interviews"].clone()),
        (json!(7), json!(2))
    );
    assert_eq!(a["suppression_threshold"], Value::Null);
    let b = &a["breakdowns"];
    assert_eq!(
        (cell(&b["gender"]["female"]), cell(&b["gender"]["male"])),
        (Some(4), Some(3))
    );
    // Ages at the interview (November 2026): 23, 31, 36, 41, 27, 48, 58.
    let ages: Vec<(String, Option<i64>)> = b["age_band"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), cell(v)))
        .collect();
    assert_eq!(
        ages,
        vec![
            ("18_25".to_string(), Some(1)),
            ("26_35".into(), Some(2)),
            ("36_45".into(), Some(2)),
            ("46_55".into(), Some(1)),
            ("56_plus".into(), Some(1)),
        ]
    );
    let stays: HashMap<String, Option<i64>> = b["length_of_stay"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), cell(v)))
        .collect();
    assert_eq!(stays.get("under_3_months"), Some(&Some(1)));
    assert_eq!(stays.get("3_12_months"), Some(&Some(2)));
    assert_eq!(stays.get("1_3_years"), Some(&Some(1)));
    assert_eq!(stays.get("3_5_years"), Some(&Some(1)));
    assert_eq!(stays.get("over_5_years"), Some(&Some(2)));
    assert_eq!(
        cell(&b["legal_status"]["international_protection"]),
        Some(3)
    );
    assert_eq!(cell(&b["education"]["isced_6"]), Some(2));

    let place = question(&a, "place");
    assert_eq!(cell(&place["answered"]), Some(7));
    assert_eq!(
        options(place),
        vec![
            ("city".to_string(), Some(4)),
            ("rural".into(), Some(2)),
            ("no_preference".into(), Some(1)),
        ]
    );
    let confidence = question(&a, "confidence");
    assert_eq!(confidence["mean"], 6.0);
    assert_eq!(confidence["median"], 6.0);
    let years = question(&a, "years");
    assert_eq!(years["median"], 10.0);
    assert_eq!(years["mean"], 12.29);

    // Cross-tabulated by gender.
    let crossed: Value = app
        .get_as(&coordinator, &format!("{path}&cross=gender"))
        .await
        .json()
        .await
        .expect("json");
    let by = &question(&crossed, "place")["by"];
    let count = |g: &str, v: &str| {
        by[g]
            .as_array()
            .into_iter()
            .flatten()
            .find(|o| o["value"] == v)
            .and_then(|o| o["count"].as_i64())
    };
    assert_eq!(
        (
            count("female", "city"),
            count("female", "rural"),
            count("male", "city"),
            count("male", "no_preference")
        ),
        (Some(3), Some(1), Some(1), Some(1))
    );

    // Without a period, the September interview counts too (its answer replaces
    // nothing: the person's latest interview wins).
    let all: Value = app
        .get_as(
            &coordinator,
            &format!("/api/v1/interviews/analysis?template={}", k.template),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(all["interviews"], 3);
    assert_eq!(all["respondents"], 7);

    // Analysts and API keys: counts under 5 are hidden, groups hidden in a
    // breakdown are merged into one `suppressed` group, and a mean is
    // withheld when a cell of its question's table is hidden.
    let analyst = app.token(&k.org, Role::Analyst).await;
    let admin = app.token(&k.org, Role::Admin).await;
    let key = app
        .create_api_key(&admin, json!({"name": "City statistics"}))
        .await;
    // Analysts and keys get whole calendar years only (overlapping periods
    // could be subtracted); the same people were interviewed in 2026.
    expect_problem(app.get_as(&analyst, &path).await, 422, "validation_failed").await;
    let year = path.replace(
        "from=2026-11-01&to=2026-11-30",
        "from=2026-01-01&to=2026-12-31",
    );
    for token in [analyst, key.secret] {
        let s: Value = app.get_as(&token, &year).await.json().await.expect("json");
        assert_eq!(s["suppression_threshold"], 5);
        assert_eq!(s["respondents"], 7);
        let g = &s["breakdowns"]["gender"];
        assert_eq!(
            g,
            &json!({"suppressed": {"count": 7, "suppressed": true}}),
            "female 4 and male 3 are not listed one by one"
        );
        assert_eq!(
            options(question(&s, "place")),
            vec![
                ("city".to_string(), None),
                ("rural".into(), None),
                ("no_preference".into(), None),
            ]
        );
        let confidence = question(&s, "confidence");
        assert_eq!(confidence["mean"], Value::Null);
        assert_eq!(confidence["stats_suppressed"], true);
        assert_eq!(cell(&confidence["answered"]), Some(7));
        // Cross-tabulated, the hidden groups stay merged: no `male` column
        // can show what the breakdown hides.
        let c: Value = app
            .get_as(&token, &format!("{year}&cross=gender"))
            .await
            .json()
            .await
            .expect("json");
        let by = question(&c, "place")["by"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(by.keys().collect::<Vec<_>>(), vec!["suppressed"]);
        assert!(by["suppressed"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|o| o["count"].is_null() && o["suppressed"] == true));
    }
    // The coordinator's view is not suppressed; an unknown template is 404.
    expect_problem(
        app.get_as(&coordinator, "/api/v1/interviews/analysis?template=nope")
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.get_as(
            &coordinator,
            &format!(
                "/api/v1/interviews/analysis?template={}&from=2026-12-01&to=2026-11-01",
                k.template
            ),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    let adviser = app.token(&k.org, Role::Adviser).await;
    expect_problem(app.get_as(&adviser, &path).await, 403, "forbidden").await;
}

#[tokio::test]
async fn the_suppression_threshold_is_configurable() {
    let app = TestApp::spawn_with(Setup {
        env: HashMap::from([("SKUPAJ_SUPPRESSION_THRESHOLD".to_string(), "3".to_string())]),
        ..Setup::default()
    })
    .await;
    let k = known_data_set(&app).await;
    let analyst = app.token(&k.org, Role::Analyst).await;
    let s: Value = app
        .get_as(
            &analyst,
            &format!(
                "/api/v1/interviews/analysis?template={}&from=2026-01-01",
                k.template
            ),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(s["suppression_threshold"], 3);
    let g = &s["breakdowns"]["gender"];
    assert_eq!((cell(&g["female"]), cell(&g["male"])), (Some(4), Some(3)));
    // city 4 shown; rural 2 and no_preference 1 hidden.
    assert_eq!(
        options(question(&s, "place")),
        vec![
            ("city".to_string(), Some(4)),
            ("rural".into(), None),
            ("no_preference".into(), None),
        ]
    );
}
