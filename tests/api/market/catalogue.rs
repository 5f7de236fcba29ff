//! The public catalogue: accent-insensitive search in any language,
//! filters, both sorts paged without gaps or repeats, what stays hidden,
//! the language fallback, and link previews of a listing's page.

use std::collections::HashSet;

use image::ImageFormat;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::market::{encode, picture, ListingRow};
use crate::support::{expect_problem, field_codes, listing_body, Setup, TestApp};

async fn page(app: &TestApp, query: &str) -> Value {
    let res = app.get(&format!("/api/v1/market/catalogue?{query}")).await;
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.expect("page")
}

fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["title"].as_str().expect("title").to_string())
        .collect()
}

/// Every page of `query`, following the cursors: the ids in order.
async fn all_pages(app: &TestApp, query: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..50 {
        let q = match &cursor {
            Some(c) => format!("{query}&cursor={c}"),
            None => query.to_string(),
        };
        let p = page(app, &q).await;
        for item in p["items"].as_array().expect("items") {
            ids.push(item["id"].as_str().expect("id").to_string());
        }
        match p["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return ids,
        }
    }
    panic!("too many pages");
}

#[tokio::test]
async fn search_ignores_accents_in_any_language_and_filters_apply() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Market");
    let seller = app.insert_seller(&org.id, None, "Hadžić crafts");
    let mut row = ListingRow::new(json!({"sl": "Volnen šal"}), 2500, 1);
    row.description = json!({"sl": "Ročno pleten", "ar": "وشاح"});
    let scarf = app.insert_listing(&org.id, &seller, row);
    let mut row = ListingRow::new(json!({"en": "Silver ring"}), 9000, 2);
    row.category = "jewellery";
    let ring = app.insert_listing(&org.id, &seller, row);
    let mut row = ListingRow::new(json!({"en": "Salt from Morocco"}), 500, 3);
    row.category = "food";
    let salt = app.insert_listing(&org.id, &seller, row);

    let ids = |p: &Value| -> HashSet<String> {
        p["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["id"].as_str().expect("id").to_string())
            .collect()
    };
    // "sal" finds "šal" (and "Salt"), whatever the case and accents.
    for q in ["sal", "SAL", "%C5%A0al"] {
        let p = page(&app, &format!("q={q}")).await;
        assert_eq!(ids(&p), HashSet::from([scarf.clone(), salt.clone()]), "{q}");
    }
    // Words from another language's description; every word must match.
    let p = page(&app, "q=rocno%20pleten").await;
    assert_eq!(ids(&p), HashSet::from([scarf.clone()]));
    let p = page(&app, "q=%D9%88%D8%B4%D8%A7%D8%AD").await;
    assert_eq!(ids(&p), HashSet::from([scarf.clone()]));
    let p = page(&app, "q=sal%20ring").await;
    assert!(ids(&p).is_empty());
    // Wildcards are searched for as they are.
    let p = page(&app, "q=%25").await;
    assert!(ids(&p).is_empty());

    let p = page(&app, "category=jewellery").await;
    assert_eq!(ids(&p), HashSet::from([ring.clone()]));
    let p = page(&app, "min_price=1000&max_price=9000").await;
    assert_eq!(ids(&p), HashSet::from([scarf.clone(), ring.clone()]));
    let p = page(&app, "max_price=499").await;
    assert!(ids(&p).is_empty());
    let p = page(&app, &format!("seller_id={seller}&q=salt")).await;
    assert_eq!(ids(&p), HashSet::from([salt.clone()]));

    // A list item is small: no description, just a tile's fields.
    let p = page(&app, "q=ring").await;
    let item = &p["items"][0];
    assert_eq!(item["price_cents"], 9000);
    assert_eq!(item["currency"], "EUR");
    assert_eq!(item["category"], "jewellery");
    assert_eq!(item["seller"]["public_name"], "Hadžić crafts");
    assert_eq!(item["thumbnail"], Value::Null);
    assert!(item.get("description").is_none());

    // Bad input.
    let res = app
        .get("/api/v1/market/catalogue?category=cars&min_price=-1&limit=51")
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        field_codes(&problem),
        ["category:unknown_code", "min_price:range", "limit:range"]
    );
    let res = app.get("/api/v1/market/catalogue?cursor=nonsense").await;
    expect_problem(res, 422, "validation_failed").await;
    let res = app.get("/api/v1/market/catalogue?sort=cheapest").await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn both_sorts_page_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Market");
    let seller = app.insert_seller(&org.id, None, "Pool");
    // Equal prices and equal times, so that the id breaks ties.
    let mut rows: Vec<(String, i32, i64)> = Vec::new();
    for i in 0..11i64 {
        let price = [1500, 700, 1500, 3000, 700][i as usize % 5];
        let published = i / 2;
        let id = app.insert_listing(
            &org.id,
            &seller,
            ListingRow::new(json!({"en": format!("Item {i}")}), price, published),
        );
        rows.push((id, price, published));
    }

    let mut newest = rows.clone();
    newest.sort_by(|a, b| (b.2, &b.0).cmp(&(a.2, &a.0)));
    let mut cheap = rows.clone();
    cheap.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    let mut dear = rows.clone();
    dear.sort_by(|a, b| (b.1, &b.0).cmp(&(a.1, &a.0)));
    let ids = |v: &[(String, i32, i64)]| v.iter().map(|r| r.0.clone()).collect::<Vec<_>>();

    assert_eq!(all_pages(&app, "limit=3").await, ids(&newest));
    assert_eq!(all_pages(&app, "limit=3&sort=newest").await, ids(&newest));
    assert_eq!(all_pages(&app, "limit=2&sort=price_asc").await, ids(&cheap));
    assert_eq!(all_pages(&app, "limit=4&sort=price_desc").await, ids(&dear));
    assert_eq!(
        all_pages(&app, "limit=2&sort=price_asc&min_price=701").await,
        ids(&cheap
            .iter()
            .filter(|r| r.1 > 700)
            .cloned()
            .collect::<Vec<_>>())
    );

    // A cursor belongs to its sort.
    let p = page(&app, "limit=2&sort=price_asc").await;
    let cursor = p["next_cursor"].as_str().expect("cursor");
    let res = app
        .get(&format!(
            "/api/v1/market/catalogue?sort=newest&cursor={cursor}"
        ))
        .await;
    expect_problem(res, 422, "validation_failed").await;
    // The default page is small.
    let p = page(&app, "").await;
    assert_eq!(p["items"].as_array().expect("items").len(), 11);
}

