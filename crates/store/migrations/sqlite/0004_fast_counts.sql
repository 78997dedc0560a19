-- Counts of course lists without scanning (issue #5).
--
-- 1. Facts of deleted courses are never searched: they are dropped here and
--    on every delete, so the fact tables describe live courses only.
DELETE FROM course_facts
WHERE course_id IN (SELECT id FROM courses WHERE deleted_at IS NOT NULL);

-- 2. Per live course and measured analyte (kinds lab, vital, pft), its
--    highest value, rebuilt with the course's facts: "some value above x"
--    is "the highest above x", so a biomarker filter counts one range of
--    course_values_range instead of probing every matching fact's course.
--    Keyed by course without a rowid: a page walked newest first asks
--    each course's row once, with its value in the key's b-tree.
CREATE TABLE course_values (
    course_id INTEGER NOT NULL REFERENCES courses (id),
    name      TEXT    NOT NULL,
    max_value REAL    NOT NULL,
    PRIMARY KEY (course_id, name)
) WITHOUT ROWID;
CREATE INDEX course_values_range ON course_values (name, max_value, course_id);
INSERT INTO course_values (course_id, name, max_value)
SELECT course_id, name, MAX(num_value) FROM course_facts
WHERE kind IN ('lab', 'vital', 'pft') AND num_value IS NOT NULL
GROUP BY course_id, name;

-- 3. The number of live courses, kept by the same transactions that create
--    and delete courses: the unfiltered list's total without a scan.
CREATE TABLE registry_counts (
    name TEXT    PRIMARY KEY,
    n    INTEGER NOT NULL
);
INSERT INTO registry_counts (name, n)
SELECT 'live_courses', COUNT(*) FROM courses WHERE deleted_at IS NULL;
