//! The interview analysis for analysts and API keys, through
//! [`crate::disclosure`]: a question's own table, the breakdowns with hidden
//! groups merged, cross-tabulations over the protected categories linked
//! through the answers CSV, and the pseudonymised answers.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::json::{Analysis, Breakdown, Cell, OptionCount};
use super::model::{values_of, Data, Respondent};
use crate::disclosure::{self, Merged, Row, SUPPRESSED, SUPPRESSED_GROUP, WITHHELD};
use crate::interviews::templates::{text_in, Question, QuestionType};

/// Whether a question's values are listed only where someone gave them
/// (rather than from a fixed list): hidden ones are then merged.
pub(super) fn listed_when_given(kind: QuestionType) -> bool {
    matches!(
        kind,
        QuestionType::Number | QuestionType::Skill | QuestionType::Language
    )
}

/// Whether a respondent gives at most one value to the question.
pub(super) fn single_valued(kind: QuestionType) -> bool {
    matches!(
        kind,
        QuestionType::SingleChoice
            | QuestionType::YesNo
            | QuestionType::Scale
            | QuestionType::Number
    )
}

/// Suppresses a question's own table (all of it when `all`, because the
/// number who answered is hidden); values given only where someone gave
/// them are merged into one `suppressed` entry when hidden.
pub(super) fn suppress_options(
    list: &mut Vec<OptionCount>,
    threshold: Option<i64>,
    kind: QuestionType,
    all: bool,
) {
    let Some(t) = threshold else { return };
    let counts: Vec<i64> = list.iter().map(|o| o.count.unwrap_or(0)).collect();
    let hidden = if all {
        vec![true; counts.len()]
    } else {
        disclosure::one_way(&counts, t)
    };
    for (o, h) in list.iter_mut().zip(&hidden) {
        if *h {
            o.count = None;
            o.suppressed = true;
        }
    }
    if listed_when_given(kind) && hidden.iter().any(|h| *h) {
        list.retain(|o| !o.suppressed);
        list.push(OptionCount {
            value: SUPPRESSED_GROUP.into(),
            label: SUPPRESSED_GROUP.into(),
            count: None,
            suppressed: true,
        });
    }
}

/// A breakdown's groups, hidden ones merged for analysts and API keys.
pub(super) fn groups_of(data: &Data, b: Breakdown, threshold: Option<i64>) -> Merged {
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for r in &data.respondents {
        if let Some(g) = r.groups.get(&b) {
            *counts.entry(g.clone()).or_insert(0) += 1;
        }
    }
    Merged::new(counts.into_iter().collect(), threshold)
}

pub(super) fn table(groups: &Merged) -> BTreeMap<String, Cell> {
    let mut out: BTreeMap<String, Cell> = groups
        .shown
        .iter()
        .map(|(g, n)| {
            (
                g.clone(),
                Cell {
                    count: Some(*n),
                    suppressed: false,
                },
            )
        })
        .collect();
    if let Some(n) = groups.merged() {
        out.insert(
            SUPPRESSED_GROUP.into(),
            Cell {
                count: Some(n),
                suppressed: true,
            },
        );
    }
    out
}

