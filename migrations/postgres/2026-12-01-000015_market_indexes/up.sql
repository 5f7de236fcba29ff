-- The catalogue's pages in key order. The catalogue shows two statuses
-- (`status IN ('published','sold_out')`), so an index led by `status` cannot
-- give its rows in `published_at` or `price_cents` order: every page read
-- and sorted every visible listing (SQLite: "USE TEMP B-TREE FOR ORDER BY";
-- `make bench`, 50,000 listings: the first page 158 ms, 193x a health
-- request; 1.4 ms, 3x, with these). Indexes led by the sort key walk the
-- rows in order, skipping the few drafts and archived ones, and stop after
-- a page.
DROP INDEX market_listings_newest;
DROP INDEX market_listings_price;
CREATE INDEX market_listings_newest ON market_listings(published_at, id);
CREATE INDEX market_listings_price ON market_listings(price_cents, id);
