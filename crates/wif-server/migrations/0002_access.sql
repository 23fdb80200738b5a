-- Console access: organizations (the anchor of roles; managed fully by a later migration),
-- accounts, their grants, sessions, API tokens, and the audit trail.
CREATE TABLE organizations (
    id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 24),
    name       TEXT NOT NULL,
    -- The organization that owns the deployment's federation settings: exactly one.
    is_federation_owner INTEGER NOT NULL DEFAULT 0 CHECK (is_federation_owner IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX organizations_one_federation_owner
    ON organizations (is_federation_owner) WHERE is_federation_owner = 1;

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 24),
    username      TEXT NOT NULL,
    -- The name folded to lower case: user names are unique without regard to case.
    username_key  TEXT NOT NULL UNIQUE,
    -- An argon2id PHC string; never the password.
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE grants (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('ORG_OWNER', 'ORG_READ_ONLY', 'PROJECT_OWNER')),
    org_id     TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    -- Projects arrive with the organizations migration; until then no PROJECT_OWNER grant.
    project_id TEXT,
    CHECK ((org_id IS NULL) != (project_id IS NULL)),
    UNIQUE (account_id, role, org_id, project_id)
) STRICT;

CREATE TABLE sessions (
    -- SHA-256 of the cookie's secret: the database never holds a usable session id.
    secret_hash  BLOB PRIMARY KEY NOT NULL,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL, -- Unix seconds
    last_seen_at INTEGER NOT NULL  -- Unix seconds
) STRICT;

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 24),
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    -- SHA-256 of the secret; the secret itself is shown once, at creation.
    secret_hash  BLOB NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
) STRICT;

CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    account_id  TEXT,
    username    TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT,
    before_json TEXT,
    after_json  TEXT
) STRICT;
CREATE INDEX audit_events_object ON audit_events (object_type, object_id);
CREATE INDEX audit_events_account ON audit_events (account_id);