/// A question cross-tabulated by the protected groups of a breakdown: rows
/// are the options of the question's own (protected) table, options hidden
/// there stay hidden, and the rest is suppressed as one table whose margins
/// are public.
pub(super) fn cross_tab(
    question: &Question,
    options: &[OptionCount],
    groups: &Merged,
    b: Breakdown,
    data: &Data,
    threshold: Option<i64>,
) -> CrossTab {
    let columns = groups.columns();
    let mut sizes = vec![0i64; columns.len()];
    // counts[value][column]
    let mut counts: HashMap<String, Vec<i64>> = HashMap::new();
    for r in &data.respondents {
        let Some(c) = r
            .groups
            .get(&b)
            .and_then(|g| columns.iter().position(|x| x == groups.of(g)))
        else {
            continue;
        };
        sizes[c] += 1;
        if let Some(v) = r.answers.get(&question.id) {
            for value in values_of(question, v) {
                counts
                    .entry(value)
                    .or_insert_with(|| vec![0; columns.len()])[c] += 1;
            }
        }
    }
    let shown: Vec<usize> = options
        .iter()
        .enumerate()
        .filter(|(_, o)| !o.suppressed)
        .map(|(i, _)| i)
        .collect();
    let row = |i: usize| {
        counts
            .get(&options[i].value)
            .cloned()
            .unwrap_or_else(|| vec![0; columns.len()])
    };
    // hide[option][column], for the options shown.
    let mut hide: HashMap<usize, Vec<bool>> = HashMap::new();
    if let Some(k) = threshold {
        if single_valued(question.kind) {
            // Rows: the options shown, those hidden (merged: shown as
            // hidden in every group, so none may be pinned), no answer.
            let mut cells: Vec<Vec<i64>> = shown.iter().map(|i| row(*i)).collect();
            let mut kinds = vec![Row::Shown; shown.len()];
            let merged = hidden_options(options, row, columns.len());
            let rest: Vec<i64> = (0..columns.len())
                .map(|c| sizes[c] - merged[c] - cells.iter().map(|r| r[c]).sum::<i64>())
                .collect();
            cells.extend([merged, rest]);
            kinds.extend([Row::Hidden, Row::Unknown]);
            let hidden = disclosure::two_way(&cells, &kinds, k);
            for (n, i) in shown.iter().enumerate() {
                hide.insert(*i, hidden[n].clone());
            }
        } else {
            for i in &shown {
                hide.insert(*i, disclosure::chosen_row(&row(*i), &sizes, k));
            }
        }
    }
    CrossTab {
        counts: (0..options.len()).map(row).collect(),
        hidden: (0..options.len())
            .map(|i| {
                (0..columns.len())
                    .map(|c| options[i].suppressed || hide.get(&i).is_some_and(|h| h[c]))
                    .collect()
            })
            .collect(),
        columns,
    }
}

/// Per column, how many chose an option hidden in the question's own table.
pub(super) fn hidden_options(
    options: &[OptionCount],
    row: impl Fn(usize) -> Vec<i64>,
    columns: usize,
) -> Vec<i64> {
    let mut out = vec![0; columns];
    for (i, o) in options.iter().enumerate() {
        if o.suppressed {
            for (x, n) in out.iter_mut().zip(row(i)) {
                *x += n;
            }
        }
    }
    out
}

/// A question by the groups of a breakdown, per option of the question's
/// own list (hidden options stay hidden in every group).
pub(super) struct CrossTab {
    columns: Vec<String>,
    counts: Vec<Vec<i64>>,
    hidden: Vec<Vec<bool>>,
}

impl CrossTab {
    pub(super) fn by(&self, options: &[OptionCount]) -> BTreeMap<String, Vec<OptionCount>> {
        let mut by = BTreeMap::new();
        for (c, group) in self.columns.iter().enumerate() {
            let list = options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let hidden = self.hidden[i][c];
                    OptionCount {
                        value: o.value.clone(),
                        label: o.label.clone(),
                        count: (!hidden).then(|| self.counts[i][c]),
                        suppressed: hidden,
                    }
                })
                .collect();
            by.insert(group.clone(), list);
        }
        by
    }
}

/// The cross-tabulations of every question by one breakdown, protected
/// together: the answers CSV ties each person's answers to one another, so a
/// cell is hidden only where an exchange of groups between two people
/// changes it and no published cell ([`disclosure::Linked`]).
pub(super) fn link(
    tabs: &mut [CrossTab],
    questions: &[(&Question, &[OptionCount])],
    groups: &Merged,
    b: Breakdown,
    data: &Data,
) {
    // Rows side by side: (question, option) for the options shown and, as
    // rows that show as hidden in every group, each option hidden in a
    // several-answer question's table, and for a one-answer question all its
    // hidden options together (`None`).
    let mut ids: Vec<(usize, Option<usize>)> = Vec::new();
    let mut index: HashMap<(usize, &str), usize> = HashMap::new();
    let mut merged: HashMap<usize, usize> = HashMap::new();
    for (q, (question, options)) in questions.iter().enumerate() {
        let single = single_valued(question.kind);
        for (i, o) in options.iter().enumerate() {
            if !o.suppressed || !single {
                index.insert((q, o.value.as_str()), ids.len());
                ids.push((q, Some(i)));
            }
        }
        if single && options.iter().any(|o| o.suppressed) {
            merged.insert(q, ids.len());
            ids.push((q, None));
        }
    }
    let Some(columns) = tabs.first().map(|t| t.columns.clone()) else {
        return;
    };
    let mut column = Vec::new();
    let mut rows = Vec::new();
    for r in &data.respondents {
        let Some(c) = r
            .groups
            .get(&b)
            .and_then(|g| columns.iter().position(|x| x == groups.of(g)))
        else {
            continue;
        };
        let mut mine = Vec::new();
        for (q, (question, _)) in questions.iter().enumerate() {
            if let Some(v) = r.answers.get(&question.id) {
                for value in values_of(question, v) {
                    match index.get(&(q, value.as_str())) {
                        Some(id) => mine.push(*id),
                        None => mine.extend(merged.get(&q)),
                    }
                }
            }
        }
        column.push(c);
        rows.push(mine);
    }
    let counts: Vec<Vec<i64>> = ids
        .iter()
        .map(|(q, i)| match i {
            Some(i) => tabs[*q].counts[*i].clone(),
            None => hidden_options(
                questions[*q].1,
                |i| tabs[*q].counts[i].clone(),
                columns.len(),
            ),
        })
        .collect();
    let mut hidden: Vec<Vec<bool>> = ids
        .iter()
        .map(|(q, i)| match i {
            Some(i) => tabs[*q].hidden[*i].clone(),
            None => vec![true; columns.len()],
        })
        .collect();
    disclosure::Linked {
        column: &column,
        rows: &rows,
    }
    .protect(&counts, &mut hidden);
    for ((q, i), h) in ids.iter().zip(hidden) {
        let Some(i) = i else { continue };
        tabs[*q].hidden[*i] = h;
    }
}

