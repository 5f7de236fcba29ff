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
