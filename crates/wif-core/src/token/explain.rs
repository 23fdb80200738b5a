//! One line on each claim admins meet: the registered ones, Entra ID's and Google's.

/// What a claim means, for the inspector.
pub fn claim(name: &str) -> Option<&'static str> {
    Some(match name {
        "iss" => "Issuer: who made and signed the token; must equal the provider's issuer URI.",
        "aud" => "Audience: whom the token is for; must be (or include) the provider's audience.",
        "sub" => "Subject: the principal; per application in Entra ID, the unique id at Google.",
        "exp" => "Expiry: the token is refused after this time.",
        "nbf" => "Not before: the token is refused before this time.",
        "iat" => "Issued at: when the token was made.",
        "jti" => "Token id: unique per token.",
        "azp" => "Authorized party: the client that asked for the token.",
        "oid" => "Entra ID object id of the principal: immutable, the id to register.",
        "tid" => "Entra ID tenant id.",
        "appid" => "Entra ID v1: the client id of the caller.",
        "appidacr" => {
            "Entra ID v1: how the client authenticated (0 none, 1 secret, 2 certificate)."
        }
        "azpacr" => "Entra ID v2: how the client authenticated (0 none, 1 secret, 2 certificate).",
        "idtyp" => "Entra ID: app when the token is app-only (a workload, not a person).",
        "ver" => "Entra ID token version: 1.0 or 2.0; it decides the issuer's form.",
        "roles" => "Entra ID application roles granted to the caller.",
        "groups" => "Group ids the principal is a member of.",
        "hasgroups" => "Entra ID group overage: too many groups to list; groups are missing.",
        "_claim_names" => "Entra ID group overage: groups must be fetched elsewhere.",
        "_claim_sources" => "Entra ID group overage: where the groups would be fetched.",
        "uti" => "Entra ID token id, used internally.",
        "rh" => "Entra ID internal claim, used to revalidate tokens.",
        "xms_mirid" => "Entra ID: the resource id of the managed identity.",
        "email" => "Email address; it can change, so it is a poor database user name.",
        "email_verified" => "Whether the issuer verified the email address.",
        "upn" => "User principal name; it can change, so it is a poor database user name.",
        "preferred_username" => "A display name for the principal; it can change.",
        "google" => "Google: details of the Compute Engine instance that asked.",
        _ => return None,
    })
}

/// Claims that hold a NumericDate.
pub fn is_time(name: &str) -> bool {
    matches!(name, "exp" | "nbf" | "iat" | "auth_time")
}
