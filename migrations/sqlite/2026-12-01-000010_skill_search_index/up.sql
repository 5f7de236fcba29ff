-- Skill search on indexes made for it, instead of a scan of every label
-- (issue #13). The ranking reads language, folded, preferred and uri.
--
-- The labels get an explicit `id INTEGER PRIMARY KEY`: the full-text index
-- below refers to labels by rowid, and VACUUM may renumber the rowids of a
-- table without one. Diesel does not see the column (schema.rs leaves it
-- out; PostgreSQL has none): (uri, language, label) stays the key.
CREATE TABLE taxonomy_labels_new (
    id INTEGER PRIMARY KEY,
    uri TEXT NOT NULL REFERENCES taxonomy_concepts(uri) ON DELETE CASCADE,
    language TEXT NOT NULL,
    label TEXT NOT NULL,
    preferred BOOLEAN NOT NULL,
    folded TEXT NOT NULL,
    UNIQUE (uri, language, label)
);
INSERT INTO taxonomy_labels_new (uri, language, label, preferred, folded)
    SELECT uri, language, label, preferred, folded FROM taxonomy_labels;
DROP TABLE taxonomy_labels;
ALTER TABLE taxonomy_labels_new RENAME TO taxonomy_labels;

-- Labels starting with the query (two letters or more): a range of this
-- index, which holds every column the ranking reads.
CREATE INDEX taxonomy_labels_search ON taxonomy_labels(language, folded, preferred, uri);

-- Labels starting with a query of one letter, which most labels of a
-- language may start with: each (language, preferred) part read in length
-- order, the ranking's, so the best are read first.
CREATE INDEX taxonomy_labels_initial
    ON taxonomy_labels(language, preferred, substr(folded, 1, 1), length(folded));

-- Labels containing the query (three letters or more), or a word starting
-- with it (" q", two letters or more): a trigram index over the folded
-- labels, kept in step by the triggers below.
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
