-- Skill search on indexes made for it, instead of a scan of every label
-- (issue #13).
--
-- Labels containing the query (three letters or more), or a word starting
-- with it: a trigram index over the folded labels answers
-- `folded LIKE '%q%'` and `LIKE '% q%'` (pg_trgm is a trusted extension from
-- PostgreSQL 13: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX taxonomy_labels_trgm ON taxonomy_labels USING gin (folded gin_trgm_ops);

-- Labels starting with the query (two letters or more): a range of this
-- index (`folded LIKE 'q%'`, in any collation), which holds every column
-- the search reads.
DROP INDEX taxonomy_labels_search;
CREATE INDEX taxonomy_labels_search ON taxonomy_labels (language, folded text_pattern_ops)
    INCLUDE (preferred, uri, label);

-- Labels starting with a query of one letter, which most labels of a
-- language may start with: each (language, preferred) part read in length
-- order, the ranking's, so the best are read first.
CREATE INDEX taxonomy_labels_initial
    ON taxonomy_labels (language, preferred, (substr(folded, 1, 1)), (length(folded)));
