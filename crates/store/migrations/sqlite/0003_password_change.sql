-- Accounts whose password was generated (the first admin, `admin create`)
-- or reset by an admin must choose their own at the next login.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
-- Changing a password ends the account's other sessions: find them by user.
CREATE INDEX sessions_user ON sessions (user_id);
