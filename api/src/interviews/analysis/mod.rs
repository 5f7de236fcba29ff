//! `/interviews/analysis`: the tables a field report prints, over the
//! participants interviewed with a template in a period: who they are (by
//! gender, age band, legal status, education and length of stay) and what
//! they answered (counts per option, mean, median and distribution), with
//! any question cross-tabulated by any breakdown. For analysts and API keys,
//! every table and row goes through [`crate::disclosure`]: small cells are
//! suppressed across all the linked tables, groups hidden in a breakdown are
//! merged into one `suppressed` group wherever they appear, and the raw
//! answers carry no demographics. CSV downloads of the same tables and of
//! the raw answers (pseudonymised for analysts).
//!
//! Parts: `json` (query and tables), `model` (the respondents and their
//! answers), `access` (who gets suppressed tables, and over which period),
//! `stats` (the tables), `protection` (their disclosure control), `stay`
//! (length-of-stay bands), `csv` (the downloads), `routes`.

mod access;
mod csv;
pub mod json;
mod model;
mod protection;
mod routes;
mod stats;
mod stay;

pub use json::{
    Analysis, AnalysisQuery, Breakdown, Breakdowns, Cell, DetailCount, OptionCount, QuestionStats,
    StayBand, StayStats,
};

/// Registers the analysis endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::analyse_interviews)
        .service(routes::tables_csv)
        .service(routes::answers_csv);
}
