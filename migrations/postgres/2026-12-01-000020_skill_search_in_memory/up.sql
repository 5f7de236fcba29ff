-- Skill search runs on an index in each server process's memory
-- (api/src/skills/model/index.rs, issue #13): the labels' trigram index and
-- first-letter index are read no more, and only slowed imports down.
-- `taxonomy_labels_search` stays: looking a label up by language reads it.
-- pg_trgm stays: other schemas of the database may use it.
DROP INDEX taxonomy_labels_trgm;
DROP INDEX taxonomy_labels_initial;
