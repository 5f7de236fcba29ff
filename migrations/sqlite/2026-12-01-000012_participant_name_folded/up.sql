-- The name folded for search (lower case, accents and Arabic diacritics
-- removed, spaces collapsed), written by the server with every name, so
-- that "hadzic" finds "Hadžić" on both databases. Rows from before this
-- migration are filled in by the server at start.
ALTER TABLE participants ADD COLUMN name_folded TEXT;
