//! `make bench`: a full-size synthetic ESCO download (13,939 skills, 3,008
//! occupations, a preferred and three alternative labels each, in five
//! languages — en, sl, uk, ar, fa — and 120,000 occupation–skill relations)
//! imported into SQLite through the real importer; then autocomplete over
//! it, query by query of a representative set (one, two and three letters,
//! whole common words, two words, rare words and their start, accented and
//! unaccented, a piece inside a word), through real HTTP and called
//! directly, against the old way (the scan that searched before the index,
//! kept below as `old_scan_search`) on a copy of the same data in the old
//! schema. Prints p50/p95 and the ratios, and how often each way's first
//! ten equal a ranking of every candidate. With `SKUPAJ_BENCH_PG_URL` set
//! (e.g. `$(scripts/pg.sh start DIR)`) the same again on PostgreSQL.
//! Figures, not a timed test.

#[path = "common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::fmt::Write;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use skupaj::db::schema::{taxonomy_concepts, taxonomy_labels};
use skupaj::db::DbConnection;
use skupaj::skills::model::index::SkillIndex;
use skupaj::skills::{fold, ConceptKind};
use skupaj::{db, AppState};

const SKILLS: usize = 13_939;
const OCCUPATIONS: usize = 3_008;
const ALT_LABELS: usize = 3;
const RELATIONS_PER_OCCUPATION: usize = 40;

/// The same fifty words in each language: each label has three of them
/// and one rare word made of syllables.
const WORDS: &[(&str, &str)] = &[
    ("en", "operate maintain sew cut clean prepare drive inspect repair install teach translate cook bake paint assemble measure weld pack sort plan manage monitor design test advise sell machine fabric vehicle forklift garment equipment surface food software customer patient crop timber metal glass textile stock order document budget tool engine system"),
    ("sl", "upravljati vzdrževati šivati rezati čistiti pripraviti voziti pregledati popraviti namestiti učiti prevajati kuhati peči barvati sestaviti meriti variti pakirati razvrstiti načrtovati voditi spremljati oblikovati preizkusiti svetovati prodajati stroj tkanina vozilo viličar oblačilo oprema površina hrana programje stranka bolnik pridelek les kovina steklo tekstil zaloga naročilo dokument proračun orodje motor sistem"),
    ("uk", "керувати обслуговувати шити різати чистити готувати водити перевіряти ремонтувати встановлювати навчати перекладати куховарити пекти фарбувати збирати вимірювати зварювати пакувати сортувати планувати управляти контролювати проєктувати тестувати консультувати продавати машина тканина транспорт навантажувач одяг обладнання поверхня їжа програми клієнт пацієнт урожай деревина метал скло текстиль запас замовлення документ бюджет інструмент двигун система"),
    ("ar", "تشغيل صيانة خِيَاطَة قص تنظيف تحضير قيادة فحص إصلاح تركيب تعليم ترجمة طَبْخ خبز طلاء تجميع قياس لحام تعبئة فرز تخطيط إدارة مراقبة تصميم اختبار إرشاد بيع آلة قماش مركبة رافعة ملابس معدات سطح طعام برمجيات زبون مريض محصول خشب معدن زجاج نسيج مخزون طلب وثيقة ميزانية أداة محرك نظام"),
    ("fa", "راه‌اندازی نگهداری دوختن برش تمیزکاری آماده‌سازی رانندگی بازرسی تعمیر نصب آموزش ترجمه آشپزی پخت رنگ‌آمیزی مونتاژ اندازه‌گیری جوشکاری بسته‌بندی مرتب‌سازی برنامه‌ریزی مدیریت نظارت طراحی آزمون مشاوره فروش ماشین پارچه خودرو لیفتراک پوشاک تجهیزات رویه غذا نرم‌افزار مشتری بیمار محصول چوب فلز شیشه منسوجات انبار سفارش سند بودجه ابزار موتور سامانه"),
];

/// Syllables of the rare words (18³ = 5,832 of them per language, each in
/// about a dozen labels).
const SYLLABLES: &[(&str, &str)] = &[
    (
        "en",
        "ka lo mi ne su ra te vo zi pa da re fu go hi ju ba ce",
    ),
    (
        "sl",
        "ka lo mi ne su ra te vo zi pa da re fu go hi ju ča še",
    ),
    ("uk", "ка ло мі не су ра те во зі па да ре фу го хі ю ба це"),
    (
        "ar",
        "كا لو مي نو سو را تي فو زي با دا ري فا غو هي جو بي سي",
    ),
    (
        "fa",
        "کا لو می نو سو را تی وو زی پا دا ری فا گو هی جو بی چی",
    ),
];

