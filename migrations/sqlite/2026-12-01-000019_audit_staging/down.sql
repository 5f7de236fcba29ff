INSERT INTO audit_log SELECT * FROM audit_log_staged;
DROP TABLE audit_log_staged;
