//! k-anonymity for pseudonymised rows: which quasi-identifier values to
//! withhold so that every combination of values still shown is shared by at
//! least `k` rows.
//!
//! Platform code: it knows rows of values, not what they mean, and never
//! imports a resource module. The caller turns its records into rows (one
//! value per quasi-identifier column, `None`-like values included: "not
//! recorded" is a value like any other) and applies the answer.
//!
//! The method is local suppression, greedy: while some rows show a
//! combination that fewer than `k` rows share, pick the column whose
//! withholding (in all those rows at once) leaves the fewest of them
//! exposed, and withhold it there. Rows that end with every value withheld
//! show nothing and so need no company. Rows already in a group of `k` or
//! more are never touched, so groups only grow and the loop ends after at
//! most one round per column.

use std::collections::HashMap;
use std::hash::Hash;

/// A value withheld (distinct from every real value's index).
const WITHHELD: u32 = u32::MAX;

/// For each row and column, whether that value must be withheld so that
/// every combination of shown values (a withheld value counting as one
/// more value, "withheld") is shared by at least `k` rows.
///
/// Columns are tried in their order when two choices protect equally well,
/// so put first the ones the caller would rather lose. All rows must have
/// the same number of columns; a `k` of 0 or 1 withholds nothing.
pub fn withhold<T: Eq + Hash>(rows: &[Vec<T>], k: usize) -> Vec<Vec<bool>> {
    let columns = rows.first().map_or(0, Vec::len);
    let mut mask = vec![vec![false; columns]; rows.len()];
    if k <= 1 || columns == 0 {
        return mask;
    }
    // Each value as a small number per column, so that keys are cheap.
    let mut codes = vec![vec![0u32; columns]; rows.len()];
    for c in 0..columns {
        let mut seen: HashMap<&T, u32> = HashMap::new();
        for (r, row) in rows.iter().enumerate() {
            let next = seen.len() as u32;
            codes[r][c] = *seen.entry(&row[c]).or_insert(next);
        }
    }
    let key = |r: usize, mask: &[Vec<bool>], extra: Option<usize>| -> Vec<u32> {
        (0..columns)
            .map(|c| {
                if mask[r][c] || extra == Some(c) {
                    WITHHELD
                } else {
                    codes[r][c]
                }
            })
            .collect()
    };
    let blank = |r: usize, mask: &[Vec<bool>]| mask[r].iter().all(|w| *w);
    loop {
        let mut counts: HashMap<Vec<u32>, usize> = HashMap::new();
        for r in 0..rows.len() {
            *counts.entry(key(r, &mask, None)).or_default() += 1;
        }
        let exposed: Vec<usize> = (0..rows.len())
            .filter(|&r| !blank(r, &mask) && counts[&key(r, &mask, None)] < k)
            .collect();
        if exposed.is_empty() {
            return mask;
        }
        // The groups of rows left alone, which the exposed rows may join.
        let mut settled = counts;
        for &r in &exposed {
            if let Some(n) = settled.get_mut(&key(r, &mask, None)) {
                *n -= 1;
            }
        }
        let mut best: Option<(usize, usize, usize)> = None; // (still exposed, cells, column)
        for c in 0..columns {
            let cells = exposed.iter().filter(|&&r| !mask[r][c]).count();
            if cells == 0 {
                continue;
            }
            let keys: Vec<Vec<u32>> = exposed.iter().map(|&r| key(r, &mask, Some(c))).collect();
            let mut moved: HashMap<&Vec<u32>, usize> = HashMap::new();
            for k in &keys {
                *moved.entry(k).or_default() += 1;
            }
            let still = keys
                .iter()
                .filter(|key| {
                    let all_withheld = key.iter().all(|v| *v == WITHHELD);
                    let n = moved[key] + settled.get(*key).copied().unwrap_or(0);
                    !all_withheld && n < k
                })
                .count();
            if best.is_none_or(|(s, n, _)| (still, cells) < (s, n)) {
                best = Some((still, cells, c));
            }
        }
        // Some exposed row still shows a value, so some column has a cell
        // to withhold; `best` is therefore always set here.
        let Some((_, _, c)) = best else {
            return mask;
        };
        for &r in &exposed {
            mask[r][c] = true;
        }
    }
}

