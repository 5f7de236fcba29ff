ALTER TABLE participants DROP COLUMN legal_status_detail;
