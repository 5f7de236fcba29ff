DROP TABLE participant_skills;
