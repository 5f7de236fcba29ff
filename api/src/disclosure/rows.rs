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
    let mask = vec![vec![false; columns]; rows.len()];
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
    // A combination as one exact number (mixed radix, "withheld" being one
    // more digit per column) when it fits in 128 bits, which is cheap to
    // count; otherwise as the list of its digits.
    let radix: Vec<u128> = (0..columns)
        .map(|c| {
            codes
                .iter()
                .map(|row| row[c])
                .max()
                .map_or(1, |m| u128::from(m) + 2)
        })
        .collect();
    let fits = radix
        .iter()
        .try_fold(1u128, |acc, r| acc.checked_mul(*r))
        .is_some();
    let digit = |r: usize, c: usize, mask: &[Vec<bool>]| -> u32 {
        if mask[r][c] {
            WITHHELD
        } else {
            codes[r][c]
        }
    };
    if fits {
        // The weight of each column's digit, and the key with every value withheld.
        let mut weight = vec![1u128; columns];
        for c in (0..columns.saturating_sub(1)).rev() {
            weight[c] = weight[c + 1] * radix[c + 1];
        }
        let blank: u128 = (0..columns).map(|c| (radix[c] - 1) * weight[c]).sum();
        let key = |r: usize, mask: &[Vec<bool>]| -> u128 {
            (0..columns)
                .map(|c| match digit(r, c, mask) {
                    WITHHELD => (radix[c] - 1) * weight[c],
                    d => u128::from(d) * weight[c],
                })
                .sum()
        };
        // Withholding one more value changes one digit.
        let without = |r: usize, key: &u128, c: usize| -> u128 {
            key - u128::from(codes[r][c]) * weight[c] + (radix[c] - 1) * weight[c]
        };
        suppress(rows.len(), columns, k, mask, key, without, |key: &u128| {
            *key == blank
        })
    } else {
        let key = |r: usize, mask: &[Vec<bool>]| -> Vec<u32> {
            (0..columns).map(|c| digit(r, c, mask)).collect()
        };
        let without = |_: usize, key: &Vec<u32>, c: usize| -> Vec<u32> {
            let mut key = key.clone();
            key[c] = WITHHELD;
            key
        };
        suppress(
            rows.len(),
            columns,
            k,
            mask,
            key,
            without,
            |key: &Vec<u32>| key.iter().all(|d| *d == WITHHELD),
        )
    }
}

/// The greedy loop of [`withhold`], over combinations as keys of type `K`:
/// `key(row, mask)` is a row's combination, `without(row, key, column)` the
/// same with that column's value (still shown) withheld too, and `blank`
/// tells the combination with every value withheld.
fn suppress<K: Clone + Eq + Hash>(
    n: usize,
    columns: usize,
    k: usize,
    mut mask: Vec<Vec<bool>>,
    key: impl Fn(usize, &[Vec<bool>]) -> K,
    without: impl Fn(usize, &K, usize) -> K,
    blank: impl Fn(&K) -> bool,
) -> Vec<Vec<bool>> {
    loop {
        let keys: Vec<K> = (0..n).map(|r| key(r, &mask)).collect();
        let mut counts: HashMap<&K, usize> = HashMap::new();
        for key in &keys {
            *counts.entry(key).or_default() += 1;
        }
        let exposed: Vec<usize> = (0..n)
            .filter(|&r| !blank(&keys[r]) && counts[&keys[r]] < k)
            .collect();
        if exposed.is_empty() {
            return mask;
        }
        // The groups of rows left alone, which the exposed rows may join.
        let mut settled = counts;
        for &r in &exposed {
            if let Some(count) = settled.get_mut(&keys[r]) {
                *count -= 1;
            }
        }
        let mut best: Option<(usize, usize, usize)> = None; // (still exposed, cells, column)
                                                            // `c` names a column of every row, not a place in one slice.
        #[allow(clippy::needless_range_loop)]
        for c in 0..columns {
            let cells = exposed.iter().filter(|&&r| !mask[r][c]).count();
            if cells == 0 {
                continue;
            }
            let moved_keys: Vec<K> = exposed
                .iter()
                .map(|&r| {
                    if mask[r][c] {
                        keys[r].clone()
                    } else {
                        without(r, &keys[r], c)
                    }
                })
                .collect();
            let mut moved: HashMap<&K, usize> = HashMap::new();
            for key in &moved_keys {
                *moved.entry(key).or_default() += 1;
            }
            let still = moved_keys
                .iter()
                .filter(|key| {
                    let count = moved[key] + settled.get(key).copied().unwrap_or(0);
                    !blank(key) && count < k
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
