//! The photo endpoints: upload and remove a listing's photos (the seller
//! or staff), and serve them to anyone who has a photo's id.

use actix_web::http::header;
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;

use super::{access, model, photo_key, process, PhotoError, Size, MAX_BYTES};
use crate::audit;
use crate::auth::Actor;
use crate::error::ApiError;
use crate::ids;
use crate::policy::{Action, Resource};
use crate::AppState;

/// Photos never change under their address (a new photo gets a new id).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn photo_error(e: PhotoError) -> ApiError {
    ApiError::field("body", e.code(), e.message())
}

/// Reads the body up to [`MAX_BYTES`] (the route's own limit, larger than
/// the JSON body limit of every other endpoint).
async fn read_upload(mut payload: web::Payload) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request(format!("reading the upload: {e}")))?;
        if bytes.len() + chunk.len() > MAX_BYTES {
            return Err(photo_error(PhotoError::TooLarge));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Adds a photo to a listing. The body is the image itself (JPEG, PNG or
/// WebP, up to 15 MB; the type is read from the bytes, whatever the
/// `Content-Type`). It is stored in three sizes as JPEGs with no EXIF data
/// (no GPS position), turned upright. A listing has at most 8 photos.
/// A file that is not an image, or one with too many pixels (a
/// decompression bomb), is a 422 and nothing is stored.
#[utoipa::path(
    tag = "market",
    operation_id = "add_listing_photo",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The listing's id")),
    request_body(content = super::json::ImageFile, content_type = "application/octet-stream", description = "The image (JPEG, PNG or WebP; any Content-Type)"),
    responses((status = 201, description = "Added", body = super::Photo))
)]
#[post("/market/listings/{id}/photos")]
pub(super) async fn add_photo(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Listing)?;
    let listing_id = id.into_inner();
    {
        let (actor, listing_id) = (actor.clone(), listing_id.clone());
        state
            .db(move |conn| {
                access::editable_listing(conn, &actor, &listing_id)?;
                model::check_room(conn, &listing_id)
            })
            .await?;
    }
    let bytes = read_upload(payload).await?;
    let processed = web::block(move || process(&bytes))
        .await
        .map_err(ApiError::internal)?
        .map_err(photo_error)?;

    let photo_id = ids::new_id();
    let row = model::PhotoRow::new(&photo_id, &listing_id, &actor.organization_id, &processed);
    let mut stored = Vec::new();
    for size in Size::ALL {
        let key = photo_key(&photo_id, size);
        let variant = processed.get(size);
        let put = state
            .photos
            .put(&key, variant.bytes.clone(), variant.content_type)
            .await;
        if let Err(e) = put {
            remove_objects(&state, &stored).await;
            return Err(ApiError::internal(e));
        }
        stored.push(key);
    }
    let saved = state
        .db(move |conn| {
            let row = row.clone();
            diesel::Connection::transaction(conn, |conn| {
                // Checked again: the listing may have moved on while the
                // photo was processed.
                access::editable_listing(conn, &actor, &row.listing_id)?;
                let row = model::add(conn, row)?;
                audit::record(conn, &actor, "create", "listing_photo", Some(&row.id))?;
                Ok(row)
            })
        })
        .await;
    match saved {
        Ok(row) => Ok(HttpResponse::Created().json(row.view())),
        Err(e) => {
            remove_objects(&state, &stored).await;
            Err(e)
        }
    }
}

/// Removes what an upload stored (a failure is only logged: the photo has
/// no row, so nothing shows it).
async fn remove_objects(state: &AppState, keys: &[String]) {
    for key in keys {
        if let Err(e) = state.photos.delete(key).await {
            log::error!("could not remove {key} after a failed upload: {e}");
        }
    }
}

/// Removes a photo from a listing, its files included.
#[utoipa::path(
    tag = "market",
    operation_id = "delete_listing_photo",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The listing's id"),
        ("photo_id" = String, Path, description = "The photo's id")
    ),
    responses((status = 204, description = "Removed"))
)]
#[delete("/market/listings/{id}/photos/{photo_id}")]
pub(super) async fn delete_photo(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Update, Resource::Listing)?;
    let (listing_id, photo_id) = path.into_inner();
    let removed = state
        .db(move |conn| {
            diesel::Connection::transaction(conn, |conn| {
                access::editable_listing(conn, &actor, &listing_id)?;
                let row = model::find(conn, &listing_id, &photo_id)?;
                model::remove(conn, &row)?;
                audit::record(conn, &actor, "delete", "listing_photo", Some(&row.id))?;
                Ok(row.id)
            })
        })
        .await?;
    let keys: Vec<String> = Size::ALL.iter().map(|s| photo_key(&removed, *s)).collect();
    remove_objects(&state, &keys).await;
    Ok(HttpResponse::NoContent().finish())
}

/// One size of a photo, as a JPEG. No login: a photo's id is a random
/// UUID that only the listing's pages show, and photos are what a
/// catalogue shows. Cached for a year (a photo never changes; a new one
/// gets a new id).
#[utoipa::path(
    tag = "market",
    operation_id = "get_photo",
    params(
        ("photo_id" = String, Path, description = "The photo's id"),
        ("size" = String, Path, description = "`thumbnail`, `medium` or `large`")
    ),
    responses(
        (status = 200, description = "The JPEG", content_type = "image/jpeg", body = super::json::ImageFile),
        (status = 304, description = "Not modified (the ETag matched)")
    )
)]
#[get("/market/photos/{photo_id}/{size}")]
pub(super) async fn get_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (photo_id, size) = path.into_inner();
    let not_found = || ApiError::not_found("no such photo");
    let size = Size::ALL
        .into_iter()
        .find(|s| s.as_str() == size)
        .ok_or_else(not_found)?;
    if !ids::is_uuid(&photo_id) {
        return Err(not_found());
    }
    let etag = format!("\"{photo_id}-{}\"", size.as_str());
    let object = state
        .photos
        .get(&photo_key(&photo_id, size))
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(not_found)?;
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut res = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::CACHE_CONTROL, IMMUTABLE))
        .insert_header((header::ETAG, etag));
    if matches {
        return Ok(res.finish());
    }
    Ok(res.content_type(object.content_type).body(object.bytes))
}
