//! Settings from environment variables, each with a default that works on a
//! fresh machine (see the configuration table in README.md).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use base64::Engine;
use rand::RngCore;

use crate::db::DatabaseTarget;

/// Default listening address: loopback only, so a laptop never exposes
/// refugees' data to the café Wi-Fi by accident.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// Default largest request body, in bytes (1 MiB).
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;
const JWT_KEY_FILE: &str = "jwt-signing.key";

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `SKUPAJ_ADDR`: where to listen.
    pub addr: SocketAddr,
    /// `SKUPAJ_DATA_DIR`: the SQLite file, the JWT key and uploaded photos.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: which database.
    pub database: DatabaseTarget,
    /// `SKUPAJ_JWT_SECRET`, else the key file in the data folder.
    pub jwt_secret: Secret,
    /// `SKUPAJ_BODY_LIMIT`: the largest request body in bytes.
    pub body_limit: usize,
    /// `SKUPAJ_WEB_DIR`: the built SPA.
    pub web_dir: PathBuf,
    /// `SKUPAJ_DB_POOL_SIZE`: connections per process.
    pub pool_size: u32,
    /// `SKUPAJ_PUBLIC_URL`: the address people open, for invitation and
    /// reset links; without it, links name the host the request came to.
    pub public_url: Option<String>,
    /// `SKUPAJ_SUPPRESSION_THRESHOLD`: in tables for analysts and API keys,
    /// counts from 1 up to this minus one are suppressed (default 5).
    pub suppression_threshold: i64,
    /// `SKUPAJ_TIME_ZONE`: the IANA time zone of meetings whose venue names
    /// none (default Europe/Ljubljana).
    pub time_zone: chrono_tz::Tz,
    /// `SKUPAJ_MARKET_HOLD_HOURS`: how long a market order that is neither
    /// paid nor ready keeps its stock before the server releases it
    /// (default 72, three days).
    pub market_hold_hours: i64,
    /// `SKUPAJ_MARKET_BUYER_DAYS`: days after an order is completed or
    /// cancelled until the buyer's name, contact, address and note are
    /// erased (default 90).
    pub market_buyer_days: i64,
    /// `SKUPAJ_MARKET_SWEEP_SECONDS`: how often the server looks for unpaid
    /// orders to release and buyers to erase (default 300).
    pub market_sweep_seconds: u64,
    /// `SKUPAJ_S3_*`: photos in an S3-compatible bucket instead of the
    /// folder `photos/` in the data folder; `None` without `SKUPAJ_S3_BUCKET`.
    pub s3: Option<S3Settings>,
}

/// The default `SKUPAJ_S3_REGION`.
pub const DEFAULT_S3_REGION: &str = "us-east-1";

/// Where photos go when they are kept in an S3-compatible store (AWS,
/// MinIO, Garage, Ceph, ...), so that several API processes share them.
#[derive(Clone, Default)]
pub struct S3Settings {
    /// `SKUPAJ_S3_BUCKET`: the bucket, which must exist.
    pub bucket: String,
    /// `SKUPAJ_S3_ENDPOINT`: the store's address for a store other than
    /// AWS, e.g. `http://minio:9000`; `None` for AWS itself.
    pub endpoint: Option<String>,
    /// `SKUPAJ_S3_REGION` (default us-east-1).
    pub region: String,
    /// `SKUPAJ_S3_ACCESS_KEY_ID`.
    pub access_key_id: String,
    /// `SKUPAJ_S3_SECRET_ACCESS_KEY`.
    pub secret_access_key: String,
    /// Whether a plain-HTTP endpoint is allowed: when the endpoint starts
    /// with `http://` (a store on the same private network).
    pub allow_http: bool,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"***")
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

