//! The attacker: an API key downloads everything about a period (the
//! analysis with every `cross`, and the answers CSV), writes every published
//! number as a linear equation over the true counts of the finest joint
//! table, and asks an integer solver for the smallest and largest value of
//! each hidden cell. No hidden cell may come out pinned.
//!
//! The unknowns are the true counts `y[gender][legal status][answers]`
//! over the whole public code lists (which groups occur is not published)
//! and every combination of answers: the finest joint table of all the
//! variables the published tables use. Both CSV files are read too: the
//! tables CSV must hold exactly the JSON's numbers, and the answers CSV
//! adds one equation per pattern of shown answers (and groups, if it showed
//! any, as the old export did).

use std::collections::{BTreeMap, HashMap};

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::{texts, Setup, TestApp};

const GENDERS: [&str; 6] = [
    "female",
    "male",
    "non_binary",
    "self_described",
    "prefer_not_to_say",
    "not_stated",
];
const LEGAL: [&str; 9] = [
    "asylum_seeker",
    "international_protection",
    "subsidiary_protection",
    "temporary_protection",
    "student",
    "labour_migrant",
    "no_status",
    "other",
    "not_stated",
];
const PLACES: [&str; 3] = ["city", "rural", "no_preference"];
const WORK: [Option<bool>; 3] = [Some(true), Some(false), None];
const NEEDS: [&[&str]; 3] = [&["language"], &["housing"], &["language", "housing"]];

/// Indices into `PLACES`, `WORK` and `NEEDS`.
type Answers = (usize, usize, usize);

fn all_answers() -> Vec<Answers> {
    let mut out = Vec::new();
    for p in 0..PLACES.len() {
        for w in 0..WORK.len() {
            for n in 0..NEEDS.len() {
                out.push((p, w, n));
            }
        }
    }
    out
}

/// A small seeded generator (no dependency, the same on every machine).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, m: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % m
    }
    fn pick(&mut self, weights: &[u64]) -> usize {
        let mut x = self.next(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        0
    }
}

struct Person {
    gender: usize,
    legal: usize,
    answers: Answers,
}

fn template() -> Value {
    let option = |v: &str| json!({"value": v, "label": texts(v)});
    json!({
        "title": texts("Attack"),
        "sections": [{
            "id": "s",
            "title": texts("S"),
            "questions": [
                {"id": "place", "type": "single_choice", "required": true, "text": texts("Where"),
                 "options": PLACES.iter().map(|p| option(p)).collect::<Vec<_>>()},
                {"id": "work", "type": "yes_no", "text": texts("Work")},
                {"id": "needs", "type": "multi_choice", "required": true, "text": texts("Needs"),
                 "options": [option("language"), option("housing")]}
            ]
        }]
    })
}

/// What an API key can download about one random data set.
struct Published {
    people: Vec<Person>,
    plain: Value,
    crossed: HashMap<&'static str, Value>,
    answers: Vec<HashMap<String, String>>,
}

async fn data_set(app: &TestApp, seed: u64) -> Published {
    let mut rng = Lcg(seed);
    let org = app.create_org(&format!("Zavod {seed}"));
    let coordinator = app.token(&org, Role::Coordinator).await;
    let admin = app.token(&org, Role::Admin).await;
    let template = app.publish_template(&coordinator, template()).await;
    let n = 8 + rng.next(9) as usize;
    // Every third data set: few answer `work`, so that its whole table goes.
    let no_answer = if seed.is_multiple_of(3) { 14 } else { 1 };
    let mut people = Vec::new();
    for _ in 0..n {
        let p = Person {
            gender: rng.pick(&[5, 4, 1, 0, 0, 1]),
            legal: rng.pick(&[4, 3, 0, 2, 1, 0, 0, 0, 1]),
            answers: (
                rng.pick(&[6, 3, 1]),
                rng.pick(&[6, 3, no_answer]),
                rng.pick(&[5, 3, 2]),
            ),
        };
        let mut extra = serde_json::Map::new();
        if GENDERS[p.gender] != "not_stated" {
            extra.insert("gender".into(), json!(GENDERS[p.gender]));
        }
        if LEGAL[p.legal] != "not_stated" {
            extra.insert("legal_status".into(), json!(LEGAL[p.legal]));
        }
        let pid = app.person(&coordinator, Value::Object(extra), false).await;
        let interview = app
            .plan_interview(&coordinator, &template, &[&pid], "2026-11-10T10:00:00Z")
            .await
            .id;
        let mut given = vec![
            json!({"participant_id": pid, "question_id": "place", "value": PLACES[p.answers.0]}),
            json!({"participant_id": pid, "question_id": "needs", "value": NEEDS[p.answers.2]}),
        ];
        if let Some(w) = WORK[p.answers.1] {
            given.push(json!({"participant_id": pid, "question_id": "work", "value": w}));
        }
        let res = app
            .answer(&coordinator, &interview, Value::Array(given))
            .await;
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
        app.complete_interview(&coordinator, &interview, 1).await;
        people.push(p);
    }
    let key = app
        .create_api_key(&admin, json!({"name": "Attacker"}))
        .await
        .secret;
    let base = format!("/api/v1/interviews/analysis?template={template}");
    let get = |path: String| {
        let key = key.clone();
        async move {
            let res = app.get_as(&key, &path).await;
            assert_eq!(res.status(), 200, "{path}");
            res.text().await.expect("text")
        }
    };
    let plain: Value = serde_json::from_str(&get(base.clone()).await).expect("json");
    let mut crossed = HashMap::new();
    for b in ["gender", "legal_status"] {
        let a: Value = serde_json::from_str(&get(format!("{base}&cross={b}")).await).expect("json");
        // The tables CSV publishes nothing the JSON does not.
        let csv_text = get(format!(
            "/api/v1/interviews/analysis/tables.csv?template={template}&cross={b}"
        ))
        .await;
        same_numbers(&a, &csv_text);
        crossed.insert(b, a);
    }
    let csv_text = get(format!(
        "/api/v1/interviews/analysis/answers.csv?template={template}"
    ))
    .await;
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let answers = reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect();
    Published {
        people,
        plain,
        crossed,
        answers,
    }
}

