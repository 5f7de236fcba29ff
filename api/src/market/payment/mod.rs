//! Payment without a payment processor: validated payout IBANs and the EPC
//! QR code of a SEPA credit transfer, with an RF creditor reference that
//! carries the order number.

pub mod epc;
pub mod iban;

pub use epc::{payload, qr_svg, rf_reference, valid_rf, EpcError, Transfer};
pub use iban::{mask, normalise, validate, Iban, IbanError};

/// Cents as a decimal amount, as people and spreadsheets read it: `12.50`,
/// `-0.05`.
pub fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}
