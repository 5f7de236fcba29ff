//! `make bench`: the market. (1) The public catalogue with 50,000 published
//! listings of 500 sellers, titles and descriptions in English, Slovene and
//! Arabic: p50/p95 over HTTP, one client at a time, of the first page, a
//! search for a common word, a rare word, an accented word, a category and
//! price range, and the price order's pages 1 and 50 (through the cursors),
//! each also as a multiple of a health request timed alongside it. (2)
//! Orders from 200 concurrent buyers: with ample stock (50 listings), and
//! 200 buyers for the last 5 items (5 get them, 195 a 409), as orders a
//! second and as a share of the same server's `/api/v1/health` rate at the
//! same concurrency. `SKUPAJ_BENCH_SAMPLES` sets the catalogue's samples
//! (default 300). Real server, SQLite; set `SKUPAJ_BENCH_PG_URL` (a
//! PostgreSQL server's maintenance database, e.g. `$(scripts/pg.sh start
//! DIR)`) to print the same figures on PostgreSQL too. Prints figures; it is
//! not a timed test.

#[path = "common/mod.rs"]
mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Duration as Span;
use diesel::prelude::*;
use skupaj::codes::{ListingCategory, ListingOrigin};
use skupaj::db::schema::market_listings;
use skupaj::market::listings::model::ListingValues;
use skupaj::market::listings::ListingFields;
use skupaj::market::sellers::{self, SellerFields};
use skupaj::market::texts::Texts;
use skupaj::policy::Role;
use skupaj::{accounts, db, ids, AppState, Settings};

const LISTINGS: usize = 50_000;
const SELLERS: usize = 500;
const BUYERS: usize = 200;
const ORDERS_EACH: usize = 5;
const STOCKED: usize = 50;
const LAST_ITEMS: i32 = 5;
const CONTENTION_ROUNDS: usize = 3;
const PASSWORD: &str = "Tiho-jezero-pod-Triglavom-7";
/// The word only a few listings have.
const RARE: &str = "kintsugi";

