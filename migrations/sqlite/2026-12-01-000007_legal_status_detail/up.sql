ALTER TABLE participants ADD COLUMN legal_status_detail TEXT;
