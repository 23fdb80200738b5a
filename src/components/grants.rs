//! Roles in words, as the account and accounts pages show them.

use wif_core::{Grant, Organization, Project};

/// The organizations and projects the viewer can see, to name the objects roles apply to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    pub orgs: Vec<Organization>,
    pub projects: Vec<Project>,
}

impl Names {
    /// Whether the grant is in one of these organizations (or their projects).
    pub fn covers(&self, grant: &Grant) -> bool {
        match (&grant.org_id, &grant.project_id) {
            (Some(org), _) => self.orgs.iter().any(|o| &o.id == org),
            (None, Some(project)) => self.projects.iter().any(|p| &p.id == project),
            (None, None) => false,
        }
    }

    fn org(&self, id: &str) -> String {
        let found = self.orgs.iter().find(|o| o.id == id);
        found.map_or_else(|| id.to_owned(), |o| o.name.clone())
    }

    fn project(&self, id: &str) -> String {
        match self.projects.iter().find(|p| p.id == id) {
            Some(project) => format!("{} in {}", project.name, self.org(&project.org_id)),
            None => id.to_owned(),
        }
    }
}

/// "Organization Owner of the organization Payments": the role and what it applies to, named
/// when the viewer can see it (by id otherwise).
pub fn describe(grant: &Grant, names: &Names) -> String {
    let scope = match (&grant.org_id, &grant.project_id) {
        (Some(org), _) => format!("the organization {}", names.org(org)),
        (None, Some(project)) => format!("the project {}", names.project(project)),
        (None, None) => return grant.role.label().to_owned(),
    };
    format!("{} of {scope}", grant.role.label())
}
