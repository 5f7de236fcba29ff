//! The photo of a listing as clients see it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Size;

/// One size of a photo: where to load it, and its size in pixels.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PhotoSize {
    /// The address of the JPEG, relative to the server (`/api/v1/market/photos/...`).
    pub url: String,
    pub width: i32,
    pub height: i32,
}

/// A photo of a listing, in three sizes (every one a JPEG with no EXIF data,
/// upright).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Photo {
    pub id: String,
    /// The order of the photos of a listing; the first is the cover.
    pub position: i32,
    /// At most 320 px on its longest side.
    pub thumbnail: PhotoSize,
    /// At most 960 px.
    pub medium: PhotoSize,
    /// At most 1,920 px.
    pub large: PhotoSize,
    pub alt_text: Option<String>,
}

/// The address a photo's size is served at.
pub fn photo_url(photo_id: &str, size: Size) -> String {
    format!("/api/v1/market/photos/{photo_id}/{}", size.as_str())
}

/// The bytes of an image file.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ImageFile(pub Vec<u8>);
