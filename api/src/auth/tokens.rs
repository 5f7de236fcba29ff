//! Access tokens (short-lived JWTs) and opaque secrets (refresh tokens,
//! invitation links, API keys) that are stored only as hashes.

use base64::Engine;
use chrono::Utc;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Access tokens live 15 minutes; the SPA refreshes them before then.
pub const ACCESS_TTL_SECONDS: i64 = 15 * 60;
pub const ISSUER: &str = "skupaj";
pub const AUDIENCE: &str = "skupaj-api";
/// The one algorithm accepted: a token that names another (or `none`) is refused.
const ALGORITHM: Algorithm = Algorithm::HS256;

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user's id.
    pub sub: String,
    /// The organisation the token acts in.
    pub org: String,
    pub iat: i64,
    pub exp: i64,
}

/// Signing and verification keys, with the key id put in each token's header.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    kid: String,
    validation: Validation,
    /// Tokens whose signature this process has checked, with their claims:
    /// a client sends the same token with every request for 15 minutes,
    /// and the same bytes under the same key always check the same way.
    /// Expiry is checked at every use. Only valid tokens enter, so its
    /// size is bounded by the tokens issued; it is emptied when full.
    verified: std::sync::Mutex<Verified>,
}

/// Checked tokens and their claims.
type Verified = std::collections::HashMap<Box<str>, Claims>;

/// Seconds of clock skew allowed on a token's expiry.
const LEEWAY_SECONDS: i64 = 5;
/// The most verified tokens remembered at once.
const VERIFIED_MAX: usize = 4096;

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        // The key id names the key without revealing it, so that a rotated
        // key can be told apart from the old one.
        let kid = hex::encode(&Sha256::digest(secret)[..8]);
        let mut validation = Validation::new(ALGORITHM);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECONDS.unsigned_abs();
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            kid,
            validation,
            verified: Default::default(),
        }
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// A signed access token for `user_id` acting in `organization_id`.
    pub fn issue(&self, user_id: &str, organization_id: &str) -> Result<String, String> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.into(),
            org: organization_id.into(),
            iat: now,
            exp: now + ACCESS_TTL_SECONDS,
        };
        self.sign(&claims)
    }

    /// Signs any claims (tests use it to make expired or foreign tokens).
    pub fn sign(&self, claims: &Claims) -> Result<String, String> {
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(self.kid.clone());
        encode(&header, claims, &self.encoding).map_err(|e| e.to_string())
    }

    /// The claims of a valid token: right algorithm, key id, signature,
    /// issuer and audience, and not expired.
    pub fn verify(&self, token: &str) -> Result<Claims, String> {
        let remembered = self.remembered().get(token).cloned();
        if let Some(claims) = remembered {
            return if claims.exp < Utc::now().timestamp() - LEEWAY_SECONDS {
                Err("ExpiredSignature".into())
            } else {
                Ok(claims)
            };
        }
        let header = jsonwebtoken::decode_header(token).map_err(|e| e.to_string())?;
        if header.alg != ALGORITHM {
            return Err("unexpected algorithm".into());
        }
        if header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err("unknown key id".into());
        }
        let claims = decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| e.to_string())?;
        let mut verified = self.remembered();
        if verified.len() >= VERIFIED_MAX {
            verified.clear();
        }
        verified.insert(token.into(), claims.clone());
        Ok(claims)
    }

    fn remembered(&self) -> std::sync::MutexGuard<'_, Verified> {
        // A panic while holding it left nothing half-written worth refusing.
        self.verified
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A new random secret: `prefix` followed by 32 random bytes in base64url.
pub fn random_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The SHA-256 of a high-entropy secret, as stored (hex).
pub fn sha256_hex(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compares two strings in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_with_its_key_only() {
        let keys = JwtKeys::new(&[7u8; 64]);
        let token = keys.issue("u1", "o1").unwrap_or_default();
        let claims = keys.verify(&token).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((claims.sub.as_str(), claims.org.as_str()), ("u1", "o1"));
        assert!(JwtKeys::new(&[8u8; 64]).verify(&token).is_err());
    }

    #[test]
    fn alg_none_and_expired_tokens_are_refused() {
        let keys = JwtKeys::new(&[7u8; 64]);
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let none = format!(
            "{}.{}.",
            b64(&format!(
                r#"{{"alg":"none","typ":"JWT","kid":"{}"}}"#,
                keys.kid()
            )),
            b64(
                r#"{"iss":"skupaj","aud":"skupaj-api","sub":"u1","org":"o1","iat":0,"exp":99999999999}"#
            )
        );
        assert!(keys.verify(&none).is_err());
        let now = Utc::now().timestamp();
        let expired = keys
            .sign(&Claims {
                iss: ISSUER.into(),
                aud: AUDIENCE.into(),
                sub: "u".into(),
                org: "o".into(),
                iat: now - 3600,
                exp: now - 60,
            })
            .unwrap_or_default();
        assert!(keys.verify(&expired).is_err());
    }

    #[test]
    fn a_remembered_token_is_still_refused_once_it_expires() {
        let keys = JwtKeys::new(&[7u8; 64]);
        let token = keys.issue("u1", "o1").unwrap_or_default();
        assert!(keys.verify(&token).is_ok());
        assert!(keys.verify(&token).is_ok(), "again, from memory");
        // As if 15 minutes had passed: the remembered claims have expired.
        if let Some(claims) = keys.remembered().get_mut(token.as_str()) {
            claims.exp = Utc::now().timestamp() - 60;
        }
        assert!(keys.verify(&token).is_err());
        // A tampered copy of a remembered token is checked in full.
        let tampered = format!("{token}x");
        assert!(keys.verify(&tampered).is_err());
    }

    #[test]
    fn secrets_are_random_and_hash_stably() {
        let a = random_secret("x_");
        assert!(a.starts_with("x_") && a.len() > 40);
        assert_ne!(a, random_secret("x_"));
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(
            constant_time_eq("abc", "abc")
                && !constant_time_eq("abc", "abd")
                && !constant_time_eq("abc", "ab")
        );
    }
}
