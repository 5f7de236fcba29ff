//! Small-cell suppression for one-way and two-way tables, protected
//! together.
//!
//! The attacker we defend against sees every table of a period (one-way
//! tables, their cross-tabulations and totals) and knows the rules below.
//! A hidden cell must not be pinned to one value by what is published: it
//! must be able to take at least two values in some table consistent with
//! every published number.
//!
//! - **One-way** ([`one_way`]): counts from 1 to `k - 1` are hidden. As
//!   soon as one cell is hidden, the zeros are hidden too (a hidden cell
//!   may then be 0 as well as small), and more cells are hidden, the
//!   smallest first, until at least two are hidden and together hold at
//!   least one person: each hidden cell can then be anything from 0 to
//!   their sum, which the total gives away anyway.
//! - **Categories hidden in a one-way table stay hidden everywhere**: a
//!   caller merges the groups a breakdown hides into one [`SUPPRESSED_GROUP`]
//!   and cross-tabulates over the protected categories only, so no
//!   cross-tabulation can split a hidden group again.
//! - **Two-way** ([`two_way`]): over the protected categories, with every
//!   margin public, interior counts from 1 to `k - 1` are hidden, and so
//!   are zeros in a row and column that are not empty (a zero would say
//!   "nobody in this group chose this"). Then, cell by cell, the range of
//!   each hidden cell given the margins is checked exactly ([`pinned`]:
//!   the feasible tables form a transportation polytope whose constraint
//!   matrix is totally unimodular, so a cell can move iff there is an
//!   alternating cycle through it), and the smallest published neighbour of
//!   a pinned cell is hidden until no hidden cell is pinned.

use std::collections::VecDeque;

/// The key of the merged group of a breakdown's hidden categories, in
/// breakdown tables and as the column of cross-tabulations.
pub const SUPPRESSED_GROUP: &str = "suppressed";

/// A count, or `null` with `suppressed: true` when it is hidden.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Cell {
    pub count: Option<i64>,
    pub suppressed: bool,
}

impl Cell {
    /// `count` as published: itself, or nothing when `hidden`.
    pub fn of(count: i64, hidden: bool) -> Self {
        Cell {
            count: (!hidden).then_some(count),
            suppressed: hidden,
        }
    }
}

/// What a hidden value is replaced with in CSV rows.
pub const SUPPRESSED: &str = "[suppressed]";

/// The cells of a one-way table to hide, for counts whose total is public.
/// Nothing is hidden when `k <= 1`.
pub fn one_way(counts: &[i64], k: i64) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|&c| c > 0 && c < k).collect();
    if !hidden.iter().any(|h| *h) {
        return hidden;
    }
    // Zeros go with the small counts, so a hidden cell may be 0.
    for (h, c) in hidden.iter_mut().zip(counts) {
        if *c == 0 {
            *h = true;
        }
    }
    loop {
        let (n, sum) = hidden
            .iter()
            .zip(counts)
            .filter(|(h, _)| **h)
            .fold((0, 0), |(n, s), (_, c)| (n + 1, s + c));
        if n >= 2 && sum >= 1 {
            return hidden;
        }
        let next = counts
            .iter()
            .enumerate()
            .filter(|(i, _)| !hidden[*i])
            .min_by_key(|(_, c)| **c)
            .map(|(i, _)| i);
        match next {
            Some(i) => hidden[i] = true,
            // A lone small cell: hidden all the same. Where categories are
            // listed only when present, the caller merges it, and which
            // category it is stays unknown; the count of options that are
            // chosen beside others is no public total either.
            None => return hidden,
        }
    }
}

/// A one-way table over categories listed only where present (the groups
/// of a breakdown, numbers, skills): hidden categories are not listed one by
/// one, which would tell that each holds at least one person, but merged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merged {
    /// The categories shown, with their counts, in the order given.
    pub shown: Vec<(String, i64)>,
    /// The hidden categories, merged into [`SUPPRESSED_GROUP`] (their sum).
    pub hidden: Vec<(String, i64)>,
}

impl Merged {
    /// Protects `counts` (category, count) with threshold `k` (`None`: no
    /// suppression).
    pub fn new(counts: Vec<(String, i64)>, k: Option<i64>) -> Self {
        let values: Vec<i64> = counts.iter().map(|c| c.1).collect();
        let hide = k.map_or_else(|| vec![false; values.len()], |k| one_way(&values, k));
        let (hidden, shown): (Vec<_>, Vec<_>) = counts.into_iter().zip(hide).partition(|(_, h)| *h);
        Merged {
            shown: shown.into_iter().map(|(c, _)| c).collect(),
            hidden: hidden.into_iter().map(|(c, _)| c).collect(),
        }
    }

    /// The protected category a category counts under.
    pub fn of<'a>(&'a self, category: &'a str) -> &'a str {
        if self.hidden.iter().any(|(c, _)| c == category) {
            SUPPRESSED_GROUP
        } else {
            category
        }
    }

