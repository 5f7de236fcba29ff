//! `/interviews/analysis`: the tables as JSON, and as CSV downloads with
//! the raw answers.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::access::check_period;
use super::csv::{answer_rows, csv_response, file_name, table_rows};
use super::json::{Analysis, AnalysisQuery};
use super::stats::compute;
use crate::audit;
use crate::auth::Actor;
use crate::error::{ApiError, Problem};
use crate::http::params::language;
use crate::policy::{Action, Resource};
use crate::AppState;

/// The tables of a field report over the participants interviewed with a
/// template in a period. Analysts and API keys get small counts suppressed.
#[utoipa::path(
    tag = "interviews",
    operation_id = "analyse_interviews",
    security(("bearer" = [])),
    params(AnalysisQuery),
    responses(
        (status = 200, description = "The analysis", body = Analysis),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interviews/analysis")]
pub(super) async fn analyse_interviews(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<AnalysisQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::InterviewAnalysis)?;
    let mut q = query.into_inner();
    check_period(&mut q, &actor)?;
    let lang = language(&req, q.lang.as_deref());
    let threshold = state.settings.suppression_threshold;
    let result = state
        .db(move |conn| {
            let (a, _) = compute(conn, &actor, &q, threshold, lang)?;
            audit::record(
                conn,
                &actor,
                "read",
                "interview_analysis",
                Some(&q.template),
            )?;
            Ok(a)
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// The same tables as CSV: one row per cell (`table, group, value, label, count`),
/// with `suppressed` in place of a hidden count.
#[utoipa::path(
    tag = "interviews",
    operation_id = "download_interview_tables",
    security(("bearer" = [])),
    params(AnalysisQuery),
    responses(
        (status = 200, description = "The tables (UTF-8 CSV)", content_type = "text/csv", body = String),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interviews/analysis/tables.csv")]
pub(super) async fn tables_csv(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<AnalysisQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::InterviewAnalysis)?;
    let mut q = query.into_inner();
    check_period(&mut q, &actor)?;
    let lang = language(&req, q.lang.as_deref());
    let threshold = state.settings.suppression_threshold;
    let name = file_name("tables", &q);
    let a = state
        .db(move |conn| {
            let (a, _) = compute(conn, &actor, &q, threshold, lang)?;
            audit::record(
                conn,
                &actor,
                "export",
                "interview_analysis",
                Some(&q.template),
            )?;
            Ok(a)
        })
        .await?;
    csv_response(&name, table_rows(&a))
}

/// The raw answers, one row per respondent and question, from each
/// respondent's latest interview in the period. For analysts and API keys,
/// respondents are pseudonyms (stable per key, and unrelated to the
/// pseudonyms of any other export), rows carry no demographics and only the
/// month of the interview (withheld where fewer than the threshold share
/// it), values hidden in the question's table read `[suppressed]`, and
/// free-text, date and sensitive answers are `[withheld]`.
#[utoipa::path(
    tag = "interviews",
    operation_id = "download_interview_answers",
    security(("bearer" = [])),
    params(AnalysisQuery),
    responses(
        (status = 200, description = "The answers (UTF-8 CSV)", content_type = "text/csv", body = String),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/interviews/analysis/answers.csv")]
pub(super) async fn answers_csv(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<AnalysisQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Action::Read, Resource::InterviewAnalysis)?;
    let mut q = query.into_inner();
    check_period(&mut q, &actor)?;
    let lang = language(&req, q.lang.as_deref());
    let secret = state.settings.jwt_secret.expose().to_vec();
    let threshold = state.settings.suppression_threshold;
    let name = file_name("answers", &q);
    let rows = state
        .db(move |conn| {
            let (analysis, data) = compute(conn, &actor, &q, threshold, lang)?;
            audit::record(
                conn,
                &actor,
                "export",
                "interview_answers",
                Some(&q.template),
            )?;
            Ok(answer_rows(
                &actor, &secret, &data, &analysis, threshold, lang,
            ))
        })
        .await?;
    csv_response(&name, rows)
}
