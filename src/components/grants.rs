//! Roles in words, as the account and accounts pages show them.

use wif_core::{Grant, Organization};

/// "Organization Owner of Payments": the role and what it applies to, with the organization's
/// name when it is among `orgs` (the id otherwise: an organization the viewer cannot see).
pub fn describe(grant: &Grant, orgs: &[Organization]) -> String {
    let scope = match (&grant.org_id, &grant.project_id) {
        (Some(org), _) => {
            let name = orgs.iter().find(|o| &o.id == org).map(|o| o.name.clone());
            format!("the organization {}", name.unwrap_or(org.clone()))
        }
        (None, Some(project)) => format!("the project {project}"),
        (None, None) => return grant.role.label().to_owned(),
    };
    format!("{} of {scope}", grant.role.label())
}
