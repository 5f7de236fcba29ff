-- Skill search runs on an index in each server process's memory
-- (api/src/skills/model/index.rs, issue #13): the labels' trigram index and
-- first-letter index are read no more, and the trigram index's triggers
-- only slowed imports down. `taxonomy_labels_search` stays: looking a label
-- up by language reads it.
DROP TRIGGER taxonomy_labels_fts_update;
DROP TRIGGER taxonomy_labels_fts_delete;
DROP TRIGGER taxonomy_labels_fts_insert;
DROP TABLE taxonomy_labels_fts;
DROP INDEX taxonomy_labels_initial;
