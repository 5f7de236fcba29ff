//! Pseudonymised rows: pseudonyms scoped to one caller and one purpose, and
//! quasi-identifiers generalised or withheld until every combination of them
//! is shared by at least `k` people.

use std::collections::HashMap;

/// What a withheld value is replaced with in CSV rows.
pub const WITHHELD: &str = "[withheld]";

/// A stable pseudonym for `subject`, the same for one caller (`actor_id`
/// in `org`) and one `purpose` (e.g. `interview_answers`), and unrelated
/// between callers and between purposes: rows of two exports (say, the
/// interview answers and a participant list with coarse demographics)
/// cannot be joined on it, which is what keeps each of them safe on its
/// own.
pub fn pseudonym(secret: &[u8], org: &str, actor_id: &str, purpose: &str, subject: &str) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret) else {
        return "R-unknown".into();
    };
    mac.update(format!("disclosure-pseudonym\0{purpose}\0{org}\0{actor_id}\0{subject}").as_bytes());
    let digest = mac.finalize().into_bytes();
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let code: String = digest
        .iter()
        .take(10)
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect();
    format!("R-{code}")
}

/// Makes the quasi-identifiers of one row per person k-anonymous: each
/// `people[i]` holds that person's (already generalised) quasi-identifier
/// values. People whose combination is shared by fewer than `k` have their
/// values withheld, the rarest first, until the withheld group too holds at
/// least `k` people or everyone's values are withheld.
pub fn k_anonymise(people: &mut [Vec<String>], k: i64) {
    if k <= 1 {
        return;
    }
    loop {
        let mut classes: HashMap<Vec<String>, i64> = HashMap::new();
        for p in people.iter() {
            *classes.entry(p.clone()).or_default() += 1;
        }
        let withheld_class = |p: &Vec<String>| p.iter().all(|v| v == WITHHELD);
        let withheld = people.iter().filter(|p| withheld_class(p)).count() as i64;
        // The rarest combination that is not withheld yet.
        let rare = classes
            .iter()
            .filter(|(key, _)| !withheld_class(key))
            .filter(|(_, n)| **n < k || (withheld > 0 && withheld < k))
            .min_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
            .map(|(key, _)| key.clone());
        let Some(rare) = rare else { return };
        for p in people.iter_mut().filter(|p| **p == rare) {
            p.fill(WITHHELD.to_string());
        }
    }
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

    #[test]
    fn rare_combinations_are_withheld_until_every_class_has_k() {
        let mut people: Vec<Vec<String>> = ["2026-11", "2026-11", "2026-11", "2026-10", "2026-09"]
            .iter()
            .map(|m| vec![m.to_string()])
            .collect();
        k_anonymise(&mut people, 3);
        let withheld = people.iter().filter(|p| p[0] == WITHHELD).count();
        assert_eq!(
            withheld, 5,
            "two rare ones withheld, then the group of 3 too"
        );
        let mut many: Vec<Vec<String>> = (0..8)
            .map(|i| vec![if i < 5 { "a" } else { "b" }.to_string()])
            .collect();
        k_anonymise(&mut many, 3);
        assert_eq!(many.iter().filter(|p| p[0] == "a").count(), 5);
        assert_eq!(many.iter().filter(|p| p[0] == "b").count(), 3);
    }
}