/// Every count of the tables CSV is the JSON's (or `suppressed` where the
/// JSON has none).
fn same_numbers(a: &Value, csv_text: &str) {
    let text = |c: &Value| match c["count"].as_i64() {
        Some(n) => n.to_string(),
        None if c["suppressed"] == true => "suppressed".into(),
        None => String::new(),
    };
    let option = |list: &Value, value: &str| {
        list.as_array()
            .into_iter()
            .flatten()
            .find(|o| o["value"] == value)
            .map(text)
    };
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    for row in reader.records() {
        let row = row.expect("row");
        let (table, group, value, count) = (&row[0], &row[1], &row[2], &row[4]);
        let expected = if let Some(b) = table.strip_prefix("breakdown:") {
            Some(text(&a["breakdowns"][b][value]))
        } else if let Some(qid) = table.strip_prefix("question:") {
            let q = a["questions"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|q| q["id"] == qid)
                .expect("question");
            match (group.split_once(':'), value) {
                (Some((_, g)), v) => option(&q["by"][g], v),
                (None, "answered") => Some(text(&q["answered"])),
                (None, "mean" | "median") => q[value].as_f64().map(|x| x.to_string()),
                (None, v) => option(&q["options"], v),
            }
        } else if table == "length_of_stay_months" {
            let s = &a[table];
            Some(match value {
                "n" => text(&s["n"]),
                stat => match s[stat].as_f64() {
                    Some(x) => x.to_string(),
                    None if s["stats_suppressed"] == true => "suppressed".into(),
                    None => String::new(),
                },
            })
        } else {
            Some(a[table].to_string())
        };
        assert_eq!(expected.as_deref(), Some(count), "{table} {group} {value}");
    }
}

/// The attacker's model for one breakdown: unknown `y[g * A + a]`.
struct Model {
    /// Joint groups: gender × legal status (see [`digit`]).
    groups: usize,
    answers: Vec<Answers>,
    bound: i32,
    equations: Vec<(Vec<usize>, i64)>,
    hidden: Vec<(String, Vec<usize>)>,
}

impl Model {
    fn cells(&self, group: impl Fn(usize) -> bool, ans: impl Fn(&Answers) -> bool) -> Vec<usize> {
        let mut out = Vec::new();
        for g in 0..self.groups {
            for (i, a) in self.answers.iter().enumerate() {
                if group(g) && ans(a) {
                    out.push(g * self.answers.len() + i);
                }
            }
        }
        out
    }

    fn solve(&self, cell: &[usize], direction: OptimizationDirection) -> i64 {
        let mut p = Problem::new(direction);
        let vars: Vec<_> = (0..self.groups * self.answers.len())
            .map(|i| p.add_integer_var(if cell.contains(&i) { 1.0 } else { 0.0 }, (0, self.bound)))
            .collect();
        for (cells, value) in &self.equations {
            let expr: Vec<_> = cells.iter().map(|i| (vars[*i], 1.0)).collect();
            p.add_constraint(expr.as_slice(), ComparisonOp::Eq, *value as f64);
        }
        let solution = p
            .solve()
            .expect("the published numbers are consistent")
            .into_solution()
            .expect("a solution");
        solution.objective().round() as i64
    }
}

