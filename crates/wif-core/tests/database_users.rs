//! Database users: the username's shape, the kind of user, roles, and the identifier shape a
//! provider's issuer implies.

mod common;

use wif_core::database_user::{ValidDatabaseUser, check_identifier, check_username};
use wif_core::{AuthorizationType, DatabaseRole, NewDatabaseUser, OidcAuthType};

const IDP: &str = "65a1b2c3d4e5f60718293a4b";
const OBJECT_ID: &str = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
const UNIQUE_ID: &str = "109876543210987654321";
const ENTRA: &str = "https://login.microsoftonline.com/0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21/v2.0";
const GOOGLE: &str = "https://accounts.google.com";

fn role(name: &str, database: &str) -> DatabaseRole {
    DatabaseRole { role_name: name.into(), database_name: database.into(), collection_name: None }
}

fn request(username: &str, kind: &str, roles: Vec<DatabaseRole>) -> NewDatabaseUser {
    NewDatabaseUser {
        username: Some(username.into()),
        database_name: None,
        oidc_auth_type: Some(kind.into()),
        roles: Some(roles),
    }
}

fn fields(errors: &[wif_core::FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

fn valid(identifier: &str, kind: OidcAuthType) -> ValidDatabaseUser {
    ValidDatabaseUser {
        provider_id: IDP.into(),
        identifier: identifier.into(),
        oidc_auth_type: kind,
        roles: vec![role("read", "sales")],
    }
}

both_targets! {
    fn a_complete_request_is_valid() {
        let user = request(&format!("{IDP}/{OBJECT_ID}"), "USER", vec![role("readWrite", "sales")])
            .validate()
            .unwrap();
        assert_eq!(user.username(), format!("{IDP}/{OBJECT_ID}"));
        assert_eq!(user.oidc_auth_type, OidcAuthType::User);
        assert_eq!(user.oidc_auth_type.database_name(), "$external");
        assert_eq!(OidcAuthType::IdpGroup.database_name(), "admin");
    }

    fn an_empty_request_names_every_field() {
        let errors = NewDatabaseUser::default().validate().unwrap_err();
        assert_eq!(fields(&errors), ["username", "oidcAuthType", "roles"]);
        assert!(errors.iter().all(|e| e.message.ends_with('.')), "{errors:?}");
    }

    fn the_username_needs_a_provider_id_and_an_identifier() {
        assert!(check_username("just-a-name").unwrap_err().contains("<provider id>/<identifier>"));
        assert!(check_username("google/123").unwrap_err().contains("24 hexadecimal"));
        assert!(check_username(&format!("{IDP}/")).unwrap_err().contains("Enter the identifier"));
        let spaced = check_username(&format!("{IDP}/a b")).unwrap_err();
        assert!(spaced.contains("no spaces"), "{spaced}");
        let long = format!("{IDP}/{}", "x".repeat(257));
        assert!(check_username(&long).unwrap_err().contains("at most 256"));
        let (idp, identifier) = check_username(&format!("{IDP}/team/a")).unwrap();
        assert_eq!((idp.as_str(), identifier.as_str()), (IDP, "team/a"));
    }

    fn the_database_name_must_follow_the_kind_of_user() {
        let mut user = request(&format!("{IDP}/{OBJECT_ID}"), "IDP_GROUP", vec![role("read", "a")]);
        user.database_name = Some("$external".into());
        let errors = user.validate().unwrap_err();
        assert_eq!(fields(&errors), ["databaseName"]);
        assert!(errors[0].message.contains("on admin"), "{}", errors[0].message);

        let unknown = request(&format!("{IDP}/{OBJECT_ID}"), "ROLE", vec![role("read", "a")]);
        assert_eq!(fields(&unknown.validate().unwrap_err()), ["oidcAuthType"]);
    }

    fn roles_are_built_in_and_on_a_fitting_database() {
        let name = format!("{IDP}/{OBJECT_ID}");
        let errors = request(&name, "USER", vec![]).validate().unwrap_err();
        assert!(errors[0].message.contains("at least one role"));

        let roles = vec![
            role("root", "admin"),
            role("readAnyDatabase", "sales"),
            role("readWrite", ""),
            role("read", "sales.orders"),
            DatabaseRole { collection_name: Some("x".into()), ..role("dbAdmin", "sales") },
            DatabaseRole { collection_name: Some("system.users".into()), ..role("read", "s") },
        ];
        let errors = request(&name, "USER", roles).validate().unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "roles[0].roleName",
                "roles[1].databaseName",
                "roles[2].databaseName",
                "roles[3].databaseName",
                "roles[4].collectionName",
                "roles[5].collectionName",
            ]
        );
        assert!(errors[0].message.contains("readWrite, read"), "{}", errors[0].message);
        assert!(errors[1].message.contains("granted on admin"), "{}", errors[1].message);

        let fine = vec![
            role("readWriteAnyDatabase", "admin"),
            DatabaseRole { collection_name: Some("orders".into()), ..role("read", "sales") },
        ];
        assert!(request(&name, "USER", fine).validate().is_ok());
    }

    fn entra_identifiers_are_object_ids() {
        assert!(check_identifier(ENTRA, OidcAuthType::User, OBJECT_ID).is_ok());
        let name = check_identifier(ENTRA, OidcAuthType::IdpGroup, "Database readers");
        assert!(name.unwrap_err().contains("do not carry group names"));
        let other = check_identifier("https://issuer.example", OidcAuthType::User, "a b");
        assert!(other.unwrap_err().contains("no spaces"));
        let name = check_identifier(ENTRA, OidcAuthType::IdpGroup, "db-readers").unwrap_err();
        assert!(name.contains("do not carry group names"), "{name}");
        let v1 = "https://sts.windows.net/0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21/";
        assert!(check_identifier(v1, OidcAuthType::User, "app").unwrap_err().contains("GUID"));
    }

    fn google_identifiers_are_unique_ids() {
        assert!(check_identifier(GOOGLE, OidcAuthType::User, UNIQUE_ID).is_ok());
        let email = check_identifier(GOOGLE, OidcAuthType::User, "app@p.iam.gserviceaccount.com");
        assert!(email.unwrap_err().contains("email address"));
        let other = check_identifier("https://issuer.example", OidcAuthType::User, "any-thing");
        assert!(other.is_ok());
    }

    fn the_provider_decides_the_kind_of_user_and_the_identifier() {
        let group = valid(OBJECT_ID, OidcAuthType::IdpGroup);
        let errors = group.check_against(AuthorizationType::User, ENTRA);
        assert_eq!(fields(&errors), ["oidcAuthType"]);
        assert!(errors[0].message.contains("workloads (USER)"));

        let bob = valid("bob", OidcAuthType::User);
        let errors = bob.check_against(AuthorizationType::Group, ENTRA);
        assert_eq!(fields(&errors), ["oidcAuthType", "username"]);
        assert!(errors[1].message.contains("Object Id"), "{}", errors[1].message);

        let google = valid(UNIQUE_ID, OidcAuthType::User);
        let fine = google.check_against(AuthorizationType::User, GOOGLE);
        assert!(fine.is_empty(), "{fine:?}");
    }

    fn the_wire_shape_is_atlas_like() {
        let body = serde_json::json!({"username": format!("{IDP}/{OBJECT_ID}"),
            "oidcAuthType": "USER", "roles": [{"roleName": "read", "databaseName": "sales"}]});
        let user: NewDatabaseUser = serde_json::from_value(body).unwrap();
        assert!(user.validate().is_ok());
        let unknown = serde_json::json!({"username": "x", "password": "no"});
        assert!(serde_json::from_value::<NewDatabaseUser>(unknown).is_err());
    }
}