/// The answers for analysts and API keys: no demographic columns (those
/// would let the rows be counted into any hidden cell of the breakdowns),
/// the interview's month k-anonymous, values hidden in the question's own
/// table as `[suppressed]`, and questions answered by too few left out.
pub(super) fn pseudonymised_answers(
    data: &Data,
    analysis: &Analysis,
    who: impl Fn(&str) -> String,
    k: i64,
    lang: &str,
) -> Vec<Vec<String>> {
    let months: Vec<Vec<String>> = data
        .respondents
        .iter()
        .map(|r| vec![r.interviewed.format("%Y-%m").to_string()])
        .collect();
    let withheld = disclosure::rows::withhold(&months, usize::try_from(k).unwrap_or(0));
    let mut people: Vec<(String, String, &Respondent)> = data
        .respondents
        .iter()
        .zip(months.into_iter().zip(withheld))
        .map(|(r, (m, w))| {
            let month = if w.first().copied().unwrap_or(false) {
                WITHHELD.to_string()
            } else {
                m.concat()
            };
            (who(&r.id), month, r)
        })
        .collect();
    // Sorted by pseudonym: the order of ids would tell when people were added.
    people.sort_by(|a, b| a.0.cmp(&b.0));
    let mut rows = vec![[
        "respondent",
        "interviewed",
        "question_id",
        "question",
        "answer",
    ]
    .map(String::from)
    .to_vec()];
    for (pseudonym, month, r) in &people {
        for ((_, question), stats) in data.questions.iter().zip(&analysis.questions) {
            let Some(v) = r.answers.get(&question.id) else {
                continue;
            };
            if stats.answered.suppressed {
                continue;
            }
            let shown: HashSet<&str> = stats
                .options
                .iter()
                .filter(|o| !o.suppressed)
                .map(|o| o.value.as_str())
                .collect();
            let answer = if question.sensitive
                || matches!(question.kind, QuestionType::Text | QuestionType::Date)
            {
                WITHHELD.to_string()
            } else {
                protected_answer(question, v, &shown)
            };
            rows.push(vec![
                pseudonym.clone(),
                month.clone(),
                question.id.clone(),
                text_in(&question.text, lang).to_string(),
                answer,
            ]);
        }
    }
    rows
}

/// An answer with the values hidden in its question's table replaced by one
/// `[suppressed]` (however many there are, so that it counts no hidden cell).
pub(super) fn protected_answer(q: &Question, v: &Value, shown: &HashSet<&str>) -> String {
    let key = match q.kind {
        QuestionType::Skill => Some("skill_uri"),
        QuestionType::Language => Some("language"),
        _ => None,
    };
    let mut parts: Vec<String> = Vec::new();
    let mut hidden = false;
    match key {
        Some(key) => {
            for i in v.as_array().into_iter().flatten() {
                let value = i.get(key).and_then(Value::as_str).unwrap_or("");
                if shown.contains(value) {
                    let level = i.get("level").and_then(Value::as_str).unwrap_or("");
                    parts.push(format!("{value}:{level}"));
                } else {
                    hidden = true;
                }
            }
        }
        None => {
            for value in values_of(q, v) {
                if shown.contains(value.as_str()) {
                    parts.push(value);
                } else {
                    hidden = true;
                }
            }
        }
    }
    if hidden {
        parts.push(SUPPRESSED.into());
    }
    parts.join(";")
}
