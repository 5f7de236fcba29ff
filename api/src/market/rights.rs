//! The person's rights in the market: what the export holds of a seller
//! (the seller record with its payout details, and every listing), and
//! what erasure does (the listings are archived; the seller row stays for
//! the accounts of past sales, without the person: no participant, the
//! neutral name "Former seller", no story, municipality or payout details,
//! `erased_at` set). Called from the participants' export and erasure,
//! like `meetings::rights`.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::listings::{model as listings, Listing};
use super::sellers::{model as sellers, Seller};
use crate::db::schema::market_sellers;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// The public name an erased seller keeps.
pub const FORMER_SELLER: &str = "Former seller";

/// Everything the market holds on a person.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct ExportedMarket {
    /// Their seller record (none if they never sold), payout details included.
    pub seller: Option<Seller>,
    /// Every listing of theirs, archived ones too.
    pub listings: Vec<Listing>,
    /// Every item of theirs ordered, with the order's state (no buyer data).
    pub sales: Vec<super::orders::rights::Sale>,
}

/// Everything the market holds on the person `pid` of `org`.
pub fn export_for(
    conn: &mut DbConnection,
    org: &str,
    pid: &str,
) -> Result<ExportedMarket, ApiError> {
    let Some(row) = sellers::of_participant(conn, pid)? else {
        return Ok(ExportedMarket::default());
    };
    if row.organization_id != org {
        return Ok(ExportedMarket::default());
    }
    let rows = listings::of_seller(conn, &row.id)?;
    let listings = listings::build(conn, rows)?;
    let sales = super::orders::rights::sales_for(conn, &row.id)?;
    let seller = sellers::view_one(conn, row, true)?;
    Ok(ExportedMarket {
        seller: Some(seller),
        listings,
        sales,
    })
}

/// Takes the person `pid` out of the market: their listings are archived
/// and their seller row keeps only what the accounts of past sales need.
/// Runs in the erasure's transaction.
pub fn erase_for(conn: &mut DbConnection, pid: &str) -> Result<(), ApiError> {
    let Some(row) = sellers::of_participant(conn, pid)? else {
        return Ok(());
    };
    listings::archive_of_seller(conn, &row.id)?;
    let now = ids::now();
    diesel::update(market_sellers::table.filter(market_sellers::id.eq(&row.id)))
        .set((
            market_sellers::participant_id.eq(None::<String>),
            market_sellers::public_name.eq(FORMER_SELLER),
            market_sellers::story.eq("{}"),
            market_sellers::municipality.eq(None::<String>),
            market_sellers::iban.eq(None::<String>),
            market_sellers::account_holder.eq(None::<String>),
            market_sellers::erased_at.eq(Some(now)),
            market_sellers::updated_at.eq(now),
            market_sellers::version.eq(market_sellers::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}
