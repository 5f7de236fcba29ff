//! The feedback tables of one calendar year for analysts and API keys,
//! protected together.
//!
//! The three summaries (per meeting, per kind, for the year) are linked: a
//! kind's numbers are the sums of its meetings', the year's the sums of the
//! kinds'. Protected one by one, "workshops: 6 rated 8" next to "workshop B:
//! 5 rated 8" would give away workshop A's hidden "1 rated 8". So every
//! published number is an arc of one flow network, and a hidden number is
//! safe only when it is not pinned by all the published ones together:
//!
//! ```text
//! source ─kind count─▶ kind ─meeting count─▶ meeting ─meeting cell (m, v)─▶ (kind, v)
//!        ◀────total─── sink ◀─year cell v── (year, v) ◀──kind cell (k, v)──┘
//! ```
//!
//! Flow is conserved at every node, so the ratings form a circulation, and
//! the tables any attacker may consider possible are exactly the
//! non-negative integer circulations that agree with every published arc
//! (the matrix of a network is totally unimodular, so integer and real
//! solutions move alike). A hidden arc can take another value iff a cycle
//! through it runs over hidden arcs only, forwards or, where they hold at
//! least one, backwards: [`Network::free`]. Primary suppression is the
//! platform's ([`disclosure::one_way`] on each table whose total is
//! public, meetings with too few ratings merged away); then, arc by arc, a
//! pinned hidden arc gets the cheapest cycle (fewest and smallest published
//! arcs, counts dearer than cells) hidden with it, and a count hidden takes
//! its row's cells with it. Hiding more never pins anything, so each hidden
//! arc is checked once. The year's total stays public when it reaches the
//! threshold; what the total alone pins is public anyway.
//!
//! Meetings are listed only where enough people rated them, so the
//! attacker cannot tell which unlisted meetings hold ratings: each kind has
//! a phantom meeting standing for them, never published, whose numbers may
//! grow from 0 (as a hidden zero in [`disclosure::one_way`] may be small).
//! The listed and merged meetings themselves are all taken as known.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::disclosure;

/// Ratings run from 1 to 10.
pub const VALUES: usize = 10;

/// What is hidden in each table.
#[derive(Debug, Clone, PartialEq)]
pub struct Hidden {
    /// The year's number of ratings.
    pub total: bool,
    /// The year's distribution.
    pub year: [bool; VALUES],
    pub kind_count: Vec<bool>,
    pub kind_cells: Vec<[bool; VALUES]>,
    pub meeting_count: Vec<bool>,
    pub meeting_cells: Vec<[bool; VALUES]>,
}

/// What an arc publishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum What {
    Total,
    Year(usize),
    KindCount(usize),
    KindCell(usize, usize),
    MeetingCount(usize),
    MeetingCell(usize, usize),
    /// The unlisted meetings of a kind, and their cells (never published).
    Phantom(usize),
    PhantomCell(usize, usize),
}

impl What {
    /// Whether it is a number of the tables (not a phantom).
    fn published(self) -> bool {
        !matches!(self, What::Phantom(_) | What::PhantomCell(..))
    }
}

struct Arc {
    from: usize,
    to: usize,
    flow: i64,
    what: What,
}

struct Network {
    arcs: Vec<Arc>,
    /// Per node: (arc, whether the arc leaves the node).
    adjacent: Vec<Vec<(usize, bool)>>,
}

impl Network {
    fn new(nodes: usize, arcs: Vec<Arc>) -> Self {
        let mut adjacent = vec![Vec::new(); nodes];
        for (i, a) in arcs.iter().enumerate() {
            adjacent[a.from].push((i, true));
            adjacent[a.to].push((i, false));
        }
        Network { arcs, adjacent }
    }

    /// The arcs a step from `node` can take: forwards along any arc,
    /// backwards along one that holds at least one.
    fn steps(&self, node: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.adjacent[node].iter().filter_map(move |&(i, leaves)| {
            let a = &self.arcs[i];
            if leaves {
                Some((i, a.to))
            } else if a.flow >= 1 {
                Some((i, a.from))
            } else {
                None
            }
        })
    }

