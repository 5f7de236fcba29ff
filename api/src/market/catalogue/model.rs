//! The catalogue's queries: the listings anyone may see (published or
//! sold out, of a seller neither paused nor erased), searched, filtered and
//! paged by a key of the chosen order.

use diesel::prelude::*;

use super::json::{
    CatalogueItem, CatalogueListing, CatalogueSort, CatalogueVenue, ListingSeller,
    MarketOrganization, PublicSeller, SellerRef,
};
use crate::codes::{ListingCategory, ListingOrigin};
use crate::db::schema::{market_listings, market_sellers, organizations, venues};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::market::photos::{self, Size};
use crate::market::texts;
use crate::pagination::{time_key, Page, PageRequest};

/// The statuses the catalogue shows.
pub const VISIBLE: [&str; 2] = ["published", "sold_out"];

/// A listing row as the catalogue reads it, with its seller (selected
/// from `market_listings` joined with `market_sellers`).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = market_listings)]
pub struct PublicRow {
    pub id: String,
    pub organization_id: String,
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
    pub published_at: Option<chrono::NaiveDateTime>,
    #[diesel(select_expression = market_sellers::id)]
    pub seller_id: String,
    #[diesel(select_expression = market_sellers::public_name)]
    pub seller_name: String,
    #[diesel(select_expression = market_sellers::municipality)]
    pub seller_municipality: Option<String>,
}

impl PublicRow {
    pub fn title(&self, lang: &str) -> String {
        texts::pick_stored(&self.title, lang).1
    }

    fn category(&self) -> ListingCategory {
        ListingCategory::parse(&self.category).unwrap_or(ListingCategory::Other)
    }

    fn origin(&self) -> ListingOrigin {
        ListingOrigin::parse(&self.origin).unwrap_or(ListingOrigin::Handmade)
    }
}

/// What the catalogue is asked for (checked by the route).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The search, folded and cut into words.
    pub words: Vec<String>,
    pub category: Option<String>,
    pub min_price: Option<i32>,
    pub max_price: Option<i32>,
    pub seller_id: Option<String>,
    pub sort: CatalogueSort,
}

