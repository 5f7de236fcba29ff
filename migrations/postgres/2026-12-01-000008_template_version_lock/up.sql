-- One name for the optimistic lock everywhere: `version`.
ALTER TABLE interview_template_versions RENAME COLUMN revision TO version;
