//! The market: settings, sellers and listings (who may, payout details,
//! approval, stock and status, search), the catalogue, photos and orders.

mod listings;
mod sellers;
mod settings;
