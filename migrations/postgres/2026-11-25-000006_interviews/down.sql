DROP TABLE interview_answers;
DROP TABLE interview_interviewers;
DROP TABLE interview_participants;
DROP TABLE interviews;
DROP TABLE interview_template_versions;
DROP TABLE interview_templates;
