//! The interviews tables (templates and their versions, interviews, their people, interviewers and answers), kept by hand in step with
//! `migrations/`; `crate::db::schema` gathers every resource's tables so that
//! diesel can join them.

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
