-- Lists and counts read only this index, never the wide course rows;
-- filters find courses by fact kind and name.
CREATE INDEX courses_live ON courses (deleted_at, id);
CREATE INDEX course_facts_filter ON course_facts (kind, name, num_value, course_id);