#[tokio::test]
async fn drafts_paused_and_other_hidden_listings_stay_out() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Market");
    let seller = app.insert_seller(&org.id, None, "Open");
    let paused = app.insert_seller(&org.id, None, "Resting");
    let shown = app.insert_listing(
        &org.id,
        &seller,
        ListingRow::new(json!({"en": "Shown"}), 100, 1),
    );
    let mut row = ListingRow::new(json!({"en": "Sold out"}), 100, 2);
    row.status = "sold_out";
    row.stock = Some(0);
    let sold = app.insert_listing(&org.id, &seller, row);
    let mut hidden = Vec::new();
    for status in ["draft", "in_review", "archived"] {
        let mut row = ListingRow::new(json!({"en": status}), 100, 3);
        row.status = status;
        hidden.push(app.insert_listing(&org.id, &seller, row));
    }
    hidden.push(app.insert_listing(
        &org.id,
        &paused,
        ListingRow::new(json!({"en": "Paused seller's"}), 100, 4),
    ));
    app.pause_seller(&paused);

    let p = page(&app, "").await;
    assert_eq!(titles(&p), ["Sold out", "Shown"]);
    assert_eq!(p["items"][0]["sold_out"], true);
    assert_eq!(p["items"][1]["sold_out"], false);

    for id in [&shown, &sold] {
        let res = app.get(&format!("/api/v1/market/catalogue/{id}")).await;
        assert_eq!(res.status(), 200);
    }
    for id in &hidden {
        let res = app.get(&format!("/api/v1/market/catalogue/{id}")).await;
        expect_problem(res, 404, "not_found").await;
    }
    let res = app
        .get(&format!("/api/v1/market/catalogue/sellers/{paused}"))
        .await;
    expect_problem(res, 404, "not_found").await;
    let p = page(&app, &format!("seller_id={paused}")).await;
    assert!(titles(&p).is_empty());
}

