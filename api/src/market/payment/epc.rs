//! The EPC QR code ("GiroCode"): a SEPA credit transfer that banking apps
//! scan, as specified in EPC069-12 "Quick Response Code: Guidelines to
//! Enable Data Capture for the Initiation of a SEPA Credit Transfer",
//! version 002 (the BIC is optional). Also ISO 11649 RF creditor references,
//! so that banks carry the order number as a structured, checked reference.
//!
//! The payload is the lines, joined by `\n`:
//!
//! | # | content | rule |
//! |---|---------|------|
//! | 1 | `BCD` | service tag |
//! | 2 | `002` | version |
//! | 3 | `1` | character set UTF-8 |
//! | 4 | `SCT` | SEPA credit transfer |
//! | 5 | BIC | 8 or 11 characters, or empty |
//! | 6 | beneficiary name | 1–70 characters |
//! | 7 | IBAN | electronic form |
//! | 8 | `EUR12.50` | `EUR` and 0.01–999999999.99; we always write two decimals |
//! | 9 | purpose | 4 letters/digits (ISO 20022 purpose code), or empty |
//! | 10 | RF creditor reference | when the reference is a valid RF reference, else empty |
//! | 11 | unstructured remittance | when it is not: 1–140 characters, else empty |
//! | 12 | beneficiary to originator information | 0–70 characters |
//!
//! Trailing empty lines are left out (the last populated element is not
//! followed by a separator), and the whole payload is at most 331 bytes, the
//! byte capacity of a version-13 QR code at error correction level M.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use super::iban::{self, Iban};

/// The most bytes EPC069-12 allows in a payload.
pub const MAX_PAYLOAD_BYTES: usize = 331;

/// The largest amount EPC069-12 allows: 999 999 999.99 EUR.
pub const MAX_AMOUNT_CENTS: i64 = 99_999_999_999;

/// Pixels (SVG user units) per QR module: a 2-inch-ish default size; the SVG
/// scales sharply to whatever size the page gives it.
const MODULE_UNITS: u32 = 4;

/// One SEPA credit transfer to draw as an EPC QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// The beneficiary's BIC (8 or 11 characters); optional within the EEA.
    pub bic: Option<String>,
    /// The beneficiary's name, 1–70 characters.
    pub name: String,
    /// The beneficiary's account.
    pub iban: Iban,
    /// ISO 4217 currency of the amount; anything but `EUR` is refused,
    /// since a SEPA credit transfer is in euro.
    pub currency: String,
    /// The amount in cents, 1 ..= [`MAX_AMOUNT_CENTS`].
    pub amount_cents: i64,
    /// An ISO 20022 purpose code of 4 characters (such as `GDDS`), if any.
    pub purpose: Option<String>,
    /// The remittance information: a valid RF creditor reference (see
    /// [`rf_reference`]; spaces allowed) goes into the structured line,
    /// anything else is unstructured text of 1–140 characters.
    pub reference: String,
    /// Beneficiary to originator information, 0–70 characters, shown to
    /// the payer by some apps.
    pub note: Option<String>,
}

/// Why a transfer cannot become an EPC payload or a QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EpcError {
    /// The BIC is not 8 or 11 letters and digits.
    #[error("The BIC must have 8 or 11 letters and digits.")]
    Bic,
    /// The name is empty, longer than 70 characters, or has line breaks.
    #[error("The account holder's name must have 1 to 70 characters on one line.")]
    Name,
    /// The currency is not euro.
    #[error("A SEPA transfer QR code can only ask for euro.")]
    Currency,
    /// The amount is not between 0.01 and 999 999 999.99.
    #[error("The amount must be between 0.01 and 999999999.99 euro.")]
    Amount,
    /// The purpose code is not 4 letters and digits.
    #[error("The purpose code must have 4 letters and digits.")]
    Purpose,
    /// The reference is empty, longer than 140 characters, or has line breaks.
    #[error("The payment reference must have 1 to 140 characters on one line.")]
    Reference,
    /// The note is longer than 70 characters or has line breaks.
    #[error("The note to the payer must have at most 70 characters on one line.")]
    Note,
    /// The payload is longer than 331 bytes.
    #[error("The payment details are too long for a payment QR code (331 bytes at most).")]
    TooLong,
    /// The QR encoder refused the payload.
    #[error("The payment QR code could not be drawn.")]
    Qr,
}

