//! Where photos are kept: a folder (by default under `SKUPAJ_DATA_DIR`) or
//! an S3-compatible object store, so that several API processes share
//! them. Both go through the `object_store` crate.
//!
//! Keys are relative, `/`-separated paths such as
//! `photos/<photo id>/medium.jpg`; a key with an empty, `.` or `..`
//! segment, a leading `/`, a backslash or any character outside
//! `A-Z a-z 0-9 . _ -` is refused before it reaches the store.

use std::path::Path;
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{Attribute, Attributes, ObjectStore, ObjectStoreExt, PutOptions, PutPayload};

/// What can go wrong when storing or reading a photo.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The key is not a safe relative path (a bug in the caller).
    #[error("invalid storage key {0:?}")]
    InvalidKey(String),
    /// The folder could not be created or opened.
    #[error("photo folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    /// The store failed (disk, network, credentials, configuration).
    #[error("photo store: {0}")]
    Store(#[from] object_store::Error),
}

pub use crate::config::S3Settings;

/// A stored object as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub bytes: Vec<u8>,
    pub content_type: String,
}

/// The photo storage; cheap to clone (one shared client).
#[derive(Debug, Clone)]
pub struct PhotoStore {
    inner: Arc<dyn ObjectStore>,
    /// Whether the store keeps a content type with each object (S3 does, a
    /// folder does not: there the type comes from the key's extension).
    keeps_content_type: bool,
}

