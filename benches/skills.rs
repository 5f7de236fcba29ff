//! `make bench`: a full-size synthetic ESCO download (about 14 000 skills,
//! 3 000 occupations, their alternative labels, 120 000 occupation–skill
//! relations, one language) imported into SQLite through the real importer,
//! then autocomplete over it through real HTTP. Prints figures, not a timed test.

#[path = "common/mod.rs"]
mod common;

use std::fmt::Write;
use std::time::{Duration, Instant};

use skupaj::{db, AppState};

const SKILLS: usize = 14_000;
const OCCUPATIONS: usize = 3_000;
const RELATIONS_PER_OCCUPATION: usize = 40;

const WORDS: &[&str] = &[
    "operate",
    "maintain",
    "sew",
    "cut",
    "clean",
    "prepare",
    "drive",
    "inspect",
    "repair",
    "install",
    "teach",
    "translate",
    "cook",
    "bake",
    "paint",
    "assemble",
    "measure",
    "weld",
    "pack",
    "sort",
    "plan",
    "manage",
    "monitor",
    "design",
    "test",
    "advise",
    "sell",
    "machine",
    "fabric",
    "vehicle",
    "forklift",
    "garment",
    "equipment",
    "surface",
    "food",
    "software",
    "customer",
    "patient",
    "crop",
    "timber",
    "metal",
    "glass",
    "textile",
    "stock",
    "order",
    "document",
    "budget",
    "tool",
    "engine",
    "system",
];

fn label(i: usize, salt: usize) -> String {
    let a = WORDS[(i * 7 + salt) % WORDS.len()];
    let b = WORDS[(i * 13 + salt * 3 + 5) % WORDS.len()];
    let c = WORDS[(i / 3 + salt * 11 + 17) % WORDS.len()];
    format!("{a} {b} {c} {i}")
}

fn synthetic() -> Vec<(String, String)> {
    let mut skills = String::from("conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,definition,inScheme,description\n");
    for i in 0..SKILLS {
        let alts = format!("{}\n{}\n{}", label(i, 1), label(i, 2), label(i, 3));
        let _ = writeln!(
            skills,
            "KnowledgeSkillCompetence,http://data.example.org/esco/skill/{i},skill/competence,sector-specific,{},\"{alts}\",,released,2024-01-01,,,,Description of skill {i}.",
            label(i, 0)
        );
    }
    let mut occupations = String::from("conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code,naceCode\n");
    for i in 0..OCCUPATIONS {
        let _ = writeln!(
            occupations,
            "Occupation,http://data.example.org/esco/occupation/{i},{},{} worker {i},\"{}\",,released,2024-01-01,,,,,Occupation {i}.,{}.{i},C14",
            1000 + i % 9000,
            WORDS[i % WORDS.len()],
            label(i, 4),
            1000 + i % 9000
        );
    }
    let mut relations =
        String::from("occupationUri,occupationLabel,relationType,skillType,skillUri,skillLabel\n");
    for o in 0..OCCUPATIONS {
        for k in 0..RELATIONS_PER_OCCUPATION {
            let s = (o * 37 + k * 101) % SKILLS;
            let kind = if k < 15 { "essential" } else { "optional" };
            let _ = writeln!(relations, "http://data.example.org/esco/occupation/{o},x,{kind},skill/competence,http://data.example.org/esco/skill/{s},y");
        }
    }
    let mut broader =
        String::from("conceptType,conceptUri,conceptLabel,broaderType,broaderUri,broaderLabel\n");
    for i in 100..SKILLS {
        let _ = writeln!(broader, "KnowledgeSkillCompetence,http://data.example.org/esco/skill/{i},x,KnowledgeSkillCompetence,http://data.example.org/esco/skill/{},y", i % 100);
    }
    vec![
        ("skills_en.csv".into(), skills),
        ("occupations_en.csv".into(), occupations),
        ("occupationSkillRelations_en.csv".into(), relations),
        ("broaderRelationsSkillPillar_en.csv".into(), broader),
    ]
}

fn pct(mut v: Vec<Duration>, p: usize) -> f64 {
    v.sort();
    v[(v.len() * p / 100).min(v.len() - 1)].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_string_lossy().to_string();
    let settings = common::settings(&data);
    let pool = db::open_pool(&settings.database, 8).expect("pool");
    let files = synthetic();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    {
        let mut conn = pool.get().expect("connection");
        db::run_migrations(&mut conn).expect("migrations");
        let started = Instant::now();
        let first = skupaj::skills::import(&mut conn, &files, "esco", Some("bench"), &mut |_| {})
            .expect("import");
        let first_took = started.elapsed();
        let started = Instant::now();
        skupaj::skills::import(&mut conn, &files, "esco", Some("bench"), &mut |_| {})
            .expect("re-import");
        let again_took = started.elapsed();
        println!(
            "ESCO import, synthetic full size ({:.1} MB): {} skills, {} occupations, {} relations, {} labels",
            bytes as f64 / 1e6,
            first.skills,
            first.occupations,
            first.relations,
            first.labels
        );
        println!("  first import   {:6.1} s", first_took.as_secs_f64());
        println!(
            "  re-import      {:6.1} s (idempotent upsert)",
            again_took.as_secs_f64()
        );
    }
    let state = AppState::new(settings, pool);
    let (base, handle) = common::serve(state, 2);
    let client = reqwest::Client::new();
    let mut by_length: Vec<(usize, Vec<Duration>)> = Vec::new();
    for len in [3usize, 5, 8] {
        let mut took = Vec::new();
        for i in 0..200 {
            let word = WORDS[(i * 7) % WORDS.len()];
            let q: String = word.chars().take(len).collect();
            let t = Instant::now();
            let res = client
                .get(format!("{base}/api/v1/skills?q={q}&limit=10"))
                .send()
                .await
                .expect("search");
            assert_eq!(res.status(), 200);
            let _ = res.bytes().await;
            took.push(t.elapsed());
        }
        by_length.push((len, took));
    }
    handle.stop(true).await;
    println!("autocomplete over HTTP (GET /api/v1/skills?q=…&limit=10), 200 queries each:");
    for (len, took) in by_length {
        println!(
            "  {len} letters   median {:6.1} ms   p95 {:6.1} ms",
            pct(took.clone(), 50),
            pct(took, 95)
        );
    }
}
