//! IBANs (ISO 13616) of the SEPA countries: normalising what a person typed,
//! validating it (country, length, characters, the ISO 7064 mod-97 check)
//! and showing it in groups of four, whole or masked.
//!
//! Only SEPA countries are accepted: the IBAN is a seller's or an
//! organisation's payout account, and the EPC QR code it goes into is a SEPA
//! credit transfer in euro. The per-country BBAN structure (which positions
//! are digits) is not checked; length and mod-97 catch typing errors.

use std::fmt;
use std::str::FromStr;

/// IBAN length per SEPA country (EU, EEA, and CH, GB, GI, MC, SM, VA, AD,
/// and the 2025 accessions AL, MD, ME, MK, RS), from the SWIFT IBAN registry.
/// Overseas territories that use another country's IBANs (Åland, the French
/// overseas departments, Jersey, …) are covered by that country's code.
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AL", 28),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GI", 23),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("RS", 22),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("VA", 22),
];

/// The IBAN length of a SEPA country, `None` for any other code.
pub fn sepa_length(country: &str) -> Option<usize> {
    LENGTHS
        .iter()
        .find(|(code, _)| *code == country)
        .map(|(_, len)| *len)
}

/// A validated IBAN of a SEPA country, held in the electronic form
/// (`SI56191000000123438`); `Display` gives the paper form in groups of four
/// (`SI56 1910 0000 0123 438`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Iban(String);

impl Iban {
    /// The electronic form: upper case, no spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter country code.
    pub fn country(&self) -> &str {
        &self.0[..2]
    }
}

impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&group(&self.0))
    }
}

impl FromStr for Iban {
    type Err = IbanError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        validate(s)
    }
}

/// Why a string is not an IBAN; [`IbanError::code`] is the stable word for
/// API error details, [`IbanError::message`] the English sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IbanError {
    /// Not two letters, two digits and letters or digits only.
    #[error("An IBAN starts with two letters and two digits and has only letters and digits.")]
    Format,
    /// The country code is not one of the SEPA countries.
    #[error("This IBAN is not from a SEPA country.")]
    Country,
    /// Too short or too long for its country.
    #[error("This IBAN has the wrong number of characters for its country.")]
    Length,
    /// The mod-97 check fails: a typing error.
    #[error("This IBAN has a typing error: its check digits do not match.")]
    Checksum,
}

impl IbanError {
    /// `format`, `country`, `length` or `checksum`.
    pub fn code(&self) -> &'static str {
        match self {
            IbanError::Format => "format",
            IbanError::Country => "country",
            IbanError::Length => "length",
            IbanError::Checksum => "checksum",
        }
    }

    /// The English explanation, for people.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// Removes all white space and upper-cases: what a person typed or pasted,
/// in the electronic form. Nothing else is changed, so stray characters are
/// left for [`validate`] to refuse.
pub fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Validates an IBAN as typed (spaces and lower case allowed): the format
/// (two letters, two digits, then A–Z and 0–9 only), a SEPA country, that
/// country's length, and the ISO 7064 mod-97 check (remainder 1, check
/// digits 02–98). Errors are reported in that order.
pub fn validate(s: &str) -> Result<Iban, IbanError> {
    let iban = normalise(s);
    let b = iban.as_bytes();
    if b.len() < 5
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
        || !b[4..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Err(IbanError::Format);
    }
    let len = sepa_length(&iban[..2]).ok_or(IbanError::Country)?;
    if b.len() != len {
        return Err(IbanError::Length);
    }
    let check = &iban[2..4];
    if check == "00" || check == "01" || check == "99" || mod97(&iban[4..], &iban[..4]) != 1 {
        return Err(IbanError::Checksum);
    }
    Ok(Iban(iban))
}

/// The paper form with all but the country, the check digits and the last
/// four characters hidden: `SI56 **** **** ***3 438`. For places that may
/// show which account without showing the account.
pub fn mask(iban: &Iban) -> String {
    let s = iban.as_str();
    let keep_end = s.len().saturating_sub(4).max(4);
    let masked: String = s
        .char_indices()
        .map(|(i, c)| if i < 4 || i >= keep_end { c } else { '*' })
        .collect();
    group(&masked)
}

/// ISO 7064 MOD 97-10 of `body` followed by `head` (the rearranged IBAN or
/// creditor reference), letters counting A = 10 … Z = 35. The caller has
/// checked that both hold only A–Z and 0–9.
pub(super) fn mod97(body: &str, head: &str) -> u32 {
    body.bytes().chain(head.bytes()).fold(0_u32, |acc, c| {
        if c.is_ascii_digit() {
            (acc * 10 + u32::from(c - b'0')) % 97
        } else {
            (acc * 100 + u32::from(c - b'A') + 10) % 97
        }
    })
}

