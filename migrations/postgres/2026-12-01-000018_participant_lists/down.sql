DROP TRIGGER participant_languages_lists ON participant_languages;
DROP TRIGGER participant_needs_lists ON participant_needs;
DROP TRIGGER participant_qualifications_lists ON participant_qualifications;
DROP TRIGGER consents_lists ON consents;
DROP FUNCTION participant_lists_refresh();
DROP FUNCTION participant_lists_of(TEXT);
ALTER TABLE participants DROP COLUMN lists;