impl PhotoStore {
    /// A store in the folder `dir`, created if missing. Emptied
    /// subfolders are removed as their last photo is deleted.
    pub fn local(dir: &Path) -> Result<Self, StoreError> {
        let folder_error = |source| StoreError::Folder {
            path: dir.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(folder_error)?;
        let fs = LocalFileSystem::new_with_prefix(dir)?.with_automatic_cleanup(true);
        Ok(Self {
            inner: Arc::new(fs),
            keeps_content_type: false,
        })
    }

    /// The store the settings name: the S3 bucket when `SKUPAJ_S3_BUCKET`
    /// is set, else the folder `photos/` in the data folder. Should the
    /// store not open (the settings were checked when read, and the data
    /// folder was created then), photos are kept in memory and the failure
    /// is logged: uploads then work until a restart.
    pub fn for_settings(settings: &crate::Settings) -> Self {
        let store = match &settings.s3 {
            Some(s3) => Self::s3(s3),
            None => Self::local(&settings.data_dir.join("photos")),
        };
        store.unwrap_or_else(|e| {
            log::error!("{e}; photos are kept in memory until the store opens");
            Self {
                inner: Arc::new(object_store::memory::InMemory::new()),
                keeps_content_type: true,
            }
        })
    }

    /// A store in an S3 bucket. Only builds the client: nothing is sent
    /// until the first request, so wrong credentials show there.
    pub fn s3(settings: &S3Settings) -> Result<Self, StoreError> {
        // reqwest is built with rustls but without a crypto provider (the
        // default one, aws-lc, is a long C build): ring, which signs the
        // JWTs already, is installed as the process's provider. Failing
        // means one is installed already, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.secret_access_key)
            .with_allow_http(settings.allow_http);
        if let Some(endpoint) = &settings.endpoint {
            // Stores other than AWS address buckets by path, not by host.
            builder = builder
                .with_endpoint(endpoint)
                .with_virtual_hosted_style_request(false);
        }
        Ok(Self {
            inner: Arc::new(builder.build()?),
            keeps_content_type: true,
        })
    }

    /// Stores `bytes` under `key`, replacing what was there.
    pub async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<(), StoreError> {
        let path = object_path(key)?;
        let mut options = PutOptions::default();
        if self.keeps_content_type {
            let mut attributes = Attributes::new();
            attributes.insert(Attribute::ContentType, content_type.to_owned().into());
            options.attributes = attributes;
        }
        self.inner
            .put_opts(&path, PutPayload::from(bytes), options)
            .await?;
        Ok(())
    }

    /// The object under `key`, or `None` when there is none.
    pub async fn get(&self, key: &str) -> Result<Option<StoredObject>, StoreError> {
        let path = object_path(key)?;
        let result = match self.inner.get(&path).await {
            Ok(result) => result,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let content_type = result
            .attributes
            .get(&Attribute::ContentType)
            .map(|v| AsRef::<str>::as_ref(v).to_owned())
            .unwrap_or_else(|| content_type_of(key).to_owned());
        let bytes = result.bytes().await?;
        Ok(Some(StoredObject {
            bytes: bytes.to_vec(),
            content_type,
        }))
    }

    /// Removes the object under `key`; removing a missing one is no error.
    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let path = object_path(key)?;
        match self.inner.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// The storage key of one size of a photo: `photos/<id>/<size>.jpg`.
pub fn photo_key(photo_id: &str, size: super::Size) -> String {
    format!(
        "photos/{photo_id}/{}.{}",
        size.as_str(),
        super::process::VARIANT_EXTENSION
    )
}

/// Checks that `key` is a safe relative path; see the module comment.
pub fn validate_key(key: &str) -> Result<(), StoreError> {
    let invalid = || StoreError::InvalidKey(key.to_owned());
    if key.is_empty() || key.len() > 512 {
        return Err(invalid());
    }
    for segment in key.split('/') {
        let safe_chars = segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if segment.is_empty() || segment == "." || segment == ".." || !safe_chars {
            return Err(invalid());
        }
    }
    Ok(())
}

fn object_path(key: &str) -> Result<ObjectPath, StoreError> {
    validate_key(key)?;
    ObjectPath::parse(key).map_err(|_| StoreError::InvalidKey(key.to_owned()))
}

/// The content type of a key by its extension (for stores that keep none).
fn content_type_of(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::photos::Size;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    }

    #[test]
    fn local_put_get_delete() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("data").join("photos-store");
        let store = PhotoStore::local(&root)?;
        assert!(root.is_dir(), "the folder is created");
        let key = photo_key("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", Size::Medium);
        assert_eq!(
            key,
            "photos/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/medium.jpg"
        );
        runtime().block_on(async {
            assert_eq!(store.get(&key).await?, None, "missing before put");
            store
                .put(&key, vec![0xFF, 0xD8, 1, 2, 3], "image/jpeg")
                .await?;
            assert!(root.join(&key).is_file(), "a real file under the folder");
            let got = store.get(&key).await?.expect("stored");
            assert_eq!(got.bytes, vec![0xFF, 0xD8, 1, 2, 3]);
            assert_eq!(got.content_type, "image/jpeg");

            // Replacing.
            store.put(&key, vec![9, 9], "image/jpeg").await?;
            assert_eq!(store.get(&key).await?.map(|o| o.bytes), Some(vec![9, 9]));

            store.delete(&key).await?;
            assert_eq!(store.get(&key).await?, None, "missing after delete");
            // Deleting again is no error.
            store.delete(&key).await?;
            Ok::<_, StoreError>(())
        })?;
        assert!(
            !root
                .join("photos/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
                .exists(),
            "the emptied photo folder is removed"
        );
        Ok(())
    }

    #[test]
    fn two_stores_on_one_folder_share_photos() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = PhotoStore::local(dir.path())?;
        let b = PhotoStore::local(dir.path())?;
        runtime().block_on(async {
            a.put("photos/p1/large.jpg", vec![1, 2, 3], "image/jpeg")
                .await?;
            assert_eq!(
                b.get("photos/p1/large.jpg").await?.map(|o| o.bytes),
                Some(vec![1, 2, 3])
            );
            Ok(())
        })
    }

    #[test]
    fn unsafe_keys_are_refused_before_the_store() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let inner = dir.path().join("store");
        let store = PhotoStore::local(&inner)?;
        let bad = [
            "",
            "/etc/passwd",
            "../outside.jpg",
            "photos/../../outside.jpg",
            "photos/./a.jpg",
            "photos//a.jpg",
            "photos/a.jpg/",
            "photos\\..\\a.jpg",
            "photos/a b.jpg",
            "photos/ä.jpg",
            "C:/x.jpg",
        ];
        runtime().block_on(async {
            for key in bad {
                assert!(
                    matches!(
                        store.put(key, vec![1], "image/jpeg").await,
                        Err(StoreError::InvalidKey(_))
                    ),
                    "put {key:?}"
                );
                assert!(
                    matches!(store.get(key).await, Err(StoreError::InvalidKey(_))),
                    "get {key:?}"
                );
                assert!(
                    matches!(store.delete(key).await, Err(StoreError::InvalidKey(_))),
                    "delete {key:?}"
                );
            }
        });
        assert!(!dir.path().join("outside.jpg").exists());
        Ok(())
    }

    #[test]
    fn content_type_comes_from_the_extension_on_a_folder() {
        assert_eq!(content_type_of("photos/x/large.jpg"), "image/jpeg");
        assert_eq!(content_type_of("photos/x/large.JPEG"), "image/jpeg");
        assert_eq!(content_type_of("photos/x/large.webp"), "image/webp");
        assert_eq!(
            content_type_of("photos/x/large"),
            "application/octet-stream"
        );
    }

    #[test]
    fn s3_client_builds_without_a_server() -> Result<(), StoreError> {
        // Building sends nothing; the store itself is tested against moto
        // in tests/api/market/s3.rs.
        let store = PhotoStore::s3(&S3Settings {
            bucket: "skupaj-photos".into(),
            endpoint: Some("http://127.0.0.1:9000".into()),
            region: "us-east-1".into(),
            access_key_id: "key".into(),
            secret_access_key: "secret".into(),
            allow_http: true,
        })?;
        assert!(store.keeps_content_type);
        Ok(())
    }
}
