//! Length of stay in interview reports: the bands respondents are counted
//! in, and the mean and median stay in whole months.
//!
//! A template may carry its own band boundaries (`stay_bands`, in months),
//! so that a report can print the table a field report printed (e.g. 1
//! month, 2 months, 3 months, 2, 5, 8 and 13 years). Without them the
//! `stay-lengths` code list is used, with its codes and labels. Custom
//! bands get stable codes and labels built from their numbers: a band whose
//! bounds are whole years is `y5_8` ("5–8 years"), otherwise `m1_2`
//! ("1–2 months"); the last is open (`y13_plus`, "13+ years").

use super::json::{StayBand, StayStats};
use crate::codes::{self, StayLength};
use crate::disclosure::Cell;

/// The code of respondents without an arrival date.
pub const UNKNOWN: &str = "unknown";

const MONTHS: [&str; 5] = ["months", "mesecev", "أشهر", "місяців", "ماه"];
const YEARS: [&str; 5] = ["years", "let", "سنوات", "років", "سال"];

/// A number as the language writes it (Persian digits in Farsi, as the code lists do).
fn number(n: i32, lang: &str) -> String {
    let s = n.to_string();
    if lang != "fa" {
        return s;
    }
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x06F0 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

fn custom_band(from: i32, to: Option<i32>, lang: &str) -> StayBand {
    let i = codes::LANGUAGES
        .iter()
        .position(|l| *l == lang)
        .unwrap_or(0);
    let years = from > 0 && from % 12 == 0 && to.is_none_or(|t| t % 12 == 0);
    let (prefix, unit, div) = if years {
        ("y", YEARS[i], 12)
    } else {
        ("m", MONTHS[i], 1)
    };
    let (a, b) = (from / div, to.map(|t| t / div));
    let (code, label) = match b {
        Some(b) => (
            format!("{prefix}{a}_{b}"),
            format!("{}–{} {unit}", number(a, lang), number(b, lang)),
        ),
        None => (
            format!("{prefix}{a}_plus"),
            format!("{}+ {unit}", number(a, lang)),
        ),
    };
    StayBand {
        code,
        label,
        from_months: from,
        to_months: to,
    }
}

/// The bands of a template in report order: its own boundaries, or the
/// `stay-lengths` code list.
pub fn bands(boundaries: Option<&[i64]>, lang: &str) -> Vec<StayBand> {
    let Some(b) = boundaries else {
        return [
            (StayLength::Under3Months, 0, Some(3)),
            (StayLength::From3To12Months, 3, Some(12)),
            (StayLength::From1To3Years, 12, Some(36)),
            (StayLength::From3To5Years, 36, Some(60)),
            (StayLength::Over5Years, 60, None),
        ]
        .into_iter()
        .map(|(c, from, to)| StayBand {
            code: c.as_str().to_string(),
            label: c.label(lang).to_string(),
            from_months: from,
            to_months: to,
        })
        .collect();
    };
    let b: Vec<i32> = b
        .iter()
        .filter_map(|m| i32::try_from(*m).ok())
        .filter(|m| *m > 0)
        .collect();
    let mut out = Vec::with_capacity(b.len() + 1);
    let mut from = 0;
    for to in b {
        if to > from {
            out.push(custom_band(from, Some(to), lang));
            from = to;
        }
    }
    out.push(custom_band(from, None, lang));
    out
}

/// The code of the band `months` falls in, or `unknown` without an arrival date.
pub fn band_of(bands: &[StayBand], months: Option<i32>) -> String {
    let Some(m) = months else {
        return UNKNOWN.into();
    };
    bands
        .iter()
        .find(|b| b.to_months.is_none_or(|t| m < t))
        .map(|b| b.code.clone())
        .unwrap_or_else(|| UNKNOWN.into())
}

/// Mean and median of the stays, through the disclosure module: for
/// analysts and keys (`threshold` given) withheld below the threshold or when
/// any cell of the length-of-stay table is hidden (`any_hidden`), since a
/// mean beside visible band counts narrows what a hidden cell can be. `n`
/// is hidden then too: respondents − `n` would give the `unknown` cell away.
pub fn stats(months: &[i32], threshold: Option<i64>, any_hidden: bool) -> StayStats {
    let values: Vec<f64> = months.iter().map(|m| f64::from(*m)).collect();
    let n = values.len() as i64;
    let summary = crate::disclosure::summary(&values, threshold, any_hidden);
    let withheld = threshold.is_some() && n > 0 && summary.is_none();
    let n_hidden = threshold.is_some_and(|t| any_hidden || (n > 0 && n < t));
    StayStats {
        n: Cell {
            count: (!n_hidden).then_some(n),
            suppressed: n_hidden,
        },
        mean: summary.map(|s| s.0),
        median: summary.map(|s| s.1),
        stats_suppressed: withheld,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interviews::templates::content::check_boundaries;
    use crate::participants::access::months_between;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn default_bands_keep_the_code_list() {
        let b = bands(None, "en");
        let at = date(2026, 11, 25);
        let of = |d: NaiveDate| band_of(&b, Some(months_between(d, at)));
        assert_eq!(of(date(2026, 9, 1)), "under_3_months");
        assert_eq!(of(date(2026, 8, 25)), "3_12_months");
        assert_eq!(of(date(2025, 11, 25)), "1_3_years");
        assert_eq!(of(date(2022, 11, 26)), "3_5_years");
        assert_eq!(of(date(2021, 11, 25)), "over_5_years");
        assert_eq!(band_of(&b, None), "unknown");
        assert_eq!(b[2].label, "1–3 years");
    }

    #[test]
    fn custom_bands_print_the_field_report() {
        let b = bands(Some(&[1, 2, 3, 12, 60, 96, 156]), "en");
        let codes: Vec<&str> = b.iter().map(|x| x.code.as_str()).collect();
        assert_eq!(
            codes,
            ["m0_1", "m1_2", "m2_3", "m3_12", "y1_5", "y5_8", "y8_13", "y13_plus"]
        );
        assert_eq!(b[1].label, "1–2 months");
        assert_eq!(b[5].label, "5–8 years");
        assert_eq!(b[7].label, "13+ years");
        assert_eq!(bands(Some(&[12]), "fa")[1].label, "۱+ سال");
        let stays = [1, 1, 1, 2, 2, 3, 24, 60, 96, 156];
        let mut counts = std::collections::BTreeMap::new();
        for m in stays {
            *counts.entry(band_of(&b, Some(m))).or_insert(0) += 1;
        }
        assert_eq!(counts["m1_2"], 3);
        assert_eq!(counts["m2_3"], 2);
        assert_eq!(counts["y13_plus"], 1);
        let s = stats(&stays, None, true);
        assert_eq!((s.mean, s.median), (Some(34.6), Some(2.5)));
        assert_eq!(s.n.count, Some(10));
        let hidden = stats(&stays[..3], Some(5), false);
        assert!(hidden.stats_suppressed && hidden.mean.is_none() && hidden.n.count.is_none());
        // Ten with an arrival date, but a hidden cell in the band table:
        // n, mean and median all go (beside the bands they would narrow it).
        let s = stats(&stays, Some(5), true);
        assert_eq!((s.n.count, s.n.suppressed), (None, true));
        assert_eq!((s.mean, s.stats_suppressed), (None, true));
        // Nothing hidden: an analyst sees them.
        let s = stats(&stays, Some(5), false);
        assert_eq!(
            (s.n.count, s.mean, s.stats_suppressed),
            (Some(10), Some(34.6), false)
        );
    }

    #[test]
    fn bad_boundaries_are_named() {
        assert!(check_boundaries(&[1, 2, 3, 12, 60, 96, 156]).is_empty());
        let e = check_boundaries(&[3, 3, 0, 2000]);
        let fields: Vec<(&str, &str)> = e
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("stay_bands[1]", "ascending"),
                ("stay_bands[2]", "range"),
                ("stay_bands[3]", "range")
            ]
        );
        assert_eq!(check_boundaries(&[]).len(), 1);
        assert_eq!(check_boundaries(&[1; 16]).len(), 16);
    }
}
