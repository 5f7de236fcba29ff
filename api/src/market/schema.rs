//! The market's tables (settings, sellers, listings, photos, orders, their
//! items and state changes), kept by hand in step with `migrations/`;
//! `crate::db::schema` gathers every resource's tables so that diesel can
//! join them.

diesel::table! {
    market_settings (organization_id) {
        organization_id -> Text,
        iban -> Nullable<Text>,
        account_holder -> Nullable<Text>,
        bic -> Nullable<Text>,
        commission_bp -> Integer,
        require_approval -> Bool,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    market_sellers (id) {
        id -> Text,
        organization_id -> Text,
        participant_id -> Nullable<Text>,
        public_name -> Text,
        story -> Text,
        municipality -> Nullable<Text>,
        iban -> Nullable<Text>,
        account_holder -> Nullable<Text>,
        paused_at -> Nullable<Timestamp>,
        erased_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    market_listings (id) {
        id -> Text,
        organization_id -> Text,
        seller_id -> Text,
        title -> Text,
        description -> Text,
        search_text -> Text,
        category -> Text,
        materials -> Nullable<Text>,
        dimensions -> Nullable<Text>,
        origin -> Text,
        origin_country -> Nullable<Text>,
        price_cents -> Integer,
        currency -> Text,
        stock -> Nullable<Integer>,
        lead_time_days -> Nullable<Integer>,
        status -> Text,
        photo_shoot_id -> Nullable<Text>,
        photo_count -> Integer,
        published_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    market_photos (id) {
        id -> Text,
        listing_id -> Text,
        organization_id -> Text,
        position -> Integer,
        storage_key -> Text,
        thumbnail_width -> Integer,
        thumbnail_height -> Integer,
        medium_width -> Integer,
        medium_height -> Integer,
        large_width -> Integer,
        large_height -> Integer,
        alt_text -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    market_orders (id) {
        id -> Text,
        organization_id -> Text,
        token_hash -> Text,
        reference -> Text,
        buyer_name -> Nullable<Text>,
        buyer_email -> Nullable<Text>,
        buyer_phone -> Nullable<Text>,
        buyer_language -> Text,
        fulfilment -> Text,
        venue_id -> Nullable<Text>,
        address -> Nullable<Text>,
        note -> Nullable<Text>,
        payment_method -> Text,
        currency -> Text,
        total_cents -> Integer,
        state -> Text,
        cancel_reason -> Nullable<Text>,
        placed_at -> Timestamp,
        paid_at -> Nullable<Timestamp>,
        confirmed_at -> Nullable<Timestamp>,
        ready_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        buyer_erased_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    market_order_items (id) {
        id -> Text,
        order_id -> Text,
        listing_id -> Text,
        seller_id -> Text,
        title -> Text,
        quantity -> Integer,
        unit_price_cents -> Integer,
        from_stock -> Bool,
    }
}

diesel::table! {
    market_order_events (id) {
        id -> Text,
        order_id -> Text,
        event -> Text,
        actor_id -> Nullable<Text>,
        actor_kind -> Text,
        at -> Timestamp,
    }
}
