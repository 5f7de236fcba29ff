-- pg_trgm stays: other schemas of the database may use it.
DROP INDEX taxonomy_labels_initial;
DROP INDEX taxonomy_labels_search;
CREATE INDEX taxonomy_labels_search ON taxonomy_labels(language, folded);
DROP INDEX taxonomy_labels_trgm;
