//! The photo rows: reading the photos of listings, adding and removing one
//! together with the listing's `photo_count` and version.

use std::collections::HashMap;

use diesel::prelude::*;

use super::json::{photo_url, Photo, PhotoSize};
use super::{Processed, Size};
use crate::db::schema::{market_listings, market_photos};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// The most photos a listing has.
pub const MAX_PHOTOS: i64 = 8;

/// A photo row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = market_photos)]
pub struct PhotoRow {
    pub id: String,
    pub listing_id: String,
    pub organization_id: String,
    pub position: i32,
    pub storage_key: String,
    pub thumbnail_width: i32,
    pub thumbnail_height: i32,
    pub medium_width: i32,
    pub medium_height: i32,
    pub large_width: i32,
    pub large_height: i32,
    pub alt_text: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}

impl PhotoRow {
    /// The new row of a processed upload (its position is set on insert).
    pub fn new(id: &str, listing_id: &str, org: &str, processed: &Processed) -> Self {
        let px = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        Self {
            id: id.to_string(),
            listing_id: listing_id.to_string(),
            organization_id: org.to_string(),
            position: 0,
            storage_key: format!("photos/{id}"),
            thumbnail_width: px(processed.thumbnail.width),
            thumbnail_height: px(processed.thumbnail.height),
            medium_width: px(processed.medium.width),
            medium_height: px(processed.medium.height),
            large_width: px(processed.large.width),
            large_height: px(processed.large.height),
            alt_text: None,
            created_at: ids::now(),
        }
    }

    /// One size as clients see it.
    pub fn size(&self, size: Size) -> PhotoSize {
        let (width, height) = match size {
            Size::Thumbnail => (self.thumbnail_width, self.thumbnail_height),
            Size::Medium => (self.medium_width, self.medium_height),
            Size::Large => (self.large_width, self.large_height),
        };
        PhotoSize {
            url: photo_url(&self.id, size),
            width,
            height,
        }
    }

    pub fn view(self) -> Photo {
        Photo {
            thumbnail: self.size(Size::Thumbnail),
            medium: self.size(Size::Medium),
            large: self.size(Size::Large),
            id: self.id,
            position: self.position,
            alt_text: self.alt_text,
        }
    }
}

/// Each photo row of `listing_ids`, by listing and position.
fn each_row(
    conn: &mut DbConnection,
    listing_ids: &[String],
    mut f: impl FnMut(PhotoRow),
) -> Result<(), ApiError> {
    for chunk in listing_ids.chunks(500) {
        let rows: Vec<PhotoRow> = market_photos::table
            .filter(market_photos::listing_id.eq_any(chunk))
            .order((
                market_photos::listing_id.asc(),
                market_photos::position.asc(),
                market_photos::id.asc(),
            ))
            .select(PhotoRow::as_select())
            .load(conn)?;
        rows.into_iter().for_each(&mut f);
    }
    Ok(())
}

/// The photos of each of `listing_ids`, in order (listings with none are
/// absent from the map).
pub fn photos_of(
    conn: &mut DbConnection,
    listing_ids: &[String],
) -> Result<HashMap<String, Vec<Photo>>, ApiError> {
    let mut out: HashMap<String, Vec<Photo>> = HashMap::new();
    each_row(conn, listing_ids, |row| {
        out.entry(row.listing_id.clone())
            .or_default()
            .push(row.view());
    })?;
    Ok(out)
}

/// The first photo (the cover) of each of `listing_ids`.
pub fn covers_of(
    conn: &mut DbConnection,
    listing_ids: &[String],
) -> Result<HashMap<String, PhotoRow>, ApiError> {
    let mut out: HashMap<String, PhotoRow> = HashMap::new();
    each_row(conn, listing_ids, |row| {
        out.entry(row.listing_id.clone()).or_insert(row);
    })?;
    Ok(out)
}

/// One photo of a listing, or 404.
pub fn find(conn: &mut DbConnection, listing_id: &str, id: &str) -> Result<PhotoRow, ApiError> {
    market_photos::table
        .filter(market_photos::listing_id.eq(listing_id))
        .filter(market_photos::id.eq(id))
        .select(PhotoRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such photo of this listing"))
}

fn too_many() -> ApiError {
    ApiError::field(
        "photos",
        "too_many_photos",
        format!("a listing has at most {MAX_PHOTOS} photos"),
    )
}

/// Whether another photo fits (422 `too_many_photos` otherwise); checked
/// before the upload is read, and again, atomically, by [`add`].
pub fn check_room(conn: &mut DbConnection, listing_id: &str) -> Result<(), ApiError> {
    let count: i32 = market_listings::table
        .find(listing_id)
        .select(market_listings::photo_count)
        .first(conn)?;
    if i64::from(count) >= MAX_PHOTOS {
        return Err(too_many());
    }
    Ok(())
}

/// Adds the photo as the listing's last, counting it and bumping the
/// listing's version (call inside a transaction). The count is raised with
/// a guard, so that concurrent uploads never pass the limit.
pub fn add(conn: &mut DbConnection, mut row: PhotoRow) -> Result<PhotoRow, ApiError> {
    let now = ids::now();
    let bumped = diesel::update(market_listings::table)
        .filter(market_listings::id.eq(&row.listing_id))
        .filter(market_listings::photo_count.lt(MAX_PHOTOS as i32))
        .set((
            market_listings::photo_count.eq(market_listings::photo_count + 1),
            market_listings::version.eq(market_listings::version + 1),
            market_listings::updated_at.eq(now),
        ))
        .execute(conn)?;
    if bumped == 0 {
        return Err(too_many());
    }
    let last: Option<i32> = market_photos::table
        .filter(market_photos::listing_id.eq(&row.listing_id))
        .select(diesel::dsl::max(market_photos::position))
        .first(conn)?;
    row.position = last.map_or(0, |p| p + 1);
    row.created_at = now;
    diesel::insert_into(market_photos::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Removes the photo row, counting it out and bumping the listing's
/// version (call inside a transaction).
pub fn remove(conn: &mut DbConnection, row: &PhotoRow) -> Result<(), ApiError> {
    diesel::delete(market_photos::table.find(&row.id)).execute(conn)?;
    diesel::update(market_listings::table.find(&row.listing_id))
        .set((
            market_listings::photo_count.eq(market_listings::photo_count - 1),
            market_listings::version.eq(market_listings::version + 1),
            market_listings::updated_at.eq(ids::now()),
        ))
        .execute(conn)?;
    Ok(())
}