impl EpcError {
    /// `bic`, `name`, `currency`, `amount`, `purpose`, `reference`, `note`,
    /// `too_long` or `qr`: the field at fault, for API error details.
    pub fn code(&self) -> &'static str {
        match self {
            EpcError::Bic => "bic",
            EpcError::Name => "name",
            EpcError::Currency => "currency",
            EpcError::Amount => "amount",
            EpcError::Purpose => "purpose",
            EpcError::Reference => "reference",
            EpcError::Note => "note",
            EpcError::TooLong => "too_long",
            EpcError::Qr => "qr",
        }
    }

    /// The English explanation, for people.
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// One line of free text: 1 (or 0 when `may_be_empty`) to `max` characters,
/// no control characters (a line break would shift every later field).
fn text_ok(s: &str, max: usize, may_be_empty: bool) -> bool {
    let n = s.chars().count();
    (may_be_empty || n > 0) && n <= max && !s.chars().any(char::is_control)
}

fn upper_alnum(s: &str) -> bool {
    s.bytes()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The EPC069-12 version-002 payload of `t` (see the module documentation
/// for the lines). Validates every field and the 331-byte total.
pub fn payload(t: &Transfer) -> Result<String, EpcError> {
    let bic = t.bic.as_deref().map(str::trim).unwrap_or("");
    if !bic.is_empty() && (!(bic.len() == 8 || bic.len() == 11) || !upper_alnum(bic)) {
        return Err(EpcError::Bic);
    }
    let name = t.name.trim();
    if !text_ok(name, 70, false) {
        return Err(EpcError::Name);
    }
    if t.currency != "EUR" {
        return Err(EpcError::Currency);
    }
    if !(1..=MAX_AMOUNT_CENTS).contains(&t.amount_cents) {
        return Err(EpcError::Amount);
    }
    let amount = format!("EUR{}.{:02}", t.amount_cents / 100, t.amount_cents % 100);
    let purpose = t.purpose.as_deref().map(str::trim).unwrap_or("");
    if !purpose.is_empty() && (purpose.len() != 4 || !upper_alnum(purpose)) {
        return Err(EpcError::Purpose);
    }
    let reference = t.reference.trim();
    let (structured, unstructured) = if valid_rf(reference) {
        (iban::normalise(reference), String::new())
    } else if text_ok(reference, 140, false) {
        (String::new(), reference.to_owned())
    } else {
        return Err(EpcError::Reference);
    };
    let note = t.note.as_deref().map(str::trim).unwrap_or("");
    if !text_ok(note, 70, true) {
        return Err(EpcError::Note);
    }

    let mut lines = vec![
        "BCD",
        "002",
        "1",
        "SCT",
        bic,
        name,
        t.iban.as_str(),
        &amount,
        purpose,
        &structured,
        &unstructured,
        note,
    ];
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let out = lines.join("\n");
    if out.len() > MAX_PAYLOAD_BYTES {
        return Err(EpcError::TooLong);
    }
    Ok(out)
}

/// An ISO 11649 RF creditor reference for an order number, in the
/// electronic form (`RF462026000123` for `2026-000123`): `RF`, two mod-97
/// check digits, and the order number's letters and digits, upper-cased
/// (other characters are dropped). More than 21 are cut to the last 21;
/// an order number without any becomes `0`.
pub fn rf_reference(order_number: &str) -> String {
    let mut body: String = order_number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if body.len() > 21 {
        body = body.split_off(body.len() - 21);
    }
    if body.is_empty() {
        body.push('0');
    }
    let check = 98 - iban::mod97(&body, "RF00");
    format!("RF{check:02}{body}")
}

/// Whether `s` (electronic or paper form, any case) is a valid ISO 11649
/// creditor reference: `RF`, two check digits, 1–21 letters and digits, and
/// the mod-97 check.
pub fn valid_rf(s: &str) -> bool {
    let s = iban::normalise(s);
    let b = s.as_bytes();
    (5..=25).contains(&b.len())
        && s.starts_with("RF")
        && b[2..4].iter().all(u8::is_ascii_digit)
        && !matches!(&s[2..4], "00" | "01" | "99")
        && upper_alnum(&s[4..])
        && iban::mod97(&s[4..], &s[..4]) == 1
}

/// The QR code of an EPC payload as a standalone SVG document: error
/// correction level M (as EPC069-12 requires), a 4-module quiet zone,
/// black on white, 4 SVG user units per module. Refuses payloads
/// over 331 bytes, so the code is at most version 13.
pub fn qr_svg(payload: &str) -> Result<String, EpcError> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(EpcError::TooLong);
    }
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|_| EpcError::Qr)?;
    Ok(code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(MODULE_UNITS, MODULE_UNITS)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn si() -> Iban {
        iban::validate("SI56 1910 0000 0123 438").expect("valid IBAN")
    }

    fn transfer(reference: &str) -> Transfer {
        Transfer {
            bic: None,
            name: "Društvo Skupaj".to_owned(),
            iban: si(),
            currency: "EUR".to_owned(),
            amount_cents: 1250,
            purpose: None,
            reference: reference.to_owned(),
            note: None,
        }
    }

    #[test]
    fn rf_reference_of_an_order_number_is_valid_and_checked() {
        let rf = rf_reference("2026-000123");
        // Check digits computed independently: 98 - (2026000123271500 mod 97).
        assert_eq!(rf, "RF462026000123");
        assert!(valid_rf(&rf));
        assert!(valid_rf("rf46 2026 0001 23"));
        assert!(!valid_rf("RF462026000124"));
        assert!(!valid_rf("RF452026000123"));
        assert!(!valid_rf("RF46"));
        assert!(!valid_rf("XX462026000123"));
        assert!(!valid_rf("RF46-2026-000123"));
        // The example of ISO 11649 itself.
        assert!(valid_rf("RF18 5390 0754 7034"));
        assert!(!valid_rf("RF18 5390 0754 7043"));
        assert!(valid_rf(&rf_reference("")));
        let long = rf_reference("ORDER-2026-0000000000000000123");
        assert!(valid_rf(&long));
        assert_eq!(long.len(), 25);
        assert!(long.ends_with("123"));
    }

    #[test]
    fn payload_with_a_structured_reference_matches_the_spec_line_by_line() {
        let t = transfer(&rf_reference("2026-000123"));
        let expected =
            "BCD\n002\n1\nSCT\n\nDruštvo Skupaj\nSI56191000000123438\nEUR12.50\n\nRF462026000123";
        let got = payload(&t).expect("valid transfer");
        assert_eq!(
            got.lines().collect::<Vec<_>>(),
            expected.lines().collect::<Vec<_>>()
        );
        assert_eq!(got, expected);
    }

    #[test]
    fn payload_with_text_bic_purpose_and_note_fills_every_line() {
        let mut t = transfer("Naročilo 2026-000123");
        t.bic = Some("BSLJSI2X".to_owned());
        t.purpose = Some("GDDS".to_owned());
        t.note = Some("Hvala!".to_owned());
        t.amount_cents = 100_000;
        let expected = "BCD\n002\n1\nSCT\nBSLJSI2X\nDruštvo Skupaj\nSI56191000000123438\nEUR1000.00\nGDDS\n\nNaročilo 2026-000123\nHvala!";
        assert_eq!(payload(&t), Ok(expected.to_owned()));
        t.note = None;
        t.amount_cents = 5;
        assert!(payload(&t)
            .expect("valid")
            .ends_with("EUR0.05\nGDDS\n\nNaročilo 2026-000123"));
        t.amount_cents = MAX_AMOUNT_CENTS;
        assert!(payload(&t).expect("valid").contains("\nEUR999999999.99\n"));
    }

    #[test]
    fn payload_refuses_what_the_spec_does_not_allow() {
        let err = |f: &dyn Fn(&mut Transfer)| {
            let mut t = transfer("Order 2026-000123");
            f(&mut t);
            payload(&t).map(|_| ()).unwrap_err_code()
        };
        assert_eq!(err(&|_| {}), "ok");
        assert_eq!(err(&|t| t.name = "x".repeat(71)), "name");
        assert_eq!(err(&|t| t.name = "ž".repeat(70)), "ok");
        assert_eq!(err(&|t| t.name = "  ".to_owned()), "name");
        assert_eq!(err(&|t| t.name = "Evil\nSI00".to_owned()), "name");
        assert_eq!(err(&|t| t.currency = "CHF".to_owned()), "currency");
        assert_eq!(err(&|t| t.amount_cents = 0), "amount");
        assert_eq!(err(&|t| t.amount_cents = -1250), "amount");
        assert_eq!(err(&|t| t.amount_cents = MAX_AMOUNT_CENTS + 1), "amount");
        assert_eq!(err(&|t| t.bic = Some("BSLJSI2".to_owned())), "bic");
        assert_eq!(err(&|t| t.bic = Some("BSLJSI2XXXX".to_owned())), "ok");
        assert_eq!(err(&|t| t.purpose = Some("GDD".to_owned())), "purpose");
        assert_eq!(err(&|t| t.reference = String::new()), "reference");
        assert_eq!(err(&|t| t.reference = "r".repeat(141)), "reference");
        assert_eq!(err(&|t| t.reference = "r".repeat(140)), "ok");
        assert_eq!(err(&|t| t.note = Some("n".repeat(71))), "note");
        // 70 two-byte letters, 140 two-byte letters and 70 more: > 331 bytes.
        assert_eq!(
            err(&|t| {
                t.name = "ž".repeat(70);
                t.reference = "č".repeat(140);
            }),
            "too_long"
        );
        assert!(!EpcError::TooLong.message().is_empty());
    }

    trait ErrCode {
        fn unwrap_err_code(self) -> &'static str;
    }

    impl ErrCode for Result<(), EpcError> {
        fn unwrap_err_code(self) -> &'static str {
            match self {
                Ok(()) => "ok",
                Err(e) => e.code(),
            }
        }
    }

    /// Rasterises the SVG the way a viewer would (the renderer writes one
    /// `M{x} {y}h{w}v{h}H{x}V{y}` rectangle per dark module) and decodes it
    /// with an independent QR reader.
    fn decode_svg(svg: &str) -> String {
        let size: usize = svg
            .split("width=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .expect("SVG width");
        let d = svg
            .split(" d=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("SVG path");
        let mut dark = vec![false; size * size];
        for rect in d.split('M').filter(|r| !r.is_empty()) {
            let nums: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().expect("number"))
                .collect();
            let (x, y, w, h) = (nums[0], nums[1], nums[2], nums[3]);
            for yy in y..y + h {
                for xx in x..x + w {
                    dark[yy * size + xx] = true;
                }
            }
        }
        let mut img =
            rqrr::PreparedImage::prepare_from_bitmap(size, size, |x, y| dark[y * size + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the SVG");
        let (_, content) = grids[0].decode().unwrap_or_else(|e| panic!("decode: {e}"));
        content
    }

    #[test]
    fn qr_svg_draws_the_payload_at_level_m_and_decodes_back() {
        let mut t = transfer(&rf_reference("2026-000123"));
        t.note = Some("Hvala za nakup – شكراً".to_owned());
        let p = payload(&t).expect("valid transfer");
        let svg = qr_svg(&p).expect("QR code");
        assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"));
        assert!(svg.contains("<path") || svg.contains("<rect"));
        assert_eq!(qr_svg(&p), Ok(svg.clone()), "deterministic");
        assert_eq!(decode_svg(&svg), p);

        let code = QrCode::with_error_correction_level(p.as_bytes(), EcLevel::M).expect("QR");
        assert_eq!(code.error_correction_level(), EcLevel::M);
        // Quiet zone of 4 modules on each side.
        let expected_width = (code.width() as u32 + 8) * MODULE_UNITS;
        assert!(svg.contains(&format!("width=\"{expected_width}\"")));
    }

    #[test]
    fn the_largest_payload_fits_version_13_and_longer_is_refused() {
        // 210 bytes of fixed lines and separators leave 121 for the text.
        let mut t = transfer(&"r".repeat(121));
        t.name = "n".repeat(70);
        t.bic = Some("BSLJSI2XXXX".to_owned());
        t.purpose = Some("GDDS".to_owned());
        t.note = Some("o".repeat(70));
        t.amount_cents = MAX_AMOUNT_CENTS;
        let p = payload(&t).expect("valid");
        assert_eq!(p.len(), MAX_PAYLOAD_BYTES);
        let code = QrCode::with_error_correction_level(p.as_bytes(), EcLevel::M).expect("QR");
        assert!(matches!(code.version(), qrcode::Version::Normal(v) if v <= 13));
        assert_eq!(decode_svg(&qr_svg(&p).expect("QR")), p);
        assert_eq!(qr_svg(&"x".repeat(332)), Err(EpcError::TooLong));
        t.reference = "r".repeat(122);
        assert_eq!(payload(&t), Err(EpcError::TooLong));
    }
}
