-- Identity provider configurations. Validation lives in wif-core; the constraints here are the
-- backstop that keeps the file consistent even if two writers race.
CREATE TABLE identity_providers (
    id                 TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 24),
    display_name       TEXT NOT NULL,
    -- The name folded to lower case: names are unique without regard to case.
    display_name_key   TEXT NOT NULL UNIQUE,
    description        TEXT,
    issuer_uri         TEXT NOT NULL,
    audience           TEXT NOT NULL,
    authorization_type TEXT NOT NULL CHECK (authorization_type IN ('USER', 'GROUP')),
    groups_claim       TEXT NOT NULL,
    user_claim         TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (issuer_uri, audience)
) STRICT;