struct Language {
    code: &'static str,
    words: Vec<&'static str>,
    syllables: Vec<&'static str>,
}

fn languages() -> Vec<Language> {
    WORDS
        .iter()
        .zip(SYLLABLES)
        .map(|((code, words), (_, syllables))| Language {
            code,
            words: words.split(' ').collect(),
            syllables: syllables.split(' ').collect(),
        })
        .collect()
}

impl Language {
    fn rare(&self, n: usize) -> String {
        let s = &self.syllables;
        let k = s.len();
        format!("{}{}{}", s[n % k], s[(n / k) % k], s[(n / (k * k)) % k])
    }

    /// Label `salt` (0 preferred, then alternatives) of concept `i`: three
    /// common words and a rare one, first, second or last.
    fn label(&self, i: usize, salt: usize) -> String {
        let w = &self.words;
        let a = w[(i * 7 + salt) % w.len()];
        let b = w[(i * 13 + salt * 3 + 5) % w.len()];
        let c = w[(i / 3 + salt * 11 + 17) % w.len()];
        let r = self.rare(i * 5 + salt * 1_237);
        match (i + salt) % 3 {
            0 => format!("{r} {a} {b} {c}"),
            1 => format!("{a} {r} {b} {c}"),
            _ => format!("{a} {b} {c} {r}"),
        }
    }
}

fn synthetic(langs: &[Language]) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for lang in langs {
        let mut skills = String::from("conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,definition,inScheme,description\n");
        for i in 0..SKILLS {
            let alts: Vec<String> = (1..=ALT_LABELS).map(|s| lang.label(i, s)).collect();
            let _ = writeln!(
                skills,
                "KnowledgeSkillCompetence,http://data.example.org/esco/skill/{i},{},sector-specific,{},\"{}\",,released,2024-01-01,,,,Description of skill {i}.",
                if i % 5 == 0 { "knowledge" } else { "skill/competence" },
                lang.label(i, 0),
                alts.join("\n")
            );
        }
        let mut occupations = String::from("conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code,naceCode\n");
        for i in 0..OCCUPATIONS {
            let alts: Vec<String> = (1..=ALT_LABELS)
                .map(|s| lang.label(SKILLS + i, s))
                .collect();
            let _ = writeln!(
                occupations,
                "Occupation,http://data.example.org/esco/occupation/{i},{},{},\"{}\",,released,2024-01-01,,,,,Occupation {i}.,{}.{i},C14",
                1000 + i % 9000,
                lang.label(SKILLS + i, 0),
                alts.join("\n"),
                1000 + i % 9000
            );
        }
        files.push((format!("skills_{}.csv", lang.code), skills));
        files.push((format!("occupations_{}.csv", lang.code), occupations));
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
    files.push(("occupationSkillRelations_en.csv".into(), relations));
    files.push(("broaderRelationsSkillPillar_en.csv".into(), broader));
    files
}

/// One query of the set: which kind of query, the text, the caller's
/// language, and skills or occupations.
struct Query {
    kind: &'static str,
    q: String,
    lang: &'static str,
    occupations: bool,
}

/// The representative set: every kind of query in every language, over
/// skills, a fifth of them over occupations.
fn queries(langs: &[Language]) -> Vec<Query> {
    let mut out = Vec::new();
    let mut n = 0usize;
    let mut push = |kind, q: String, lang: &'static str| {
        n += 1;
        out.push(Query {
            kind,
            q,
            lang,
            occupations: n.is_multiple_of(5),
        });
    };
    let prefix = |w: &str, k: usize| w.chars().take(k).collect::<String>();
    for lang in langs {
        for j in 0..8 {
            let w = lang.words[(j * 7 + 3) % lang.words.len()];
            let long: Vec<&str> = lang
                .words
                .iter()
                .copied()
                .filter(|w| w.chars().count() >= 7)
                .collect();
            let v = long[(j * 13 + 1) % long.len()];
            push("1 letter", prefix(w, 1), lang.code);
            push("2 letters", prefix(w, 2), lang.code);
            push("3 letters", prefix(w, 3), lang.code);
            push("common word", w.to_string(), lang.code);
            let label = lang.label(j * 101, 0);
            let two: Vec<&str> = label.split(' ').skip(1).take(2).collect();
            push("two words", two.join(" "), lang.code);
            let rare = lang.rare(j * 733 + 11);
            push("rare word, start", prefix(&rare, 4), lang.code);
            push("rare word", rare, lang.code);
            push(
                "inside a word",
                v.chars().skip(2).take(4).collect(),
                lang.code,
            );
            if lang.code == "sl" || lang.code == "ar" {
                // Typed with accents (diacritics) and without, whichever
                // way the label has them.
                let accented = lang
                    .words
                    .iter()
                    .filter(|w| fold(w) != **w)
                    .nth(j % 3)
                    .copied()
                    .unwrap_or(w);
                push("accented", prefix(accented, 5), lang.code);
                push("accented", fold(&prefix(accented, 5)), lang.code);
            }
        }
    }
    out
}

