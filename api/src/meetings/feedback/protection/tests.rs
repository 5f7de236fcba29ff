//! The protection's tests: the leak it closes, random years, an
//! exhaustive check of the flow argument on small tables, and a busy year.

use super::*;

/// For tests: the hidden numbers that the published ones pin to one
/// value, leaving out those pinned anyway.
fn pinned(r: &Ratings<'_>, h: &Hidden) -> Vec<String> {
    let c = r.counts();
    let net = network(r, &c, true);
    let hidden: Vec<bool> = net.arcs.iter().map(|a| h.get(a.what)).collect();
    let (_, structural) = limits(&net, h.total);
    (0..net.arcs.len())
        .filter(|&e| {
            hidden[e] && net.arcs[e].what.published() && !structural[e] && !net.free(&hidden, e)
        })
        .map(|e| format!("{:?}", net.arcs[e].what))
        .collect()
}

fn ratings(meetings: &[(usize, &[usize])]) -> (Vec<usize>, Vec<(usize, usize)>) {
    let kinds = meetings.iter().map(|m| m.0).collect();
    let mut list = Vec::new();
    for (j, (_, values)) in meetings.iter().enumerate() {
        for (v, n) in values.iter().enumerate() {
            for _ in 0..*n {
                list.push((j, v));
            }
        }
    }
    (kinds, list)
}

#[test]
fn a_kinds_numbers_do_not_give_away_its_meetings_hidden_cells() {
    // Workshops A (one 8, four 9s, five 10s) and B (five of each), and
    // a co-creation meeting C.
    let (kinds, list) = ratings(&[
        (0, &[0, 0, 0, 0, 0, 0, 0, 1, 4, 5]),
        (0, &[0, 0, 0, 0, 0, 0, 0, 5, 5, 5]),
        (1, &[0, 0, 0, 0, 0, 0, 6, 6, 0, 0]),
    ]);
    let r = Ratings {
        kinds: 2,
        meeting_kind: &kinds,
        ratings: &list,
    };
    let plain = primary(&r.counts(), 5);
    assert!(plain.meeting_cells[0][7] && !plain.kind_cells[0][7] && !plain.meeting_cells[1][7]);
    assert!(
        !pinned(&r, &plain).is_empty(),
        "workshops' 6 eights minus B's 5 is A's 1"
    );
    let h = protect(&r, 5);
    assert!(pinned(&r, &h).is_empty(), "{h:?}");
    assert!(h.meeting_cells[0][7]);
    assert!(h.kind_cells[0][7] || h.meeting_cells[1][7], "{h:?}");
    assert!(!h.total && !h.meeting_count[1], "what is big enough stays");
}

#[test]
fn a_big_enough_meeting_stays_when_a_small_one_is_merged() {
    // Six rated a co-creation meeting 8; two rated a workshop 5 and 7.
    let (kinds, list) = ratings(&[
        (0, &[0, 0, 0, 0, 0, 0, 0, 6, 0, 0]),
        (1, &[0, 0, 0, 0, 1, 0, 1, 0, 0, 0]),
    ]);
    let r = Ratings {
        kinds: 11,
        meeting_kind: &kinds,
        ratings: &list,
    };
    let h = protect(&r, 5);
    assert!(pinned(&r, &h).is_empty(), "{h:?}");
    assert!(
        !h.meeting_count[0] && h.meeting_cells[0].iter().all(|x| !x),
        "{h:?}"
    );
    assert!(h.meeting_count[1] && h.kind_count[1] && !h.kind_count[0]);
    assert!(!h.total && h.year[4] && h.year[6], "{h:?}");
    // "No other rating was an 8" would pin the workshops' hidden zero.
    assert!(h.year[7] && h.kind_cells[1][7]);
    // Without unlisted meetings to hide in, the workshops' 2 would be
    // the total's 8 minus the co-creation meetings' 6.
    let c = r.counts();
    let net = network(&r, &c, false);
    let hidden: Vec<bool> = net.arcs.iter().map(|a| h.get(a.what)).collect();
    let at = net.arcs.iter().position(|a| a.what == What::KindCount(1));
    assert_eq!(at.map(|e| net.free(&hidden, e)), Some(false));
}

