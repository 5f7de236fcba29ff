//! Listing photos: uploads cleaned of EXIF and GPS and turned upright,
//! bombs and non-images refused with nothing stored, at most 8, who may
//! add and remove them, and how they are served.

use image::ImageFormat;
use reqwest::Method;
use serde_json::{json, Value};
use skupaj::policy::Role;

use crate::support::market::{
    contains, encode, exif_with_gps, picture, png_claiming, with_exif, ListingRow,
};
use crate::support::{expect_problem, field_codes, Org, TestApp};

/// An organisation with a participant who sells one published listing:
/// (org, the participant's token, the listing's id).
async fn seller_with_listing(app: &TestApp) -> (Org, String, String) {
    let org = app.create_org("Market");
    let staff = app.token(&org, Role::Coordinator).await;
    let participant = app
        .person(
            &staff,
            json!({"name": "Amina", "user_id": org.user_id(Role::Participant)}),
            false,
        )
        .await;
    let seller = app.insert_seller(&org.id, Some(&participant), "Amina's crafts");
    let listing = app.insert_listing(
        &org.id,
        &seller,
        ListingRow::new(json!({"en": "Scarf"}), 2500, 0),
    );
    let token = app.token(&org, Role::Participant).await;
    (org, token, listing)
}

fn small_png() -> Vec<u8> {
    encode(picture(64, 48), ImageFormat::Png)
}

#[tokio::test]
async fn exif_and_gps_are_gone_from_the_stored_photo_and_it_is_upright() {
    let app = TestApp::spawn().await;
    let (_org, token, listing) = seller_with_listing(&app).await;
    let plain = encode(picture(400, 200), ImageFormat::Jpeg);
    // Orientation 6: the camera was turned; shown upright it is 200×400.
    let upload = with_exif(&plain, &exif_with_gps(6));
    assert!(contains(&upload, b"Exif"));
    let before = app.listing_counts(&listing);

    let res = app.upload_photo(&token, &listing, upload).await;
    assert_eq!(res.status(), 201);
    let photo: Value = res.json().await.expect("photo");
    assert_eq!(photo["position"], 0);
    assert_eq!(
        (&photo["large"]["width"], &photo["large"]["height"]),
        (&json!(200), &json!(400))
    );
    assert_eq!(
        (&photo["thumbnail"]["width"], &photo["thumbnail"]["height"]),
        (&json!(160), &json!(320))
    );
    let (count, version) = app.listing_counts(&listing);
    assert_eq!(count, 1);
    assert!(version > before.1, "the listing's version moves");
    assert_eq!(app.photo_rows(), 1);
    assert_eq!(app.photo_files(), 3);

    for size in ["thumbnail", "medium", "large"] {
        let url = photo[size]["url"].as_str().expect("url");
        // No login needed.
        let res = app.get(url).await;
        assert_eq!(res.status(), 200, "{url}");
        let headers = res.headers().clone();
        assert_eq!(headers["content-type"], "image/jpeg");
        assert_eq!(
            headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let etag = headers["etag"].to_str().expect("etag").to_string();
        let bytes = res.bytes().await.expect("bytes");
        assert!(!contains(&bytes, b"Exif"), "{size}: no EXIF");
        assert!(!contains(&bytes, b"MM\x00\x2A"), "{size}: no TIFF block");
        assert!(!contains(&bytes, b"N\x00\x00\x00"), "{size}: no GPS");
        let decoded = image::load_from_memory(&bytes).expect("a JPEG").into_rgb8();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (
                photo[size]["width"].as_u64().expect("w") as u32,
                photo[size]["height"].as_u64().expect("h") as u32
            )
        );
        assert!(decoded.height() > decoded.width(), "{size}: upright");
        // Turned a quarter clockwise: the red left half is now on top.
        let top = decoded
            .get_pixel(decoded.width() / 2, decoded.height() / 8)
            .0;
        let bottom = decoded
            .get_pixel(decoded.width() / 2, decoded.height() * 7 / 8)
            .0;
        assert!(top[0] > 150 && top[2] < 100, "{size}: red on top {top:?}");
        assert!(bottom[2] > 150, "{size}: blue below {bottom:?}");

        let again = app
            .client
            .get(app.url(url))
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("request");
        assert_eq!(again.status(), 304, "{size}");
    }
}

