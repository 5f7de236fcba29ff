//! Tables linked through the same people. Each cross-tabulation of a
//! breakdown is safe on its own once [`super::two_way`] is done, but rows
//! that carry several answers of one person (the answers CSV) tie the
//! cross-tabulations of different questions together: "everyone who chose
//! *rural* also needs housing" and "no one of group X needs housing" pin
//! "rural in group X" to 0.
//!
//! The rule here is a witness, checked on the real data: a hidden cell is
//! safe when two people of different groups exist whose exchange of groups
//! changes that cell and no published cell. The exchanged data set then
//! publishes exactly the same numbers everywhere (the breakdown's counts,
//! every question's table, every other breakdown, the rows of answers), so
//! no attacker can tell the two apart, and the hidden cell differs between
//! them. Where a hidden cell has no witness, the fewest (and smallest)
//! published cells that would make one are hidden too.

use std::collections::BTreeMap;

/// People as the linked tables of one breakdown see them.
pub struct Linked<'a> {
    /// Each person's column (protected group).
    pub column: &'a [usize],
    /// The rows each person counts in, over all the tables put side by side.
    pub rows: &'a [Vec<usize>],
}

impl Linked<'_> {
    /// Hides more cells of `hidden[row][column]` until every hidden cell
    /// that two people can change has a witness. `counts` are the cells'
    /// values (to hide the smallest first).
    pub fn protect(&self, counts: &[Vec<i64>], hidden: &mut [Vec<bool>]) {
        // Distinct (column, rows) profiles: people with the same one are
        // interchangeable.
        let mut profiles: BTreeMap<(usize, Vec<usize>), usize> = BTreeMap::new();
        for (c, r) in self.column.iter().zip(self.rows) {
            let mut r = r.clone();
            r.sort_unstable();
            r.dedup();
            *profiles.entry((*c, r)).or_default() += 1;
        }
        let profiles: Vec<(usize, Vec<usize>)> = profiles.into_keys().collect();
        let rows = hidden.len();
        let cols = hidden.first().map_or(0, Vec::len);
        // A guard against loops: each round hides at least one cell.
        for _ in 0..=rows * cols {
            let mut changed = false;
            'cells: for r in 0..rows {
                for c in 0..cols {
                    if !hidden[r][c] || witness(&profiles, hidden, r, c).is_some() {
                        continue;
                    }
                    // The exchange that needs the fewest, smallest cells hidden.
                    let best = exchanges(&profiles, r, c)
                        .map(|cells| {
                            let extra: Vec<(usize, usize)> =
                                cells.into_iter().filter(|(x, y)| !hidden[*x][*y]).collect();
                            let cost: i64 = extra.iter().map(|(x, y)| counts[*x][*y]).sum();
                            (extra.len(), cost, extra)
                        })
                        .min();
                    if let Some((n, _, extra)) = best {
                        if n > 0 {
                            for (x, y) in extra {
                                hidden[x][y] = true;
                            }
                            changed = true;
                            break 'cells;
                        }
                    }
                }
            }
            if !changed {
                return;
            }
        }
    }
}

/// The cells an exchange of groups between a person of profile `a` and one
/// of profile `b` changes: the rows one counts in and the other not, in
/// both columns.
fn changes(a: &(usize, Vec<usize>), b: &(usize, Vec<usize>)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for r in a.1.iter().filter(|r| !b.1.contains(r)) {
        out.push((*r, a.0));
        out.push((*r, b.0));
    }
    for r in b.1.iter().filter(|r| !a.1.contains(r)) {
        out.push((*r, a.0));
        out.push((*r, b.0));
    }
    out
}

/// Every exchange that changes cell (`r`, `c`): the cells it changes.
fn exchanges<'p>(
    profiles: &'p [(usize, Vec<usize>)],
    r: usize,
    c: usize,
) -> impl Iterator<Item = Vec<(usize, usize)>> + 'p {
    profiles
        .iter()
        .filter(move |a| a.0 == c)
        .flat_map(move |a| {
            profiles
                .iter()
                .filter(move |b| b.0 != c && (a.1.contains(&r) != b.1.contains(&r)))
                .map(move |b| changes(a, b))
        })
}

fn witness(
    profiles: &[(usize, Vec<usize>)],
    hidden: &[Vec<bool>],
    r: usize,
    c: usize,
) -> Option<Vec<(usize, usize)>> {
    exchanges(profiles, r, c).find(|cells| cells.iter().all(|(x, y)| hidden[*x][*y]))
}

/// For each hidden cell, whether no exchange of groups between two people
/// changes it and only hidden cells (for tests and checks).
pub fn without_witness(
    column: &[usize],
    rows: &[Vec<usize>],
    hidden: &[Vec<bool>],
) -> Vec<(usize, usize)> {
    let mut profiles: Vec<(usize, Vec<usize>)> = column
        .iter()
        .zip(rows)
        .map(|(c, r)| {
            let mut r = r.clone();
            r.sort_unstable();
            r.dedup();
            (*c, r)
        })
        .collect();
    profiles.sort();
    profiles.dedup();
    let mut out = Vec::new();
    for (r, row) in hidden.iter().enumerate() {
        for (c, h) in row.iter().enumerate() {
            if *h && witness(&profiles, hidden, r, c).is_none() {
                out.push((r, c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_pinned_through_another_question_gets_a_witness() {
        // Rows: 0 = rural (question 1), 1 = housing (question 2).
        // Columns: 0 = group X, 1 = group Y. Everyone rural needs housing.
        let column = [0, 0, 0, 1, 1, 1, 1];
        let rows = vec![
            vec![],
            vec![],
            vec![],
            vec![0, 1],
            vec![0, 1],
            vec![1],
            vec![],
        ];
        // Rural in X (0) is hidden, housing in X (0) is shown.
        let counts = vec![vec![0, 2], vec![0, 3]];
        let mut hidden = vec![vec![true, true], vec![false, false]];
        assert_eq!(
            without_witness(&column, &rows, &hidden),
            vec![(0, 0), (0, 1)]
        );
        Linked {
            column: &column,
            rows: &rows,
        }
        .protect(&counts, &mut hidden);
        assert!(
            without_witness(&column, &rows, &hidden).is_empty(),
            "{hidden:?}"
        );
        assert!(hidden[1][0], "housing in X goes too");
    }
}