fn matches(question: &str, option: &str, a: &Answers) -> bool {
    match question {
        "place" => PLACES[a.0] == option,
        "work" => WORK[a.1] == Some(option == "yes") && matches!(option, "yes" | "no"),
        "needs" => NEEDS[a.2].contains(&option),
        _ => false,
    }
}

fn answered(question: &str, a: &Answers) -> bool {
    question != "work" || WORK[a.1].is_some()
}

/// Whether the answers CSV would show `shown` (None: no row) for answers `a`.
fn displays(
    question: &str,
    stats: &Value,
    shown: Option<&str>,
    a: &Answers,
    left_out: bool,
) -> bool {
    // Too few answered: the question's rows are all left out.
    if left_out {
        return shown.is_none();
    }
    let visible = |o: &str| {
        stats["options"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|x| x["value"] == o && x["suppressed"] == false)
    };
    let values: Vec<&str> = match question {
        "place" => vec![PLACES[a.0]],
        "work" => match WORK[a.1] {
            Some(true) => vec!["yes"],
            Some(false) => vec!["no"],
            None => return shown.is_none(),
        },
        _ => NEEDS[a.2].to_vec(),
    };
    let Some(shown) = shown else { return false };
    let mut expected: Vec<&str> = values.iter().copied().filter(|v| visible(v)).collect();
    if values.iter().any(|v| !visible(v)) {
        expected.push("[suppressed]");
    }
    let mut got: Vec<&str> = shown.split(';').collect();
    got.sort();
    expected.sort();
    // An export that does not protect its rows shows the values themselves.
    let mut raw = values;
    raw.sort();
    got == expected || got == raw
}

/// The joint table over gender × legal status × answers, with every
/// published number as an equation.
fn joint_model(p: &Published) -> Model {
    let mut m = Model {
        groups: GENDERS.len() * LEGAL.len(),
        answers: all_answers(),
        bound: p.people.len() as i32,
        equations: Vec::new(),
        hidden: Vec::new(),
    };
    for b in ["gender", "legal_status"] {
        add_breakdown(&mut m, p, b);
    }
    m.hidden.sort();
    m.hidden.dedup_by(|a, b| a.1 == b.1);
    m
}

/// A joint group's code in one breakdown.
fn digit(breakdown: &str, g: usize) -> usize {
    if breakdown == "gender" {
        g / LEGAL.len()
    } else {
        g % LEGAL.len()
    }
}