/// The `SKUPAJ_S3_*` settings: `None` without a bucket (photos in the data
/// folder); an error naming the variable when one is wrong or missing.
fn s3_settings(get: &impl Fn(&str) -> Option<String>) -> Result<Option<S3Settings>, ConfigError> {
    const OTHERS: [&str; 4] = [
        "SKUPAJ_S3_ENDPOINT",
        "SKUPAJ_S3_REGION",
        "SKUPAJ_S3_ACCESS_KEY_ID",
        "SKUPAJ_S3_SECRET_ACCESS_KEY",
    ];
    let Some(bucket) = get("SKUPAJ_S3_BUCKET").map(|b| b.trim().to_owned()) else {
        return match OTHERS.iter().find(|name| get(name).is_some()) {
            Some(name) => Err(config_err(
                "SKUPAJ_S3_BUCKET",
                format!("needed when {name} is set (it turns the S3 photo store on)"),
            )),
            None => Ok(None),
        };
    };
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-'))
        && !bucket.starts_with(['.', '-'])
        && !bucket.ends_with(['.', '-']);
    if !bucket_ok {
        return Err(config_err(
            "SKUPAJ_S3_BUCKET",
            "a bucket name of 3 to 63 lowercase letters, digits, dots and hyphens",
        ));
    }
    let endpoint =
        match get("SKUPAJ_S3_ENDPOINT").map(|e| e.trim().trim_end_matches('/').to_owned()) {
            Some(e) => {
                let host = e
                    .strip_prefix("http://")
                    .or_else(|| e.strip_prefix("https://"))
                    .ok_or_else(|| {
                        config_err("SKUPAJ_S3_ENDPOINT", "must start with http:// or https://")
                    })?;
                if host.is_empty() || host.contains(char::is_whitespace) {
                    return Err(config_err(
                        "SKUPAJ_S3_ENDPOINT",
                        "an address such as http://minio:9000",
                    ));
                }
                Some(e)
            }
            None => None,
        };
    let region = get("SKUPAJ_S3_REGION")
        .map(|r| r.trim().to_owned())
        .unwrap_or_else(|| DEFAULT_S3_REGION.to_owned());
    let needed = |name: &'static str| {
        get(name).ok_or_else(|| config_err(name, "needed when SKUPAJ_S3_BUCKET is set"))
    };
    let access_key_id = needed("SKUPAJ_S3_ACCESS_KEY_ID")?;
    let secret_access_key = needed("SKUPAJ_S3_SECRET_ACCESS_KEY")?;
    let allow_http = endpoint
        .as_deref()
        .is_some_and(|e| e.starts_with("http://"));
    Ok(Some(S3Settings {
        bucket,
        endpoint,
        region,
        access_key_id,
        secret_access_key,
        allow_http,
    }))
}

/// A value that must never be printed.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A setting that cannot be used, named so that the operator can fix it.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {message}")]
pub struct ConfigError {
    pub name: &'static str,
    pub message: String,
}

