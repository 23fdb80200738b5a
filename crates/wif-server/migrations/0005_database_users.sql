-- Database users with federated authentication: `<idp_id>/<identifier>` in one project.
-- A user outlives a disconnection (it only loses access, and gets it back on reconnection);
-- it goes with its project, and with its provider (which can only be deleted once no
-- organization uses it, so its users had no access left).
CREATE TABLE database_users (
    project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    idp_id         TEXT NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    identifier     TEXT NOT NULL,
    oidc_auth_type TEXT NOT NULL CHECK (oidc_auth_type IN ('USER', 'IDP_GROUP')),
    -- The roles as the API's JSON array, validated before they are stored.
    roles          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (project_id, idp_id, identifier)
) STRICT;
CREATE INDEX database_users_idp ON database_users (idp_id);
