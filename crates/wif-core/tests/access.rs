//! Who may do what, and the account fields' rules.

mod common;

use wif_core::access::{check_password, check_username};
use wif_core::{Grant, NewAccount, PasswordChange, Permissions, Role};

const FEDERATION: &str = "aaaaaaaaaaaaaaaaaaaaaaaa";
const OTHER: &str = "bbbbbbbbbbbbbbbbbbbbbbbb";

fn permissions(grants: &[Grant]) -> Permissions<'_> {
    Permissions { grants, federation_org_id: FEDERATION }
}

both_targets! {
    fn only_owners_of_the_federation_organization_manage_identity_providers() {
        let cases = [
            (vec![Grant::org(Role::OrgOwner, FEDERATION)], true),
            (vec![Grant::org(Role::OrgReadOnly, FEDERATION)], false),
            (vec![Grant::org(Role::OrgOwner, OTHER)], false),
            (vec![], false),
        ];
        for (grants, expected) in cases {
            let p = permissions(&grants);
            assert_eq!(p.can_manage_identity_providers(), expected, "{grants:?}");
            assert!(p.can_read_identity_providers());
        }
    }

    fn the_audit_trail_is_for_members_of_the_federation_organization() {
        let reader = [Grant::org(Role::OrgReadOnly, FEDERATION)];
        assert!(permissions(&reader).can_read_audit_trail());
        let outsider = [Grant::org(Role::OrgOwner, OTHER)];
        assert!(!permissions(&outsider).can_read_audit_trail());
    }

    fn accounts_are_managed_per_owned_organization() {
        let grants = [Grant::org(Role::OrgOwner, OTHER), Grant::org(Role::OrgReadOnly, FEDERATION)];
        let p = permissions(&grants);
        assert!(p.can_manage_accounts(OTHER));
        assert!(!p.can_manage_accounts(FEDERATION));
        assert_eq!(p.owned_orgs().collect::<Vec<_>>(), [OTHER]);
    }

    fn roles_have_atlas_like_wire_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
    }

    fn account_fields_are_checked() {
        assert!(check_username("ops.team@example-1").is_ok());
        assert!(check_username("").unwrap_err().contains("Enter a user name"));
        assert!(check_username("with space").unwrap_err().contains("only letters"));
        assert!(check_username(&"a".repeat(65)).unwrap_err().contains("at most 64"));
        assert!(check_password("twelve chars").is_ok());
        assert!(check_password("eleven char").unwrap_err().contains("at least 12"));
        assert!(check_password(&"p".repeat(257)).unwrap_err().contains("at most 256"));

        let wrong_scope = NewAccount {
            username: "reader".into(),
            password: "long enough password".into(),
            grants: vec![Grant {
                role: Role::OrgReadOnly,
                org_id: None,
                project_id: Some(OTHER.into()),
            }],
        };
        let errors = wrong_scope.validate().unwrap_err();
        assert_eq!(errors[0].field, "grants[0]");
        assert!(errors[0].message.contains("names an orgId"));
    }

    fn a_password_change_needs_the_current_password_and_a_new_one() {
        let change = |current: &str, new: &str| PasswordChange {
            current_password: current.into(),
            new_password: new.into(),
        };
        assert!(change("old password!", "a new long password").validate().is_ok());

        let errors = change("", "short").validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["currentPassword", "newPassword"]);
        assert!(errors[1].message.contains("at least 12"));

        let same = change("the same password", "the same password").validate().unwrap_err();
        assert_eq!(same[0].field, "newPassword");
        assert!(same[0].message.contains("is the current one"), "{}", same[0].message);
    }

    fn bodies_with_a_password_never_print_it() {
        let login =
            wif_core::LoginRequest { username: "admin".into(), password: "s3cret pass".into() };
        let account = NewAccount {
            username: "reader".into(),
            password: "s3cret pass".into(),
            grants: Vec::new(),
        };
        let change = PasswordChange {
            current_password: "s3cret pass".into(),
            new_password: "n3w s3cret pass".into(),
        };
        let printed = format!("{login:?} {account:?} {change:?}");
        assert!(!printed.contains("s3cret"), "{printed}");
        assert!(printed.contains("admin") && printed.contains("<hidden>"), "{printed}");
    }
}