    /// Whether a path over hidden arcs other than `skip` leads from `from` to `to`.
    fn reaches(&self, hidden: &[bool], skip: usize, from: usize, to: usize) -> bool {
        let mut seen = vec![false; self.adjacent.len()];
        let mut queue = VecDeque::from([from]);
        seen[from] = true;
        while let Some(node) = queue.pop_front() {
            if node == to {
                return true;
            }
            for (arc, next) in self.steps(node) {
                if arc != skip && hidden[arc] && !seen[next] {
                    seen[next] = true;
                    queue.push_back(next);
                }
            }
        }
        false
    }

    /// Whether hidden arc `e` can take another value given the published arcs.
    fn free(&self, hidden: &[bool], e: usize) -> bool {
        let a = &self.arcs[e];
        self.reaches(hidden, e, a.to, a.from)
            || (a.flow >= 1 && self.reaches(hidden, e, a.from, a.to))
    }

    /// The published arcs to hide so that `e` is free: the cheapest path
    /// closing a cycle through it (`None` when only arcs that may not be
    /// hidden would close one).
    fn cheapest(&self, hidden: &[bool], hideable: &[bool], e: usize) -> Option<Vec<usize>> {
        let a = &self.arcs[e];
        let total: i64 = self.arcs.iter().map(|x| x.flow).max().unwrap_or(0);
        // One more published arc always costs more than any sum of flows.
        let big = (total + 1) * (self.arcs.len() as i64 + 1);
        let cost = |i: usize| -> Option<i64> {
            if hidden[i] {
                Some(0)
            } else if !hideable[i] {
                None
            } else {
                let weight = match self.arcs[i].what {
                    // A count hidden takes its whole row with it.
                    What::KindCount(_) | What::MeetingCount(_) => 10,
                    _ => 1,
                };
                Some(big * weight + self.arcs[i].flow)
            }
        };
        let mut best: Option<(i64, Vec<usize>)> = None;
        let mut tries = vec![(a.to, a.from)];
        if a.flow >= 1 {
            tries.push((a.from, a.to));
        }
        for (from, to) in tries {
            let n = self.adjacent.len();
            let mut dist = vec![i64::MAX; n];
            let mut via: Vec<Option<(usize, usize)>> = vec![None; n];
            let mut heap = BinaryHeap::from([Reverse((0i64, from))]);
            dist[from] = 0;
            while let Some(Reverse((d, node))) = heap.pop() {
                if d > dist[node] {
                    continue;
                }
                if node == to {
                    break;
                }
                for (arc, next) in self.steps(node) {
                    if arc == e {
                        continue;
                    }
                    let Some(c) = cost(arc) else { continue };
                    let nd = d.saturating_add(c);
                    if nd < dist[next] {
                        dist[next] = nd;
                        via[next] = Some((arc, node));
                        heap.push(Reverse((nd, next)));
                    }
                }
            }
            if dist[to] == i64::MAX || best.as_ref().is_some_and(|(b, _)| *b <= dist[to]) {
                continue;
            }
            let mut path = Vec::new();
            let mut node = to;
            while let Some((arc, prev)) = via[node] {
                if !hidden[arc] {
                    path.push(arc);
                }
                node = prev;
            }
            best = Some((dist[to], path));
        }
        best.map(|(_, path)| path)
    }
}

/// The ratings of a year: each meeting's kind (`kinds` categories, meetings
/// with at least one rating) and each rating as (meeting, value index 0–9).
pub struct Ratings<'a> {
    pub kinds: usize,
    pub meeting_kind: &'a [usize],
    pub ratings: &'a [(usize, usize)],
}

/// The counts of each table.
pub struct Counts {
    pub total: i64,
    pub year: [i64; VALUES],
    pub kind_count: Vec<i64>,
    pub kind_cells: Vec<[i64; VALUES]>,
    pub meeting_count: Vec<i64>,
    pub meeting_cells: Vec<[i64; VALUES]>,
}

