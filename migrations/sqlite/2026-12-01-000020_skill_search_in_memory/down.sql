CREATE INDEX taxonomy_labels_initial
    ON taxonomy_labels(language, preferred, substr(folded, 1, 1), length(folded));

CREATE VIRTUAL TABLE taxonomy_labels_fts USING fts5(
    folded,
    content = 'taxonomy_labels',
    content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1'
);
INSERT INTO taxonomy_labels_fts(taxonomy_labels_fts) VALUES ('rebuild');

CREATE TRIGGER taxonomy_labels_fts_insert AFTER INSERT ON taxonomy_labels BEGIN
    INSERT INTO taxonomy_labels_fts(rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER taxonomy_labels_fts_delete AFTER DELETE ON taxonomy_labels BEGIN
    INSERT INTO taxonomy_labels_fts(taxonomy_labels_fts, rowid, folded)
        VALUES ('delete', old.id, old.folded);
END;
CREATE TRIGGER taxonomy_labels_fts_update AFTER UPDATE ON taxonomy_labels BEGIN
    INSERT INTO taxonomy_labels_fts(taxonomy_labels_fts, rowid, folded)
        VALUES ('delete', old.id, old.folded);
    INSERT INTO taxonomy_labels_fts(rowid, folded) VALUES (new.id, new.folded);
END;
