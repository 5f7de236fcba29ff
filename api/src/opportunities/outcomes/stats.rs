//! `GET /outcomes/stats`: outcomes per programme (the opportunity's kind),
//! outcome kind and year, with the applications they came out of and the
//! rate, for analysts and API keys (and coordinators), through the
//! disclosure control.
//!
//! Each year's total is public. The programmes' totals are a one-way table
//! under it (small ones hidden, with the fewest others that keep them from
//! being worked out of the year's total); the cells of programme × outcome
//! kind are then a two-way table whose shown programmes' totals are
//! public and whose hidden programmes show no cell (the kinds' totals are
//! treated as public too, which only hides more, and are not published).
//! Applications per programme are a one-way table of their own, with the
//! year's total public; a rate is shown only when both of its counts are. Periods are
//! whole years only: years and quarters published side by side would
//! let the one view's shown cells give away the other's hidden ones.

use std::collections::BTreeMap;

use actix_web::{get, web, HttpResponse};
use chrono::Datelike;

use super::json::{OutcomeStats, PeriodStats, ProgrammeRow};
use super::model;
use crate::audit;
use crate::auth::Actor;
use crate::codes::{OpportunityKind, OutcomeKind};
use crate::disclosure::{self, Cell, Row};
use crate::error::ApiError;
use crate::policy::{Action, Resource};
use crate::AppState;

/// One year's table: `outcomes[p][k]` per programme and outcome kind,
/// `applications[p]` per programme.
pub fn year_table(year: i32, outcomes: &[Vec<i64>], applications: &[i64], k: i64) -> PeriodStats {
    let totals: Vec<i64> = outcomes.iter().map(|r| r.iter().sum()).collect();
    let totals_hidden = disclosure::one_way(&totals, k);
    let rows: Vec<Row> = totals_hidden
        .iter()
        .map(|h| if *h { Row::Hidden } else { Row::Shown })
        .collect();
    let hidden = disclosure::two_way(outcomes, &rows, k);
    let apps_hidden = disclosure::one_way(applications, k);
    let programmes = OpportunityKind::ALL
        .iter()
        .enumerate()
        .map(|(p, programme)| {
            let rate_percent = (!totals_hidden[p] && !apps_hidden[p] && applications[p] > 0)
                .then(|| (totals[p] as f64 * 1000.0 / applications[p] as f64).round() / 10.0);
            ProgrammeRow {
                programme: *programme,
                outcomes: outcomes[p]
                    .iter()
                    .zip(&hidden[p])
                    .map(|(v, h)| Cell::of(*v, *h))
                    .collect(),
                outcomes_total: Cell::of(totals[p], totals_hidden[p]),
                applications: Cell::of(applications[p], apps_hidden[p]),
                rate_percent,
            }
        })
        .collect();
    PeriodStats {
        year,
        programmes,
        outcomes_total: totals.iter().sum(),
        applications_total: applications.iter().sum(),
    }
}

/// Outcome counts and rates per programme and year, small cells suppressed.
#[utoipa::path(
    tag = "opportunities",
    operation_id = "outcome_stats",
    security(("bearer" = [])),
    responses((status = 200, description = "Per programme, outcome kind and year", body = OutcomeStats))
)]
#[get("/outcomes/stats")]
pub(super) async fn outcome_stats(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::OutcomeReport)?;
    let k = state.settings.suppression_threshold;
    let read = audit::ReadEvent::new(&actor, "read", "outcome_stats");
    let org = actor.organization_id.clone();
    let stats = state
        .db(move |conn| {
            let programmes = OpportunityKind::ALL.len();
            let kinds = OutcomeKind::ALL.len();
            let mut years: BTreeMap<i32, (Vec<Vec<i64>>, Vec<i64>)> = BTreeMap::new();
            let empty = || (vec![vec![0i64; kinds]; programmes], vec![0i64; programmes]);
            for (starts_on, programme, kind) in model::all_for_stats(conn, &org)? {
                let p = OpportunityKind::ALL
                    .iter()
                    .position(|x| x.as_str() == programme);
                let c = OutcomeKind::ALL.iter().position(|x| x.as_str() == kind);
                if let (Some(p), Some(c)) = (p, c) {
                    years.entry(starts_on.year()).or_insert_with(empty).0[p][c] += 1;
                }
            }
            for (at, programme) in model::applications_for_stats(conn, &org)? {
                if let Some(p) = OpportunityKind::ALL
                    .iter()
                    .position(|x| x.as_str() == programme)
                {
                    years.entry(at.year()).or_insert_with(empty).1[p] += 1;
                }
            }
            Ok(OutcomeStats {
                suppression_threshold: k,
                kinds: OutcomeKind::ALL.to_vec(),
                years: years
                    .iter()
                    .map(|(year, (o, a))| year_table(*year, o, a, k))
                    .collect(),
            })
        })
        .await?;
    state.audit.write(read).await?;
    Ok(HttpResponse::Ok().json(stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_hidden_and_cannot_be_worked_out_and_rates_only_over_shown_counts() {
        let mut outcomes = vec![vec![0i64; OutcomeKind::ALL.len()]; OpportunityKind::ALL.len()];
        // Jobs: 7 permanent, 2 fixed-term; courses: 9 training; one internship.
        outcomes[0][0] = 7;
        outcomes[0][1] = 2;
        outcomes[5][3] = 9;
        outcomes[1][2] = 1;
        let mut applications = vec![0i64; OpportunityKind::ALL.len()];
        applications[0] = 40;
        applications[5] = 12;
        applications[1] = 3;
        let year = year_table(2026, &outcomes, &applications, 5);
        assert_eq!(year.outcomes_total, 19);
        assert_eq!(year.applications_total, 55);
        let jobs = &year.programmes[0];
        let internships = &year.programmes[1];
        let courses = &year.programmes[5];
        // The lone internship: its programme total and its cell are hidden.
        assert!(internships.outcomes_total.suppressed);
        assert!(internships.outcomes.iter().all(|c| c.suppressed));
        assert!(internships.applications.suppressed);
        assert_eq!(internships.rate_percent, None);
        // The 2 fixed-term jobs are a small cell inside a shown programme.
        assert_eq!(jobs.outcomes_total.count, Some(9));
        assert!(jobs.outcomes[1].suppressed);
        // ... with a complement in its row, so 9 − shown does not give it away.
        let shown: i64 = jobs.outcomes.iter().filter_map(|c| c.count).sum();
        assert!(jobs.outcomes.iter().filter(|c| c.suppressed).count() >= 2);
        assert!(9 - shown >= 2);
        assert_eq!(jobs.rate_percent, Some(22.5));
        // The hidden programme totals are never one alone.
        let hidden = year
            .programmes
            .iter()
            .filter(|p| p.outcomes_total.suppressed)
            .count();
        assert!(hidden >= 2);
        if courses.outcomes_total.count.is_some() {
            assert_eq!(courses.rate_percent, Some(75.0));
        }
    }
}
