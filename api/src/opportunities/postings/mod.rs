//! Postings: jobs, internships (up to 240 hours), traineeships,
//! apprenticeships, volunteering, courses, workshops and mentoring
//! programmes, posted by a partner member or by staff on a partner's
//! behalf. Each has the provider's name and NACE sector, a multilingual
//! title and description, place, hours, dates, pay, contract, places, a
//! deadline and a status (draft, open, closed, filled); required and
//! optional skills from the taxonomy (a course also lists the skills it
//! teaches), languages with a minimum CEFR level, and a minimum
//! education. `search_text` folds every language's title and description
//! and the provider's name, written with every save. Who may apply is
//! data per country (`GET /opportunities/eligibility-rules`).

pub mod access;
pub mod json;
pub mod list;
pub mod model;
mod routes;
pub mod rules;

pub use json::{Opportunity, OpportunityFields};

/// Registers the endpoints (the rules before `/opportunities/{id}`).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::eligibility_rules)
        .service(routes::list_opportunities)
        .service(routes::create_opportunity)
        .service(routes::get_opportunity)
        .service(routes::update_opportunity);
}