/// Things: (en, sl, ar, category).
const NOUNS: [(&str, &str, &str, ListingCategory); 30] = [
    ("scarf", "šal", "وشاح", ListingCategory::Textiles),
    ("dress", "obleka", "فستان", ListingCategory::Textiles),
    ("bag", "torba", "حقيبة", ListingCategory::Textiles),
    ("bowl", "skleda", "وعاء", ListingCategory::Ceramics),
    ("cup", "skodelica", "فنجان", ListingCategory::Ceramics),
    ("plate", "krožnik", "صحن", ListingCategory::Ceramics),
    ("necklace", "ogrlica", "قلادة", ListingCategory::Jewellery),
    ("bracelet", "zapestnica", "سوار", ListingCategory::Jewellery),
    ("earrings", "uhani", "أقراط", ListingCategory::Jewellery),
    ("ring", "prstan", "خاتم", ListingCategory::Jewellery),
    ("basket", "košara", "سلة", ListingCategory::Home),
    ("rug", "preproga", "سجادة", ListingCategory::Home),
    ("cushion", "blazina", "وسادة", ListingCategory::Home),
    ("box", "škatla", "صندوق", ListingCategory::Woodwork),
    ("spoon", "žlica", "ملعقة", ListingCategory::Woodwork),
    ("board", "deska", "لوح", ListingCategory::Woodwork),
    ("vase", "vaza", "مزهرية", ListingCategory::Ceramics),
    ("lamp", "svetilka", "مصباح", ListingCategory::Home),
    ("painting", "slika", "لوحة", ListingCategory::Art),
    ("jam", "marmelada", "مربى", ListingCategory::Food),
    ("spices", "začimbe", "بهارات", ListingCategory::Food),
    ("honey", "med", "عسل", ListingCategory::Food),
    ("candle", "sveča", "شمعة", ListingCategory::Home),
    ("hat", "klobuk", "قبعة", ListingCategory::Textiles),
    ("gloves", "rokavice", "قفازات", ListingCategory::Textiles),
    ("socks", "nogavice", "جوارب", ListingCategory::Textiles),
    ("embroidery", "vezenina", "تطريز", ListingCategory::Art),
    ("pot", "lonec", "قدر", ListingCategory::Ceramics),
    ("mirror", "ogledalo", "مرآة", ListingCategory::Home),
    ("frame", "okvir", "إطار", ListingCategory::Woodwork),
];
const ADJECTIVES: [(&str, &str, &str); 16] = [
    ("handmade", "ročno izdelan", "مصنوع يدويا"),
    ("embroidered", "vezen", "مطرز"),
    ("woven", "tkan", "منسوج"),
    ("knitted", "pleten", "محبوك"),
    ("painted", "poslikan", "مرسوم"),
    ("carved", "rezljan", "منحوت"),
    ("glazed", "glaziran", "مزجج"),
    ("traditional", "tradicionalen", "تقليدي"),
    ("small", "majhen", "صغير"),
    ("large", "velik", "كبير"),
    ("festive", "praznični", "احتفالي"),
    ("everyday", "vsakdanji", "يومي"),
    ("antique", "starinski", "عتيق"),
    ("modern", "sodoben", "عصري"),
    ("delicate", "nežen", "رقيق"),
    ("sturdy", "trpežen", "متين"),
];
const COLOURS: [(&str, &str, &str); 10] = [
    ("red", "rdeč", "أحمر"),
    ("blue", "moder", "أزرق"),
    ("green", "zelen", "أخضر"),
    ("black", "črn", "أسود"),
    ("white", "bel", "أبيض"),
    ("golden", "zlat", "ذهبي"),
    ("yellow", "rumen", "أصفر"),
    ("brown", "rjav", "بني"),
    ("purple", "vijoličen", "بنفسجي"),
    ("turquoise", "turkizen", "فيروزي"),
];
const MATERIALS: [(&str, &str, &str); 12] = [
    ("wool", "volna", "صوف"),
    ("cotton", "bombaž", "قطن"),
    ("silk", "svila", "حرير"),
    ("clay", "glina", "طين"),
    ("olive wood", "oljčni les", "خشب الزيتون"),
    ("walnut", "oreh", "جوز"),
    ("silver", "srebro", "فضة"),
    ("copper", "baker", "نحاس"),
    ("linen", "lan", "كتان"),
    ("leather", "usnje", "جلد"),
    ("beeswax", "čebelji vosek", "شمع العسل"),
    ("glass", "steklo", "زجاج"),
];
const MOTIFS: [(&str, &str, &str); 20] = [
    ("pomegranate", "granatno jabolko", "رمان"),
    ("cypress", "cipresa", "سرو"),
    ("star", "zvezda", "نجمة"),
    ("wave", "val", "موجة"),
    ("rose", "vrtnica", "وردة"),
    ("olive branch", "oljčna vejica", "غصن زيتون"),
    ("crescent", "polmesec", "هلال"),
    ("tulip", "tulipan", "توليب"),
    ("sunflower", "sončnica", "عباد الشمس"),
    ("bird", "ptica", "طائر"),
    ("fish", "riba", "سمكة"),
    ("tree of life", "drevo življenja", "شجرة الحياة"),
    ("geometric", "geometrijski", "هندسي"),
    ("diamond", "romb", "معين"),
    ("zigzag", "cikcak", "متعرج"),
    ("spiral", "spirala", "حلزوني"),
    ("paisley", "kašmirski vzorec", "بيزلي"),
    ("lotus", "lotos", "لوتس"),
    ("jasmine", "jasmin", "ياسمين"),
    ("dove", "golobica", "حمامة"),
];
const ORIGINS: [(&str, &str, &str, &str); 10] = [
    ("Syria", "Sirije", "سوريا", "SY"),
    ("Afghanistan", "Afganistana", "أفغانستان", "AF"),
    ("Ukraine", "Ukrajine", "أوكرانيا", "UA"),
    ("Eritrea", "Eritreje", "إريتريا", "ER"),
    ("Iran", "Irana", "إيران", "IR"),
    ("Morocco", "Maroka", "المغرب", "MA"),
    ("Palestine", "Palestine", "فلسطين", "PS"),
    ("Iraq", "Iraka", "العراق", "IQ"),
    ("Somalia", "Somalije", "الصومال", "SO"),
    ("Sudan", "Sudana", "السودان", "SD"),
];

