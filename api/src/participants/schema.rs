//! The participants tables (people, their languages, needs, qualifications and consents), kept by hand in step with
//! `migrations/`; `crate::db::schema` gathers every resource's tables so that
//! diesel can join them.

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
        name_folded -> Nullable<Text>,
        /// The person's lists as one JSON object, kept by triggers in step
        /// with the child tables (migration `participant_lists`).
        lists -> Text,
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