/// Groups of four separated by single spaces.
fn group(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &[&str] = &[
        "SI56 1910 0000 0123 438",
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
        "AT61 1904 3002 3457 3201",
        "HR12 1001 0051 8630 0016 0",
        "NL91 ABNA 0417 1643 00",
        "BE68 5390 0754 7034",
        "FR14 2004 1010 0505 0001 3M02 606",
        "IT60 X054 2811 1010 0000 0123 456",
        "NO93 8601 1117 947",
        "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
    ];

    #[test]
    fn real_ibans_are_valid_and_print_in_groups_of_four() {
        for s in VALID {
            let iban = validate(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
            assert_eq!(iban.to_string(), *s);
            assert_eq!(iban.as_str(), s.replace(' ', ""));
        }
        let si: Iban = "SI56191000000123438".parse().expect("valid");
        assert_eq!(si.to_string(), "SI56 1910 0000 0123 438");
        assert_eq!(si.country(), "SI");
    }

    #[test]
    fn every_table_length_matches_the_examples() {
        assert_eq!(sepa_length("SI"), Some(19));
        assert_eq!(sepa_length("DE"), Some(22));
        assert_eq!(sepa_length("AT"), Some(20));
        assert_eq!(sepa_length("HR"), Some(21));
        assert_eq!(sepa_length("IT"), Some(27));
        assert_eq!(sepa_length("FR"), Some(27));
        assert_eq!(sepa_length("NL"), Some(18));
        assert_eq!(sepa_length("BE"), Some(16));
        assert_eq!(sepa_length("US"), None);
        for (code, len) in LENGTHS {
            assert!((15..=34).contains(len), "{code}");
        }
    }

    #[test]
    fn lower_case_with_spaces_normalises() {
        assert_eq!(
            normalise(" si56 1910\t0000 0123 438 "),
            "SI56191000000123438"
        );
        let iban = validate("si56 1910 0000 0123 438").expect("valid");
        assert_eq!(iban.as_str(), "SI56191000000123438");
    }

    #[test]
    fn one_changed_digit_fails_the_checksum() {
        for (s, changed) in [
            ("SI56 1910 0000 0123 438", "SI56 1910 0000 0123 439"),
            ("DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0131 00"),
            ("AT61 1904 3002 3457 3201", "AT62 1904 3002 3457 3201"),
        ] {
            assert!(validate(s).is_ok());
            let err = validate(changed).expect_err(changed);
            assert_eq!(err.code(), "checksum");
            assert!(!err.message().is_empty());
        }
        // Check digits outside 02..=98 never come out of the algorithm.
        assert_eq!(
            validate("GB00 WEST 1234 5698 7654 32"),
            Err(IbanError::Checksum)
        );
    }

    #[test]
    fn wrong_length_unknown_country_and_bad_characters_are_told_apart() {
        assert_eq!(validate("SI56 1910 0000 0123 43"), Err(IbanError::Length));
        assert_eq!(validate("SI56 1910 0000 0123 4380"), Err(IbanError::Length));
        assert_eq!(validate("US12 3456 7890 1234"), Err(IbanError::Country));
        assert_eq!(validate("XX56 1910 0000 0123 438"), Err(IbanError::Country));
        assert_eq!(validate("SI56-1910-0000-0123-438"), Err(IbanError::Format));
        assert_eq!(validate("5I56 1910 0000 0123 438"), Err(IbanError::Format));
        assert_eq!(validate("SIX6 1910 0000 0123 438"), Err(IbanError::Format));
        assert_eq!(validate("SI56 1910 0000 0123 43ž"), Err(IbanError::Format));
        assert_eq!(validate(""), Err(IbanError::Format));
        assert_eq!(IbanError::Country.code(), "country");
        assert_eq!(IbanError::Length.code(), "length");
        assert_eq!(IbanError::Format.code(), "format");
    }

    #[test]
    fn mask_keeps_country_check_digits_and_the_last_four() {
        let si = validate("SI56 1910 0000 0123 438").expect("valid");
        assert_eq!(mask(&si), "SI56 **** **** ***3 438");
        let be = validate("BE68 5390 0754 7034").expect("valid");
        assert_eq!(mask(&be), "BE68 **** **** 7034");
    }
}