#[tokio::test]
async fn texts_come_in_the_buyers_language_or_the_listings_first() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Market");
    let coordinator = app.token(&org, Role::Coordinator).await;
    app.create_venue(&coordinator, "Community centre", None)
        .await;
    let seller = app.insert_seller(&org.id, None, "Pool");
    let mut row = ListingRow::new(json!({"sl": "Šal", "en": "Scarf"}), 2500, 1);
    row.description = json!({"sl": "Volna", "en": "Wool"});
    let id = app.insert_listing(&org.id, &seller, row);

    let p = page(&app, "lang=en").await;
    assert_eq!(titles(&p), ["Scarf"]);
    // Arabic is missing: the listing's first language.
    let p = page(&app, "lang=ar").await;
    assert_eq!(titles(&p), ["Šal"]);
    let res = app
        .client
        .get(app.url("/api/v1/market/catalogue"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .expect("request");
    let p: Value = res.json().await.expect("page");
    assert_eq!(titles(&p), ["Scarf"]);

    let res = app
        .get(&format!("/api/v1/market/catalogue/{id}?lang=uk"))
        .await;
    assert_eq!(res.status(), 200);
    let listing: Value = res.json().await.expect("listing");
    assert_eq!(listing["title"], "Šal");
    assert_eq!(listing["description"], "Volna");
    assert_eq!(listing["language"], "sl");
    assert_eq!(listing["stock"], 3);
    assert_eq!(listing["made_to_order"], false);
    assert_eq!(listing["seller"]["municipality"], "Ljubljana");
    assert_eq!(listing["organization"]["id"], org.id.as_str());
    assert_eq!(listing["pickup_venues"][0]["name"], "Community centre");
    assert!(listing.get("search_text").is_none());

    let res = app
        .get(&format!(
            "/api/v1/market/catalogue/sellers/{seller}?lang=en"
        ))
        .await;
    let public: Value = res.json().await.expect("seller");
    assert_eq!(public["story"], "A story");
    assert_eq!(public["public_name"], "Pool");
    assert!(public.get("iban").is_none());
    let res = app
        .get(&format!(
            "/api/v1/market/catalogue/sellers/{seller}?lang=fa"
        ))
        .await;
    let public: Value = res.json().await.expect("seller");
    assert_eq!(public["story"], "Zgodba");
}

#[tokio::test]
async fn a_shared_listing_link_shows_title_price_and_photo_escaped() {
    let index = "<!doctype html><html><head><title>Skupaj</title></head><body></body></html>";
    let app = TestApp::spawn_with(Setup {
        web_files: vec![("index.html", index)],
        ..Setup::default()
    })
    .await;
    let org = app.create_org("Market");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let seller = app.insert_seller(&org.id, None, "Pool");
    let mut row = ListingRow::new(
        json!({"en": "<script>alert(1)</script> & \"quotes\""}),
        1250,
        1,
    );
    row.description = json!({"en": "Hand-knitted <b>wool</b>"});
    let id = app.insert_listing(&org.id, &seller, row);
    let res = app
        .upload_photo(
            &coordinator,
            &id,
            encode(picture(1200, 800), ImageFormat::Jpeg),
        )
        .await;
    assert_eq!(res.status(), 201);
    let photo: Value = res.json().await.expect("photo");
    let thumb = app
        .get(photo["thumbnail"]["url"].as_str().expect("url"))
        .await
        .bytes()
        .await
        .expect("thumbnail");
    assert!(
        thumb.len() < 15_000,
        "a thumbnail is small: {}",
        thumb.len()
    );

    let res = app.get(&format!("/market/listings/{id}")).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/html"));
    let html = res.text().await.expect("html");
    let head = html.split("</head>").next().expect("head");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(head.contains(
        r#"<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;">"#
    ), "{head}");
    assert!(head.contains(
        r#"<meta property="og:description" content="12.50 EUR · Hand-knitted &lt;b&gt;wool&lt;/b&gt;">"#
    ), "{head}");
    let base = app.base.trim_end_matches('/');
    let image = format!(
        r#"<meta property="og:image" content="{base}/api/v1/market/photos/{}/medium">"#,
        photo["id"].as_str().expect("id")
    );
    assert!(head.contains(&image), "{head}");
    assert!(head.contains(&format!(
        r#"<meta property="og:url" content="{base}/market/listings/{id}">"#
    )));
    assert!(head.contains(r#"<meta name="twitter:card" content="summary_large_image">"#));

    // Other pages, and listings not in the catalogue, get the plain shell.
    let mut row = ListingRow::new(json!({"en": "Secret draft"}), 100, 1);
    row.status = "draft";
    let draft = app.insert_listing(&org.id, &seller, row);
    for path in [
        format!("/market/listings/{draft}"),
        "/market/listings/not-an-id".to_string(),
        "/market".to_string(),
    ] {
        let res = app.get(&path).await;
        assert_eq!(res.status(), 200, "{path}");
        let html = res.text().await.expect("html");
        assert_eq!(html, index, "{path}");
    }
}

#[tokio::test]
async fn a_listing_made_through_the_api_shows_in_the_catalogue_with_its_photo() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Market");
    let (seller, token) = app.become_seller(&org).await;
    let listing = app.create_listing(&token, listing_body()).await;
    let id = listing["id"].as_str().expect("id").to_string();
    let version = listing["version"].as_i64().expect("version");

    let res = app
        .upload_photo(&token, &id, encode(picture(800, 600), ImageFormat::Png))
        .await;
    assert_eq!(res.status(), 201);
    let photo: Value = res.json().await.expect("photo");
    let mine: Value = app
        .get_json(&token, &format!("/api/v1/market/listings/{id}"))
        .await;
    assert_eq!(mine["photos"][0]["id"], photo["id"]);
    assert!(mine["version"].as_i64().expect("version") > version);

    // "sivana" finds "šivana"; the Slovenian title for a Slovenian reader.
    let p = page(&app, "q=sivana&lang=sl").await;
    assert_eq!(p["items"][0]["id"], id.as_str());
    assert_eq!(p["items"][0]["title"], "Haljina šivana");
    assert_eq!(p["items"][0]["thumbnail"], photo["thumbnail"]);
    let public: Value = app
        .get(&format!("/api/v1/market/catalogue/{id}"))
        .await
        .json()
        .await
        .expect("listing");
    assert_eq!(public["photos"][0]["medium"], photo["medium"]);

    // A paused seller's listings leave the catalogue.
    let coordinator = app.token(&org, Role::Coordinator).await;
    let record: Value = app
        .get_json(&coordinator, &format!("/api/v1/market/sellers/{seller}"))
        .await;
    let res = app
        .send_as(
            reqwest::Method::PATCH,
            &coordinator,
            &format!("/api/v1/market/sellers/{seller}"),
            Some(json!({"paused": true, "version": record["version"]})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let p = page(&app, "q=sivana").await;
    assert!(titles(&p).is_empty());
    let res = app.get(&format!("/api/v1/market/catalogue/{id}")).await;
    expect_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn the_first_page_with_its_thumbnails_stays_under_200_kb() {
    let app = TestApp::spawn().await;
    let org = app.create_org("Market");
    let coordinator = app.token(&org, Role::Coordinator).await;
    let seller = app.insert_seller(&org.id, None, "Pool");
    for i in 0..14 {
        let mut row = ListingRow::new(
            json!({"en": format!("A long enough title number {i}")}),
            1000 + i,
            i64::from(i),
        );
        row.description = json!({"en": "x".repeat(2000)});
        let id = app.insert_listing(&org.id, &seller, row);
        // A photo-like picture: shapes and light, with grain.
        let noisy = image::RgbImage::from_fn(800, 600, |x, y| {
            let grain = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 40) as u8;
            let (r, g, b) = if (x / 100 + y / 75) % 2 == 0 {
                (180, 90, 60)
            } else {
                (60, 120, 170)
            };
            let light = (x / 8 + y / 12) as u8 % 40;
            image::Rgb([
                r + grain / 2 + light,
                g + grain / 2 + light,
                b + grain / 2 + light,
            ])
        });
        let res = app
            .upload_photo(&coordinator, &id, encode(noisy, ImageFormat::Png))
            .await;
        assert_eq!(res.status(), 201);
    }
    let res = app.get("/api/v1/market/catalogue").await;
    let body = res.bytes().await.expect("body");
    let p: Value = serde_json::from_slice(&body).expect("page");
    let mut total = body.len();
    for item in p["items"].as_array().expect("items") {
        let url = item["thumbnail"]["url"].as_str().expect("thumbnail");
        total += app.get(url).await.bytes().await.expect("thumbnail").len();
    }
    assert_eq!(p["items"].as_array().expect("items").len(), 12);
    assert!(total < 200_000, "first page with thumbnails: {total} bytes");
}
