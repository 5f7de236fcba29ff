//! Opportunities and matching (issue #16): jobs, internships, traineeships,
//! apprenticeships, volunteering, courses, workshops and mentoring
//! programmes from partners (`postings`); people's applications with their
//! history and interviews (`applications`), each with a message thread
//! (`messages`); what they end in (`outcomes`); and matches both ways with
//! their explanations (`matches`), built on who may apply (`eligibility`:
//! rules as data per country, Slovenia's by default, each with its legal
//! source) and the deterministic matching engine (`matching`: weights in
//! one place, explanations item by item, a skill index for speed).

pub mod applications;
pub mod eligibility;
pub mod matches;
pub mod matching;
pub mod messages;
pub mod outcomes;
pub mod postings;
pub mod rights;
pub mod schema;

/// Registers the opportunities' endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    postings::configure(cfg);
    applications::configure(cfg);
    messages::configure(cfg);
    outcomes::configure(cfg);
    matches::configure(cfg);
}