/// THE OLD WAY, for the ratio: the search as it was before the index
/// (issue #13), verbatim — every label of the two languages scanned with
/// `LIKE '%q%'`, the first `cut` matches (2,000) ranked in Rust. Without a
/// cut it ranks every candidate: the reference the index must agree with.
fn old_scan_search(
    conn: &mut DbConnection,
    q: &str,
    lang: &str,
    kinds: &[&str],
    limit: usize,
    cut: Option<i64>,
) -> Vec<(String, String)> {
    #[derive(Queryable)]
    struct LabelMatch {
        uri: String,
        label: String,
        folded: String,
        preferred: bool,
        language: String,
        _kind: String,
        _status: String,
    }
    let folded = fold(q);
    let escaped = folded
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let languages: Vec<&str> = if lang == "en" {
        vec!["en"]
    } else {
        vec![lang, "en"]
    };
    let rows: Vec<LabelMatch> = taxonomy_labels::table
        .inner_join(taxonomy_concepts::table)
        .filter(taxonomy_labels::language.eq_any(&languages))
        .filter(
            taxonomy_labels::folded
                .like(format!("%{escaped}%"))
                .escape('\\'),
        )
        .filter(taxonomy_concepts::kind.eq_any(kinds))
        .filter(taxonomy_concepts::status.eq("released"))
        .select((
            taxonomy_labels::uri,
            taxonomy_labels::label,
            taxonomy_labels::folded,
            taxonomy_labels::preferred,
            taxonomy_labels::language,
            taxonomy_concepts::kind,
            taxonomy_concepts::status,
        ))
        .limit(cut.unwrap_or(i64::MAX))
        .load(conn)
        .expect("old scan");
    let score = |f: &str, preferred: bool, l: &str| {
        let place = if f == folded {
            0
        } else if f.starts_with(&folded) {
            1
        } else if f.contains(&format!(" {folded}")) {
            2
        } else {
            3
        };
        (
            place,
            u8::from(l != lang),
            u8::from(!preferred),
            f.chars().count(),
        )
    };
    type Best = ((u8, u8, u8, usize), String);
    let mut best: HashMap<String, Best> = HashMap::new();
    for m in rows {
        let s = score(&m.folded, m.preferred, &m.language);
        match best.get(&m.uri) {
            Some((existing, ..)) if *existing <= s => {}
            _ => {
                best.insert(m.uri, (s, m.label));
            }
        }
    }
    let mut hits: Vec<_> = best.into_iter().collect();
    hits.sort_by(|a, b| a.1 .0.cmp(&b.1 .0).then(a.0.cmp(&b.0)));
    hits.truncate(limit);
    let uris: Vec<String> = hits.iter().map(|h| h.0.clone()).collect();
    let _ = skupaj::skills::preferred_labels(conn, &uris, lang).expect("labels");
    hits.into_iter().map(|(u, (_, l))| (u, l)).collect()
}

/// A copy of the database as it was before the index: the same data, the
/// labels' old table and index (the search migration's down.sql), for the
/// old way to scan as it used to.
fn old_schema_sqlite(conn: &mut DbConnection, data: &str) -> DbConnection {
    use diesel::connection::SimpleConnection;
    let path = format!("{data}/before-the-index.sqlite");
    let _ = std::fs::remove_file(&path);
    diesel::sql_query(format!("VACUUM INTO '{path}'"))
        .execute(conn)
        .expect("copy");
    let mut old = diesel::SqliteConnection::establish(&path).expect("open the copy");
    // The trigram index that down.sql drops is gone already (migration
    // 000020): its lines are left out.
    let down: Vec<&str> =
        include_str!("../migrations/sqlite/2026-12-01-000010_skill_search_index/down.sql")
            .lines()
            .filter(|l| !l.contains("taxonomy_labels_fts"))
            .collect();
    old.batch_execute(&down.join("\n")).expect("the old schema");
    DbConnection::Sqlite(old)
}

