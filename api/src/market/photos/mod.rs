//! Listing photos (issue #15): an upload is checked and turned into three
//! clean JPEG sizes ([`process`]), which are kept in a folder or an
//! S3-compatible store ([`store`]); the endpoints add and remove a
//! listing's photos and serve them.
//!
//! An upload is JPEG, PNG or WebP (read from the bytes) of at most 15 MB;
//! anything else, a decompression bomb included, is a [`PhotoError`] (a 422
//! for the client) and nothing is stored. The variants carry no metadata
//! (no EXIF, so no GPS position) and are turned upright.

pub mod access;
pub mod json;
pub mod model;
pub mod process;
mod routes;
pub mod store;

#[cfg(test)]
mod tests;

pub use json::{Photo, PhotoSize};
pub use process::{process, PhotoError, Processed, Size, Variant, MAX_BYTES};
pub use store::{photo_key, PhotoStore, S3Settings, StoreError, StoredObject};

/// Registers the photo endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::add_photo)
        .service(routes::delete_photo)
        .service(routes::get_photo);
}
