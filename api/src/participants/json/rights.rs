//! The person's rights: the export of everything held and the erasure request.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::consents::Consent;
use super::people::ParticipantView;

/// Everything held on one person (GDPR articles 15 and 20), as one document.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantExport {
    pub exported_at: DateTime<Utc>,
    /// The organisation that holds the data.
    pub organization_name: String,
    pub participant: ParticipantView,
    /// Every consent, given and withdrawn.
    pub consents: Vec<Consent>,
    /// Who read or changed the record, and when.
    pub history: Vec<crate::audit_log::AuditEntry>,
    /// The person's answers in interviews.
    pub interviews: Vec<crate::interviews::json::ExportedInterview>,
    /// The person's registrations, invitations, bookings, ratings and action items at meetings.
    pub meetings: crate::meetings::rights::ExportedMeetings,
    /// The person's seller record and listings in the market.
    pub market: crate::market::rights::ExportedMarket,
    /// The person's applications with their history, the messages of their
    /// threads, and their outcomes.
    #[schema(value_type = Object)]
    pub opportunities: serde_json::Value,
}

/// Why a person is erased (no names: the reason is kept).
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct EraseRequest {
    /// e.g. "The person asked for erasure on 2026-11-20".
    #[schema(min_length = 1, max_length = 500)]
    #[validate(
        length(min = 1, max = 500),
        custom(function = "super::people::not_blank")
    )]
    pub reason: String,
}