fn config_err(name: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        name,
        message: message.into(),
    }
}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    /// Creates the data folder and, when none is given, the JWT key.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let addr = get("SKUPAJ_ADDR")
            .unwrap_or_else(|| DEFAULT_ADDR.to_string())
            .parse::<SocketAddr>()
            .map_err(|e| {
                config_err(
                    "SKUPAJ_ADDR",
                    format!("not an address like 127.0.0.1:8080: {e}"),
                )
            })?;
        let data_dir = PathBuf::from(get("SKUPAJ_DATA_DIR").unwrap_or_else(|| "data".into()));
        std::fs::create_dir_all(&data_dir).map_err(|e| {
            config_err(
                "SKUPAJ_DATA_DIR",
                format!("cannot create {}: {e}", data_dir.display()),
            )
        })?;
        let database = match get("DATABASE_URL") {
            Some(url) => DatabaseTarget::parse(&url).map_err(|m| config_err("DATABASE_URL", m))?,
            None => DatabaseTarget::Sqlite(data_dir.join("skupaj.sqlite")),
        };
        let jwt_secret = match get("SKUPAJ_JWT_SECRET") {
            Some(s) if s.len() < 32 => {
                return Err(config_err(
                    "SKUPAJ_JWT_SECRET",
                    "must be at least 32 characters",
                ))
            }
            Some(s) => Secret::new(s.into_bytes()),
            None => load_or_create_key(&data_dir.join(JWT_KEY_FILE))
                .map_err(|e| config_err("SKUPAJ_JWT_SECRET", e))?,
        };
        let body_limit = match get("SKUPAJ_BODY_LIMIT") {
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| *n >= 1024)
                .ok_or_else(|| {
                    config_err("SKUPAJ_BODY_LIMIT", "a number of bytes, at least 1024")
                })?,
            None => DEFAULT_BODY_LIMIT,
        };
        let web_dir = get("SKUPAJ_WEB_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(default_web_dir);
        let pool_size = match get("SKUPAJ_DB_POOL_SIZE") {
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=256).contains(n))
                .ok_or_else(|| config_err("SKUPAJ_DB_POOL_SIZE", "a number from 1 to 256"))?,
            None => 8,
        };
        let public_url = match get("SKUPAJ_PUBLIC_URL") {
            Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                Some(u.trim_end_matches('/').to_string())
            }
            Some(_) => {
                return Err(config_err(
                    "SKUPAJ_PUBLIC_URL",
                    "must start with http:// or https://",
                ))
            }
            None => None,
        };
        let suppression_threshold = match get("SKUPAJ_SUPPRESSION_THRESHOLD") {
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=100).contains(n))
                .ok_or_else(|| {
                    config_err("SKUPAJ_SUPPRESSION_THRESHOLD", "a number from 1 to 100")
                })?,
            None => 5,
        };
        let time_zone = match get("SKUPAJ_TIME_ZONE") {
            Some(v) => v.trim().parse::<chrono_tz::Tz>().map_err(|_| {
                config_err(
                    "SKUPAJ_TIME_ZONE",
                    "an IANA time zone such as Europe/Ljubljana",
                )
            })?,
            None => chrono_tz::Europe::Ljubljana,
        };
        let market_hold_hours = number(&get, "SKUPAJ_MARKET_HOLD_HOURS", 1, 24 * 365, 72)?;
        let market_buyer_days = number(&get, "SKUPAJ_MARKET_BUYER_DAYS", 0, 3650, 90)?;
        let market_sweep_seconds =
            number(&get, "SKUPAJ_MARKET_SWEEP_SECONDS", 1, 86_400, 300)? as u64;
        let s3 = s3_settings(&get)?;
        Ok(Self {
            addr,
            suppression_threshold,
            time_zone,
            market_hold_hours,
            market_buyer_days,
            market_sweep_seconds,
            data_dir,
            database,
            jwt_secret,
            body_limit,
            web_dir,
            pool_size,
            public_url,
            s3,
        })
    }
}

/// The whole number in `name`, from `min` to `max`, or `default` when unset.
fn number(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    min: i64,
    max: i64,
    default: i64,
) -> Result<i64, ConfigError> {
    match get(name) {
        Some(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| config_err(name, format!("a whole number from {min} to {max}"))),
        None => Ok(default),
    }
}

/// `web-frontend/dist` under the working folder; failing that, beside the
/// repository the binary was built in (`target/<profile>/skupaj`), so that
/// `skupaj serve` finds the SPA from the repository root after `make`.
fn default_web_dir() -> PathBuf {
    let local = PathBuf::from("web-frontend/dist");
    if local.join("index.html").is_file() {
        return local;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent()?.parent().map(Path::to_path_buf))
        .map(|root| root.join("web-frontend/dist"))
        .filter(|p| p.join("index.html").is_file())
        .unwrap_or(local)
}

/// Reads the signing key, or makes a random one readable only by its owner.
fn load_or_create_key(path: &Path) -> Result<Secret, String> {
    let engine = base64::engine::general_purpose::STANDARD;
    if path.exists() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let bytes = engine
            .decode(text.trim())
            .map_err(|e| format!("{} is not base64: {e}", path.display()))?;
        if bytes.len() < 32 {
            return Err(format!("{} holds fewer than 32 bytes", path.display()));
        }
        return Ok(Secret::new(bytes));
    }
    let mut bytes = vec![0u8; 64];
    rand::rng().fill_bytes(&mut bytes);
    write_private(path, engine.encode(&bytes).as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    log::info!("created a new JWT signing key in {}", path.display());
    Ok(Secret::new(bytes))
}