fn add_breakdown(m: &mut Model, p: &Published, breakdown: &'static str) {
    let codes: &'static [&'static str] = if breakdown == "gender" {
        &GENDERS
    } else {
        &LEGAL
    };
    let d = |g: usize| digit(breakdown, g);
    let a = &p.crossed[breakdown];
    // The breakdown: listed groups, and the merged rest.
    let table = a["breakdowns"][breakdown].as_object().expect("breakdown");
    let unlisted: Vec<usize> = (0..codes.len())
        .filter(|g| !table.contains_key(codes[*g]))
        .collect();
    let column = |key: &str| -> Vec<usize> {
        if key == "suppressed" {
            unlisted.clone()
        } else {
            vec![codes.iter().position(|c| *c == key).expect("a code")]
        }
    };
    if !table.contains_key("suppressed") {
        m.equations
            .push((m.cells(|g| unlisted.contains(&d(g)), |_| true), 0));
    }
    for (key, cell) in table {
        let groups = column(key);
        let cells = m.cells(|g| groups.contains(&d(g)), |_| true);
        match cell["count"].as_i64() {
            Some(n) => m.equations.push((cells, n)),
            None => m.hidden.push((format!("{breakdown}:{key}"), cells)),
        }
        if key == "suppressed" && cell["count"].as_i64().unwrap_or(1) > 0 {
            for g in &unlisted {
                let one = m.cells(|x| d(x) == *g, |_| true);
                m.hidden
                    .push((format!("{breakdown}:{} (merged)", codes[*g]), one));
            }
        }
    }
    // Every question's own table, and its cross-tabulation.
    for analysis in [&p.plain, a] {
        for q in analysis["questions"].as_array().into_iter().flatten() {
            let qid = q["id"].as_str().unwrap_or("");
            let cells = m.cells(|_| true, |x| answered(qid, x));
            match q["answered"]["count"].as_i64() {
                Some(n) => m.equations.push((cells, n)),
                None => m.hidden.push((format!("{qid}:answered"), cells)),
            }
            for o in q["options"].as_array().into_iter().flatten() {
                let value = o["value"].as_str().unwrap_or("");
                let cells = m.cells(|_| true, |x| matches(qid, value, x));
                match o["count"].as_i64() {
                    Some(n) => m.equations.push((cells, n)),
                    None => m.hidden.push((format!("{qid}:{value}"), cells)),
                }
            }
            for (group, list) in q["by"].as_object().into_iter().flatten() {
                let groups = column(group);
                for o in list.as_array().into_iter().flatten() {
                    let value = o["value"].as_str().unwrap_or("");
                    let cells = m.cells(|g| groups.contains(&d(g)), |x| matches(qid, value, x));
                    match o["count"].as_i64() {
                        Some(n) => m.equations.push((cells, n)),
                        None => m
                            .hidden
                            .push((format!("{qid}:{value}|{breakdown}:{group}"), cells)),
                    }
                }
            }
        }
    }
    // The answers CSV: how many respondents show each pattern of answers
    // (and of groups, if the CSV carried them).
    let mut rows: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for r in &p.answers {
        let e = rows.entry(r["respondent"].clone()).or_default();
        e.insert(r["question_id"].clone(), r["answer"].clone());
        if let Some(g) = r.get(breakdown) {
            e.insert(format!("group:{breakdown}"), g.clone());
        }
    }
    let in_csv = |qid: &str| p.answers.iter().any(|r| r["question_id"] == qid);
    let mut patterns: BTreeMap<Vec<Option<String>>, i64> = BTreeMap::new();
    for shown in rows.values() {
        let key = ["place", "work", "needs", &format!("group:{breakdown}")]
            .iter()
            .map(|k| shown.get(*k).cloned())
            .collect();
        *patterns.entry(key).or_default() += 1;
    }
    // Everyone interviewed has a place and needs, so has rows.
    for (pattern, count) in patterns {
        let stats = |qid: &str| {
            p.plain["questions"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|q| q["id"] == qid)
                .cloned()
                .unwrap_or(Value::Null)
        };
        let (sp, sw, sn) = (stats("place"), stats("work"), stats("needs"));
        let group = pattern[3].clone();
        let cells = m.cells(
            |g| group.as_deref().is_none_or(|x| codes[d(g)] == x),
            |x| {
                displays("place", &sp, pattern[0].as_deref(), x, !in_csv("place"))
                    && displays("work", &sw, pattern[1].as_deref(), x, !in_csv("work"))
                    && displays("needs", &sn, pattern[2].as_deref(), x, !in_csv("needs"))
            },
        );
        m.equations.push((cells, count));
    }
}

/// The true joint table, which must satisfy every equation (else the model
/// of what is published is wrong).
fn truth(p: &Published, m: &Model) -> Vec<i64> {
    let mut y = vec![0i64; m.groups * m.answers.len()];
    for person in &p.people {
        let g = person.gender * LEGAL.len() + person.legal;
        let a = m
            .answers
            .iter()
            .position(|x| *x == person.answers)
            .unwrap_or(0);
        y[g * m.answers.len() + a] += 1;
    }
    y
}

#[tokio::test]
async fn no_hidden_cell_can_be_recovered_from_everything_an_api_key_downloads() {
    attack(
        TestApp::spawn().await,
        &[11, 23, 36, 41, 59, 72, 83, 99, 102],
    )
    .await;
}

#[tokio::test]
async fn nor_with_a_threshold_of_three() {
    let app = TestApp::spawn_with(Setup {
        env: HashMap::from([("SKUPAJ_SUPPRESSION_THRESHOLD".to_string(), "3".to_string())]),
        ..Setup::default()
    })
    .await;
    attack(app, &[5, 17, 30, 44, 61, 78]).await;
}

async fn attack(app: TestApp, seeds: &[u64]) {
    let mut checked = 0;
    let mut pinned = Vec::new();
    for &seed in seeds {
        let p = data_set(&app, seed).await;
        let m = joint_model(&p);
        let y = truth(&p, &m);
        for (cells, value) in &m.equations {
            let sum: i64 = cells.iter().map(|i| y[*i]).sum();
            assert_eq!(sum, *value, "seed {seed}: the truth breaks an equation");
        }
        for (name, cells) in &m.hidden {
            let low = m.solve(cells, OptimizationDirection::Minimize);
            let high = m.solve(cells, OptimizationDirection::Maximize);
            checked += 1;
            if low == high {
                pinned.push(format!("seed {seed}: {name} = {low}"));
            }
        }
    }
    eprintln!(
        "attacker: {} data sets, {checked} hidden cells checked, {} pinned",
        seeds.len(),
        pinned.len()
    );
    assert!(checked > 30, "too few hidden cells to mean much: {checked}");
    assert!(
        pinned.is_empty(),
        "pinned hidden cells:\n{}",
        pinned.join("\n")
    );
}