    /// The protected categories: those shown, then the merged group if any.
    pub fn columns(&self) -> Vec<String> {
        let mut out: Vec<String> = self.shown.iter().map(|(c, _)| c.clone()).collect();
        if !self.hidden.is_empty() {
            out.push(SUPPRESSED_GROUP.to_string());
        }
        out
    }

    /// The merged group's count, if any category is hidden.
    pub fn merged(&self) -> Option<i64> {
        (!self.hidden.is_empty()).then(|| self.hidden.iter().map(|c| c.1).sum())
    }
}

/// For an option that people may choose beside others (multiple choice,
/// skills, languages): which of `chosen[g]` (how many of group `g` chose it,
/// out of `sizes[g]`) to hide. The option's own total is public; "not
/// chosen" is never published.
pub fn chosen_row(chosen: &[i64], sizes: &[i64], k: i64) -> Vec<bool> {
    let rest: Vec<i64> = sizes.iter().zip(chosen).map(|(s, c)| s - c).collect();
    two_way(&[chosen.to_vec(), rest], &[Row::Shown, Row::Unknown], k)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// How a row of a two-way table is published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// Its cells are shown unless hidden.
    Shown,
    /// Every cell is shown as hidden (e.g. the options a question's own
    /// table hides, merged): none may be pinned either.
    Hidden,
    /// Never published (e.g. "no answer"): only its total counts.
    Unknown,
}

/// The cells of a two-way table to hide. `cells[r][c]` holds every row,
/// including rows that are not shown, whose totals follow from public
/// numbers; `kinds[r]` says how each is published. Row and column totals
/// are taken as public. Cells of rows not shown come back hidden.
pub fn two_way(cells: &[Vec<i64>], kinds: &[Row], k: i64) -> Vec<Vec<bool>> {
    let rows = cells.len();
    let cols = cells.first().map_or(0, Vec::len);
    let row_total: Vec<i64> = cells.iter().map(|r| r.iter().sum()).collect();
    let col_total: Vec<i64> = (0..cols)
        .map(|c| cells.iter().map(|r| r[c]).sum())
        .collect();
    let kind = |r: usize| kinds.get(r).copied().unwrap_or(Row::Unknown);
    let open = |r: usize| kind(r) == Row::Shown;
    // Cells that must not be pinned when hidden.
    let guarded =
        |r: usize, c: usize| kind(r) != Row::Unknown && row_total[r] > 0 && col_total[c] > 0;
    let mut hidden: Vec<Vec<bool>> = (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| {
                    !open(r) || (k > 1 && cells[r][c] < k && row_total[r] > 0 && col_total[c] > 0)
                })
                .collect()
        })
        .collect();
    // Secondary suppression: hide the smallest published neighbour of a
    // pinned cell until none is pinned.
    loop {
        let stuck = pinned(cells, &hidden);
        let Some((r, c)) = first_pinned(&stuck, guarded) else {
            return hidden;
        };
        let mut best: Option<(i64, usize, usize)> = None;
        let mut consider = |rr: usize, cc: usize| {
            if open(rr) && !hidden[rr][cc] && row_total[rr] > 0 && col_total[cc] > 0 {
                let v = cells[rr][cc];
                if best.is_none_or(|(b, _, _)| v < b) {
                    best = Some((v, rr, cc));
                }
            }
        };
        for cc in 0..cols {
            consider(r, cc);
        }
        for rr in 0..rows {
            consider(rr, c);
        }
        match best {
            Some((_, rr, cc)) => hidden[rr][cc] = true,
            None => break,
        }
    }
    // Nothing left to hide beside the pinned cell: hide everything, then
    // show what the margins alone determine (it is public already).
    for row in hidden.iter_mut() {
        row.fill(true);
    }
    let stuck = pinned(cells, &hidden);
    for r in 0..rows {
        for c in 0..cols {
            if open(r) && stuck[r][c] {
                hidden[r][c] = false;
            }
        }
    }
    hidden
}

fn first_pinned(
    stuck: &[Vec<bool>],
    guarded: impl Fn(usize, usize) -> bool,
) -> Option<(usize, usize)> {
    stuck.iter().enumerate().find_map(|(r, row)| {
        row.iter()
            .enumerate()
            .position(|(c, s)| *s && guarded(r, c))
            .map(|c| (r, c))
    })
}