/// One page of the catalogue, items in `lang`.
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    request: &PageRequest,
    lang: &str,
) -> Result<Page<CatalogueItem>, ApiError> {
    let mut q = market_listings::table
        .inner_join(market_sellers::table)
        .filter(market_listings::status.eq_any(VISIBLE))
        .filter(market_sellers::paused_at.is_null())
        .filter(market_sellers::erased_at.is_null())
        .select(PublicRow::as_select())
        .into_boxed();
    for word in &filter.words {
        q = q.filter(
            market_listings::search_text
                .like(crate::skills::model::search::containing(word))
                .escape('\\'),
        );
    }
    if let Some(c) = &filter.category {
        q = q.filter(market_listings::category.eq(c.clone()));
    }
    if let Some(p) = filter.min_price {
        q = q.filter(market_listings::price_cents.ge(p));
    }
    if let Some(p) = filter.max_price {
        q = q.filter(market_listings::price_cents.le(p));
    }
    if let Some(s) = &filter.seller_id {
        q = q.filter(market_listings::seller_id.eq(s.clone()));
    }
    let bad_cursor = || ApiError::field("cursor", "invalid", "is not a cursor of this sort order");
    q = match filter.sort {
        CatalogueSort::Newest => {
            q = q.filter(market_listings::published_at.is_not_null());
            if let Some(c) = &request.after {
                let (t, i) = (c.time()?, c.id.clone());
                q = q.filter(
                    market_listings::published_at
                        .lt(t)
                        .or(market_listings::published_at
                            .eq(t)
                            .and(market_listings::id.lt(i))),
                );
            }
            q.order((
                market_listings::published_at.desc(),
                market_listings::id.desc(),
            ))
        }
        CatalogueSort::PriceAsc | CatalogueSort::PriceDesc => {
            if let Some(c) = &request.after {
                let k: i32 = c.key.parse().map_err(|_| bad_cursor())?;
                let i = c.id.clone();
                q = if filter.sort == CatalogueSort::PriceAsc {
                    q.filter(
                        market_listings::price_cents
                            .gt(k)
                            .or(market_listings::price_cents
                                .eq(k)
                                .and(market_listings::id.gt(i))),
                    )
                } else {
                    q.filter(
                        market_listings::price_cents
                            .lt(k)
                            .or(market_listings::price_cents
                                .eq(k)
                                .and(market_listings::id.lt(i))),
                    )
                };
            }
            if filter.sort == CatalogueSort::PriceAsc {
                q.order((
                    market_listings::price_cents.asc(),
                    market_listings::id.asc(),
                ))
            } else {
                q.order((
                    market_listings::price_cents.desc(),
                    market_listings::id.desc(),
                ))
            }
        }
    };
    let mut rows: Vec<PublicRow> = q.limit(request.fetch()).load(conn)?;
    let sort = filter.sort;
    let next_cursor = request.cut(&mut rows, |r| {
        let key = match sort {
            CatalogueSort::Newest => r.published_at.map(time_key).unwrap_or_default(),
            _ => r.price_cents.to_string(),
        };
        (key, r.id.clone())
    });
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut covers = photos::model::covers_of(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|r| CatalogueItem {
            title: r.title(lang),
            category: r.category(),
            origin: r.origin(),
            thumbnail: covers.remove(&r.id).map(|p| p.size(Size::Thumbnail)),
            seller: SellerRef {
                id: r.seller_id,
                public_name: r.seller_name,
            },
            sold_out: r.status == "sold_out",
            made_to_order: r.stock.is_none(),
            id: r.id,
            price_cents: r.price_cents,
            currency: r.currency,
            lead_time_days: r.lead_time_days,
            origin_country: r.origin_country,
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// A public listing's row, or 404 (also for a draft, or a paused seller's).
pub fn find(conn: &mut DbConnection, id: &str) -> Result<PublicRow, ApiError> {
    market_listings::table
        .inner_join(market_sellers::table)
        .filter(market_listings::id.eq(id))
        .filter(market_listings::status.eq_any(VISIBLE))
        .filter(market_sellers::paused_at.is_null())
        .filter(market_sellers::erased_at.is_null())
        .select(PublicRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such listing in the catalogue"))
}

/// Everything public about a listing, in `lang`.
pub fn listing(
    conn: &mut DbConnection,
    id: &str,
    lang: &str,
) -> Result<CatalogueListing, ApiError> {
    let row = find(conn, id)?;
    let photos = photos::model::photos_of(conn, std::slice::from_ref(&row.id))?
        .remove(&row.id)
        .unwrap_or_default();
    let organization: (String, String) = organizations::table
        .find(&row.organization_id)
        .select((organizations::id, organizations::name))
        .first(conn)?;
    let pickup_venues = venues::table
        .filter(venues::organization_id.eq(&row.organization_id))
        .filter(venues::archived_at.is_null())
        .order((venues::name.asc(), venues::id.asc()))
        .select((venues::id, venues::name, venues::address))
        .load::<(String, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, name, address)| CatalogueVenue { id, name, address })
        .collect();
    let (language, title) = texts::pick_stored(&row.title, lang);
    let description = texts::pick_stored(&row.description, &language).1;
    Ok(CatalogueListing {
        title,
        description,
        language,
        category: row.category(),
        origin: row.origin(),
        sold_out: row.status == "sold_out",
        made_to_order: row.stock.is_none(),
        published_at: row.published_at.map(ids::utc),
        photos,
        seller: ListingSeller {
            id: row.seller_id,
            public_name: row.seller_name,
            municipality: row.seller_municipality,
        },
        organization: MarketOrganization {
            id: organization.0,
            name: organization.1,
        },
        pickup_venues,
        id: row.id,
        materials: row.materials,
        dimensions: row.dimensions,
        origin_country: row.origin_country,
        price_cents: row.price_cents,
        currency: row.currency,
        stock: row.stock,
        lead_time_days: row.lead_time_days,
    })
}

/// A seller's public page, or 404 (paused and erased sellers have none).
pub fn seller(conn: &mut DbConnection, id: &str, lang: &str) -> Result<PublicSeller, ApiError> {
    let (id, public_name, story, municipality) = market_sellers::table
        .filter(market_sellers::id.eq(id))
        .filter(market_sellers::paused_at.is_null())
        .filter(market_sellers::erased_at.is_null())
        .select((
            market_sellers::id,
            market_sellers::public_name,
            market_sellers::story,
            market_sellers::municipality,
        ))
        .first::<(String, String, String, Option<String>)>(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such seller in the catalogue"))?;
    Ok(PublicSeller {
        id,
        public_name,
        story: texts::pick_stored(&story, lang).1,
        municipality,
    })
}
