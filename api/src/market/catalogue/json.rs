//! What the public catalogue answers: small list items (a phone on mobile
//! data loads a page of them), one listing with everything public about
//! it, and a seller's public page.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::codes::{ListingCategory, ListingOrigin};
use crate::market::photos::{Photo, PhotoSize};

/// The order of the catalogue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CatalogueSort {
    /// The most recently published first.
    #[default]
    Newest,
    /// The cheapest first.
    PriceAsc,
    /// The dearest first.
    PriceDesc,
}

impl CatalogueSort {
    /// The name a cursor carries.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::PriceAsc => "price_asc",
            Self::PriceDesc => "price_desc",
        }
    }
}

/// The catalogue's filters, order and page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// Words searched for in every language's title and description,
    /// ignoring case and accents ("sal" finds "Šal").
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// A code of the `listing-categories` list.
    #[param(value_type = Option<crate::codes::ListingCategory>, inline)]
    pub category: Option<String>,
    /// The lowest price, in cents.
    #[param(minimum = 0)]
    pub min_price: Option<i64>,
    /// The highest price, in cents.
    #[param(minimum = 0)]
    pub max_price: Option<i64>,
    /// `newest` (default), `price_asc` or `price_desc`.
    #[param(inline)]
    pub sort: Option<CatalogueSort>,
    /// Only this seller's listings (their public page).
    pub seller_id: Option<String>,
    /// At most this many (1–50, default 12: a phone's first screenfuls).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page (of the same sort).
    pub cursor: Option<String>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    pub lang: Option<String>,
}

/// A seller as a catalogue item names them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SellerRef {
    pub id: String,
    pub public_name: String,
}

/// A listing in the catalogue's list: just what a tile shows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CatalogueItem {
    pub id: String,
    /// In the asked language, else the listing's first.
    pub title: String,
    pub price_cents: i32,
    pub currency: String,
    pub category: ListingCategory,
    /// The cover photo's thumbnail (320 px JPEG), if it has photos.
    pub thumbnail: Option<PhotoSize>,
    pub seller: SellerRef,
    pub sold_out: bool,
    pub made_to_order: bool,
    pub lead_time_days: Option<i32>,
    pub origin: ListingOrigin,
    pub origin_country: Option<String>,
}

/// A seller as a listing's page names them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ListingSeller {
    pub id: String,
    pub public_name: String,
    pub municipality: Option<String>,
}

/// The organisation that runs the market a listing is in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MarketOrganization {
    pub id: String,
    pub name: String,
}

/// A place where bought items can be picked up.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CatalogueVenue {
    pub id: String,
    pub name: String,
    pub address: Option<String>,
}

/// Everything public about one listing.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CatalogueListing {
    pub id: String,
    /// In the asked language, else the listing's first.
    pub title: String,
    pub description: String,
    /// The language the title is in.
    pub language: String,
    pub category: ListingCategory,
    pub materials: Option<String>,
    pub dimensions: Option<String>,
    pub origin: ListingOrigin,
    pub origin_country: Option<String>,
    pub price_cents: i32,
    pub currency: String,
    /// Items left; `null` when made to order.
    pub stock: Option<i32>,
    pub made_to_order: bool,
    pub lead_time_days: Option<i32>,
    pub sold_out: bool,
    pub photos: Vec<Photo>,
    pub seller: ListingSeller,
    pub organization: MarketOrganization,
    pub pickup_venues: Vec<CatalogueVenue>,
    pub published_at: Option<DateTime<Utc>>,
}

/// A seller's public page (their listings: `GET /market/catalogue?seller_id=`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicSeller {
    pub id: String,
    pub public_name: String,
    /// In the asked language, else the story's first.
    pub story: String,
    pub municipality: Option<String>,
}
