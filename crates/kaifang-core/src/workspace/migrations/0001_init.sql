-- 0001: the workspace itself and its append-only, hash-chained audit log.
-- Landed migrations are never edited; add a new file instead.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,          -- RFC 3339, UTC
    actor     TEXT NOT NULL,          -- who: a workspace user, or the OS user before users exist
    source    TEXT NOT NULL,          -- from which host: desktop, cli, bundle, system
    action    TEXT NOT NULL,          -- what: dotted verb, e.g. workspace.created
    subject   TEXT,                   -- on what: a dataset id, a user name …
    detail    TEXT NOT NULL,          -- JSON object; never personal data
    prev_hash TEXT NOT NULL,          -- hash of the entry before (64 zeros for the first)
    hash      TEXT NOT NULL           -- SHA-256 over this entry's fields and prev_hash
) STRICT;

-- Append-only: the app never changes or removes an entry. Someone with a SQLite
-- shell can drop these triggers; the hash chain is what makes that visible.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
