ALTER TABLE participants DROP COLUMN name_folded;
