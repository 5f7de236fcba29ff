//! What the templates' endpoints take and give: a template with its
//! versions, one version with its content, and the content itself
//! (sections of typed questions, every text in one or more languages).
//!
//! A template version's content is stored as one JSON document, so that a
//! published version is a frozen snapshot and an answer always reads with
//! the exact question it answered.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Whether a version can still change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Being edited; not yet usable in interviews.
    Draft,
    /// Frozen; interviews use it.
    Published,
}

/// One version of a template, without its content.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct VersionSummary {
    #[schema(minimum = 1)]
    pub number: i32,
    pub status: VersionStatus,
    /// The title in the caller's language.
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// How many interviews use this version.
    pub interviews: i64,
}

/// A template and its versions.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Template {
    pub id: String,
    /// The newest published version's title (else the draft's), in the caller's language.
    pub title: String,
    /// Whether this is the template Skupaj ships.
    pub builtin: bool,
    /// The newest published version, which new interviews use.
    pub published_version: Option<i32>,
    /// The draft being edited, if any.
    pub draft_version: Option<i32>,
    /// Newest first.
    pub versions: Vec<VersionSummary>,
    pub updated_at: DateTime<Utc>,
}

/// One version with its full content.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TemplateVersion {
    pub template_id: String,
    #[schema(minimum = 1)]
    pub number: i32,
    pub status: VersionStatus,
    pub content: TemplateContent,
    /// The draft's edit count (the optimistic lock): send it back when
    /// saving or publishing a draft; a stale one answers 409.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// The draft's new content.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveDraftRequest {
    pub content: TemplateContent,
    /// The draft's `version` you edited; leave it out to start a new draft
    /// from a published version.
    #[schema(minimum = 1)]
    #[serde(default, deserialize_with = "crate::fields::whole_i32_opt")]
    pub version: Option<i32>,
}

/// Which draft to publish: its `version` as you last read it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PublishRequest {
    #[schema(minimum = 1)]
    #[serde(deserialize_with = "crate::fields::whole_i32")]
    pub version: i32,
}

/// A text in several languages: `{"en": "...", "ar": "..."}` with keys
/// among `en`, `sl`, `ar`, `uk`, `fa`.
pub type Texts = BTreeMap<String, String>;

/// What kind of answer a question takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// Free text (up to 5 000 characters).
    Text,
    /// One of `options` (the option's `value`).
    SingleChoice,
    /// Several of `options`, as an array of values.
    MultiChoice,
    /// A whole number from 1 to 10.
    Scale,
    /// A number, within `min` and `max` when given.
    Number,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// `true` or `false`.
    YesNo,
    /// Skills from the taxonomy: `[{"skill_uri": "...", "level": "basic"}]`.
    Skill,
    /// Languages with a level: `[{"language": "ar", "level": "native"}]`.
    Language,
}

impl QuestionType {
    pub fn has_options(self) -> bool {
        matches!(self, Self::SingleChoice | Self::MultiChoice)
    }
}

/// A profile field that a question's answers may update (after the
/// interviewer confirms).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    /// The options are codes of the `needs` code list.
    Needs,
}

/// One option of a choice question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Choice {
    /// Stable code stored in answers, e.g. `no_preference`.
    #[schema(example = "no_preference", pattern = "^[a-z0-9][a-z0-9_]{0,59}$")]
    pub value: String,
    #[schema(value_type = BTreeMap<String, String>, example = json!({"en": "No preference", "ar": "لا تفضيل"}))]
    pub label: Texts,
}

/// One question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Question {
    /// Unique in the template and kept across its versions, e.g. `preferred_place`.
    #[schema(example = "preferred_place", pattern = "^[a-z0-9][a-z0-9_]{0,59}$")]
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The question, as read to the person.
    #[schema(value_type = BTreeMap<String, String>, example = json!({"en": "Where would you prefer to work?"}))]
    pub text: Texts,
    /// A hint for the interviewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<BTreeMap<String, String>>)]
    pub help: Option<Texts>,
    /// An interview can be completed only when every present participant answered it.
    #[serde(default)]
    pub required: bool,
    /// A sensitive question (e.g. discrimination): shown marked, withheld from pseudonymised raw exports.
    #[serde(default)]
    pub sensitive: bool,
    /// For `single_choice` and `multi_choice`: 2 to 50 options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// For `number`: the smallest accepted answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// For `number`: the largest accepted answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// For choice questions whose options are `needs` codes: answers propose needs for the profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_field: Option<ProfileField>,
}

/// A titled group of questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Section {
    #[schema(example = "needs", pattern = "^[a-z0-9][a-z0-9_]{0,59}$")]
    pub id: String,
    #[schema(value_type = BTreeMap<String, String>, example = json!({"en": "Needs"}))]
    pub title: Texts,
    pub questions: Vec<Question>,
}

/// What a template version says: its title, description and sections.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TemplateContent {
    #[schema(value_type = BTreeMap<String, String>, example = json!({"en": "In-depth interview"}))]
    pub title: Texts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<BTreeMap<String, String>>)]
    pub description: Option<Texts>,
    /// 1 to 30 sections.
    #[schema(min_items = 1, max_items = 30)]
    pub sections: Vec<Section>,
    /// Length-of-stay band boundaries for the analysis, in whole months,
    /// ascending (1 to 15 of them, each 1 to 1200): `[1, 2, 3, 12, 60, 96, 156]`
    /// gives under 1 month, 1–2 months, …, 8–13 years and 13+ years. Left
    /// out: the `stay-lengths` bands (under 3 months, 3–12 months, 1–3
    /// years, 3–5 years, over 5 years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!([1, 2, 3, 12, 60, 96, 156]), max_items = 15)]
    pub stay_bands: Option<Vec<i64>>,
}

impl TemplateContent {
    pub fn questions(&self) -> impl Iterator<Item = (&Section, &Question)> {
        self.sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| q.id == id)
    }
}