impl Ratings<'_> {
    pub fn counts(&self) -> Counts {
        let m = self.meeting_kind.len();
        let mut c = Counts {
            total: 0,
            year: [0; VALUES],
            kind_count: vec![0; self.kinds],
            kind_cells: vec![[0; VALUES]; self.kinds],
            meeting_count: vec![0; m],
            meeting_cells: vec![[0; VALUES]; m],
        };
        for &(meeting, v) in self.ratings {
            let kind = self.meeting_kind[meeting];
            c.total += 1;
            c.year[v] += 1;
            c.kind_count[kind] += 1;
            c.kind_cells[kind][v] += 1;
            c.meeting_count[meeting] += 1;
            c.meeting_cells[meeting][v] += 1;
        }
        c
    }
}

fn row_hidden(cells: &[i64; VALUES], count_hidden: bool, k: i64) -> [bool; VALUES] {
    if count_hidden {
        return [true; VALUES];
    }
    let mut out = [false; VALUES];
    for (o, h) in out.iter_mut().zip(disclosure::one_way(cells, k)) {
        *o = h;
    }
    out
}

/// The network of a year's tables, arcs in a fixed order; with
/// `phantoms`, each kind's unlisted meetings as one more node.
fn network(r: &Ratings<'_>, c: &Counts, phantoms: bool) -> Network {
    let kinds = r.kinds;
    let meetings = r.meeting_kind.len();
    // Source 0, sink 1, kinds, meetings, (kind, value), (year, value).
    let kind_node = |i: usize| 2 + i;
    let meeting_node = |j: usize| 2 + kinds + j;
    let kv_node = |i: usize, v: usize| 2 + kinds + meetings + i * VALUES + v;
    let yv_node = |v: usize| 2 + kinds + meetings + kinds * VALUES + v;
    let phantom_node = |i: usize| 2 + kinds + meetings + kinds * VALUES + VALUES + i;
    let nodes = 2 + kinds + meetings + kinds * VALUES + VALUES + kinds;
    let mut arcs = vec![Arc {
        from: 1,
        to: 0,
        flow: c.total,
        what: What::Total,
    }];
    for v in 0..VALUES {
        arcs.push(Arc {
            from: yv_node(v),
            to: 1,
            flow: c.year[v],
            what: What::Year(v),
        });
    }
    for i in 0..kinds {
        arcs.push(Arc {
            from: 0,
            to: kind_node(i),
            flow: c.kind_count[i],
            what: What::KindCount(i),
        });
        for v in 0..VALUES {
            arcs.push(Arc {
                from: kv_node(i, v),
                to: yv_node(v),
                flow: c.kind_cells[i][v],
                what: What::KindCell(i, v),
            });
        }
    }
    for (j, &i) in r.meeting_kind.iter().enumerate() {
        arcs.push(Arc {
            from: kind_node(i),
            to: meeting_node(j),
            flow: c.meeting_count[j],
            what: What::MeetingCount(j),
        });
        for v in 0..VALUES {
            arcs.push(Arc {
                from: meeting_node(j),
                to: kv_node(i, v),
                flow: c.meeting_cells[j][v],
                what: What::MeetingCell(j, v),
            });
        }
    }
    for i in (0..kinds).filter(|_| phantoms) {
        arcs.push(Arc {
            from: kind_node(i),
            to: phantom_node(i),
            flow: 0,
            what: What::Phantom(i),
        });
        for v in 0..VALUES {
            arcs.push(Arc {
                from: phantom_node(i),
                to: kv_node(i, v),
                flow: 0,
                what: What::PhantomCell(i, v),
            });
        }
    }
    Network::new(nodes, arcs)
}

impl Hidden {
    fn none(kinds: usize, meetings: usize) -> Self {
        Hidden {
            total: false,
            year: [false; VALUES],
            kind_count: vec![false; kinds],
            kind_cells: vec![[false; VALUES]; kinds],
            meeting_count: vec![false; meetings],
            meeting_cells: vec![[false; VALUES]; meetings],
        }
    }

    fn get(&self, what: What) -> bool {
        match what {
            What::Total => self.total,
            What::Year(v) => self.year[v],
            What::KindCount(i) => self.kind_count[i],
            What::KindCell(i, v) => self.kind_cells[i][v],
            What::MeetingCount(j) => self.meeting_count[j],
            What::MeetingCell(j, v) => self.meeting_cells[j][v],
            What::Phantom(_) | What::PhantomCell(..) => true,
        }
    }

