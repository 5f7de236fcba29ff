//! The listing rows: reading, writing, the search column and the photos
//! shown with a listing.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::{Listing, ListingFields, Photo, PhotoSize};
use crate::codes::{ListingCategory, ListingOrigin, ListingStatus};
use crate::db::schema::{market_listings, market_photos, market_sellers};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::market::texts;

/// A listing row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = market_listings)]
pub struct ListingRow {
    pub id: String,
    pub organization_id: String,
    pub seller_id: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub materials: Option<String>,
    pub dimensions: Option<String>,
    pub origin: String,
    pub origin_country: Option<String>,
    pub price_cents: i32,
    pub currency: String,
    pub stock: Option<i32>,
    pub lead_time_days: Option<i32>,
    pub status: String,
    pub photo_shoot_id: Option<String>,
    pub photo_count: i32,
    pub published_at: Option<NaiveDateTime>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl ListingRow {
    pub fn status(&self) -> ListingStatus {
        ListingStatus::parse(&self.status).unwrap_or(ListingStatus::Draft)
    }

    /// The view, with the seller's public name and the photos.
    pub fn view(self, seller_name: String, photos: Vec<Photo>) -> Listing {
        Listing {
            title: texts::parse(&self.title),
            description: texts::parse(&self.description),
            category: ListingCategory::parse(&self.category).unwrap_or(ListingCategory::Other),
            origin: ListingOrigin::parse(&self.origin).unwrap_or(ListingOrigin::Handmade),
            status: self.status(),
            made_to_order: self.stock.is_none(),
            published_at: self.published_at.map(ids::utc),
            created_at: ids::utc(self.created_at),
            updated_at: ids::utc(self.updated_at),
            id: self.id,
            seller_id: self.seller_id,
            seller_name,
            materials: self.materials,
            dimensions: self.dimensions,
            origin_country: self.origin_country,
            price_cents: self.price_cents,
            currency: self.currency,
            stock: self.stock,
            lead_time_days: self.lead_time_days,
            photo_shoot_id: self.photo_shoot_id,
            photos,
            version: self.version,
        }
    }

    /// The fields as a client sends them (the base of a merge patch).
    pub fn fields(&self) -> ListingFields {
        ListingFields {
            seller_id: Some(self.seller_id.clone()),
            title: texts::parse(&self.title),
            description: texts::parse(&self.description),
            category: ListingCategory::parse(&self.category).unwrap_or(ListingCategory::Other),
            materials: self.materials.clone(),
            dimensions: self.dimensions.clone(),
            origin: ListingOrigin::parse(&self.origin).unwrap_or(ListingOrigin::Handmade),
            origin_country: self.origin_country.clone(),
            price_cents: self.price_cents,
            currency: self.currency.clone(),
            stock: self.stock,
            lead_time_days: self.lead_time_days,
            status: Some(self.status()),
            photo_shoot_id: self.photo_shoot_id.clone(),
        }
    }
}

/// The columns a save writes (besides status, times and version).
#[derive(AsChangeset, Insertable)]
#[diesel(table_name = market_listings, treat_none_as_null = true)]
pub struct ListingValues {
    title: String,
    description: String,
    search_text: String,
    category: &'static str,
    materials: Option<String>,
    dimensions: Option<String>,
    origin: &'static str,
    origin_country: Option<String>,
    price_cents: i32,
    currency: String,
    stock: Option<i32>,
    lead_time_days: Option<i32>,
    photo_shoot_id: Option<String>,
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl ListingValues {
    /// The values of checked fields; the search column folds every
    /// language's title and description.
    pub fn of(f: &ListingFields) -> Self {
        let title = texts::cleaned(&f.title);
        let description = texts::cleaned(&f.description);
        Self {
            search_text: texts::folded(&[&title, &description]),
            title: texts::to_json(&title),
            description: texts::to_json(&description),
            category: f.category.as_str(),
            materials: trimmed(&f.materials),
            dimensions: trimmed(&f.dimensions),
            origin: f.origin.as_str(),
            origin_country: f.origin_country.clone(),
            price_cents: f.price_cents,
            currency: f.currency.clone(),
            stock: f.stock,
            // A lead time belongs to made-to-order listings only.
            lead_time_days: f.lead_time_days.filter(|_| f.stock.is_none()),
            photo_shoot_id: f.photo_shoot_id.clone(),
        }
    }
}

/// Inserts a listing; returns its id.
pub fn insert(
    conn: &mut DbConnection,
    org: &str,
    seller: &str,
    f: &ListingFields,
    status: ListingStatus,
    created_by: Option<&str>,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    let published = matches!(status, ListingStatus::Published | ListingStatus::SoldOut);
    diesel::insert_into(market_listings::table)
        .values((
            market_listings::id.eq(&id),
            market_listings::organization_id.eq(org),
            market_listings::seller_id.eq(seller),
            ListingValues::of(f),
            market_listings::status.eq(status.as_str()),
            market_listings::published_at.eq(published.then_some(now)),
            market_listings::created_by.eq(created_by),
            market_listings::created_at.eq(now),
            market_listings::updated_at.eq(now),
            market_listings::version.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Writes the changed fields and `status` if the listing is still at `version`.
pub fn update(
    conn: &mut DbConnection,
    row: &ListingRow,
    version: i32,
    f: &ListingFields,
    status: ListingStatus,
) -> Result<(), ApiError> {
    let now = ids::now();
    let published = matches!(status, ListingStatus::Published | ListingStatus::SoldOut);
    let published_at = match (published, row.published_at) {
        (true, None) => Some(now),
        (_, at) => at,
    };
    let n = diesel::update(
        market_listings::table
            .filter(market_listings::id.eq(&row.id))
            .filter(market_listings::version.eq(version)),
    )
    .set((
        ListingValues::of(f),
        market_listings::status.eq(status.as_str()),
        market_listings::published_at.eq(published_at),
        market_listings::updated_at.eq(now),
        market_listings::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(crate::participants::model::version_conflict(version));
    }
    Ok(())
}

/// Takes the listing's row lock before it is read for a change, so that
/// stock reserved by an order in the meantime is not written over.
pub fn lock(conn: &mut DbConnection, org: &str, id: &str) -> Result<(), ApiError> {
    diesel::update(
        market_listings::table
            .filter(market_listings::id.eq(id))
            .filter(market_listings::organization_id.eq(org)),
    )
    .set(market_listings::version.eq(market_listings::version))
    .execute(conn)?;
    Ok(())
}

/// Archives every listing of the seller (erasure).
pub fn archive_of_seller(conn: &mut DbConnection, seller: &str) -> Result<usize, ApiError> {
    let now = ids::now();
    Ok(diesel::update(
        market_listings::table
            .filter(market_listings::seller_id.eq(seller))
            .filter(market_listings::status.ne("archived")),
    )
    .set((
        market_listings::status.eq("archived"),
        market_listings::updated_at.eq(now),
        market_listings::version.eq(market_listings::version + 1),
    ))
    .execute(conn)?)
}

/// The organisation's listing, or 404.
pub fn find(conn: &mut DbConnection, org: &str, id: &str) -> Result<ListingRow, ApiError> {
    market_listings::table
        .filter(market_listings::id.eq(id))
        .filter(market_listings::organization_id.eq(org))
        .select(ListingRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such listing"))
}

/// Every listing of a seller, oldest first.
pub fn of_seller(conn: &mut DbConnection, seller: &str) -> Result<Vec<ListingRow>, ApiError> {
    Ok(market_listings::table
        .filter(market_listings::seller_id.eq(seller))
        .select(ListingRow::as_select())
        .order((market_listings::created_at.asc(), market_listings::id.asc()))
        .load(conn)?)
}

/// The URL of one size of a photo.
pub fn photo_url(photo_id: &str, size: &str) -> String {
    format!("/api/v1/market/photos/{photo_id}/{size}")
}

/// A photo row as it is shown.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = market_photos)]
pub struct PhotoRow {
    pub id: String,
    pub listing_id: String,
    pub position: i32,
    pub thumbnail_width: i32,
    pub thumbnail_height: i32,
    pub medium_width: i32,
    pub medium_height: i32,
    pub large_width: i32,
    pub large_height: i32,
    pub alt_text: Option<String>,
}

impl PhotoRow {
    pub fn view(self) -> Photo {
        let size = |name: &str, width, height| PhotoSize {
            url: photo_url(&self.id, name),
            width,
            height,
        };
        Photo {
            thumbnail: size("thumbnail", self.thumbnail_width, self.thumbnail_height),
            medium: size("medium", self.medium_width, self.medium_height),
            large: size("large", self.large_width, self.large_height),
            id: self.id,
            position: self.position,
            alt_text: self.alt_text,
        }
    }
}

/// The photos of the listings, in position order.
pub fn photos_of(
    conn: &mut DbConnection,
    listings: &[String],
) -> Result<HashMap<String, Vec<Photo>>, ApiError> {
    let mut out: HashMap<String, Vec<Photo>> = HashMap::new();
    if listings.is_empty() {
        return Ok(out);
    }
    let rows: Vec<PhotoRow> = market_photos::table
        .filter(market_photos::listing_id.eq_any(listings))
        .select(PhotoRow::as_select())
        .order((market_photos::position.asc(), market_photos::id.asc()))
        .load(conn)?;
    for r in rows {
        out.entry(r.listing_id.clone()).or_default().push(r.view());
    }
    Ok(out)
}

/// The views of `rows`: seller names and photos in one query each.
pub fn build(conn: &mut DbConnection, rows: Vec<ListingRow>) -> Result<Vec<Listing>, ApiError> {
    let ids_: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut sellers: Vec<String> = rows.iter().map(|r| r.seller_id.clone()).collect();
    sellers.sort();
    sellers.dedup();
    let names: HashMap<String, String> = market_sellers::table
        .filter(market_sellers::id.eq_any(&sellers))
        .select((market_sellers::id, market_sellers::public_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut photos = photos_of(conn, &ids_)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let name = names.get(&r.seller_id).cloned().unwrap_or_default();
            let p = photos.remove(&r.id).unwrap_or_default();
            r.view(name, p)
        })
        .collect())
}

/// The view of one listing.
pub fn build_one(conn: &mut DbConnection, row: ListingRow) -> Result<Listing, ApiError> {
    build(conn, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::internal("listing view"))
}