/// Whether every combination of shown values in `rows` under `mask` is
/// shared by at least `k` rows (rows with every value withheld excepted).
pub fn is_k_anonymous<T: Eq + Hash>(rows: &[Vec<T>], mask: &[Vec<bool>], k: usize) -> bool {
    let shown = |r: usize| -> Vec<Option<&T>> {
        rows[r]
            .iter()
            .zip(&mask[r])
            .map(|(v, w)| (!w).then_some(v))
            .collect()
    };
    let mut counts: HashMap<Vec<Option<&T>>, usize> = HashMap::new();
    for r in 0..rows.len() {
        *counts.entry(shown(r)).or_default() += 1;
    }
    counts
        .iter()
        .all(|(key, n)| *n >= k || key.iter().all(Option::is_none))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[&[&str]]) -> Vec<Vec<String>> {
        data.iter()
            .map(|r| r.iter().map(|v| v.to_string()).collect())
            .collect()
    }

    #[test]
    fn rows_already_in_groups_of_k_keep_every_value() {
        let r = rows(&[&["f", "SY"], &["f", "SY"], &["m", "UA"], &["m", "UA"]]);
        let mask = withhold(&r, 2);
        assert!(mask.iter().flatten().all(|w| !w));
    }

    #[test]
    fn a_rare_value_is_withheld_and_the_rest_stays() {
        // Five women from Syria keep everything; the one from Eritrea has
        // no one to share a combination with, so she shows nothing.
        let mut data: Vec<&[&str]> = vec![&["f", "SY"]; 5];
        data.push(&["f", "ER"]);
        let r = rows(&data);
        let mask = withhold(&r, 5);
        assert!(is_k_anonymous(&r, &mask, 5));
        assert!(mask[..5].iter().flatten().all(|w| !w), "{mask:?}");
        assert!(mask[5].iter().all(|w| *w), "{mask:?}");
        // A second woman from Eritrea: with k = 2 both keep everything.
        data.push(&["f", "ER"]);
        let r = rows(&data);
        assert!(withhold(&r, 2).iter().flatten().all(|w| !w));
        // With k = 3 the two are withheld; the five are left alone.
        let mask = withhold(&r, 3);
        assert!(is_k_anonymous(&r, &mask, 3));
        assert!(mask[..5].iter().flatten().all(|w| !w), "{mask:?}");
    }

    #[test]
    fn the_result_is_k_anonymous_for_uneven_data() {
        let genders = ["f", "m", "x"];
        let countries = ["SY", "UA", "AF", "ER", "IR"];
        let bands = ["18_25", "26_35", "36_45"];
        let mut r = Vec::new();
        for i in 0..97usize {
            r.push(vec![
                genders[i % 3].to_string(),
                countries[(i * i) % 5].to_string(),
                bands[(i / 7) % 3].to_string(),
                format!("town-{}", i % 11),
            ]);
        }
        for k in [2, 3, 5, 10] {
            let mask = withhold(&r, k);
            assert!(is_k_anonymous(&r, &mask, k), "k = {k}");
        }
    }

    #[test]
    fn fewer_rows_than_k_show_nothing() {
        let r = rows(&[&["f", "SY"], &["f", "SY"]]);
        let mask = withhold(&r, 5);
        assert!(mask.iter().flatten().all(|w| *w));
    }

    #[test]
    fn k_of_one_withholds_nothing() {
        let r = rows(&[&["f", "SY"], &["m", "ER"]]);
        assert!(withhold(&r, 1).iter().flatten().all(|w| !w));
        assert!(withhold::<String>(&[], 5).is_empty());
    }
}