#[tokio::test]
async fn bombs_and_non_images_get_422_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let (_org, token, listing) = seller_with_listing(&app).await;
    let before = app.listing_counts(&listing);

    let res = app
        .upload_photo(&token, &listing, png_claiming(100_000, 100_000))
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["body:too_many_pixels"]);

    let res = app
        .upload_photo(&token, &listing, b"just some words, not a photo".to_vec())
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["body:not_an_image"]);

    let res = app.upload_photo(&token, &listing, Vec::new()).await;
    expect_problem(res, 422, "validation_failed").await;

    assert_eq!(app.photo_rows(), 0);
    assert_eq!(app.photo_files(), 0);
    assert_eq!(
        app.listing_counts(&listing),
        before,
        "the listing is untouched"
    );
}

#[tokio::test]
async fn a_listing_has_at_most_eight_photos_and_removing_one_removes_its_files() {
    let app = TestApp::spawn().await;
    let (_org, token, listing) = seller_with_listing(&app).await;
    let mut ids = Vec::new();
    for i in 0..8 {
        let res = app.upload_photo(&token, &listing, small_png()).await;
        assert_eq!(res.status(), 201, "photo {i}");
        let photo: Value = res.json().await.expect("photo");
        assert_eq!(photo["position"], i);
        ids.push(photo["id"].as_str().expect("id").to_string());
    }
    let res = app.upload_photo(&token, &listing, small_png()).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["photos:too_many_photos"]);
    assert_eq!(app.listing_counts(&listing).0, 8);
    assert_eq!(app.photo_rows(), 8);
    assert_eq!(app.photo_files(), 24);

    let gone = &ids[3];
    let path = format!("/api/v1/market/listings/{listing}/photos/{gone}");
    let res = app.send_as(Method::DELETE, &token, &path, None).await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.listing_counts(&listing).0, 7);
    assert_eq!(app.photo_rows(), 7);
    assert_eq!(app.photo_files(), 21);
    let res = app
        .get(&format!("/api/v1/market/photos/{gone}/thumbnail"))
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app.send_as(Method::DELETE, &token, &path, None).await;
    expect_problem(res, 404, "not_found").await;

    // Room again: the next one goes last.
    let res = app.upload_photo(&token, &listing, small_png()).await;
    assert_eq!(res.status(), 201);
    let photo: Value = res.json().await.expect("photo");
    assert_eq!(photo["position"], 8);
}

#[tokio::test]
async fn only_the_seller_and_staff_add_or_remove_photos() {
    let app = TestApp::spawn().await;
    let (org, seller_token, listing) = seller_with_listing(&app).await;
    let path = format!("/api/v1/market/listings/{listing}/photos");

    // No token.
    let res = app
        .client
        .post(app.url(&path))
        .body(small_png())
        .send()
        .await
        .expect("request");
    expect_problem(res, 401, "unauthorized").await;

    // A role that may not change listings.
    let mentor = app.token(&org, Role::Mentor).await;
    let res = app.upload_photo(&mentor, &listing, small_png()).await;
    expect_problem(res, 403, "forbidden").await;

    // Another organisation's admin, and a participant who is not the seller.
    let other = app.create_org("Elsewhere");
    let outsider = app.token(&other, Role::Admin).await;
    let res = app.upload_photo(&outsider, &listing, small_png()).await;
    expect_problem(res, 404, "not_found").await;
    let (_o2, other_seller, _l2) = seller_with_listing(&app).await;
    let res = app.upload_photo(&other_seller, &listing, small_png()).await;
    expect_problem(res, 404, "not_found").await;
    assert_eq!(app.photo_rows(), 0);
    assert_eq!(app.photo_files(), 0);

    // Staff of the organisation may; the seller may remove it.
    let coordinator = app.token(&org, Role::Coordinator).await;
    let res = app.upload_photo(&coordinator, &listing, small_png()).await;
    assert_eq!(res.status(), 201);
    let photo: Value = res.json().await.expect("photo");
    let id = photo["id"].as_str().expect("id");
    let one = format!("{path}/{id}");
    let res = app.send_as(Method::DELETE, &outsider, &one, None).await;
    expect_problem(res, 404, "not_found").await;
    let res = app.send_as(Method::DELETE, &mentor, &one, None).await;
    expect_problem(res, 403, "forbidden").await;
    assert_eq!(app.photo_rows(), 1);
    let res = app.send_as(Method::DELETE, &seller_token, &one, None).await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.photo_rows(), 0);

    // Unknown listings and photos.
    let unknown = uuid::Uuid::now_v7();
    let res = app
        .upload_photo(&coordinator, &unknown.to_string(), small_png())
        .await;
    expect_problem(res, 404, "not_found").await;
    for bad in [
        format!("/api/v1/market/photos/{unknown}/large"),
        format!("/api/v1/market/photos/{id}/huge"),
        "/api/v1/market/photos/not-an-id/large".to_string(),
    ] {
        expect_problem(app.get(&bad).await, 404, "not_found").await;
    }
}