fn kinds(q: &Query) -> &'static [&'static str] {
    if q.occupations {
        &["occupation"]
    } else {
        &["skill", "knowledge"]
    }
}

fn concept_kinds(q: &Query) -> &'static [ConceptKind] {
    if q.occupations {
        &[ConceptKind::Occupation]
    } else {
        &[ConceptKind::Skill, ConceptKind::Knowledge]
    }
}

fn pct(v: &[Duration], p: usize) -> f64 {
    let mut v = v.to_vec();
    v.sort();
    v[(v.len() * p / 100).min(v.len() - 1)].as_secs_f64() * 1000.0
}

/// Timings by kind of query, in the order the kinds first appear, and all.
fn by_kind(set: &[Query], took: &[Duration]) -> Vec<(&'static str, Vec<Duration>)> {
    let mut out: Vec<(&'static str, Vec<Duration>)> = Vec::new();
    for (q, t) in set.iter().zip(took) {
        match out.iter_mut().find(|(k, _)| *k == q.kind) {
            Some((_, v)) => v.push(*t),
            None => out.push((q.kind, vec![*t])),
        }
    }
    out.push(("all", took.to_vec()));
    out
}

const ROUNDS: usize = 5;

/// Each query's median time.
fn medians(took: &[Vec<Duration>]) -> Vec<Duration> {
    took.iter()
        .map(|t| {
            let mut t = t.clone();
            t.sort();
            t[t.len() / 2]
        })
        .collect()
}

/// A copy of the labels and concepts as they were before the index, in
/// the schema `before_the_index` of the same PostgreSQL database: the old
/// tables' keys and the old search index, for the old way to scan as it
/// used to (its queries name the tables unqualified).
fn old_schema_pg(conn: &mut DbConnection, url: &str) -> DbConnection {
    use diesel::connection::SimpleConnection;
    conn.batch_execute(
        "DROP SCHEMA IF EXISTS before_the_index CASCADE;
         CREATE SCHEMA before_the_index;
         CREATE TABLE before_the_index.taxonomy_concepts AS SELECT * FROM public.taxonomy_concepts;
         ALTER TABLE before_the_index.taxonomy_concepts ADD PRIMARY KEY (uri);
         CREATE INDEX ON before_the_index.taxonomy_concepts(kind, status);
         CREATE TABLE before_the_index.taxonomy_labels AS SELECT * FROM public.taxonomy_labels;
         ALTER TABLE before_the_index.taxonomy_labels ADD PRIMARY KEY (uri, language, label);
         CREATE INDEX ON before_the_index.taxonomy_labels(language, folded);
         ANALYZE before_the_index.taxonomy_concepts;
         ANALYZE before_the_index.taxonomy_labels;",
    )
    .expect("the old schema");
    let mut old = diesel::PgConnection::establish(url).expect("PostgreSQL");
    old.batch_execute("SET search_path TO before_the_index")
        .expect("search path");
    DbConnection::Postgres(old)
}

/// Imports the synthetic download twice, then times the set of queries on
/// one backend and prints the figures.
async fn bench(
    backend: &str,
    settings: skupaj::Settings,
    langs: &[Language],
    files: &[(String, String)],
    old_schema: impl FnOnce(&mut DbConnection) -> DbConnection,
) {
    let pool = db::open_pool(&settings.database, 8).expect("pool");
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let mut conn = pool.get().expect("connection");
    db::run_migrations(&mut conn).expect("migrations");
    let started = Instant::now();
    let first = skupaj::skills::import(&mut conn, files, "esco", Some("bench"), &mut |_| {})
        .expect("import");
    let first_took = started.elapsed();
    let started = Instant::now();
    skupaj::skills::import(&mut conn, files, "esco", Some("bench"), &mut |_| {})
        .expect("re-import");
    let again_took = started.elapsed();
    println!(
        "{backend}: ESCO import, synthetic full size in {} languages ({:.1} MB): {} skills, {} occupations, {} relations, {} labels",
        first.languages.len(),
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
    let set = queries(langs);
    let index = SkillIndex::default();
    let started = Instant::now();
    let built = index.current(&mut conn).expect("index");
    println!(
        "  search index   {:6.1} s to build: {} labels, {:.1} MB",
        started.elapsed().as_secs_f64(),
        built.labels(),
        built.heap_bytes() as f64 / 1e6
    );
    drop(built);

    // The index and the old way, called directly; and whether each agrees
    // with a ranking of every candidate.
    let mut old_took: Vec<Vec<Duration>> = vec![Vec::new(); set.len()];
    let mut new_took: Vec<Vec<Duration>> = vec![Vec::new(); set.len()];
    let (mut new_agrees, mut old_agrees) = (0, 0);
    let mut old_conn = old_schema(&mut conn);
    for (i, q) in set.iter().enumerate() {
        let every = old_scan_search(&mut old_conn, &q.q, q.lang, kinds(q), 10, None);
        let every: Vec<&str> = every.iter().map(|h| h.0.as_str()).collect();
        for round in 0..ROUNDS {
            let t = Instant::now();
            let new = skupaj::skills::model::search::search(
                &mut conn,
                &index,
                &q.q,
                q.lang,
                concept_kinds(q),
                10,
            )
            .expect("search");
            new_took[i].push(t.elapsed());
            let t = Instant::now();
            let old = old_scan_search(&mut old_conn, &q.q, q.lang, kinds(q), 10, Some(2000));
            old_took[i].push(t.elapsed());
            if round == 0 {
                let new: Vec<&str> = new.iter().map(|h| h.concept.uri.as_str()).collect();
                let old: Vec<&str> = old.iter().map(|h| h.0.as_str()).collect();
                new_agrees += usize::from(new == every);
                old_agrees += usize::from(old == every);
            }
        }
    }
    drop(old_conn);
    drop(conn);

    // The index over HTTP.
    let state = AppState::new(settings, pool);
    let (base, handle) = common::serve(state, 2);
    let client = reqwest::Client::new();
    let mut http_took: Vec<Vec<Duration>> = vec![Vec::new(); set.len()];
    for _ in 0..ROUNDS {
        for (i, q) in set.iter().enumerate() {
            let what = if q.occupations {
                "occupations"
            } else {
                "skills"
            };
            let t = Instant::now();
            let res = client
                .get(format!("{base}/api/v1/{what}"))
                .query(&[("q", q.q.as_str()), ("lang", q.lang), ("limit", "10")])
                .send()
                .await
                .expect("search");
            assert_eq!(res.status(), 200, "{what}?q={}", q.q);
            let _ = res.bytes().await;
            http_took[i].push(t.elapsed());
        }
    }
    handle.stop(true).await;

    println!(
        "{backend}: autocomplete, {} queries in 5 languages (a fifth over occupations), limit 10; \
         each query's time is the median of {ROUNDS} runs",
        set.len(),
    );
    println!(
        "  {:<18} {:>17} {:>17} {:>17} {:>15}",
        "", "index over HTTP", "index, direct", "old scan, direct", "old / index"
    );
    println!(
        "  {:<18} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}",
        "query", "p50 ms", "p95 ms", "p50 ms", "p95 ms", "p50 ms", "p95 ms", "p50", "p95"
    );
    let http = by_kind(&set, &medians(&http_took));
    let new = by_kind(&set, &medians(&new_took));
    let old = by_kind(&set, &medians(&old_took));
    for ((kind, h), ((_, n), (_, o))) in http.iter().zip(new.iter().zip(old.iter())) {
        println!(
            "  {:<18} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>6.0}× {:>6.0}×",
            kind,
            pct(h, 50),
            pct(h, 95),
            pct(n, 50),
            pct(n, 95),
            pct(o, 50),
            pct(o, 95),
            pct(o, 50) / pct(n, 50),
            pct(o, 95) / pct(n, 95),
        );
    }
    println!(
        "  first ten as a ranking of every candidate ranks them: the index {new_agrees} of {n}, \
         the old scan {old_agrees} of {n} (it ranked the first 2,000 matching labels)",
        n = set.len()
    );
}

#[tokio::main]
async fn main() {
    let langs = languages();
    let files = synthetic(&langs);
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_string_lossy().to_string();
    let sqlite = common::settings(&data);
    bench("SQLite", sqlite, &langs, &files, |conn| {
        old_schema_sqlite(conn, &data)
    })
    .await;

    // `SKUPAJ_BENCH_PG_URL=$(scripts/pg.sh start DIR) cargo bench --bench
    // skills` adds PostgreSQL, in a database of its own.
    if let Some(pg) = common::PgDatabase::create("skills", &data) {
        let url = pg.url.clone();
        bench("PostgreSQL", pg.settings.clone(), &langs, &files, |conn| {
            old_schema_pg(conn, &url)
        })
        .await;
    }
}
