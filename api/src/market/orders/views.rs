//! Orders as the buyer, staff and sellers see them.

use chrono::Duration;

use super::json::{
    HistoryEntry, Order, OrderBuyer, OrderItem, PaymentDetails, PickupVenue, PublicItem,
    PublicOrder,
};
use super::model::{self, ItemRow, OrderRow, PayoutSettings};
use crate::codes::{Fulfilment, OrderState, PaymentMethod};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids::utc;
use crate::market::payment::{epc, iban};

/// A stored multilingual text (JSON) in `lang`, else in its first language.
pub fn text_in(json: &str, lang: &str) -> String {
    crate::market::texts::pick_stored(json, lang).1
}

fn state_of(row: &OrderRow) -> Result<OrderState, ApiError> {
    OrderState::parse(&row.state).ok_or_else(|| ApiError::internal("unknown order state"))
}

fn fulfilment_of(row: &OrderRow) -> Result<Fulfilment, ApiError> {
    Fulfilment::parse(&row.fulfilment).ok_or_else(|| ApiError::internal("unknown fulfilment"))
}

fn method_of(row: &OrderRow) -> Result<PaymentMethod, ApiError> {
    PaymentMethod::parse(&row.payment_method)
        .ok_or_else(|| ApiError::internal("unknown payment method"))
}

fn history(conn: &mut DbConnection, row: &OrderRow) -> Result<Vec<HistoryEntry>, ApiError> {
    Ok(model::events(conn, &row.id)?
        .into_iter()
        .map(|e| HistoryEntry {
            event: e.event,
            at: utc(e.at),
        })
        .collect())
}

/// The EPC transfer for a bank-transfer order, when the organisation has an
/// IBAN and an account holder.
pub fn transfer(row: &OrderRow, s: &PayoutSettings) -> Option<epc::Transfer> {
    if method_of(row).ok()? != PaymentMethod::BankTransfer {
        return None;
    }
    let account = iban::validate(s.iban.as_deref()?).ok()?;
    Some(epc::Transfer {
        bic: s.bic.clone().filter(|b| !b.trim().is_empty()),
        name: s.account_holder.clone()?,
        iban: account,
        currency: row.currency.clone(),
        amount_cents: i64::from(row.total_cents),
        purpose: None,
        reference: row.reference.clone(),
        note: None,
    })
}

/// The buyer's view; `token` is the secret of the link (for the QR code's address).
pub fn public(
    conn: &mut DbConnection,
    row: &OrderRow,
    token: &str,
    hold_hours: i64,
) -> Result<PublicOrder, ApiError> {
    let state = state_of(row)?;
    let lang = row.buyer_language.as_str();
    let items = model::items(conn, &row.id)?
        .into_iter()
        .map(|i| PublicItem {
            title: text_in(&i.title, lang),
            listing_id: i.listing_id,
            quantity: i.quantity,
            unit_price_cents: i64::from(i.unit_price_cents),
        })
        .collect();
    let pickup_venue = match &row.venue_id {
        Some(v) => {
            let venue = crate::meetings::venues::model::find(conn, &row.organization_id, v)?;
            Some(PickupVenue {
                name: venue.name,
                address: venue.address,
            })
        }
        None => None,
    };
    let settings = model::settings(conn, &row.organization_id)?;
    let payment = transfer(row, &settings).map(|t| PaymentDetails {
        iban: t.iban.as_str().to_owned(),
        account_holder: t.name,
        bic: t.bic,
        amount_cents: t.amount_cents,
        currency: t.currency,
        reference: t.reference,
        qr_url: format!("/api/v1/market/orders/track/{token}/qr.svg"),
    });
    let holding =
        matches!(state, OrderState::Placed | OrderState::Confirmed) && row.paid_at.is_none();
    Ok(PublicOrder {
        id: row.id.clone(),
        reference: row.reference.clone(),
        state,
        state_label: state.label(lang).to_owned(),
        items,
        total_cents: i64::from(row.total_cents),
        currency: row.currency.clone(),
        fulfilment: fulfilment_of(row)?,
        pickup_venue,
        payment_method: method_of(row)?,
        paid: row.paid_at.is_some(),
        payment,
        history: history(conn, row)?,
        placed_at: utc(row.placed_at),
        release_at: holding.then(|| utc(row.placed_at + Duration::hours(hold_hours))),
    })
}

fn item(i: ItemRow) -> OrderItem {
    OrderItem {
        title: serde_json::from_str(&i.title).unwrap_or(serde_json::Value::Null),
        id: i.id,
        listing_id: i.listing_id,
        seller_id: i.seller_id,
        quantity: i.quantity,
        unit_price_cents: i64::from(i.unit_price_cents),
        from_stock: i.from_stock,
    }
}

/// The staff view (`seller: None`) or a seller's (only their lines, the
/// buyer's name only).
pub fn staff(
    conn: &mut DbConnection,
    row: &OrderRow,
    seller: Option<&str>,
) -> Result<Order, ApiError> {
    let mut lines = model::items(conn, &row.id)?;
    if let Some(s) = seller {
        lines.retain(|i| i.seller_id == s);
    }
    let total_cents = match seller {
        None => i64::from(row.total_cents),
        Some(_) => lines
            .iter()
            .map(|i| i64::from(i.quantity) * i64::from(i.unit_price_cents))
            .sum(),
    };
    let full = seller.is_none();
    Ok(Order {
        id: row.id.clone(),
        reference: row.reference.clone(),
        state: state_of(row)?,
        cancel_reason: row.cancel_reason.clone(),
        buyer: OrderBuyer {
            name: row.buyer_name.clone(),
            email: row.buyer_email.clone().filter(|_| full),
            phone: row.buyer_phone.clone().filter(|_| full),
            address: row.address.clone().filter(|_| full),
            note: row.note.clone().filter(|_| full),
            language: row.buyer_language.clone(),
            erased_at: row.buyer_erased_at.map(utc),
        },
        fulfilment: fulfilment_of(row)?,
        venue_id: row.venue_id.clone(),
        payment_method: method_of(row)?,
        currency: row.currency.clone(),
        total_cents,
        items: lines.into_iter().map(item).collect(),
        history: history(conn, row)?,
        placed_at: utc(row.placed_at),
        paid_at: row.paid_at.map(utc),
        confirmed_at: row.confirmed_at.map(utc),
        ready_at: row.ready_at.map(utc),
        completed_at: row.completed_at.map(utc),
        cancelled_at: row.cancelled_at.map(utc),
        updated_at: utc(row.updated_at),
        version: row.version,
    })
}