#[test]
fn no_hidden_number_is_pinned_on_many_years() {
    let mut seed = 11u64;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % m) as usize
    };
    for _ in 0..300 {
        let kinds = 1 + next(3);
        let meetings = 1 + next(6);
        let meeting_kind: Vec<usize> = (0..meetings).map(|_| next(kinds as u64)).collect();
        let mut list = Vec::new();
        for j in 0..meetings {
            let n = 1 + next(14);
            let centre = next(10);
            for _ in 0..n {
                let v = (centre + next(3)).min(9);
                list.push((j, v));
            }
        }
        let r = Ratings {
            kinds,
            meeting_kind: &meeting_kind,
            ratings: &list,
        };
        let h = protect(&r, 5);
        assert!(pinned(&r, &h).is_empty(), "{meeting_kind:?} {list:?} {h:?}");
        // Primary suppression is kept.
        let c = r.counts();
        for j in 0..meetings {
            if c.meeting_count[j] < 5 {
                assert!(h.meeting_count[j] && h.meeting_cells[j].iter().all(|x| *x));
            }
            for v in 0..VALUES {
                let n = c.meeting_cells[j][v];
                if n > 0 && n < 5 {
                    assert!(h.meeting_cells[j][v]);
                }
            }
        }
    }
}

/// Every table of `cells` cells holding `total` ratings.
fn tables(cells: usize, total: i64, f: &mut dyn FnMut(&[i64])) {
    fn go(at: usize, left: i64, t: &mut Vec<i64>, f: &mut dyn FnMut(&[i64])) {
        if at + 1 == t.len() {
            t[at] = left;
            f(t);
            return;
        }
        for n in 0..=left {
            t[at] = n;
            go(at + 1, left - n, t, f);
        }
    }
    go(0, total, &mut vec![0; cells], f);
}

#[test]
fn the_flow_argument_agrees_with_trying_every_table() {
    // Two meetings over ratings 1–4 (the rest empty), of one kind or
    // two; every table with the same total is tried.
    let mut seed = 5u64;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % m) as usize
    };
    let mut seen = (0, 0);
    for _ in 0..60 {
        let meeting_kind = vec![0, next(2)];
        let mut list = Vec::new();
        for j in 0..2 {
            for _ in 0..(1 + next(4)) {
                list.push((j, next(4)));
            }
        }
        let real = Ratings {
            kinds: 2,
            meeting_kind: &meeting_kind,
            ratings: &list,
        };
        let c = real.counts();
        let net = network(&real, &c, false);
        // Hide at random (the total and the empty ratings 5–10 stay public).
        let hidden: Vec<bool> = net
            .arcs
            .iter()
            .map(|a| match a.what {
                What::Total => false,
                What::Year(v) | What::KindCell(_, v) | What::MeetingCell(_, v) if v >= 4 => false,
                _ => next(3) != 0,
            })
            .collect();
        let published = |net: &Network| -> Vec<Option<i64>> {
            net.arcs
                .iter()
                .zip(&hidden)
                .map(|(a, h)| (!h).then_some(a.flow))
                .collect()
        };
        let want = published(&net);
        let mut can_differ = vec![false; net.arcs.len()];
        tables(8, c.total, &mut |t| {
            let mut other = Vec::new();
            for (cell, n) in t.iter().enumerate() {
                for _ in 0..*n {
                    other.push((cell / 4, cell % 4));
                }
            }
            let o = Ratings {
                kinds: 2,
                meeting_kind: &meeting_kind,
                ratings: &other,
            };
            let onet = network(&o, &o.counts(), false);
            if published(&onet) == want {
                for (e, (a, b)) in net.arcs.iter().zip(&onet.arcs).enumerate() {
                    if a.flow != b.flow {
                        can_differ[e] = true;
                    }
                }
            }
        });
        for e in 0..net.arcs.len() {
            if hidden[e] {
                if can_differ[e] {
                    seen.0 += 1;
                } else {
                    seen.1 += 1;
                }
                assert_eq!(
                    net.free(&hidden, e),
                    can_differ[e],
                    "{:?} in {meeting_kind:?} {list:?}",
                    net.arcs[e].what
                );
            }
        }
    }
    assert!(
        seen.0 > 10 && seen.1 > 10,
        "both answers are tried: {seen:?}"
    );
}

#[test]
fn a_busy_year_is_protected_quickly_and_fully() {
    let mut seed = 3u64;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % m) as usize
    };
    // 300 meetings of 11 kinds, 1 to 30 ratings each.
    let meeting_kind: Vec<usize> = (0..300).map(|_| next(11)).collect();
    let mut list = Vec::new();
    for j in 0..meeting_kind.len() {
        let centre = 4 + next(6);
        for _ in 0..(1 + next(30)) {
            list.push((j, (centre + next(4)).saturating_sub(1).min(9)));
        }
    }
    let r = Ratings {
        kinds: 11,
        meeting_kind: &meeting_kind,
        ratings: &list,
    };
    let started = std::time::Instant::now();
    let h = protect(&r, 5);
    eprintln!(
        "feedback protection of {} ratings in 300 meetings: {:?}",
        list.len(),
        started.elapsed()
    );
    assert!(pinned(&r, &h).is_empty());
}
