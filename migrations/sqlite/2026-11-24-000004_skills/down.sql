DROP TABLE taxonomy_imports;
DROP TABLE occupation_skills;
DROP TABLE taxonomy_broader;
DROP TABLE taxonomy_descriptions;
DROP TABLE taxonomy_labels;
DROP TABLE taxonomy_concepts;
