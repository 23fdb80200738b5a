-- Organizations in full, their projects, the providers connected to them, and a version on
-- every mutable object so that stale writes are refused (ETag / If-Match).
ALTER TABLE identity_providers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

ALTER TABLE organizations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- The name folded to lower case (by the server, for every script): names are unique.
ALTER TABLE organizations ADD COLUMN name_key TEXT;
UPDATE organizations SET name_key = lower(name);
CREATE UNIQUE INDEX organizations_name_key ON organizations (name_key);

CREATE TABLE projects (
    id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 24),
    -- RESTRICT: an organization with projects cannot be deleted.
    org_id     TEXT NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    UNIQUE (org_id, name_key)
) STRICT;

CREATE TABLE organization_identity_providers (
    org_id       TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- RESTRICT: a provider still connected to an organization cannot be deleted.
    idp_id       TEXT NOT NULL REFERENCES identity_providers (id) ON DELETE RESTRICT,
    connected_at TEXT NOT NULL,
    PRIMARY KEY (org_id, idp_id)
) STRICT;
CREATE INDEX organization_identity_providers_idp ON organization_identity_providers (idp_id);
