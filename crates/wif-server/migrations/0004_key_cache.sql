-- The signing keys fetched from each provider's issuer.
CREATE TABLE key_sets (
    idp_id        TEXT PRIMARY KEY NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    -- The checked JWKS document as fetched; absent right after a revocation until a fetch works.
    jwks_json     TEXT,
    fetched_at    INTEGER, -- Unix seconds of the last successful fetch
    last_error    TEXT,
    last_error_at INTEGER
) STRICT;

-- When each key was first seen, so admins can tell a rotation from a leak.
CREATE TABLE key_first_seen (
    idp_id        TEXT NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    key_name      TEXT NOT NULL, -- the kid, or "#<index>" for a key without one
    first_seen_at TEXT NOT NULL,
    PRIMARY KEY (idp_id, key_name)
) STRICT;
