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
        // Hiding more never takes a witness away, so each hidden cell is
        // looked at once: cells hidden on the way join the queue.
        let mut queue: Vec<(usize, usize)> = Vec::new();
        for (r, row) in hidden.iter().enumerate() {
            for (c, h) in row.iter().enumerate() {
                if *h {
                    queue.push((r, c));
                }
            }
        }
        while let Some((r, c)) = queue.pop() {
            if witness(&profiles, hidden, r, c) {
                continue;
            }
            // The exchange that needs the fewest, smallest cells hidden.
            let best = exchanges(&profiles, r, c)
                .map(|cells| {
                    let mut extra: Vec<(usize, usize)> =
                        cells.into_iter().filter(|(x, y)| !hidden[*x][*y]).collect();
                    extra.sort_unstable();
                    extra.dedup();
                    let cost: i64 = extra.iter().map(|(x, y)| counts[*x][*y]).sum();
                    (extra.len(), cost, extra)
                })
                .min();
            if let Some((_, _, extra)) = best {
                for (x, y) in extra {
                    hidden[x][y] = true;
                    queue.push((x, y));
                }
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

fn witness(profiles: &[(usize, Vec<usize>)], hidden: &[Vec<bool>], r: usize, c: usize) -> bool {
    // Without building the changed cells: the first shown one rules a pair out.
    let only_hidden = |a: &(usize, Vec<usize>), b: &(usize, Vec<usize>)| {
        let side = |x: &(usize, Vec<usize>), y: &(usize, Vec<usize>)| {
            x.1.iter()
                .filter(|r| y.1.binary_search(r).is_err())
                .all(|r| hidden[*r][a.0] && hidden[*r][b.0])
        };
        side(a, b) && side(b, a)
    };
    profiles.iter().filter(|a| a.0 == c).any(|a| {
        let has = a.1.binary_search(&r).is_ok();
        profiles
            .iter()
            .filter(|b| b.0 != c && b.1.binary_search(&r).is_ok() != has)
            .any(|b| only_hidden(a, b))
    })
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
            if *h && !witness(&profiles, hidden, r, c) {
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

#[cfg(test)]
mod scale {
    use super::*;

    #[test]
    fn eight_hundred_people_leave_no_hidden_cell_without_a_witness() {
        let mut seed = 3u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % m) as usize
        };
        let (people, cols, questions, options) = (800, 6, 8, 12);
        let column: Vec<usize> = (0..people).map(|_| next(cols as u64)).collect();
        let rows: Vec<Vec<usize>> = (0..people)
            .map(|_| {
                (0..questions)
                    .map(|q| q * options + next(options as u64).min(next(options as u64)))
                    .collect()
            })
            .collect();
        let mut counts = vec![vec![0i64; cols]; questions * options];
        for (c, r) in column.iter().zip(&rows) {
            for x in r {
                counts[*x][*c] += 1;
            }
        }
        // Small cells of rows that someone is in (a row nobody is in is 0
        // everywhere, and says so in its total).
        let mut hidden: Vec<Vec<bool>> = counts
            .iter()
            .map(|r| {
                let any = r.iter().sum::<i64>() > 0;
                r.iter().map(|n| any && *n < 5).collect()
            })
            .collect();
        let started = std::time::Instant::now();
        Linked {
            column: &column,
            rows: &rows,
        }
        .protect(&counts, &mut hidden);
        eprintln!("linked protection of 800 people: {:?}", started.elapsed());
        assert!(without_witness(&column, &rows, &hidden).is_empty());
    }
}
