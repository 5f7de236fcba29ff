//! Every table diesel knows, kept by hand in step with `migrations/` (both
//! backends share one schema; `tests/api/platform/migrations.rs` checks they
//! agree). Each resource defines its own tables in its `schema.rs`; this
//! file gathers them, defines the platform's own (the audit log, idempotency
//! keys) and says which tables join.

pub use crate::accounts::schema::*;
pub use crate::interviews::schema::*;
pub use crate::market::schema::*;
pub use crate::meetings::schema::*;
pub use crate::opportunities::schema::*;
pub use crate::participants::schema::*;
pub use crate::skills::schema::*;

diesel::table! {
    audit_log (id) {
        id -> Text,
        organization_id -> Nullable<Text>,
        actor_type -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        resource_type -> Text,
        resource_id -> Nullable<Text>,
        request_id -> Nullable<Text>,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    /// Audit rows of reads waiting to be moved into `audit_log` (`audit::settle`).
    audit_log_staged (id) {
        id -> Text,
        organization_id -> Nullable<Text>,
        actor_type -> Text,
        actor_id -> Nullable<Text>,
        action -> Text,
        resource_type -> Text,
        resource_id -> Nullable<Text>,
        request_id -> Nullable<Text>,
        occurred_at -> Timestamp,
    }
}

diesel::joinable!(memberships -> organizations (organization_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(api_keys -> organizations (organization_id));

diesel::table! {
    idempotency_keys (organization_id, actor_id, operation, key) {
        organization_id -> Text,
        actor_id -> Text,
        operation -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Integer,
        response -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(taxonomy_labels -> taxonomy_concepts (uri));
diesel::joinable!(participant_skills -> participants (participant_id));

diesel::joinable!(participant_languages -> participants (participant_id));
diesel::joinable!(participant_needs -> participants (participant_id));
diesel::joinable!(participant_qualifications -> participants (participant_id));
diesel::joinable!(consents -> participants (participant_id));
diesel::joinable!(interview_template_versions -> interview_templates (template_id));
diesel::joinable!(interviews -> interview_template_versions (template_version_id));
diesel::joinable!(interview_participants -> interviews (interview_id));
diesel::joinable!(interview_participants -> participants (participant_id));
diesel::joinable!(interview_interviewers -> interviews (interview_id));
diesel::joinable!(interview_answers -> interviews (interview_id));
diesel::joinable!(meetings -> venues (venue_id));
diesel::joinable!(meetings -> meeting_series (series_id));
diesel::joinable!(meeting_staff -> meetings (meeting_id));
diesel::joinable!(meeting_staff -> users (user_id));
diesel::joinable!(meeting_invitations -> meetings (meeting_id));
diesel::joinable!(meeting_invitations -> participants (participant_id));
diesel::joinable!(meeting_registrations -> meetings (meeting_id));
diesel::joinable!(meeting_registrations -> participants (participant_id));
diesel::joinable!(meeting_bookings -> meetings (meeting_id));
diesel::joinable!(meeting_bookings -> participants (participant_id));
diesel::joinable!(meeting_guests -> meetings (meeting_id));
diesel::joinable!(meeting_feedback -> meetings (meeting_id));
diesel::joinable!(meeting_minutes -> meetings (meeting_id));
diesel::joinable!(meeting_action_items -> meetings (meeting_id));
diesel::joinable!(market_sellers -> participants (participant_id));
diesel::joinable!(market_listings -> market_sellers (seller_id));
diesel::joinable!(market_listings -> meetings (photo_shoot_id));
diesel::joinable!(market_photos -> market_listings (listing_id));
diesel::joinable!(market_orders -> venues (venue_id));
diesel::joinable!(market_order_items -> market_orders (order_id));
diesel::joinable!(market_order_items -> market_listings (listing_id));
diesel::joinable!(market_order_items -> market_sellers (seller_id));
diesel::joinable!(market_order_events -> market_orders (order_id));
diesel::joinable!(opportunity_skills -> opportunities (opportunity_id));
diesel::joinable!(opportunity_languages -> opportunities (opportunity_id));
diesel::joinable!(applications -> opportunities (opportunity_id));
diesel::joinable!(applications -> participants (participant_id));
diesel::joinable!(application_events -> applications (application_id));
diesel::joinable!(application_messages -> applications (application_id));
diesel::joinable!(application_reads -> applications (application_id));
diesel::joinable!(outcomes -> participants (participant_id));

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    memberships,
    refresh_tokens,
    invitations,
    api_keys,
    login_attempts,
    audit_log,
    audit_log_staged,
    participants,
    participant_languages,
    participant_needs,
    participant_qualifications,
    consents,
    idempotency_keys,
    taxonomy_concepts,
    taxonomy_labels,
    taxonomy_descriptions,
    taxonomy_broader,
    occupation_skills,
    taxonomy_imports,
    participant_skills,
    interview_templates,
    interview_template_versions,
    interviews,
    interview_participants,
    interview_interviewers,
    interview_answers,
    venues,
    meeting_series,
    meetings,
    meeting_staff,
    meeting_invitations,
    meeting_registrations,
    meeting_bookings,
    meeting_guests,
    meeting_feedback,
    meeting_minutes,
    meeting_action_items,
    calendar_feeds,
    market_settings,
    market_sellers,
    market_listings,
    market_photos,
    market_orders,
    market_order_items,
    market_order_events,
    opportunities,
    opportunity_skills,
    opportunity_languages,
    applications,
    application_events,
    application_messages,
    application_reads,
    outcomes,
    match_changes,
);
