//! The skills tables (the taxonomy and its imports, and participants' skills), kept by hand in step with
//! `migrations/`; `crate::db::schema` gathers every resource's tables so that
//! diesel can join them.

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
