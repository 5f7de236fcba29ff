//! The market: photos and the public catalogue.

mod catalogue;
mod photos;
