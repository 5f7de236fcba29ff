//! Autocomplete's ranking over an index: the best match first however many
//! labels contain the query (more than the 2,000 the old scan ranked),
//! queries of one and two letters, the caller's language, preferred and
//! alternative labels, accents either way.

use serde::Deserialize;

use crate::support::{Page, TestApp};

/// A skill of a generated import: its id (the URI's last part), language,
/// preferred label and alternative labels.
type Skill<'a> = (&'a str, &'a str, &'a str, &'a [&'a str]);

/// Imports `skills` through the real importer, one skills file per
/// language.
fn import(app: &TestApp, skills: &[Skill]) {
    let mut files: Vec<(String, String)> = Vec::new();
    for (id, lang, preferred, alts) in skills {
        let name = format!("skills_{lang}.csv");
        let at = match files.iter().position(|f| f.0 == name) {
            Some(at) => at,
            None => {
                files.push((
                    name,
                    "conceptUri,skillType,preferredLabel,altLabels\n".to_string(),
                ));
                files.len() - 1
            }
        };
        files[at].1.push_str(&format!(
            "http://example.org/test/skill/{id},skill/competence,{preferred},\"{}\"\n",
            alts.join("\n")
        ));
    }
    let mut conn = app.conn();
    skupaj::skills::import(&mut conn, &files, "esco", Some("test"), &mut |_| {}).expect("import");
}

#[derive(Deserialize)]
struct Hit {
    uri: String,
    label: String,
    matched_label: String,
}

/// The hits of a search: (id, label, matched label).
async fn hits(app: &TestApp, path: &str) -> Vec<(String, String, String)> {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    let body: Page<Hit> = res.json().await.expect("json");
    body.items
        .into_iter()
        .map(|h| {
            (
                h.uri.rsplit('/').next().unwrap_or("").to_string(),
                h.label,
                h.matched_label,
            )
        })
        .collect()
}

fn ids(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|h| h.0.as_str()).collect()
}

#[tokio::test]
async fn the_best_match_comes_first_among_thousands_of_labels_that_contain_the_query() {
    let app = TestApp::spawn().await;
    // 2,500 labels contain "weld" inside a word, written (and sorted)
    // before the better matches: a ranking of the first 2,000 never sees
    // those.
    let fillers: Vec<(String, String)> = (0..2_500)
        .map(|i| (format!("a{i:04}"), format!("a{i:04}weld")))
        .collect();
    let mut skills: Vec<Skill> = fillers
        .iter()
        .map(|(id, label)| (id.as_str(), "en", label.as_str(), &[][..]))
        .collect();
    skills.extend([
        ("arc", "en", "arc welding", &[][..]),
        ("pipes", "en", "welding of pipes", &[][..]),
        ("weld", "en", "Weld", &[][..]),
        ("w", "en", "W", &[][..]),
    ]);
    import(&app, &skills);

    // Exact, then the start of the label, then the start of a later word,
    // then anywhere (shorter first, then by URI).
    assert_eq!(
        ids(&hits(&app, "/api/v1/skills?q=weld&limit=5").await),
        ["weld", "pipes", "arc", "a0000", "a0001"]
    );
    assert_eq!(
        ids(&hits(&app, "/api/v1/skills?q=WELD&limit=3").await),
        ["weld", "pipes", "arc"]
    );
    // One letter (shorter than a trigram): the exact label first.
    assert_eq!(
        ids(&hits(&app, "/api/v1/skills?q=w&limit=5").await),
        ["w", "weld", "pipes", "arc", "a0000"]
    );
    // Two letters.
    assert_eq!(
        ids(&hits(&app, "/api/v1/skills?q=We&limit=4").await),
        ["weld", "pipes", "arc", "a0000"]
    );
    // Inside a word everywhere: the shortest first, whatever the order of
    // the labels in the table or an index.
    let all = hits(&app, "/api/v1/skills?q=eld&limit=50").await;
    assert_eq!(all.len(), 50);
    assert_eq!(&ids(&all)[..3], ["weld", "a0000", "a0001"]);
    assert_eq!(ids(&all)[49], "a0048");
    // No occupation has these labels.
    assert!(hits(&app, "/api/v1/occupations?q=weld").await.is_empty());
}

#[tokio::test]
async fn the_callers_language_and_preferred_labels_come_first_and_accents_fold_either_way() {
    let app = TestApp::spawn().await;
    import(
        &app,
        &[
            ("carpentry", "en", "carpentry", &[]),
            ("carpentry", "sl", "tesarstvo", &["mizarstvo"]),
            ("joinery", "en", "joinery", &[]),
            ("joinery", "sl", "mizarska dela", &[]),
            ("tools", "en", "mizar tools", &[]),
            ("cleaning", "en", "cleaning", &[]),
            ("cleaning", "sl", "čiščenje", &[]),
            ("cleaner", "en", "cleaner", &[]),
            ("cleaner", "sl", "cistilec", &[]),
        ],
    );
    // The caller's preferred label, then the caller's alternative label
    // (although shorter), then English.
    let found = hits(&app, "/api/v1/skills?q=mizar&lang=sl").await;
    assert_eq!(ids(&found), ["joinery", "carpentry", "tools"]);
    // A concept found by an alternative label in the caller's language is
    // shown by its preferred label in that language.
    assert_eq!(
        (found[1].1.as_str(), found[1].2.as_str()),
        ("tesarstvo", "mizarstvo")
    );
    // English callers see English labels only.
    assert_eq!(
        ids(&hits(&app, "/api/v1/skills?q=mizar&lang=en").await),
        ["tools"]
    );
    // An unaccented query finds an accented label, and an accented query an
    // unaccented one.
    let found = hits(&app, "/api/v1/skills?q=ciscenje&lang=sl").await;
    assert_eq!(ids(&found), ["cleaning"]);
    assert_eq!(found[0].2, "čiščenje");
    let found = hits(&app, "/api/v1/skills?q=%C4%8Cisti&lang=sl").await;
    assert_eq!(ids(&found), ["cleaner"]);
    assert_eq!(found[0].2, "cistilec");
    // One and two letters with accents: "č" and "Či" fold to "c" and "ci".
    assert_eq!(
        ids(&hits(&app, "/api/v1/skills?q=%C4%8D&lang=sl&limit=2").await),
        ["cleaner", "cleaning"]
    );
    assert_eq!(
        ids(&hits(&app, "/api/v1/skills?q=%C4%8Ci&lang=sl").await),
        ["cleaner", "cleaning"]
    );
}
