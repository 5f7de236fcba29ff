DROP TABLE market_order_events;
DROP TABLE market_order_items;
DROP TABLE market_orders;
DROP TABLE market_photos;
DROP TABLE market_listings;
DROP TABLE market_sellers;
DROP TABLE market_settings;
