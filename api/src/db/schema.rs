//! Diesel table definitions, kept by hand in step with `migrations/` (both
//! backends share one schema; `tests/api/migrations.rs` checks they agree).

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        slug -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        is_active -> Bool,
        password_changed_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    memberships (id) {
        id -> Text,
        organization_id -> Text,
        user_id -> Text,
        role -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        user_id -> Text,
        organization_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        organization_id -> Text,
        kind -> Text,
        email -> Text,
        role -> Nullable<Text>,
        user_id -> Nullable<Text>,
        token_hash -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        organization_id -> Text,
        name -> Text,
        prefix -> Text,
        secret_hash -> Text,
        scopes -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Text,
        email -> Text,
        client_addr -> Text,
        succeeded -> Bool,
        attempted_at -> Timestamp,
    }
}

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

diesel::joinable!(memberships -> organizations (organization_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(api_keys -> organizations (organization_id));

diesel::table! {
    participants (id) {
        id -> Text,
        organization_id -> Text,
        status -> Text,
        name -> Nullable<Text>,
        name_is_pseudonym -> Bool,
        phone -> Nullable<Text>,
        whatsapp -> Nullable<Text>,
        viber -> Nullable<Text>,
        email -> Nullable<Text>,
        gender -> Nullable<Text>,
        gender_self_description -> Nullable<Text>,
        birth_year -> Nullable<Integer>,
        country_of_origin -> Nullable<Text>,
        legal_status -> Nullable<Text>,
        work_permit -> Nullable<Text>,
        work_permit_date -> Nullable<Date>,
        arrival_date -> Nullable<Date>,
        municipality -> Nullable<Text>,
        education_level -> Nullable<Text>,
        employment_state -> Nullable<Text>,
        needs_other -> Nullable<Text>,
        notes -> Nullable<Text>,
        adviser_id -> Nullable<Text>,
        mentor_id -> Nullable<Text>,
        user_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        archived_at -> Nullable<Timestamp>,
        erased_at -> Nullable<Timestamp>,
        erasure_reason -> Nullable<Text>,
        version -> Integer,
        legal_status_detail -> Nullable<Text>,
    }
}

diesel::table! {
    participant_languages (participant_id, language) {
        participant_id -> Text,
        language -> Text,
        level -> Text,
    }
}

diesel::table! {
    participant_needs (participant_id, need) {
        participant_id -> Text,
        need -> Text,
    }
}

diesel::table! {
    participant_qualifications (id) {
        id -> Text,
        participant_id -> Text,
        position -> Integer,
        title -> Text,
        country -> Nullable<Text>,
        year -> Nullable<Integer>,
        recognition -> Text,
    }
}

diesel::table! {
    consents (id) {
        id -> Text,
        organization_id -> Text,
        participant_id -> Text,
        purpose -> Text,
        text_version -> Text,
        recorded_by -> Text,
        given_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<Text>,
    }
}

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

diesel::table! {
    taxonomy_concepts (uri) {
        uri -> Text,
        kind -> Text,
        reuse_level -> Nullable<Text>,
        isco_group -> Nullable<Text>,
        code -> Nullable<Text>,
        status -> Text,
        source -> Text,
        esco_version -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// On SQLite the table also has `id INTEGER PRIMARY KEY`, the rowid its
    /// full-text index refers to; only the skill search reads it, by SQL.
    taxonomy_labels (uri, language, label) {
        uri -> Text,
        language -> Text,
        label -> Text,
        preferred -> Bool,
        folded -> Text,
    }
}

diesel::table! {
    taxonomy_descriptions (uri, language) {
        uri -> Text,
        language -> Text,
        description -> Text,
    }
}

diesel::table! {
    taxonomy_broader (uri, broader_uri) {
        uri -> Text,
        broader_uri -> Text,
    }
}

diesel::table! {
    occupation_skills (occupation_uri, skill_uri) {
        occupation_uri -> Text,
        skill_uri -> Text,
        relation -> Text,
    }
}

diesel::table! {
    taxonomy_imports (id) {
        id -> Text,
        source -> Text,
        esco_version -> Nullable<Text>,
        languages -> Text,
        skills -> Integer,
        occupations -> Integer,
        relations -> Integer,
        obsoleted -> Integer,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    participant_skills (id) {
        id -> Text,
        participant_id -> Text,
        skill_uri -> Text,
        level -> Text,
        years -> Nullable<Integer>,
        acquired -> Nullable<Text>,
        evidence -> Text,
        certificate_name -> Nullable<Text>,
        certificate_issuer -> Nullable<Text>,
        certificate_issued -> Nullable<Date>,
        certificate_expires -> Nullable<Date>,
        last_confirmed -> Nullable<Date>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    interview_templates (id) {
        id -> Text,
        organization_id -> Text,
        builtin_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    interview_template_versions (id) {
        id -> Text,
        template_id -> Text,
        number -> Integer,
        status -> Text,
        content -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    interviews (id) {
        id -> Text,
        organization_id -> Text,
        template_version_id -> Text,
        kind -> Text,
        scheduled_at -> Timestamp,
        duration_minutes -> Nullable<Integer>,
        channel -> Text,
        location -> Nullable<Text>,
        language -> Text,
        interpreter_language -> Nullable<Text>,
        interpreter_name -> Nullable<Text>,
        recorded -> Bool,
        status -> Text,
        notes -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    interview_participants (interview_id, participant_id) {
        interview_id -> Text,
        participant_id -> Text,
        position -> Integer,
        language -> Nullable<Text>,
        attended -> Bool,
    }
}

diesel::table! {
    interview_interviewers (interview_id, user_id) {
        interview_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    interview_answers (interview_id, participant_id, question_id) {
        interview_id -> Text,
        participant_id -> Text,
        question_id -> Text,
        value -> Text,
        updated_by -> Nullable<Text>,
        updated_at -> Timestamp,
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

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    memberships,
    refresh_tokens,
    invitations,
    api_keys,
    login_attempts,
    audit_log,
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
);
