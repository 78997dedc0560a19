-- What the cohort views read of each live course (drugs, outcomes, lab
-- peaks, the survival observation and risk group), derived by the server
-- when the course is saved, so a cohort of 10,000 courses is not 10,000
-- course JSON documents to parse (issue #5). `version` names the server's
-- digest format; a row of another format, or of an older course version,
-- is recomputed when read. Existing courses get theirs on the first read.
CREATE TABLE course_digests (
    course_id      BIGINT  PRIMARY KEY REFERENCES courses (id),
    course_version BIGINT  NOT NULL,
    version        TEXT    NOT NULL,
    digest         TEXT    NOT NULL
);
