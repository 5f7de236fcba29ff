-- A person's lists (languages, needs, qualifications, the purposes of their
-- consents in force) kept with their row as one JSON object, so that
-- reading a person, or a page of 50, is one row each instead of four more
-- lookups each. The child tables stay the record (and what filters and
-- statistics use); the triggers below keep the copy in step with them in
-- the same transaction, whatever code writes them.
ALTER TABLE participants ADD COLUMN lists TEXT NOT NULL DEFAULT '{}';

CREATE VIEW participant_lists_of (id, lists) AS
SELECT p.id, json_object(
    'languages', json((SELECT json_group_array(json_array(l.language, l.level) ORDER BY l.language)
                       FROM participant_languages l WHERE l.participant_id = p.id)),
    'needs', json((SELECT json_group_array(n.need ORDER BY n.need)
                   FROM participant_needs n WHERE n.participant_id = p.id)),
    'qualifications', json((SELECT json_group_array(json_array(q.title, q.country, q.year, q.recognition) ORDER BY q.position)
                            FROM participant_qualifications q WHERE q.participant_id = p.id)),
    'consents', json((SELECT json_group_array(c.purpose ORDER BY c.purpose)
                      FROM consents c WHERE c.participant_id = p.id AND c.withdrawn_at IS NULL))
)
FROM participants p;

UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = participants.id);

CREATE TRIGGER participant_languages_lists_insert AFTER INSERT ON participant_languages BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = NEW.participant_id) WHERE id = NEW.participant_id;
END;

CREATE TRIGGER participant_languages_lists_delete AFTER DELETE ON participant_languages BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = OLD.participant_id) WHERE id = OLD.participant_id;
END;

CREATE TRIGGER participant_languages_lists_update AFTER UPDATE ON participant_languages BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = OLD.participant_id) WHERE id = OLD.participant_id;
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = NEW.participant_id) WHERE id = NEW.participant_id;
END;

CREATE TRIGGER participant_needs_lists_insert AFTER INSERT ON participant_needs BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = NEW.participant_id) WHERE id = NEW.participant_id;
END;

CREATE TRIGGER participant_needs_lists_delete AFTER DELETE ON participant_needs BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = OLD.participant_id) WHERE id = OLD.participant_id;
END;

CREATE TRIGGER participant_needs_lists_update AFTER UPDATE ON participant_needs BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = OLD.participant_id) WHERE id = OLD.participant_id;
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = NEW.participant_id) WHERE id = NEW.participant_id;
END;

CREATE TRIGGER participant_qualifications_lists_insert AFTER INSERT ON participant_qualifications BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = NEW.participant_id) WHERE id = NEW.participant_id;
END;

CREATE TRIGGER participant_qualifications_lists_delete AFTER DELETE ON participant_qualifications BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = OLD.participant_id) WHERE id = OLD.participant_id;
END;

CREATE TRIGGER participant_qualifications_lists_update AFTER UPDATE ON participant_qualifications BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = OLD.participant_id) WHERE id = OLD.participant_id;
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = NEW.participant_id) WHERE id = NEW.participant_id;
END;

CREATE TRIGGER consents_lists_insert AFTER INSERT ON consents BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = NEW.participant_id) WHERE id = NEW.participant_id;
END;

CREATE TRIGGER consents_lists_delete AFTER DELETE ON consents BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = OLD.participant_id) WHERE id = OLD.participant_id;
END;

CREATE TRIGGER consents_lists_update AFTER UPDATE ON consents BEGIN
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = OLD.participant_id) WHERE id = OLD.participant_id;
    UPDATE participants SET lists = (SELECT v.lists FROM participant_lists_of v WHERE v.id = NEW.participant_id) WHERE id = NEW.participant_id;
END;
