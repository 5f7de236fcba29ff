DROP TRIGGER taxonomy_labels_fts_update;
DROP TRIGGER taxonomy_labels_fts_delete;
DROP TRIGGER taxonomy_labels_fts_insert;
DROP TABLE taxonomy_labels_fts;

CREATE TABLE taxonomy_labels_old (
    uri TEXT NOT NULL REFERENCES taxonomy_concepts(uri) ON DELETE CASCADE,
    language TEXT NOT NULL,
    label TEXT NOT NULL,
    preferred BOOLEAN NOT NULL,
    folded TEXT NOT NULL,
    PRIMARY KEY (uri, language, label)
);
INSERT INTO taxonomy_labels_old (uri, language, label, preferred, folded)
    SELECT uri, language, label, preferred, folded FROM taxonomy_labels;
DROP TABLE taxonomy_labels;
ALTER TABLE taxonomy_labels_old RENAME TO taxonomy_labels;
CREATE INDEX taxonomy_labels_search ON taxonomy_labels(language, folded);
