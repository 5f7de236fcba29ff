//! The market: settings, sellers and listings (who may, payout details,
//! approval, stock and status, search), the catalogue, photos and orders
//! (placing, the secret link, staff steps, the race for the last items,
//! the server's sweep).

mod catalogue;
mod demo;
mod listings;
mod order_states;
mod order_stats;
mod orders;
mod orders_race;
mod photos;
mod s3;
mod sellers;
mod settings;
mod sweep;
