//! The meetings tables (venues, series, meetings, their staff, invitations,
//! registrations, bookings, guests, feedback, minutes, action items and
//! calendar feeds), kept by hand in step with `migrations/`;
//! `crate::db::schema` gathers every resource's tables so that diesel can
//! join them.

diesel::table! {
    venues (id) {
        id -> Text,
        organization_id -> Text,
        name -> Text,
        address -> Nullable<Text>,
        capacity -> Nullable<Integer>,
        accessibility -> Nullable<Text>,
        childcare -> Bool,
        languages -> Text,
        map_url -> Nullable<Text>,
        time_zone -> Text,
        archived_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    meeting_series (id) {
        id -> Text,
        organization_id -> Text,
        rrule -> Text,
        first_start_local -> Timestamp,
        time_zone -> Text,
        duration_minutes -> Integer,
        exdates -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    meetings (id) {
        id -> Text,
        organization_id -> Text,
        series_id -> Nullable<Text>,
        occurrence_local -> Nullable<Timestamp>,
        detached -> Bool,
        kind -> Text,
        title -> Text,
        description -> Text,
        venue_id -> Nullable<Text>,
        online_url -> Nullable<Text>,
        phone_line -> Nullable<Text>,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        time_zone -> Text,
        capacity -> Nullable<Integer>,
        audience -> Text,
        languages -> Text,
        interpretation -> Text,
        childcare -> Bool,
        status -> Text,
        slot_minutes -> Nullable<Integer>,
        slot_capacity -> Nullable<Integer>,
        slot_modes -> Text,
        registered_count -> Integer,
        waiting_count -> Integer,
        arrivals -> Integer,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    meeting_staff (meeting_id, user_id) {
        meeting_id -> Text,
        user_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    meeting_invitations (meeting_id, participant_id) {
        meeting_id -> Text,
        participant_id -> Text,
        invited_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meeting_registrations (id) {
        id -> Text,
        organization_id -> Text,
        meeting_id -> Text,
        participant_id -> Text,
        status -> Text,
        arrival -> Integer,
        registered_by -> Nullable<Text>,
        promoted_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        attendance -> Nullable<Text>,
        checked_in_at -> Nullable<Timestamp>,
        walk_in -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    meeting_bookings (id) {
        id -> Text,
        organization_id -> Text,
        meeting_id -> Text,
        participant_id -> Text,
        slot_start -> Timestamp,
        mode -> Text,
        topic -> Text,
        note -> Nullable<Text>,
        status -> Text,
        attendance -> Nullable<Text>,
        walk_in -> Bool,
        booked_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    meeting_guests (id) {
        id -> Text,
        meeting_id -> Text,
        gender -> Nullable<Text>,
        age_band -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    meeting_feedback (id) {
        id -> Text,
        organization_id -> Text,
        meeting_id -> Text,
        participant_id -> Nullable<Text>,
        rating -> Integer,
        comment -> Nullable<Text>,
        comment_language -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    meeting_minutes (meeting_id) {
        meeting_id -> Text,
        body -> Text,
        decisions -> Text,
        updated_by -> Nullable<Text>,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    meeting_action_items (id) {
        id -> Text,
        organization_id -> Text,
        meeting_id -> Text,
        title -> Text,
        owner_user_id -> Nullable<Text>,
        owner_participant_id -> Nullable<Text>,
        due_on -> Nullable<Date>,
        state -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    calendar_feeds (organization_id, user_id) {
        organization_id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}