/// A cheap deterministic generator (xorshift), seeded per listing.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// 0..n, skewed towards 0 (about Zipf: the first few are common, the
    /// last rare).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) - 1.0) as usize % n
    }

    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn texts(en: String, sl: String, ar: String) -> Texts {
    [("en", en), ("sl", sl), ("ar", ar)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// The fields of the `i`th listing: a thing, a colour, a material, a motif
/// and an origin, in three languages.
fn fields(i: usize, seller: &str) -> ListingFields {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let noun = NOUNS[r.skewed(NOUNS.len())];
    let adj = ADJECTIVES[r.pick(ADJECTIVES.len())];
    let colour = COLOURS[r.pick(COLOURS.len())];
    let material = MATERIALS[r.skewed(MATERIALS.len())];
    let motif = MOTIFS[r.skewed(MOTIFS.len())];
    let origin = ORIGINS[r.pick(ORIGINS.len())];
    let rare = if i % 20_000 == 777 { RARE } else { "" };
    let title = texts(
        format!("{} {} {} {}", adj.0, colour.0, noun.0, rare)
            .trim()
            .into(),
        format!("{} {} {}", adj.1, colour.1, noun.1),
        format!("{} {} {}", noun.2, colour.2, adj.2),
    );
    let description = texts(
        format!(
            "A {} {} of {} with a {} motif, made by a maker from {}. Number {i}.",
            colour.0, noun.0, material.0, motif.0, origin.0
        ),
        format!(
            "{} iz materiala {}, motiv: {}. Izdelal ga je mojster iz {}. Številka {i}.",
            noun.1, material.1, motif.1, origin.1
        ),
        format!(
            "{} من {} بزخرفة {}، صنعه حرفي من {}. رقم {i}.",
            noun.2, material.2, motif.2, origin.2
        ),
    );
    let made_to_order = i.is_multiple_of(5);
    let price = 300.0 * 100f64.powf((r.next() % 10_000) as f64 / 10_000.0);
    ListingFields {
        seller_id: Some(seller.to_string()),
        title,
        description,
        category: noun.3,
        materials: Some(material.0.into()),
        dimensions: None,
        origin: if i.is_multiple_of(3) {
            ListingOrigin::OriginCountry
        } else {
            ListingOrigin::Handmade
        },
        origin_country: Some(origin.3.into()),
        price_cents: (price as i32 / 50) * 50,
        currency: "EUR".into(),
        stock: (!made_to_order).then_some(1 + (i % 9) as i32),
        lead_time_days: made_to_order.then_some(14),
        status: None,
        photo_shoot_id: None,
    }
}

struct Seeded {
    /// Listings with ample stock, for the orders.
    stocked: Vec<String>,
    /// Listings with 5 items each, one a contention round.
    last: Vec<String>,
}

/// Inserts `(id, fields, published_at, status)` rows (in the caller's
/// transaction) through the listings model's values, so that `search_text`
/// is folded as the API folds it. One row a statement: diesel's batch
/// insert does not go through the multi-backend connection on SQLite.
fn insert_listings(
    conn: &mut db::DbConnection,
    org: &str,
    rows: Vec<(String, ListingFields, chrono::NaiveDateTime, &'static str)>,
) {
    let now = ids::now();
    for (id, f, at, status) in rows {
        diesel::insert_into(market_listings::table)
            .values((
                market_listings::id.eq(id),
                market_listings::organization_id.eq(org),
                market_listings::seller_id.eq(f.seller_id.clone().unwrap_or_default()),
                ListingValues::of(&f),
                market_listings::status.eq(status),
                market_listings::published_at.eq(Some(at)),
                market_listings::created_at.eq(at),
                market_listings::updated_at.eq(now),
                market_listings::version.eq(1),
            ))
            .execute(conn)
            .expect("insert listing");
    }
}

fn seed(conn: &mut db::DbConnection) -> Seeded {
    db::run_migrations(conn).expect("migrations");
    let org = accounts::create_organization(conn, "Bench").expect("org");
    let hash = skupaj::auth::password::hash(PASSWORD).expect("hash");
    let admin =
        accounts::create_user(conn, "admin@bench.example.org", "Admin", &hash).expect("admin");
    accounts::add_membership(conn, &org.id, &admin.id, Role::Admin).expect("member");
    let people = common::seed_people(conn, &org.id, &admin.id, SELLERS);
    conn.transaction::<_, skupaj::error::ApiError, _>(|conn| {
        let mut sellers_ = Vec::with_capacity(SELLERS);
        for (i, person) in people.iter().enumerate() {
            let f = SellerFields {
                participant_id: Some(person.clone()),
                public_name: format!("Atelje {i:03}"),
                story: texts(
                    "I make what my grandmother taught me.".into(),
                    "Izdelujem, kar me je naučila babica.".into(),
                    "أصنع ما علمتني جدتي.".into(),
                ),
                municipality: Some("Ljubljana".into()),
                iban: None,
                account_holder: None,
                paused: false,
            };
            sellers_.push(sellers::model::insert(conn, &org.id, person, &f)?);
        }
        let start = ids::now() - Span::days(365);
        let rows = (0..LISTINGS)
            .map(|i| {
                // A few sellers with many listings, most with a few.
                let seller = &sellers_[(i * i + i / 7) % SELLERS];
                let f = fields(i, seller);
                let status = if f.stock.is_some() && i % 31 == 0 {
                    "sold_out"
                } else {
                    "published"
                };
                let f = ListingFields {
                    stock: if status == "sold_out" {
                        Some(0)
                    } else {
                        f.stock
                    },
                    ..f
                };
                // About one every ten minutes over the past year.
                let at = start + Span::seconds((i as i64 * 31_536_000) / LISTINGS as i64);
                (ids::new_id(), f, at, status)
            })
            .collect();
        insert_listings(conn, &org.id, rows);
        let extra = |n: usize, stock: i32, tag: &str| {
            (0..n)
                .map(|i| {
                    let mut f = fields(LISTINGS + i, &sellers_[i % SELLERS]);
                    f.stock = Some(stock);
                    f.lead_time_days = None;
                    f.title.insert("en".into(), format!("{tag} {i}"));
                    (ids::new_id(), f, start, "published")
                })
                .collect::<Vec<_>>()
        };
        let stocked = extra(STOCKED, 100_000, "Bench stock");
        let last = extra(CONTENTION_ROUNDS, LAST_ITEMS, "Last items");
        let ids_of = |rows: &[(String, ListingFields, chrono::NaiveDateTime, &str)]| {
            rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>()
        };
        let seeded = Seeded {
            stocked: ids_of(&stocked),
            last: ids_of(&last),
        };
        insert_listings(conn, &org.id, stocked);
        insert_listings(conn, &org.id, last);
        Ok(seeded)
    })
    .expect("seed market")
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn p50_p95(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

/// The page's items and next cursor, and its size in bytes.
async fn page(client: &reqwest::Client, url: &str) -> (Vec<String>, Option<String>, usize) {
    let res = client.get(url).send().await.expect("catalogue");
    assert_eq!(res.status(), 200, "{url}");
    let body = res.bytes().await.expect("body");
    let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let ids = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_string())
        .collect();
    let next = v["next_cursor"].as_str().map(str::to_string);
    (ids, next, body.len())
}

fn order_body(listing: &str) -> serde_json::Value {
    serde_json::json!({
        "items": [{"listing_id": listing, "quantity": 1}],
        "buyer": {"name": "Bench Buyer", "email": "buyer@bench.example.org"},
        "language": "sl",
        "fulfilment": "post",
        "address": "Trubarjeva 1, 1000 Ljubljana",
        "payment_method": "bank_transfer",
    })
}

/// `per_client` orders from each of `clients` concurrent buyers, buyer `c`'s
/// `n`th for `listing(c, n)`: the rate a second, every request's time and
/// the count of each status.
async fn orders(
    client: &reqwest::Client,
    base: &str,
    tag: &str,
    clients: usize,
    per_client: usize,
    listing: impl Fn(usize, usize) -> String,
) -> (f64, Vec<Duration>, Vec<(u16, usize)>) {
    let times = Arc::new(Mutex::new(Vec::with_capacity(clients * per_client)));
    let statuses = Arc::new(Mutex::new(std::collections::BTreeMap::<u16, usize>::new()));
    let url = format!("{base}/api/v1/market/orders");
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let bodies: Vec<_> = (0..per_client)
                .map(|n| {
                    (
                        format!("bench-{tag}-{c}-{n}"),
                        order_body(&listing(c, n)).to_string(),
                    )
                })
                .collect();
            let (client, url) = (client.clone(), url.clone());
            let (times, statuses) = (times.clone(), statuses.clone());
            tokio::spawn(async move {
                for (key, body) in bodies {
                    let t = Instant::now();
                    let res = client
                        .post(&url)
                        .header("Idempotency-Key", key)
                        .header("Content-Type", "application/json")
                        .body(body)
                        .send()
                        .await
                        .expect("order");
                    let status = res.status().as_u16();
                    let text = res.text().await.unwrap_or_default();
                    assert!(status == 201 || status == 409, "{status} {text}");
                    times.lock().expect("times").push(t.elapsed());
                    *statuses
                        .lock()
                        .expect("statuses")
                        .entry(status)
                        .or_default() += 1;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("buyer");
    }
    let rate = (clients * per_client) as f64 / started.elapsed().as_secs_f64();
    let times = std::mem::take(&mut *times.lock().expect("times"));
    let statuses = statuses
        .lock()
        .expect("statuses")
        .iter()
        .map(|(k, v)| (*k, *v))
        .collect();
    (rate, times, statuses)
}

async fn health_rate(client: &reqwest::Client, base: &str) -> f64 {
    let started = Instant::now();
    let tasks: Vec<_> = (0..BUYERS)
        .map(|_| {
            let (client, url) = (client.clone(), format!("{base}/api/v1/health"));
            tokio::spawn(async move {
                for _ in 0..20 {
                    let res = client.get(&url).send().await.expect("health");
                    assert_eq!(res.status(), 200);
                    let _ = res.bytes().await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("client");
    }
    (BUYERS * 20) as f64 / started.elapsed().as_secs_f64()
}

async fn bench(label: &str, settings: Settings) {
    let pool = db::open_pool(&settings.database, 8).expect("pool");
    let started = Instant::now();
    let seeded = seed(&mut pool.get().expect("connection"));
    // The planner's statistics, as the autovacuum daemon gathers them within
    // a minute of a bulk load on a live server: without them PostgreSQL
    // guesses one row per seller and sorts every listing for each page
    // (55 ms instead of a fraction of one). SQLite keeps no such statistics
    // unless asked, and needs none here.
    diesel::connection::SimpleConnection::batch_execute(
        &mut pool.get().expect("connection"),
        "ANALYZE",
    )
    .expect("analyze");
    println!(
        "\n[{label}] seeded {LISTINGS} listings of {SELLERS} sellers in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    {
        let mut conn = pool.get().expect("connection");
        let mut hits = |w: &str| -> i64 {
            market_listings::table
                .filter(market_listings::search_text.like(format!("%{w}%")))
                .count()
                .get_result(&mut conn)
                .expect("count")
        };
        println!(
            "  search hits: \"volna\" (wool) {}, \"{RARE}\" {}, \"sal\" {}",
            hits("volna"),
            hits(RARE),
            hits("sal")
        );
    }
    let (base, handle) = common::serve(AppState::new(settings, pool.clone()), 2);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(BUYERS)
        .build()
        .expect("client");

    // (1) The catalogue, one client at a time.
    let cat = format!("{base}/api/v1/market/catalogue?lang=en");
    let (first, _, first_bytes) = page(&client, &cat).await;
    assert_eq!(first.len(), 12);
    let (accented, _, _) = page(&client, &format!("{cat}&q=%C5%A1al")).await;
    let (plain, _, _) = page(&client, &format!("{cat}&q=sal")).await;
    assert_eq!(accented, plain, "šal and sal find the same");
    let mut cursor = None;
    let mut page50 = String::new();
    for n in 1..=50 {
        let url = match &cursor {
            Some(c) => format!("{cat}&sort=price_asc&cursor={c}"),
            None => format!("{cat}&sort=price_asc"),
        };
        if n == 50 {
            page50 = url.clone();
        }
        let (items, next, _) = page(&client, &url).await;
        assert_eq!(items.len(), 12);
        cursor = next;
    }
    let queries: Vec<(&str, String)> = vec![
        ("first page (newest)", cat.clone()),
        ("q=volna (common word)", format!("{cat}&q=volna")),
        ("q=kintsugi (rare word)", format!("{cat}&q={RARE}")),
        ("q=šal (accented)", format!("{cat}&q=%C5%A1al")),
        ("q=sal", format!("{cat}&q=sal")),
        (
            "textiles, 20–50 €",
            format!("{cat}&category=textiles&min_price=2000&max_price=5000"),
        ),
        ("price_asc page 1", format!("{cat}&sort=price_asc")),
        ("price_asc page 50", page50),
    ];
    let samples: usize = std::env::var("SKUPAJ_BENCH_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(samples); queries.len()];
    let mut health = Vec::with_capacity(samples);
    let health_url = format!("{base}/api/v1/health");
    for _ in 0..samples {
        for (q, (_, url)) in queries.iter().enumerate() {
            let t = Instant::now();
            let res = client.get(url).send().await.expect("catalogue");
            assert_eq!(res.status(), 200);
            let _ = res.bytes().await;
            times[q].push(t.elapsed());
        }
        let t = Instant::now();
        let res = client.get(&health_url).send().await.expect("health");
        let _ = res.bytes().await;
        health.push(t.elapsed());
    }
    let (h50, h95) = p50_p95(health);
    println!("\n[{label}] the catalogue with {LISTINGS} listings, pages of 12, {samples} samples each, one client:");
    println!("  {:<24} p50 {h50:>6.2} ms  p95 {h95:>6.2} ms", "health");
    for ((name, _), t) in queries.iter().zip(times) {
        let (p50, p95) = p50_p95(t);
        println!(
            "  {name:<24} p50 {p50:>6.2} ms  p95 {p95:>6.2} ms  = {:>5.1}× health (p50)",
            p50 / h50
        );
    }
    println!("  the first page's JSON: {first_bytes} bytes");

    // (2) Orders from 200 concurrent buyers.
    let health = health_rate(&client, &base).await;
    let stocked = seeded.stocked.clone();
    let (rate, times, statuses) = orders(&client, &base, "stock", BUYERS, ORDERS_EACH, |c, n| {
        stocked[(c * 7 + n) % STOCKED].clone()
    })
    .await;
    assert_eq!(statuses, vec![(201, BUYERS * ORDERS_EACH)]);
    let (p50, p95) = p50_p95(times);
    println!("\n[{label}] orders, {BUYERS} concurrent buyers:");
    println!("  health                      {health:>7.0} /s");
    println!(
        "  ample stock ({STOCKED} listings)   {rate:>7.0} orders/s = {:.1}% of health; p50 {p50:.1} ms, p95 {p95:.1} ms ({} orders, all 201)",
        100.0 * rate / health,
        BUYERS * ORDERS_EACH
    );
    let mut rates = Vec::new();
    let mut all = Vec::new();
    for (round, listing) in seeded.last.iter().enumerate() {
        let listing = listing.clone();
        let (rate, times, statuses) = orders(
            &client,
            &base,
            &format!("last{round}"),
            BUYERS,
            1,
            move |_, _| listing.clone(),
        )
        .await;
        assert_eq!(
            statuses,
            vec![
                (201, LAST_ITEMS as usize),
                (409, BUYERS - LAST_ITEMS as usize)
            ]
        );
        rates.push(rate);
        all.extend(times);
    }
    rates.sort_by(|a, b| a.total_cmp(b));
    let rate = rates[rates.len() / 2];
    let (p50, p95) = p50_p95(all);
    println!(
        "  the last {LAST_ITEMS} items            {rate:>7.0} orders/s = {:.1}% of health; p50 {p50:.1} ms, p95 {p95:.1} ms (median of {CONTENTION_ROUNDS} rounds; every round 5 × 201, 195 × 409)",
        100.0 * rate / health
    );
    handle.stop(true).await;
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_string_lossy().to_string();
    bench("SQLite", common::settings(&data)).await;

    if let Some(pg) = common::PgDatabase::create("market", &data) {
        bench("PostgreSQL", pg.settings.clone()).await;
    }
}
