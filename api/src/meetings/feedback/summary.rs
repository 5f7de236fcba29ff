//! The numbers of feedback: one meeting's (for its organisers), summaries
//! per meeting, kind or period (exact for staff; for analysts and API keys
//! the year's tables protected together, see [`super::protection`]), and
//! the attendance and satisfaction of each meeting.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::json::{
    FeedbackComment, FeedbackGroup, FeedbackSummary, GroupMeeting, MeetingFeedback, MeetingStats,
    RatingCount, SummaryBy, COMMENTS_FROM,
};
use super::model::{Anonymous, Rated, Tally};
use super::protection::{self, Ratings, VALUES};
use crate::codes::MeetingKind;
use crate::disclosure::{self, SUPPRESSED_GROUP};
use crate::ids;
use crate::meetings::json::Texts;
use crate::meetings::model::{pick_text, utc_to_local, MeetingRow};

/// Mean (one decimal) and median of some ratings.
pub fn stats(ratings: &[i32]) -> Option<(f64, f64)> {
    if ratings.is_empty() {
        return None;
    }
    let mut v = ratings.to_vec();
    v.sort_unstable();
    let n = v.len();
    let mean = f64::from(v.iter().sum::<i32>()) / n as f64;
    let median = if n % 2 == 1 {
        f64::from(v[n / 2])
    } else {
        f64::from(v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Some(((mean * 10.0).round() / 10.0, median))
}

fn counts_of(ratings: &[i32]) -> [i64; VALUES] {
    let mut out = [0; VALUES];
    for r in ratings {
        if let Some(c) = usize::try_from(*r - 1).ok().and_then(|i| out.get_mut(i)) {
            *c += 1;
        }
    }
    out
}

fn ratings_of(counts: &[i64; VALUES]) -> Vec<i32> {
    let mut out = Vec::new();
    for (i, n) in counts.iter().enumerate() {
        for _ in 0..*n {
            out.push(i as i32 + 1);
        }
    }
    out
}

fn distribution(counts: &[i64; VALUES], hidden: &[bool; VALUES]) -> Vec<RatingCount> {
    counts
        .iter()
        .zip(hidden)
        .enumerate()
        .map(|(i, (n, h))| RatingCount {
            rating: i as i32 + 1,
            count: (!h).then_some(*n),
            suppressed: *h,
        })
        .collect()
}

/// One meeting's feedback for its organisers: exact numbers, and the
/// comments (sorted by text, without author or time) once at least
/// [`COMMENTS_FROM`] people rated it.
pub fn meeting_feedback(meeting_id: String, rows: Vec<Anonymous>) -> MeetingFeedback {
    let ratings: Vec<i32> = rows.iter().map(|r| r.0).collect();
    let count = ratings.len() as i64;
    let (mean, median) = stats(&ratings).map_or((None, None), |(m, d)| (Some(m), Some(d)));
    let withheld = count < COMMENTS_FROM;
    let mut comments: Vec<FeedbackComment> = if withheld {
        Vec::new()
    } else {
        rows.into_iter()
            .filter_map(|(_, text, language)| {
                text.filter(|t| !t.trim().is_empty())
                    .map(|text| FeedbackComment { text, language })
            })
            .collect()
    };
    comments.sort_by(|a, b| a.text.cmp(&b.text).then(a.language.cmp(&b.language)));
    MeetingFeedback {
        meeting_id,
        count,
        mean,
        median,
        distribution: distribution(&counts_of(&ratings), &[false; VALUES]),
        comments,
        comments_withheld: withheld,
        comments_from: COMMENTS_FROM,
    }
}

/// What a summary is asked for.
pub struct Ask {
    pub by: SummaryBy,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: Option<MeetingKind>,
    /// `None`: exact (staff).
    pub threshold: Option<i64>,
    pub lang: &'static str,
    /// Periods are calendar months or years in this zone.
    pub zone: chrono_tz::Tz,
}

/// A meeting as a group of a summary.
struct MeetingInfo {
    id: String,
    kind: MeetingKind,
    title: String,
    starts_at: chrono::NaiveDateTime,
    time_zone: String,
}

impl MeetingInfo {
    fn of(r: &Rated) -> Self {
        MeetingInfo {
            id: r.meeting_id.clone(),
            kind: MeetingKind::parse(&r.kind).unwrap_or(MeetingKind::Other),
            title: r.title.clone(),
            starts_at: r.starts_at,
            time_zone: r.time_zone.clone(),
        }
    }

    fn reference(&self) -> GroupMeeting {
        let tz: chrono_tz::Tz = self
            .time_zone
            .parse()
            .unwrap_or(chrono_tz::Europe::Ljubljana);
        GroupMeeting {
            id: self.id.clone(),
            kind: self.kind,
            starts_at: ids::utc(self.starts_at),
            start_local: utc_to_local(self.starts_at, tz),
            time_zone: self.time_zone.clone(),
        }
    }

    fn label(&self, lang: &str) -> String {
        let t: Texts = serde_json::from_str(&self.title).unwrap_or_default();
        pick_text(&t, lang)
    }
}

/// A group's numbers, with what is hidden; mean and median only when the
/// disclosure rules allow them (`threshold` ratings, no hidden cell).
fn group(
    key: String,
    label: String,
    meeting: Option<GroupMeeting>,
    counts: &[i64; VALUES],
    count_hidden: bool,
    cells_hidden: &[bool; VALUES],
    threshold: Option<i64>,
) -> FeedbackGroup {
    let ratings = ratings_of(counts);
    let values: Vec<f64> = ratings.iter().map(|r| f64::from(*r)).collect();
    let any_hidden = cells_hidden.iter().any(|h| *h);
    let allowed = !count_hidden && disclosure::summary(&values, threshold, any_hidden).is_some();
    let (mean, median) = match stats(&ratings) {
        Some((m, d)) if allowed => (Some(m), Some(d)),
        _ => (None, None),
    };
    FeedbackGroup {
        key,
        label,
        meeting,
        count: (!count_hidden).then_some(ratings.len() as i64),
        suppressed: count_hidden,
        stats_suppressed: !ratings.is_empty() && !allowed,
        mean,
        median,
        distribution: distribution(counts, cells_hidden),
    }
}

/// The merged group of meetings too few rated (analysts and API keys).
fn merged_group() -> FeedbackGroup {
    FeedbackGroup {
        key: SUPPRESSED_GROUP.into(),
        label: SUPPRESSED_GROUP.into(),
        meeting: None,
        count: None,
        suppressed: true,
        mean: None,
        median: None,
        stats_suppressed: true,
        distribution: distribution(&[0; VALUES], &[true; VALUES]),
    }
}

fn kind_index(k: MeetingKind) -> usize {
    MeetingKind::ALL.iter().position(|x| *x == k).unwrap_or(0)
}

/// Summarises `rows`: for staff the ratings asked for; for analysts and API
/// keys those of the whole year (every kind), protected together, of which
/// the groups asked for are shown.
pub fn summarise(rows: &[Rated], ask: &Ask) -> FeedbackSummary {
    let groups = match ask.threshold {
        None => exact(rows, ask),
        Some(k) => protected(rows, ask, k),
    };
    FeedbackSummary {
        by: ask.by,
        from: ask.from,
        to: ask.to,
        kind: ask.kind,
        suppression_threshold: ask.threshold,
        groups,
    }
}

fn kinds_asked(ask: &Ask) -> Vec<MeetingKind> {
    match ask.kind {
        Some(k) => vec![k],
        None => MeetingKind::ALL.to_vec(),
    }
}

fn exact(rows: &[Rated], ask: &Ask) -> Vec<FeedbackGroup> {
    let none = [false; VALUES];
    let plain = |key: String, label: String, meeting, ratings: &[i32]| {
        group(key, label, meeting, &counts_of(ratings), false, &none, None)
    };
    match ask.by {
        SummaryBy::Meeting => {
            let mut order: Vec<MeetingInfo> = Vec::new();
            let mut ratings: HashMap<String, Vec<i32>> = HashMap::new();
            for r in rows {
                if !ratings.contains_key(&r.meeting_id) {
                    order.push(MeetingInfo::of(r));
                }
                ratings
                    .entry(r.meeting_id.clone())
                    .or_default()
                    .push(r.rating);
            }
            order
                .into_iter()
                .map(|m| {
                    let list = ratings.remove(&m.id).unwrap_or_default();
                    plain(m.id.clone(), m.label(ask.lang), Some(m.reference()), &list)
                })
                .collect()
        }
        SummaryBy::Kind => kinds_asked(ask)
            .into_iter()
            .map(|k| {
                let list: Vec<i32> = rows
                    .iter()
                    .filter(|r| r.kind == k.as_str())
                    .map(|r| r.rating)
                    .collect();
                plain(
                    k.as_str().to_string(),
                    k.label(ask.lang).to_string(),
                    None,
                    &list,
                )
            })
            .collect(),
        SummaryBy::Period => {
            let mut months: BTreeMap<String, Vec<i32>> = BTreeMap::new();
            let mut d = NaiveDate::from_ymd_opt(ask.from.year(), ask.from.month(), 1);
            while let Some(day) = d.filter(|day| *day <= ask.to) {
                months.insert(day.format("%Y-%m").to_string(), Vec::new());
                d = day.checked_add_months(chrono::Months::new(1));
            }
            for r in rows {
                let month = utc_to_local(r.starts_at, ask.zone)
                    .format("%Y-%m")
                    .to_string();
                months.entry(month).or_default().push(r.rating);
            }
            months
                .into_iter()
                .map(|(m, list)| plain(m.clone(), m, None, &list))
                .collect()
        }
    }
}

fn protected(rows: &[Rated], ask: &Ask, k: i64) -> Vec<FeedbackGroup> {
    // Every kind, whatever was asked: the protection must not depend on
    // the question, or two answers could be set against each other.
    let mut meetings: Vec<MeetingInfo> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut list: Vec<(usize, usize)> = Vec::new();
    for r in rows {
        let j = *index.entry(r.meeting_id.clone()).or_insert_with(|| {
            meetings.push(MeetingInfo::of(r));
            meetings.len() - 1
        });
        if let Ok(v) = usize::try_from(r.rating - 1) {
            if v < VALUES {
                list.push((j, v));
            }
        }
    }
    let meeting_kind: Vec<usize> = meetings.iter().map(|m| kind_index(m.kind)).collect();
    let ratings = Ratings {
        kinds: MeetingKind::ALL.len(),
        meeting_kind: &meeting_kind,
        ratings: &list,
    };
    let c = ratings.counts();
    let h = protection::protect(&ratings, k);
    let wanted = |kind: MeetingKind| ask.kind.is_none_or(|x| x == kind);
    match ask.by {
        SummaryBy::Meeting => {
            let mut out: Vec<FeedbackGroup> = meetings
                .iter()
                .enumerate()
                .filter(|(j, m)| !h.meeting_count[*j] && wanted(m.kind))
                .map(|(j, m)| {
                    group(
                        m.id.clone(),
                        m.label(ask.lang),
                        Some(m.reference()),
                        &c.meeting_cells[j],
                        false,
                        &h.meeting_cells[j],
                        Some(k),
                    )
                })
                .collect();
            let merged = meetings
                .iter()
                .enumerate()
                .any(|(j, m)| h.meeting_count[j] && wanted(m.kind));
            if merged {
                out.push(merged_group());
            }
            out
        }
        SummaryBy::Kind => kinds_asked(ask)
            .into_iter()
            .map(|kind| {
                let i = kind_index(kind);
                group(
                    kind.as_str().to_string(),
                    kind.label(ask.lang).to_string(),
                    None,
                    &c.kind_cells[i],
                    h.kind_count[i],
                    &h.kind_cells[i],
                    Some(k),
                )
            })
            .collect(),
        SummaryBy::Period => {
            let year = ask.from.format("%Y").to_string();
            let g = match ask.kind {
                // The year of one kind is that kind's row.
                Some(kind) => {
                    let i = kind_index(kind);
                    group(
                        year.clone(),
                        year,
                        None,
                        &c.kind_cells[i],
                        h.kind_count[i],
                        &h.kind_cells[i],
                        Some(k),
                    )
                }
                None => group(year.clone(), year, None, &c.year, h.total, &h.year, Some(k)),
            };
            vec![g]
        }
    }
}

/// A meeting's line in the coordinator's list.
pub fn meeting_stats(row: &MeetingRow, t: Tally, lang: &str) -> MeetingStats {
    let tz = row.zone();
    MeetingStats {
        meeting_id: row.id.clone(),
        title: row.display_title(lang),
        kind: MeetingKind::parse(&row.kind).unwrap_or(MeetingKind::Other),
        status: row.status(),
        starts_at: ids::utc(row.starts_at),
        start_local: utc_to_local(row.starts_at, tz),
        time_zone: row.time_zone.clone(),
        capacity: row.capacity,
        registered: t.registered,
        waiting: t.waiting,
        booked: t.booked,
        attended: t.attended,
        no_show: t.no_show,
        guests: t.guests,
        ratings: t.ratings.len() as i64,
        mean_rating: stats(&t.ratings).map(|s| s.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_have_one_decimal_and_medians_halves() {
        assert_eq!(stats(&[8]), Some((8.0, 8.0)));
        assert_eq!(stats(&[7, 8]), Some((7.5, 7.5)));
        assert_eq!(stats(&[10, 9, 9]), Some((9.3, 9.0)));
        assert_eq!(stats(&[]), None);
    }

    #[test]
    fn comments_need_three_raters_and_are_sorted_by_text() {
        let few = meeting_feedback(
            "m".into(),
            vec![
                (8, Some("Zelo dobro".into()), Some("sl".into())),
                (6, None, None),
            ],
        );
        assert!(few.comments_withheld && few.comments.is_empty());
        assert_eq!(few.count, 2);
        assert_eq!(few.mean, Some(7.0));
        let many = meeting_feedback(
            "m".into(),
            vec![
                (9, Some("b".into()), None),
                (3, Some("a".into()), None),
                (5, Some("  ".into()), None),
            ],
        );
        assert!(!many.comments_withheld);
        let texts: Vec<&str> = many.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["a", "b"]);
    }
}
