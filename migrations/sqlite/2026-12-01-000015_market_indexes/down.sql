DROP INDEX market_listings_newest;
DROP INDEX market_listings_price;
CREATE INDEX market_listings_newest ON market_listings(status, published_at, id);
CREATE INDEX market_listings_price ON market_listings(status, price_cents, id);
