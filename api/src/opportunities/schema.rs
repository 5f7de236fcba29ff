//! The opportunities tables (opportunities with their skills and languages,
//! applications with their history, messages and read receipts, outcomes,
//! and the matching cache's change log), kept by hand in step with
//! `migrations/`; `crate::db::schema` gathers every resource's tables so
//! that diesel can join them.

diesel::table! {
    opportunities (id) {
        id -> Text,
        organization_id -> Text,
        kind -> Text,
        status -> Text,
        title -> Text,
        description -> Text,
        search_text -> Text,
        provider_name -> Text,
        provider_sector -> Nullable<Text>,
        partner_user_id -> Nullable<Text>,
        occupation_uri -> Nullable<Text>,
        country -> Text,
        place -> Text,
        municipality -> Nullable<Text>,
        hours_per_week -> Nullable<Integer>,
        total_hours -> Nullable<Integer>,
        starts_on -> Nullable<Date>,
        ends_on -> Nullable<Date>,
        duration_weeks -> Nullable<Integer>,
        paid -> Bool,
        pay_min_cents -> Nullable<Integer>,
        pay_max_cents -> Nullable<Integer>,
        pay_currency -> Text,
        pay_period -> Nullable<Text>,
        contract_type -> Nullable<Text>,
        places -> Nullable<Integer>,
        deadline -> Nullable<Date>,
        min_education -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        opened_at -> Nullable<Timestamp>,
        archived_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    opportunity_skills (opportunity_id, skill_uri, relation) {
        opportunity_id -> Text,
        skill_uri -> Text,
        relation -> Text,
    }
}

diesel::table! {
    opportunity_languages (opportunity_id, language) {
        opportunity_id -> Text,
        language -> Text,
        min_level -> Text,
    }
}

diesel::table! {
    applications (id) {
        id -> Text,
        organization_id -> Text,
        opportunity_id -> Text,
        participant_id -> Nullable<Text>,
        state -> Text,
        cover_note -> Text,
        proposed_by -> Nullable<Text>,
        interview_meeting_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        erased_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    application_events (id) {
        id -> Text,
        application_id -> Text,
        from_state -> Nullable<Text>,
        to_state -> Text,
        by_user_id -> Nullable<Text>,
        by_role -> Text,
        note -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::table! {
    application_messages (id) {
        id -> Text,
        application_id -> Text,
        author_user_id -> Nullable<Text>,
        author_role -> Text,
        body -> Text,
        created_at -> Timestamp,
        erased_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    application_reads (application_id, user_id) {
        application_id -> Text,
        user_id -> Text,
        read_at -> Timestamp,
    }
}

diesel::table! {
    outcomes (id) {
        id -> Text,
        organization_id -> Text,
        application_id -> Nullable<Text>,
        opportunity_id -> Nullable<Text>,
        participant_id -> Nullable<Text>,
        programme -> Text,
        kind -> Text,
        starts_on -> Date,
        ends_on -> Nullable<Date>,
        recorded_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    match_changes (seq) {
        seq -> BigInt,
        organization_id -> Text,
        subject -> Text,
        subject_id -> Text,
        changed_at -> Timestamp,
    }
}
