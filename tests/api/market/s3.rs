//! Photos in an S3-compatible bucket shared by two API processes: a photo
//! uploaded through one is served by the other, the stored objects carry
//! no EXIF or GPS, and deleting through the other removes them.
//!
//! `make test` starts moto's S3 server and passes its address in
//! `SKUPAJ_TEST_S3_URL`; without it (a plain `cargo test`) the test says
//! it was skipped and passes.

use std::collections::HashMap;

use image::ImageFormat;
use serde_json::Value;
use skupaj::market::photos::{photo_key, PhotoStore, Size};

use crate::support::market::{contains, encode, exif_with_gps, picture, with_exif};
use crate::support::{listing_body, Setup, TestApp};

/// Set by `make test` to the address of a throwaway S3 server.
const S3_ENV: &str = "SKUPAJ_TEST_S3_URL";

/// Both processes sign their tokens with the same key, as a deployment
/// behind a load balancer does.
const JWT_SECRET: &str = "s3-test-shared-jwt-secret-0123456789abcdef";

/// A fresh bucket on the test server (moto takes unsigned requests; the
/// store itself cannot create buckets).
async fn new_bucket(url: &str) -> String {
    let bucket = format!("skupaj-{}", uuid::Uuid::now_v7().simple());
    let res = reqwest::Client::new()
        .put(format!("{url}/{bucket}"))
        .send()
        .await
        .expect("create bucket");
    assert!(res.status().is_success(), "create bucket: {}", res.status());
    bucket
}

fn s3_env(url: &str, bucket: &str) -> HashMap<String, String> {
    HashMap::from(
        [
            ("SKUPAJ_S3_BUCKET", bucket),
            ("SKUPAJ_S3_ENDPOINT", url),
            ("SKUPAJ_S3_ACCESS_KEY_ID", "testing"),
            ("SKUPAJ_S3_SECRET_ACCESS_KEY", "testing"),
            ("SKUPAJ_JWT_SECRET", JWT_SECRET),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    )
}

#[tokio::test]
async fn two_processes_share_photos_in_one_bucket() {
    let Ok(url) = std::env::var(S3_ENV) else {
        eprintln!("skipped: {S3_ENV} is not set (make test starts an S3 server)");
        return;
    };
    let url = url.trim_end_matches('/').to_owned();
    let bucket = new_bucket(&url).await;
    let a = TestApp::spawn_with(Setup {
        env: s3_env(&url, &bucket),
        ..Setup::default()
    })
    .await;
    let b = TestApp::spawn_with(Setup {
        env: s3_env(&url, &bucket),
        pool: Some((a.state.settings.database.clone(), a.state.pool.clone())),
        ..Setup::default()
    })
    .await;
    assert!(a.state.settings.s3.is_some() && b.state.settings.s3.is_some());
    // Read back as a third client of the bucket.
    let bucket_store = PhotoStore::s3(a.state.settings.s3.as_ref().expect("s3")).expect("store");

    let org = a.create_org("Zavod Oblak");
    let (_seller, token) = a.become_seller(&org).await;
    let listing = a.create_listing(&token, listing_body()).await;
    let listing = listing["id"].as_str().expect("listing id").to_owned();
    let upload = with_exif(
        &encode(picture(400, 200), ImageFormat::Jpeg),
        &exif_with_gps(1),
    );
    assert!(contains(&upload, b"Exif"));

    let res = a.upload_photo(&token, &listing, upload).await;
    assert_eq!(res.status(), 201);
    let photo: Value = res.json().await.expect("photo");
    let id = photo["id"].as_str().expect("photo id").to_owned();
    assert_eq!(a.photo_files(), 0, "nothing in A's data folder");

    for size in Size::ALL {
        let key = photo_key(&id, size);
        let stored = bucket_store
            .get(&key)
            .await
            .expect("bucket")
            .unwrap_or_else(|| panic!("{key} in the bucket"));
        assert_eq!(stored.content_type, "image/jpeg", "{key}");
        assert!(!contains(&stored.bytes, b"Exif"), "{key}: no EXIF");
        assert!(!contains(&stored.bytes, b"MM\x00\x2A"), "{key}: no TIFF");
        assert!(!contains(&stored.bytes, b"N\x00\x00\x00"), "{key}: no GPS");

        let url = photo[size.as_str()]["url"].as_str().expect("url");
        let res = b.get(url).await;
        assert_eq!(res.status(), 200, "B serves {url}");
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        let served = res.bytes().await.expect("bytes");
        assert_eq!(
            served.as_ref(),
            stored.bytes.as_slice(),
            "{key} byte for byte"
        );
    }
    assert_eq!(b.photo_files(), 0, "nothing in B's data folder");

    let res = b
        .send_as(
            reqwest::Method::DELETE,
            &token,
            &format!("/api/v1/market/listings/{listing}/photos/{id}"),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    for size in Size::ALL {
        let key = photo_key(&id, size);
        assert_eq!(
            bucket_store.get(&key).await.expect("bucket"),
            None,
            "{key} removed"
        );
        let url = photo[size.as_str()]["url"].as_str().expect("url");
        assert_eq!(a.get(url).await.status(), 404, "A no longer serves {url}");
    }
}
