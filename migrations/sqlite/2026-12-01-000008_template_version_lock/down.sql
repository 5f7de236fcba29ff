ALTER TABLE interview_template_versions RENAME COLUMN version TO revision;
