//! What the interview endpoints take and give: an interview's fields, the
//! interview as shown, the list's filters, answers, the profile updates
//! the answers suggest, and a person's answers for their GDPR export.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::codes::{
    InterviewChannel, InterviewKind, InterviewStatus, LanguageLevel, Need, SkillLevel,
};
use crate::skills::json::ConceptRef;

/// Someone taking part in an interview, as sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AttendeeInput {
    pub participant_id: String,
    /// The language the questions are shown to this person in, beside the
    /// interviewer's (a `languages` code; `en`, `sl`, `ar`, `uk`, `fa` have template texts).
    #[schema(example = "ar")]
    pub language: Option<String>,
    /// Whether the person was there; only those present answer.
    #[serde(default = "yes")]
    pub attended: bool,
}

fn yes() -> bool {
    true
}

/// The fields of an interview that can be set (create) or changed (merge patch).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InterviewFields {
    pub kind: InterviewKind,
    pub scheduled_at: DateTime<Utc>,
    #[schema(minimum = 5, maximum = 600)]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub duration_minutes: Option<i32>,
    pub channel: InterviewChannel,
    #[schema(max_length = 200, example = "Skupaj office, Metelkova 6")]
    pub location: Option<String>,
    /// The interview's language (a `languages` code).
    #[schema(example = "sl")]
    pub language: String,
    /// The interpreter's language, when there is one.
    #[schema(example = "ar")]
    pub interpreter_language: Option<String>,
    #[schema(max_length = 200)]
    pub interpreter_name: Option<String>,
    /// Whether the interview is recorded: needs every present participant's
    /// `interview_recording` consent.
    #[serde(default)]
    pub recorded: bool,
    #[schema(max_length = 5000)]
    pub notes: Option<String>,
    /// One for an individual interview, 2 to 30 for a group (typically 3–5).
    pub participants: Vec<AttendeeInput>,
    /// Members (admin, coordinator or adviser) who conduct it; the creator when left out.
    #[serde(default)]
    pub interviewer_ids: Vec<String>,
}

/// A new interview with a template's newest published version.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateInterviewRequest {
    pub template_id: String,
    #[serde(flatten)]
    pub fields: InterviewFields,
}

/// Which template version an interview uses.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TemplateRef {
    pub id: String,
    pub version: i32,
    /// In the caller's language.
    pub title: String,
}

/// Someone taking part.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Attendee {
    pub participant_id: String,
    /// The name (or pseudonym the person chose).
    pub name: Option<String>,
    pub language: Option<String>,
    pub attended: bool,
    /// How many questions the person has answered.
    pub answered: i64,
    /// Whether the person has a recording consent now.
    pub recording_consent: bool,
}

/// Someone conducting it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Interviewer {
    pub user_id: String,
    pub name: String,
}

/// An interview.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Interview {
    pub id: String,
    pub template: TemplateRef,
    pub kind: InterviewKind,
    pub scheduled_at: DateTime<Utc>,
    pub duration_minutes: Option<i32>,
    pub channel: InterviewChannel,
    pub location: Option<String>,
    pub language: String,
    pub interpreter_language: Option<String>,
    pub interpreter_name: Option<String>,
    pub recorded: bool,
    pub status: InterviewStatus,
    pub notes: Option<String>,
    pub participants: Vec<Attendee>,
    pub interviewers: Vec<Interviewer>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Send it back with a change; a stale one answers 409.
    pub version: i32,
}

/// A merge patch of an interview's fields with the `version` it is based on.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateInterviewRequest {
    #[schema(minimum = 1)]
    pub version: i32,
    /// `planned`, `cancelled` or `no_show` (`done` only through /complete).
    pub status: Option<InterviewStatus>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub duration_minutes: Option<i32>,
    pub channel: Option<InterviewChannel>,
    pub location: Option<String>,
    pub language: Option<String>,
    pub interpreter_language: Option<String>,
    pub interpreter_name: Option<String>,
    pub recorded: Option<bool>,
    pub notes: Option<String>,
    /// Replaces the list (with who attended).
    pub participants: Option<Vec<AttendeeInput>>,
    pub interviewer_ids: Option<Vec<String>>,
}

/// Filters and paging of the interview list.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct InterviewListQuery {
    pub status: Option<InterviewStatus>,
    /// Scheduled at or after.
    pub from: Option<DateTime<Utc>>,
    /// Scheduled before.
    pub to: Option<DateTime<Utc>>,
    /// Only interviews with this participant.
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub participant_id: Option<String>,
    /// Only interviews with this template (any version).
    #[param(max_length = 64)]
    #[validate(length(max = 64))]
    pub template_id: Option<String>,
    /// 1–100, default 50.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    #[param(max_length = 200)]
    #[validate(length(max = 200))]
    pub cursor: Option<String>,
    /// `en`, `sl`, `ar`, `uk` or `fa`; overrides `Accept-Language`.
    #[param(max_length = 10)]
    #[validate(length(max = 10))]
    pub lang: Option<String>,
}

/// One stored answer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Answer {
    pub participant_id: String,
    pub question_id: String,
    /// Shaped by the question's type (see `QuestionType`).
    pub value: Value,
    pub updated_at: DateTime<Utc>,
}

/// An answer to save; `value: null` clears it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AnswerInput {
    pub participant_id: String,
    pub question_id: String,
    pub value: Value,
}

/// Answers to save together (all or none).
#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveAnswersRequest {
    /// 1 to 500 answers.
    #[schema(min_items = 1, max_items = 500)]
    pub answers: Vec<AnswerInput>,
}

/// The interview's version, to complete it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CompleteRequest {
    #[schema(minimum = 1)]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub version: i32,
}

/// What a proposed profile update does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UpdateKind {
    /// Add a skill (evidence `interview`).
    AddSkill,
    /// Add a language with its level.
    AddLanguage,
    /// Change the level of a language the profile has.
    ChangeLanguageLevel,
    /// Add a need.
    AddNeed,
}

/// A change to a participant's profile that the answers suggest; nothing
/// changes until the interviewer confirms it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProfileUpdate {
    /// Send it back to confirm, e.g. `skill|<participant>|<uri>`.
    pub id: String,
    pub kind: UpdateKind,
    pub participant_id: String,
    pub participant_name: Option<String>,
    /// The question whose answer suggests it.
    pub question_id: String,
    pub skill: Option<ConceptRef>,
    pub skill_level: Option<SkillLevel>,
    /// A `languages` code.
    pub language: Option<String>,
    pub language_level: Option<LanguageLevel>,
    /// For `change_language_level`: the level in the profile now.
    pub current_language_level: Option<LanguageLevel>,
    pub need: Option<Need>,
}

/// The suggested updates the interviewer confirmed.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplyUpdatesRequest {
    /// Ids from GET …/profile-updates.
    #[schema(min_items = 1, max_items = 500)]
    pub accept: Vec<String>,
}

/// The answers one participant gave, per interview (for the GDPR export).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportedInterview {
    pub interview_id: String,
    pub scheduled_at: DateTime<Utc>,
    pub status: InterviewStatus,
    pub template_title: String,
    /// Question text (English, else any) → answer.
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, Value>,
}
