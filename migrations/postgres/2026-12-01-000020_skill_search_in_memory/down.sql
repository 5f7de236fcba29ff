CREATE INDEX taxonomy_labels_trgm ON taxonomy_labels USING gin (folded gin_trgm_ops);
CREATE INDEX taxonomy_labels_initial
    ON taxonomy_labels (language, preferred, (substr(folded, 1, 1)), (length(folded)));
