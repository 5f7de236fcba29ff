//! Photos and catalogue: rows written straight to the database, and
//! images made in code.

use std::io::Cursor;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use serde_json::Value;
use skupaj::db::schema::{market_listings, market_sellers};

use crate::support::TestApp;

/// A listing row to insert with [`TestApp::insert_listing`].
pub struct ListingRow {
    pub title: Value,
    pub description: Value,
    pub category: &'static str,
    pub price_cents: i32,
    pub status: &'static str,
    pub stock: Option<i32>,
    /// Seconds after a fixed moment (orders the "newest" sort).
    pub published: i64,
}

impl ListingRow {
    pub fn new(title: Value, price_cents: i32, published: i64) -> Self {
        Self {
            title,
            description: serde_json::json!({}),
            category: "textiles",
            price_cents,
            status: "published",
            stock: Some(3),
            published,
        }
    }
}

fn at(seconds: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(1_790_000_000 + seconds, 0)
        .expect("time")
        .naive_utc()
}

/// Every language's text of a JSON object, folded as search folds it.
fn folded(texts: &[&Value]) -> String {
    texts
        .iter()
        .filter_map(|t| t.as_object())
        .flat_map(|o| o.values().filter_map(Value::as_str))
        .map(skupaj::skills::model::search::fold)
        .collect::<Vec<_>>()
        .join(" ")
}

impl TestApp {
    /// A seller row (of `participant`, if given).
    pub fn insert_seller(&self, org: &str, participant: Option<&str>, name: &str) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        let now = chrono::Utc::now().naive_utc();
        diesel::insert_into(market_sellers::table)
            .values((
                market_sellers::id.eq(&id),
                market_sellers::organization_id.eq(org),
                market_sellers::participant_id.eq(participant),
                market_sellers::public_name.eq(name),
                market_sellers::story.eq(r#"{"sl":"Zgodba","en":"A story"}"#),
                market_sellers::municipality.eq("Ljubljana"),
                market_sellers::created_at.eq(now),
                market_sellers::updated_at.eq(now),
                market_sellers::version.eq(1),
            ))
            .execute(&mut self.conn())
            .expect("seller");
        id
    }

    /// Pauses a seller.
    pub fn pause_seller(&self, seller: &str) {
        diesel::update(market_sellers::table.find(seller))
            .set(market_sellers::paused_at.eq(Some(chrono::Utc::now().naive_utc())))
            .execute(&mut self.conn())
            .expect("pause");
    }

    /// A listing row of `seller`.
    pub fn insert_listing(&self, org: &str, seller: &str, row: ListingRow) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        let now = chrono::Utc::now().naive_utc();
        let published = matches!(row.status, "published" | "sold_out").then(|| at(row.published));
        diesel::insert_into(market_listings::table)
            .values((
                market_listings::id.eq(&id),
                market_listings::organization_id.eq(org),
                market_listings::seller_id.eq(seller),
                market_listings::title.eq(row.title.to_string()),
                market_listings::description.eq(row.description.to_string()),
                market_listings::search_text.eq(folded(&[&row.title, &row.description])),
                market_listings::category.eq(row.category),
                market_listings::origin.eq("handmade"),
                market_listings::price_cents.eq(row.price_cents),
                market_listings::currency.eq("EUR"),
                market_listings::stock.eq(row.stock),
                market_listings::lead_time_days.eq(row.stock.is_none().then_some(14)),
                market_listings::status.eq(row.status),
                market_listings::published_at.eq(published),
                market_listings::created_at.eq(now),
                market_listings::updated_at.eq(now),
                market_listings::version.eq(1),
            ))
            .execute(&mut self.conn())
            .expect("listing");
        id
    }

    /// A listing's (photo_count, version).
    pub fn listing_counts(&self, listing: &str) -> (i32, i32) {
        market_listings::table
            .find(listing)
            .select((market_listings::photo_count, market_listings::version))
            .first(&mut self.conn())
            .expect("listing")
    }

    /// How many photo rows the database holds.
    pub fn photo_rows(&self) -> i64 {
        use skupaj::db::schema::market_photos;
        market_photos::table
            .count()
            .get_result(&mut self.conn())
            .expect("count")
    }

    /// How many files the photo folder holds.
    pub fn photo_files(&self) -> usize {
        fn count(dir: &std::path::Path) -> usize {
            std::fs::read_dir(dir).map_or(0, |entries| {
                entries
                    .flatten()
                    .map(|e| {
                        let path = e.path();
                        if path.is_dir() {
                            count(&path)
                        } else {
                            1
                        }
                    })
                    .sum()
            })
        }
        count(&self.state.settings.data_dir.join("photos"))
    }

    /// Uploads `bytes` as a photo of `listing`.
    pub async fn upload_photo(
        &self,
        token: &str,
        listing: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/v1/market/listings/{listing}/photos")))
            .bearer_auth(token)
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .expect("upload")
    }
}

/// A `w`×`h` picture: left half red, right half blue.
pub fn picture(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let shade = ((x + y) % 32) as u8;
        if x < w / 2 {
            Rgb([220 + shade / 2, shade, shade])
        } else {
            Rgb([shade, shade, 220 + shade / 2])
        }
    })
}

/// `image` encoded as `format`.
pub fn encode(image: RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(image)
        .write_to(&mut out, format)
        .expect("encode");
    out.into_inner()
}

/// A minimal big-endian EXIF block: IFD0 with Orientation and a GPSInfo
/// pointer, and a GPS IFD with a latitude (46° 3' 12.34" N).
pub fn exif_with_gps(orientation: u16) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"MM\x00\x2A");
    t.extend_from_slice(&8u32.to_be_bytes());
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    t.extend_from_slice(&3u16.to_be_bytes());
    t.extend_from_slice(&1u32.to_be_bytes());
    t.extend_from_slice(&orientation.to_be_bytes());
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&0x8825u16.to_be_bytes()); // GPSInfo
    t.extend_from_slice(&4u16.to_be_bytes());
    t.extend_from_slice(&1u32.to_be_bytes());
    t.extend_from_slice(&38u32.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&0x0001u16.to_be_bytes()); // GPSLatitudeRef
    t.extend_from_slice(&2u16.to_be_bytes());
    t.extend_from_slice(&2u32.to_be_bytes());
    t.extend_from_slice(b"N\x00\x00\x00");
    t.extend_from_slice(&0x0002u16.to_be_bytes()); // GPSLatitude
    t.extend_from_slice(&5u16.to_be_bytes());
    t.extend_from_slice(&3u32.to_be_bytes());
    t.extend_from_slice(&68u32.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    for (num, den) in [(46u32, 1u32), (3, 1), (1234, 100)] {
        t.extend_from_slice(&num.to_be_bytes());
        t.extend_from_slice(&den.to_be_bytes());
    }
    t
}

/// `jpeg` with an APP1 Exif segment right after SOI.
pub fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let len = u16::try_from(2 + 6 + tiff.len()).expect("small EXIF");
    let mut out = Vec::with_capacity(jpeg.len() + tiff.len() + 10);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\x00\x00");
    out.extend_from_slice(tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A valid PNG whose header claims `w`×`h` but whose data is 1×1.
pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut png = encode(RgbImage::new(1, 1), ImageFormat::Png);
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
