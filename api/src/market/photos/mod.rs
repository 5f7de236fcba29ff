//! Listing photos (issue #15): an upload is checked and turned into three
//! clean JPEG sizes ([`process`]), which are kept in a folder or an
//! S3-compatible store ([`store`]).
//!
//! An upload is JPEG, PNG or WebP (read from the bytes) of at most 15 MB;
//! anything else, a decompression bomb included, is a [`PhotoError`] (a 422
//! for the client) and nothing is stored. The variants carry no metadata
//! (no EXIF, so no GPS position) and are turned upright.

pub mod process;
pub mod store;

#[cfg(test)]
mod tests;

pub use process::{process, PhotoError, Processed, Size, Variant, MAX_BYTES};
#[cfg(feature = "s3")]
pub use store::S3Settings;
pub use store::{photo_key, PhotoStore, StoreError, StoredObject};
