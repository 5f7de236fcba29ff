//! Questionnaire templates (`/interview-templates`): versioned, multilingual
//! sections of typed questions. A published version is frozen, and editing
//! writes a new draft version that is published in turn. Interviews use a
//! published version and keep pointing to it. Who may read and edit them:
//! the policy's `InterviewTemplate` rules, within the organisation.

pub mod content;
pub mod json;
pub mod model;
mod routes;

pub use content::{check_answer, skill_uris, text_in};
pub use json::{
    Choice, ProfileField, Question, QuestionType, Section, Template, TemplateContent,
    TemplateVersion, Texts, VersionStatus,
};
pub use model::{ensure_default, load_version_by_id, load_versions, StoredVersion, DEFAULT_KEY};

/// Registers the template endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::list_templates)
        .service(routes::create_template)
        .service(routes::get_template)
        .service(routes::get_template_version)
        .service(routes::save_draft)
        .service(routes::discard_draft)
        .service(routes::publish_template);
}