    fn set(&mut self, what: What, h: bool) {
        match what {
            What::Total => self.total = h,
            What::Year(v) => self.year[v] = h,
            What::KindCount(i) => self.kind_count[i] = h,
            What::KindCell(i, v) => self.kind_cells[i][v] = h,
            What::MeetingCount(j) => self.meeting_count[j] = h,
            What::MeetingCell(j, v) => self.meeting_cells[j][v] = h,
            What::Phantom(_) | What::PhantomCell(..) => {}
        }
    }
}

/// Primary suppression, table by table: counts below `k` in each one-way
/// table whose total is public ([`disclosure::one_way`]), meetings rated
/// by fewer than `k` unlisted, and a row whose count is hidden hidden whole.
fn primary(c: &Counts, k: i64) -> Hidden {
    let kinds = c.kind_count.len();
    let meetings = c.meeting_count.len();
    let mut h = Hidden::none(kinds, meetings);
    h.total = c.total > 0 && c.total < k;
    h.year = row_hidden(&c.year, h.total, k);
    h.kind_count = if h.total {
        vec![true; kinds]
    } else {
        disclosure::one_way(&c.kind_count, k)
    };
    // Meetings too few rated are not listed (merged); no second one need be
    // hidden with a lone one, as unlisted meetings hide among the phantoms:
    // the network checks every count.
    h.meeting_count = c.meeting_count.iter().map(|n| h.total || *n < k).collect();
    for i in 0..kinds {
        h.kind_cells[i] = row_hidden(&c.kind_cells[i], h.kind_count[i], k);
    }
    for j in 0..meetings {
        h.meeting_cells[j] = row_hidden(&c.meeting_cells[j], h.meeting_count[j], k);
    }
    h
}

/// The cells of a count's row, hidden with it.
fn row_of(what: What) -> Vec<What> {
    match what {
        What::KindCount(i) => (0..VALUES).map(|v| What::KindCell(i, v)).collect(),
        What::MeetingCount(j) => (0..VALUES).map(|v| What::MeetingCell(j, v)).collect(),
        What::Total => (0..VALUES).map(What::Year).collect(),
        _ => Vec::new(),
    }
}

/// Which arcs may be hidden (the total only when it is below the
/// threshold), and which are pinned even with all of those hidden: those
/// are public anyway.
fn limits(net: &Network, total_hidden: bool) -> (Vec<bool>, Vec<bool>) {
    let hideable: Vec<bool> = net
        .arcs
        .iter()
        .map(|a| a.what != What::Total || total_hidden)
        .collect();
    let structural = (0..net.arcs.len())
        .map(|e| hideable[e] && !net.free(&hideable, e))
        .collect();
    (hideable, structural)
}

/// What to hide in a year's tables at threshold `k`.
pub fn protect(r: &Ratings<'_>, k: i64) -> Hidden {
    let c = r.counts();
    let mut out = primary(&c, k);
    if k <= 1 {
        return out;
    }
    let net = network(r, &c, true);
    let mut hidden: Vec<bool> = net.arcs.iter().map(|a| out.get(a.what)).collect();
    let (hideable, structural) = limits(&net, out.total);
    let index: std::collections::HashMap<What, usize> = net
        .arcs
        .iter()
        .enumerate()
        .map(|(i, a)| (a.what, i))
        .collect();
    let mut queue: Vec<usize> = (0..net.arcs.len())
        .filter(|e| hidden[*e] && net.arcs[*e].what.published())
        .collect();
    while let Some(e) = queue.pop() {
        if structural[e] || net.free(&hidden, e) {
            continue;
        }
        let Some(extra) = net.cheapest(&hidden, &hideable, e) else {
            continue;
        };
        for x in extra {
            let mut more = vec![x];
            more.extend(row_of(net.arcs[x].what).iter().filter_map(|w| index.get(w)));
            for y in more {
                if !hidden[y] {
                    hidden[y] = true;
                    queue.push(y);
                }
            }
        }
    }
    for (a, h) in net.arcs.iter().zip(&hidden) {
        out.set(a.what, *h);
    }
    out
}

#[cfg(test)]
mod tests;
