//! What the order endpoints take and give.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::codes::{Fulfilment, OrderState, PaymentMethod};

/// One line of a basket.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderLineInput {
    pub listing_id: String,
    /// 1–20.
    #[schema(minimum = 1, maximum = 20)]
    pub quantity: i64,
}

/// Who orders: a name and an e-mail address or a phone number (or both).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyerInput {
    #[serde(default)]
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A basket to order (no login; send an `Idempotency-Key`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderRequest {
    /// 1–30 lines, all listings of one organisation and one currency.
    #[serde(default)]
    pub items: Vec<OrderLineInput>,
    #[serde(default)]
    pub buyer: BuyerInput,
    /// The buyer's language (`en`, `sl`, `ar`, `uk`, `fa`): labels and titles on the order page.
    #[serde(default)]
    pub language: Option<String>,
    pub fulfilment: Fulfilment,
    /// Pickup: a non-archived venue of the listings' organisation.
    pub venue_id: Option<String>,
    /// Post: the delivery address.
    pub address: Option<String>,
    pub note: Option<String>,
    /// `cash` only with pickup.
    pub payment_method: PaymentMethod,
}

/// A venue where an order is picked up.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PickupVenue {
    pub name: String,
    pub address: Option<String>,
}

/// What to transfer, for a bank-transfer order of an organisation with an IBAN.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaymentDetails {
    pub iban: String,
    pub account_holder: String,
    pub bic: Option<String>,
    pub amount_cents: i64,
    pub currency: String,
    /// The RF creditor reference to write on the transfer.
    pub reference: String,
    /// The EPC QR code (SVG) to scan with a banking app.
    pub qr_url: String,
}

/// One line of an order as the buyer sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicItem {
    pub listing_id: String,
    /// In the order's language, with fallback.
    pub title: String,
    pub quantity: i32,
    pub unit_price_cents: i64,
}

/// One step of an order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HistoryEntry {
    /// `placed`, `confirm`, `mark_paid`, `ready`, `complete` or `cancel`.
    pub event: String,
    pub at: DateTime<Utc>,
}

/// An order as the buyer follows it through the secret link.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicOrder {
    pub id: String,
    /// The RF creditor reference (also the order number to quote).
    pub reference: String,
    pub state: OrderState,
    /// The state in the order's language.
    pub state_label: String,
    pub items: Vec<PublicItem>,
    pub total_cents: i64,
    pub currency: String,
    pub fulfilment: Fulfilment,
    pub pickup_venue: Option<PickupVenue>,
    pub payment_method: PaymentMethod,
    pub paid: bool,
    /// Bank transfer to an organisation with an IBAN only; otherwise pay in
    /// cash at pickup or contact the organisation.
    pub payment: Option<PaymentDetails>,
    pub history: Vec<HistoryEntry>,
    pub placed_at: DateTime<Utc>,
    /// When unpaid stock is released (placed or confirmed and unpaid).
    pub release_at: Option<DateTime<Utc>>,
}

/// A placed order and the secret of its page (shown only now).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlacedOrder {
    pub order: PublicOrder,
    /// The secret of `GET /market/orders/track/{token}`.
    pub token: String,
}

/// One line of an order as staff or its seller see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrderItem {
    pub id: String,
    pub listing_id: String,
    pub seller_id: String,
    /// The title as it was when ordered, every language.
    pub title: serde_json::Value,
    pub quantity: i32,
    pub unit_price_cents: i64,
    pub from_stock: bool,
}

/// The buyer as staff see them (a seller sees the name only); all `null`
/// once erased.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrderBuyer {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub note: Option<String>,
    pub language: String,
    pub erased_at: Option<DateTime<Utc>>,
}

/// An order on the staff and sellers' side.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Order {
    pub id: String,
    pub reference: String,
    pub state: OrderState,
    pub cancel_reason: Option<String>,
    pub buyer: OrderBuyer,
    pub fulfilment: Fulfilment,
    pub venue_id: Option<String>,
    pub payment_method: PaymentMethod,
    pub currency: String,
    /// The whole order's total (a seller sees the total of their lines).
    pub total_cents: i64,
    /// A seller sees only their own lines.
    pub items: Vec<OrderItem>,
    pub history: Vec<HistoryEntry>,
    pub placed_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub ready_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// A step of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderEvent {
    Confirm,
    MarkPaid,
    Ready,
    Complete,
    Cancel,
}

impl OrderEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::MarkPaid => "mark_paid",
            Self::Ready => "ready",
            Self::Complete => "complete",
            Self::Cancel => "cancel",
        }
    }
}

/// `{event, version}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderEventInput {
    pub event: OrderEvent,
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    #[schema(minimum = 1)]
    pub version: i32,
}

/// Which orders, and which page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderListQuery {
    pub state: Option<OrderState>,
    /// Only orders changed since then (RFC 3339).
    pub updated_since: Option<DateTime<Utc>>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Which month (and, for staff, which seller).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// `YYYY-MM` (default: this month, UTC).
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$", example = "2026-12")]
    pub month: Option<String>,
    /// Staff: the seller whose earnings to show (required).
    pub seller_id: Option<String>,
}

/// A seller's earnings in one currency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CurrencyEarnings {
    pub currency: String,
    /// Completed orders holding the seller's items.
    pub completed_orders: i64,
    pub gross_cents: i64,
    pub commission_cents: i64,
    pub net_cents: i64,
}

/// What a seller earned in a month (orders completed in it).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Earnings {
    pub seller_id: String,
    pub month: String,
    /// The organisation's commission in basis points.
    pub commission_bp: i32,
    pub currencies: Vec<CurrencyEarnings>,
}
