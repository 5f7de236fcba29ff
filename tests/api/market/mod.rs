//! The market: settings, sellers and listings (who may, payout details,
//! approval, stock and status, search), the catalogue, photos and orders.

mod catalogue;
mod listings;
mod photos;
mod sellers;
mod settings;
