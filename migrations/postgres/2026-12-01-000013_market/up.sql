-- The Refuge Online Market: the organisation's market settings, sellers
-- (participants who sell, with consent `market_selling`), listings with
-- photos, and orders from the public with their items and every change of
-- state.
--
-- Money is integer cents with an ISO 4217 currency. Multilingual texts
-- (`title`, `description`, `story`) are JSON objects {"en": "...", ...};
-- `search_text` holds every language's title and description folded
-- (lower case, accents removed) for accent-insensitive search.
-- Stock is never below zero: the CHECK is the last guard; orders reserve
-- it with `UPDATE ... SET stock = stock - n WHERE stock >= n`.
CREATE TABLE market_settings (
    organization_id TEXT PRIMARY KEY NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- The account buyers pay into (the EPC QR code is drawn from it)
    iban TEXT,
    account_holder TEXT,
    bic TEXT,
    -- What the organisation keeps of each completed sale, in basis points (1000 = 10 %)
    commission_bp INTEGER NOT NULL DEFAULT 0 CHECK (commission_bp >= 0 AND commission_bp <= 10000),
    -- A coordinator approves every listing before it is published
    require_approval BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE market_sellers (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- Empty once the person is erased (the seller row stays for the accounts)
    participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
    public_name TEXT NOT NULL,
    story TEXT NOT NULL DEFAULT '{}',
    municipality TEXT,
    -- Payout: seen only by the seller and the organisation's coordinators
    iban TEXT,
    account_holder TEXT,
    paused_at TIMESTAMP,
    erased_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX market_sellers_participant ON market_sellers(participant_id);
CREATE INDEX market_sellers_org ON market_sellers(organization_id, public_name, id);

CREATE TABLE market_listings (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    seller_id TEXT NOT NULL REFERENCES market_sellers(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '{}',
    search_text TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL CHECK (category IN ('textiles','jewellery','ceramics','woodwork','food','art','home','other')),
    materials TEXT,
    dimensions TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('handmade','origin_country')),
    -- ISO 3166-1 alpha-2: where the maker comes from, or where the item comes from
    origin_country TEXT,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    currency TEXT NOT NULL DEFAULT 'EUR',
    -- Items on hand; NULL when made to order (then `lead_time_days`)
    stock INTEGER CHECK (stock IS NULL OR stock >= 0),
    lead_time_days INTEGER,
    status TEXT NOT NULL CHECK (status IN ('draft','in_review','published','sold_out','archived')),
    -- The photo-shoot meeting the listing was photographed at
    photo_shoot_id TEXT REFERENCES meetings(id) ON DELETE SET NULL,
    photo_count INTEGER NOT NULL DEFAULT 0,
    published_at TIMESTAMP,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX market_listings_newest ON market_listings(status, published_at, id);
CREATE INDEX market_listings_price ON market_listings(status, price_cents, id);
CREATE INDEX market_listings_seller ON market_listings(seller_id, status);
CREATE INDEX market_listings_updated ON market_listings(organization_id, updated_at, id);

CREATE TABLE market_photos (
    id TEXT PRIMARY KEY NOT NULL,
    listing_id TEXT NOT NULL REFERENCES market_listings(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    -- The object-store folder holding thumbnail.jpg, medium.jpg and large.jpg
    storage_key TEXT NOT NULL,
    thumbnail_width INTEGER NOT NULL,
    thumbnail_height INTEGER NOT NULL,
    medium_width INTEGER NOT NULL,
    medium_height INTEGER NOT NULL,
    large_width INTEGER NOT NULL,
    large_height INTEGER NOT NULL,
    alt_text TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX market_photos_listing ON market_photos(listing_id, position);

CREATE TABLE market_orders (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    -- SHA-256 of the secret link's token (the token itself is shown once)
    token_hash TEXT NOT NULL UNIQUE,
    -- The RF creditor reference the buyer writes on the transfer
    reference TEXT NOT NULL,
    -- The buyer: emptied `buyer_erase_after_days` after completion or cancellation
    buyer_name TEXT,
    buyer_email TEXT,
    buyer_phone TEXT,
    buyer_language TEXT NOT NULL DEFAULT 'en',
    fulfilment TEXT NOT NULL CHECK (fulfilment IN ('pickup','post')),
    venue_id TEXT REFERENCES venues(id),
    address TEXT,
    note TEXT,
    payment_method TEXT NOT NULL CHECK (payment_method IN ('bank_transfer','cash')),
    currency TEXT NOT NULL,
    total_cents INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('placed','confirmed','ready','completed','cancelled')),
    cancel_reason TEXT CHECK (cancel_reason IS NULL OR cancel_reason IN ('buyer','staff','unpaid','seller')),
    placed_at TIMESTAMP NOT NULL,
    paid_at TIMESTAMP,
    confirmed_at TIMESTAMP,
    ready_at TIMESTAMP,
    completed_at TIMESTAMP,
    cancelled_at TIMESTAMP,
    buyer_erased_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX market_orders_org ON market_orders(organization_id, placed_at, id);
CREATE INDEX market_orders_state ON market_orders(state, placed_at);
CREATE INDEX market_orders_updated ON market_orders(organization_id, updated_at, id);

CREATE TABLE market_order_items (
    id TEXT PRIMARY KEY NOT NULL,
    order_id TEXT NOT NULL REFERENCES market_orders(id) ON DELETE CASCADE,
    listing_id TEXT NOT NULL REFERENCES market_listings(id),
    seller_id TEXT NOT NULL REFERENCES market_sellers(id),
    -- The title as it was when ordered (JSON, all languages)
    title TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL,
    -- Taken from stock (false for made-to-order items): returned on cancellation
    from_stock BOOLEAN NOT NULL
);
CREATE INDEX market_order_items_order ON market_order_items(order_id);
CREATE INDEX market_order_items_seller ON market_order_items(seller_id, order_id);
CREATE INDEX market_order_items_listing ON market_order_items(listing_id);

-- Every change of an order's state: who (an account, or the buyer through
-- the secret link, or the server releasing unpaid stock) and when.
CREATE TABLE market_order_events (
    id TEXT PRIMARY KEY NOT NULL,
    order_id TEXT NOT NULL REFERENCES market_orders(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    actor_id TEXT,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff','seller','buyer','server')),
    at TIMESTAMP NOT NULL
);
CREATE INDEX market_order_events_order ON market_order_events(order_id, at);
