//! The skills resource's request, response and view types.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a concept is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConceptKind {
    Skill,
    Knowledge,
    Occupation,
}

impl ConceptKind {
    pub fn parse(s: &str) -> Self {
        match s {
            "knowledge" => Self::Knowledge,
            "occupation" => Self::Occupation,
            _ => Self::Skill,
        }
    }
}

/// A concept as a search hit or a link.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConceptRef {
    /// The ESCO concept URI (or the starter taxonomy's own).
    #[schema(example = "http://data.europa.eu/esco/skill/…")]
    pub uri: String,
    pub kind: ConceptKind,
    /// The preferred label in the requested language, else in English.
    #[schema(example = "šivanje")]
    pub label: String,
    /// `obsolete` when a newer ESCO version dropped it.
    #[schema(example = "released")]
    pub status: String,
}
