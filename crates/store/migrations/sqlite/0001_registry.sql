-- The registry schema (SQLite). Ids of courses are integers; timestamps are
-- RFC 3339 TEXT so both backends store and compare them the same way.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'curator', 'viewer')),
    created_at    TEXT    NOT NULL
);

-- Only the SHA-256 of a session token is stored: a leaked database does not
-- hand out live sessions.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
);

-- A course keeps the extraction as it came out of the extractor and the
-- curated course that reviewers edit; `version` guards concurrent edits.
CREATE TABLE courses (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    title          TEXT    NOT NULL,
    extracted_json TEXT    NOT NULL,
    curated_json   TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    created_by     TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_by     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    deleted_at     TEXT
);

-- Every correction: who, when, what (the fact before and after).
CREATE TABLE corrections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id   INTEGER NOT NULL REFERENCES courses (id),
    version     INTEGER NOT NULL,
    action      TEXT    NOT NULL,
    fact_id     TEXT,
    before_json TEXT,
    after_json  TEXT,
    username    TEXT    NOT NULL,
    at          TEXT    NOT NULL
);
CREATE INDEX corrections_course ON corrections (course_id, id);

-- One row per curated fact, rebuilt with each save: what search and the
-- cohort filters query, so they never parse JSON.
CREATE TABLE course_facts (
    course_id INTEGER NOT NULL REFERENCES courses (id),
    fact_id   TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    name      TEXT    NOT NULL,
    num_value REAL,
    positive  INTEGER NOT NULL,
    PRIMARY KEY (course_id, fact_id)
);
CREATE INDEX course_facts_kind_name ON course_facts (kind, name);

-- Append-only: who did what to which record, when, from where.
CREATE TABLE audit (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    username TEXT NOT NULL,
    action   TEXT NOT NULL,
    target   TEXT NOT NULL,
    remote   TEXT NOT NULL,
    detail   TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
