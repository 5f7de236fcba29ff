DROP TABLE idempotency_keys;
DROP TABLE consents;
DROP TABLE participant_qualifications;
DROP TABLE participant_needs;
DROP TABLE participant_languages;
DROP TABLE participants;
