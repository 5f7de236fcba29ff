//! Pseudonyms: stable for one caller, unrelated between callers, and (for
//! exports) between purposes.

/// What a withheld value is replaced with in CSV rows.
pub const WITHHELD: &str = "[withheld]";

/// A stable pseudonym for `subject`, the same for one caller (`actor_id`
/// in `org`) and one `purpose` (e.g. `interview_answers`), and unrelated
/// between callers and between purposes: rows of two exports (say, the
/// interview answers and a participant list with coarse demographics)
/// cannot be joined on it, which is what keeps each of them safe on its
/// own.
pub fn pseudonym(secret: &[u8], org: &str, actor_id: &str, purpose: &str, subject: &str) -> String {
    let message = format!("disclosure-pseudonym\0{purpose}\0{org}\0{actor_id}\0{subject}");
    format!("R-{}", code(secret, &message))
}

/// The pseudonym a caller knows a participant by in the participant
/// resource (`P-…`): the only identifier of a pseudonymised record, by
/// which a key also fetches one person.
pub fn participant_pseudonym(
    secret: &[u8],
    org: &str,
    actor_id: &str,
    participant: &str,
) -> String {
    let message = format!("pseudonym\0{org}\0{actor_id}\0{participant}");
    format!("P-{}", code(secret, &message))
}

/// Ten letters and digits (no look-alikes) from an HMAC-SHA256 of `message`.
fn code(secret: &[u8], message: &str) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret) else {
        return "unknown".into();
    };
    mac.update(message.as_bytes());
    let digest = mac.finalize().into_bytes();
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    digest
        .iter()
        .take(10)
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_differ_between_purposes_and_callers() {
        let a = pseudonym(b"s", "org", "key1", "interview_answers", "p1");
        assert_eq!(a, pseudonym(b"s", "org", "key1", "interview_answers", "p1"));
        assert_ne!(a, pseudonym(b"s", "org", "key1", "participants", "p1"));
        assert_ne!(a, pseudonym(b"s", "org", "key2", "interview_answers", "p1"));
    }
}
