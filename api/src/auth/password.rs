//! Password hashing (argon2id) and the strength rule.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::FieldError;

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;
const MAX_LENGTH: usize = 256;

/// An argon2id PHC string for `password` (OWASP's recommended parameters,
/// the crate's defaults: 19 MiB, 2 passes).
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches `phc`. A malformed hash never matches.
pub fn verify(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Spends the time a real verification takes, so that an unknown e-mail
/// answers as slowly as a wrong password.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("dummy password for timing").unwrap_or_default());
    let _ = verify(phc, password);
}

/// Refuses weak passwords: too short, too long, or guessable (zxcvbn score
/// below 3, also counting the person's own e-mail and name as guessable).
pub fn check_strength(field: &str, password: &str, personal: &[&str]) -> Result<(), FieldError> {
    let err = |code: &str, message: String| FieldError {
        field: field.into(),
        code: code.into(),
        message,
    };
    let chars = password.chars().count();
    if chars < MIN_LENGTH {
        return Err(err(
            "too_short",
            format!("must be at least {MIN_LENGTH} characters"),
        ));
    }
    if chars > MAX_LENGTH {
        return Err(err(
            "too_long",
            format!("must be at most {MAX_LENGTH} characters"),
        ));
    }
    let inputs: Vec<&str> = personal
        .iter()
        .flat_map(|p| p.split(['@', '.', ' ', '-', '_']))
        .filter(|p| p.len() > 2)
        .collect();
    let lower = password.to_lowercase();
    if inputs
        .iter()
        .any(|i| i.chars().count() >= 4 && lower.contains(&i.to_lowercase()))
    {
        return Err(err(
            "weak_password",
            "must not contain your name or e-mail address".into(),
        ));
    }
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if (estimate.score() as u8) < 3 {
        let hint = estimate
            .feedback()
            .and_then(|f| f.warning().map(|w| w.to_string()))
            .unwrap_or_else(|| "add more words or characters".into());
        return Err(err(
            "weak_password",
            format!("is too easy to guess: {hint}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let h = hash("correct horse battery staple").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "correct horse battery staple"));
        assert!(!verify(&h, "correct horse battery stapler"));
        assert!(!verify("not a hash", "x"));
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        assert_eq!(
            check_strength("password", "short", &[]).map_err(|e| e.code),
            Err("too_short".into())
        );
        assert_eq!(
            check_strength("password", "password123", &[]).map_err(|e| e.code),
            Err("weak_password".into())
        );
        assert_eq!(
            check_strength(
                "password",
                "amina.hadzic2024",
                &["amina.hadzic@example.org"]
            )
            .map_err(|e| e.code),
            Err("weak_password".into())
        );
        assert!(check_strength("password", "Tiho-jezero-pod-Triglavom-7", &[]).is_ok());
    }
}
