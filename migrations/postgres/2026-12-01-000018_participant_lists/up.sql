-- A person's lists (languages, needs, qualifications, the purposes of their
-- consents in force) kept with their row as one JSON object, so that
-- reading a person, or a page of 50, is one row each instead of four more
-- lookups each. The child tables stay the record (and what filters and
-- statistics use); the triggers below keep the copy in step with them in
-- the same transaction, whatever code writes them.
ALTER TABLE participants ADD COLUMN lists TEXT NOT NULL DEFAULT '{}';

CREATE FUNCTION participant_lists_of(pid TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $$
SELECT json_build_object(
    'languages', COALESCE((SELECT json_agg(json_build_array(l.language, l.level) ORDER BY l.language)
                           FROM participant_languages l WHERE l.participant_id = pid), '[]'::json),
    'needs', COALESCE((SELECT json_agg(n.need ORDER BY n.need)
                       FROM participant_needs n WHERE n.participant_id = pid), '[]'::json),
    'qualifications', COALESCE((SELECT json_agg(json_build_array(q.title, q.country, q.year, q.recognition) ORDER BY q.position)
                                FROM participant_qualifications q WHERE q.participant_id = pid), '[]'::json),
    'consents', COALESCE((SELECT json_agg(c.purpose ORDER BY c.purpose)
                          FROM consents c WHERE c.participant_id = pid AND c.withdrawn_at IS NULL), '[]'::json)
)::text
$$;

UPDATE participants SET lists = participant_lists_of(id);

CREATE FUNCTION participant_lists_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE participants SET lists = participant_lists_of(OLD.participant_id) WHERE id = OLD.participant_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE participants SET lists = participant_lists_of(NEW.participant_id) WHERE id = NEW.participant_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER participant_languages_lists AFTER INSERT OR UPDATE OR DELETE ON participant_languages
    FOR EACH ROW EXECUTE FUNCTION participant_lists_refresh();
CREATE TRIGGER participant_needs_lists AFTER INSERT OR UPDATE OR DELETE ON participant_needs
    FOR EACH ROW EXECUTE FUNCTION participant_lists_refresh();
CREATE TRIGGER participant_qualifications_lists AFTER INSERT OR UPDATE OR DELETE ON participant_qualifications
    FOR EACH ROW EXECUTE FUNCTION participant_lists_refresh();
CREATE TRIGGER consents_lists AFTER INSERT OR UPDATE OR DELETE ON consents
    FOR EACH ROW EXECUTE FUNCTION participant_lists_refresh();