#[cfg(unix)]
fn write_private(path: &Path, content: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(content)?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_need_nothing_but_a_writable_folder() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let data = dir.path().join("d");
        let s = settings(&[("SKUPAJ_DATA_DIR", &data.to_string_lossy())])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.addr.to_string(), DEFAULT_ADDR);
        assert_eq!(
            s.database,
            DatabaseTarget::Sqlite(data.join("skupaj.sqlite"))
        );
        assert_eq!(s.body_limit, DEFAULT_BODY_LIMIT);
        // The generated key is kept: a restart must not log everybody out.
        let again = settings(&[("SKUPAJ_DATA_DIR", &data.to_string_lossy())])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.jwt_secret.expose(), again.jwt_secret.expose());
        assert_eq!(s.jwt_secret.expose().len(), 64);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path().to_string_lossy().to_string();
        for (var, val) in [
            ("SKUPAJ_ADDR", "localhost"),
            ("DATABASE_URL", "mysql://x/y"),
            ("SKUPAJ_BODY_LIMIT", "12"),
            ("SKUPAJ_JWT_SECRET", "short"),
            ("SKUPAJ_DB_POOL_SIZE", "0"),
        ] {
            let err = settings(&[("SKUPAJ_DATA_DIR", &d), (var, val)]).err();
            assert_eq!(
                err.map(|e| e.name),
                Some(var),
                "{var}={val} should be refused"
            );
        }
    }

    #[test]
    fn s3_is_on_with_a_bucket_and_keys() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path().to_string_lossy().to_string();
        let off = settings(&[("SKUPAJ_DATA_DIR", &d)]).unwrap_or_else(|e| panic!("{e}"));
        assert!(off.s3.is_none(), "photos in the data folder by default");
        let s = settings(&[
            ("SKUPAJ_DATA_DIR", &d),
            ("SKUPAJ_S3_BUCKET", "skupaj-photos"),
            ("SKUPAJ_S3_ENDPOINT", "http://minio:9000/"),
            ("SKUPAJ_S3_ACCESS_KEY_ID", "key"),
            ("SKUPAJ_S3_SECRET_ACCESS_KEY", "very-secret"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let s3 = s.s3.unwrap_or_else(|| panic!("S3 should be on"));
        assert_eq!(s3.bucket, "skupaj-photos");
        assert_eq!(s3.endpoint.as_deref(), Some("http://minio:9000"));
        assert_eq!(s3.region, DEFAULT_S3_REGION);
        assert!(s3.allow_http, "an http:// endpoint is plain HTTP");
        assert!(!format!("{s3:?}").contains("very-secret"));
        let aws = settings(&[
            ("SKUPAJ_DATA_DIR", &d),
            ("SKUPAJ_S3_BUCKET", "skupaj-photos"),
            ("SKUPAJ_S3_REGION", "eu-central-1"),
            ("SKUPAJ_S3_ACCESS_KEY_ID", "key"),
            ("SKUPAJ_S3_SECRET_ACCESS_KEY", "secret"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let s3 = aws.s3.unwrap_or_else(|| panic!("S3 should be on"));
        assert_eq!((s3.endpoint, s3.allow_http), (None, false));
        assert_eq!(s3.region, "eu-central-1");
    }

    #[test]
    fn bad_s3_settings_name_the_variable() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path().to_string_lossy().to_string();
        let full = [
            ("SKUPAJ_S3_BUCKET", "skupaj-photos"),
            ("SKUPAJ_S3_ACCESS_KEY_ID", "key"),
            ("SKUPAJ_S3_SECRET_ACCESS_KEY", "secret"),
        ];
        let cases: [(&[(&str, &str)], &str); 6] = [
            (&full[1..], "SKUPAJ_S3_BUCKET"),
            (
                &[("SKUPAJ_S3_ENDPOINT", "http://minio:9000")],
                "SKUPAJ_S3_BUCKET",
            ),
            (&[("SKUPAJ_S3_BUCKET", "Bad_Bucket")], "SKUPAJ_S3_BUCKET"),
            (&full[..2], "SKUPAJ_S3_SECRET_ACCESS_KEY"),
            (&[full[0], full[2]], "SKUPAJ_S3_ACCESS_KEY_ID"),
            (
                &[
                    full[0],
                    full[1],
                    full[2],
                    ("SKUPAJ_S3_ENDPOINT", "minio:9000"),
                ],
                "SKUPAJ_S3_ENDPOINT",
            ),
        ];
        for (vars, var) in cases {
            let mut all = vec![("SKUPAJ_DATA_DIR", d.as_str())];
            all.extend_from_slice(vars);
            let err = settings(&all).err();
            assert_eq!(err.map(|e| e.name), Some(var), "{vars:?} should be refused");
        }
    }
}
