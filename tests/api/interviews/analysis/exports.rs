//! The analysis as CSV: the tables, and the raw answers, pseudonymised for
//! analysts.

use skupaj::policy::Role;

use super::data_set::known_data_set;
use crate::support::TestApp;

#[tokio::test]
async fn csv_exports_hold_the_same_tables_and_pseudonymise_raw_answers_for_analysts() {
    let app = TestApp::spawn().await;
    let k = known_data_set(&app).await;
    let coordinator = app.token(&k.org, Role::Coordinator).await;
    let analyst = app.token(&k.org, Role::Analyst).await;
    let q = format!(
        "template={}&from=2026-01-01&to=2026-12-31&cross=gender",
        k.template
    );
    let get_text = |token: String, path: String| {
        let app = &app;
        async move {
            let res = app.get_as(&token, &path).await;
            assert_eq!(res.status(), 200, "{path}");
            assert!(res.headers()["content-type"]
                .to_str()
                .unwrap_or("")
                .starts_with("text/csv"));
            assert!(res.headers()["content-disposition"]
                .to_str()
                .unwrap_or("")
                .contains("-2026-01-01-2026-12-31.csv"));
            res.text().await.expect("text")
        }
    };
    let tables = get_text(
        coordinator.clone(),
        format!("/api/v1/interviews/analysis/tables.csv?{q}"),
    )
    .await;
    assert!(tables.starts_with('\u{feff}'));
    for line in [
        "respondents,,,,7",
        "breakdown:gender,,female,,4",
        "question:place,,city,City,4",
        "question:place,gender:female,city,City,3",
        "question:confidence,,mean,,6",
    ] {
        assert!(tables.contains(line), "{line} not in\n{tables}");
    }
    let suppressed = get_text(
        analyst.clone(),
        format!("/api/v1/interviews/analysis/tables.csv?{q}"),
    )
    .await;
    assert!(
        suppressed.contains("breakdown:gender,,suppressed,,7"),
        "{suppressed}"
    );
    assert!(!suppressed.contains("breakdown:gender,,female"));
    assert!(!suppressed.contains("gender:female"));
    assert!(suppressed.contains("question:place,gender:suppressed,city,City,suppressed"));

    let raw = get_text(
        coordinator,
        format!("/api/v1/interviews/analysis/answers.csv?{q}"),
    )
    .await;
    let rows: Vec<&str> = raw.lines().collect();
    assert!(
        rows[0].contains("respondent,interviewed,gender,age_band"),
        "{}",
        rows[0]
    );
    assert_eq!(rows.len(), 1 + 7 * 4, "{raw}");
    // Formulas are defused for spreadsheets.
    assert!(raw.contains("'=cmd|"), "{raw}");
    let pseudo = get_text(
        analyst,
        format!("/api/v1/interviews/analysis/answers.csv?{q}"),
    )
    .await;
    let mut conn_ids = Vec::new();
    for line in raw.lines().skip(1) {
        conn_ids.push(line.split(',').next().unwrap_or("").to_string());
    }
    for pid in &conn_ids {
        assert!(
            !pseudo.contains(pid.as_str()),
            "participant id {pid} leaked"
        );
    }
    assert!(
        pseudo.lines().skip(1).all(|l| l.starts_with("R-")),
        "{pseudo}"
    );
    // No demographics beside a pseudonym: they would count every hidden
    // cell of the breakdowns. The month of the interview is shared by all 7.
    assert_eq!(
        pseudo.lines().next(),
        Some("\u{feff}respondent,interviewed,question_id,question,answer")
    );
    for group in ["female", "male", "asylum_seeker", "isced_3", "26_35"] {
        assert!(!pseudo.contains(group), "{group} in\n{pseudo}");
    }
    assert!(pseudo.lines().skip(1).all(|l| l.contains(",2026-11,")));
    // Every option of `place` is hidden in its table, so in the rows too.
    let places: Vec<&str> = pseudo.lines().filter(|l| l.contains(",place,")).collect();
    assert_eq!(places.len(), 7);
    assert!(
        places.iter().all(|l| l.ends_with(",[suppressed]")),
        "{pseudo}"
    );
    assert!(
        !pseudo.contains("calc"),
        "free text is withheld from analysts"
    );
    assert!(pseudo.contains("[withheld]"));
}