/// For each hidden cell, whether the published cells and the row and column
/// totals pin it to its value. Hidden cells are free (>= 0); a cell can
/// grow by one iff an alternating cycle through it exists that takes one
/// from hidden cells holding at least one, and shrink likewise.
pub fn pinned(cells: &[Vec<i64>], hidden: &[Vec<bool>]) -> Vec<Vec<bool>> {
    let rows = cells.len();
    let cols = cells.first().map_or(0, Vec::len);
    let mut out = vec![vec![false; cols]; rows];
    for r in 0..rows {
        for c in 0..cols {
            if !hidden[r][c] {
                continue;
            }
            // Grow: from column c back to row r. Shrink: from row r to column c.
            let grow = reaches(cells, hidden, (r, c), Node::Col(c), Node::Row(r));
            let shrink =
                cells[r][c] > 0 && reaches(cells, hidden, (r, c), Node::Row(r), Node::Col(c));
            out[r][c] = !grow && !shrink;
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Node {
    Row(usize),
    Col(usize),
}

/// A path in the exchange graph, leaving out the cell itself: a row leads
/// to a column through any hidden cell (it may grow), a column to a row
/// through a hidden cell holding at least one (it may shrink).
fn reaches(
    cells: &[Vec<i64>],
    hidden: &[Vec<bool>],
    skip: (usize, usize),
    from: Node,
    to: Node,
) -> bool {
    let rows = cells.len();
    let cols = cells.first().map_or(0, Vec::len);
    let mut seen_row = vec![false; rows];
    let mut seen_col = vec![false; cols];
    let mut queue = VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        if node == to {
            return true;
        }
        match node {
            Node::Row(r) => {
                if std::mem::replace(&mut seen_row[r], true) {
                    continue;
                }
                for c in 0..cols {
                    if hidden[r][c] && (r, c) != skip && !seen_col[c] {
                        queue.push_back(Node::Col(c));
                    }
                }
            }
            Node::Col(c) => {
                if std::mem::replace(&mut seen_col[c], true) {
                    continue;
                }
                for r in 0..rows {
                    if hidden[r][c] && cells[r][c] > 0 && (r, c) != skip && !seen_row[r] {
                        queue.push_back(Node::Row(r));
                    }
                }
            }
        }
    }
    false
}

/// Mean and median (rounded to two decimals), or `None` when fewer than `k`
/// values are behind them or when any cell of the values' own table is
/// hidden (with the count, a mean is one more equation on the hidden cells).
pub fn summary(values: &[f64], k: Option<i64>, any_hidden: bool) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    if let Some(k) = k {
        if (values.len() as i64) < k || any_hidden {
            return None;
        }
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let n = v.len();
    let mean = v.iter().sum::<f64>() / n as f64;
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Some(((mean * 100.0).round() / 100.0, median))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_way_table_hides_small_cells_zeros_and_enough_neighbours() {
        assert_eq!(
            one_way(&[12, 3, 7, 0], 5),
            vec![false, true, false, true],
            "3 and the zero: together 3, each anything from 0 to 3"
        );
        assert_eq!(one_way(&[2, 9], 5), vec![true, true]);
        assert_eq!(one_way(&[8, 6], 5), vec![false, false]);
        assert_eq!(one_way(&[3], 5), vec![true], "merged, it hides which one");
        assert_eq!(one_way(&[7], 5), vec![false]);
        assert_eq!(one_way(&[1, 2], 1), vec![false, false]);
    }

    #[test]
    fn a_yes_only_group_is_not_shown_as_such() {
        // rows yes / no / (none), columns male / female.
        let cells = vec![vec![8, 3], vec![0, 6], vec![1, 1]];
        let hidden = two_way(&cells, &[Row::Shown, Row::Shown, Row::Unknown], 5);
        assert!(hidden[1][0], "a zero in a full column is hidden");
        let stuck = pinned(&cells, &hidden);
        assert!(stuck.iter().flatten().all(|s| !s), "{hidden:?}");
    }

    #[test]
    fn no_hidden_cell_is_pinned_on_many_tables() {
        let mut seed = 7u64;
        let mut next = |m: i64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as i64) % m
        };
        for _ in 0..500 {
            let rows = 1 + next(4) as usize;
            let cols = 1 + next(4) as usize;
            let cells: Vec<Vec<i64>> = (0..rows)
                .map(|_| (0..cols).map(|_| next(9)).collect())
                .collect();
            let kinds: Vec<Row> = (0..rows)
                .map(|r| match r % 3 {
                    _ if rows == 1 => Row::Shown,
                    _ if r + 1 == rows => Row::Unknown,
                    2 => Row::Hidden,
                    _ => Row::Shown,
                })
                .collect();
            let hidden = two_way(&cells, &kinds, 5);
            let stuck = pinned(&cells, &hidden);
            // What the margins alone fix is public anyway.
            let fixed = pinned(&cells, &vec![vec![true; cols]; rows]);
            let total = |r: usize| cells[r].iter().sum::<i64>();
            for r in 0..rows {
                for c in 0..cols {
                    let col: i64 = cells.iter().map(|x| x[c]).sum();
                    let guarded =
                        kinds[r] != Row::Unknown && total(r) > 0 && col > 0 && !fixed[r][c];
                    assert!(
                        !(guarded && hidden[r][c] && stuck[r][c]),
                        "{cells:?} {kinds:?} {hidden:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn means_need_k_values_and_no_hidden_cell() {
        let v = [8.0, 6.0, 4.0, 7.0, 3.0, 5.0, 9.0];
        assert_eq!(summary(&v, None, true), Some((6.0, 6.0)));
        assert_eq!(summary(&v, Some(5), false), Some((6.0, 6.0)));
        assert_eq!(summary(&v, Some(5), true), None);
        assert_eq!(summary(&v[..3], Some(5), false), None);
    }
}
