//! The wizards' derivations: metadata URL to issuer, v1/v2, GUIDs, Google unique ids.

mod common;

use wif_core::setup::{
    EntraVersion, IssuerKind, entra_client_id, entra_default_audience, entra_issuer,
    entra_issuer_for, google_unique_id, is_guid,
};

const TENANT: &str = "0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21";

both_targets! {
    fn a_tenant_id_gives_the_v2_issuer() {
        let issuer = entra_issuer(&format!(" {} ", TENANT.to_uppercase())).unwrap();
        assert_eq!(issuer.issuer_uri, format!("https://login.microsoftonline.com/{TENANT}/v2.0"));
        assert_eq!(issuer.version, EntraVersion::V2);
        assert_eq!(issuer.tenant, TENANT);
    }

    fn the_metadata_url_loses_its_suffix() {
        let url = format!(
            "https://login.microsoftonline.com/{TENANT}/v2.0/.well-known/openid-configuration"
        );
        let issuer = entra_issuer(&url).unwrap();
        assert_eq!(issuer.issuer_uri, format!("https://login.microsoftonline.com/{TENANT}/v2.0"));
        assert_eq!(issuer.version, EntraVersion::V2);
    }

    fn the_v1_forms_are_recognised() {
        let v1 = entra_issuer(&format!("https://sts.windows.net/{TENANT}")).unwrap();
        assert_eq!(v1.issuer_uri, format!("https://sts.windows.net/{TENANT}/"), "with its slash");
        assert_eq!(v1.version, EntraVersion::V1);

        let v1_metadata =
            format!("https://login.microsoftonline.com/{TENANT}/.well-known/openid-configuration");
        assert!(entra_issuer(&v1_metadata).unwrap_err().contains("v1 metadata address"));
    }

    fn a_registration_kept_on_v1_gets_the_v1_issuer() {
        let v1 = EntraVersion::V1;
        let from_id = entra_issuer_for(TENANT, v1).unwrap();
        assert_eq!(from_id.issuer_uri, format!("https://sts.windows.net/{TENANT}/"));
        assert_eq!(from_id.version, v1);
        let metadata =
            format!("https://login.microsoftonline.com/{TENANT}/.well-known/openid-configuration");
        let from_url = entra_issuer_for(&metadata, v1).unwrap();
        assert_eq!(from_url, from_id, "the v1 document names the sts.windows.net issuer");
        // A URL says which version it is for, whatever was chosen.
        let v2_url = format!("https://login.microsoftonline.com/{TENANT}/v2.0");
        assert_eq!(entra_issuer_for(&v2_url, v1).unwrap().version, EntraVersion::V2);
        assert!(entra_issuer_for("https://login.microsoftonline.com/common", v1).is_err());
    }

        fn the_tenant_in_a_url_must_be_the_tenant_id() {
        let upper = format!(
            "https://login.microsoftonline.com/{}/v2.0/.well-known/openid-configuration",
            TENANT.to_uppercase()
        );
        let issuer = entra_issuer(&upper).unwrap();
        assert_eq!(issuer.issuer_uri, format!("https://login.microsoftonline.com/{TENANT}/v2.0"));
        assert_eq!(issuer.tenant, TENANT, "in lower case, as tokens carry it");
        let v1 = entra_issuer(&format!("https://sts.windows.net/{}/", TENANT.to_uppercase()));
        assert_eq!(v1.unwrap().issuer_uri, format!("https://sts.windows.net/{TENANT}/"));

        let cases = [
            ("https://login.microsoftonline.com/common/v2.0", "any tenant"),
            ("https://login.microsoftonline.com/organizations/v2.0", "any tenant"),
            ("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0", "domain name"),
            ("https://sts.windows.net/contoso.com/", "domain name"),
            ("https://login.microsoftonline.com/0b2c4f5e/v2.0", "a GUID"),
            ("contoso.onmicrosoft.com", "domain name"),
        ];
        for (pasted, fragment) in cases {
            let message = entra_issuer(pasted).unwrap_err();
            assert!(message.contains(fragment), "{pasted}: {message}");
            assert!(message.ends_with('.'), "{message}");
        }
    }

    fn anything_else_is_refused_with_a_hint() {
        for pasted in ["", "contoso.onmicrosoft.com", "https://example.com/v2.0", "1234"] {
            let message = entra_issuer(pasted).unwrap_err();
            assert!(message.ends_with('.'), "{message}");
        }
    }

    fn guids_are_checked() {
        assert!(is_guid(TENANT));
        assert!(is_guid(&TENANT.to_uppercase()));
        assert!(!is_guid("0b2c4f5e9a7d4c1b8e3f2a6d5c4b3a21"));
        assert!(!is_guid("0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a2g"));
        assert_eq!(
            entra_client_id("  4A5B3C2D-1E0F-4A5B-8C7D-6E5F4A3B2C1D ").unwrap(),
            "4a5b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d"
        );
        assert!(entra_client_id("api://4a5b").unwrap_err().contains("GUID"));
        assert_eq!(entra_default_audience("abc"), "api://abc");
    }

    fn google_unique_ids_are_21_digits() {
        assert_eq!(google_unique_id(" 109876543210987654321 ").unwrap(), "109876543210987654321");
        assert!(google_unique_id("10987654321098765432").unwrap_err().contains("20 characters"));
        let email = google_unique_id("svc@project.iam.gserviceaccount.com").unwrap_err();
        assert!(email.contains("email address"), "{email}");
    }

    fn issuers_are_told_apart_by_cloud() {
        let cases = [
            (format!("https://login.microsoftonline.com/{TENANT}/v2.0"), IssuerKind::EntraId),
            (format!("https://sts.windows.net/{TENANT}/"), IssuerKind::EntraId),
            ("https://accounts.google.com".to_owned(), IssuerKind::Google),
            ("accounts.google.com".to_owned(), IssuerKind::Google),
            // Lookalikes are other issuers: the prefix must end with the host's slash.
            ("https://login.microsoftonline.com.example.com/x".to_owned(), IssuerKind::Other),
            ("https://accounts.google.com/".to_owned(), IssuerKind::Other),
            ("https://idp.example.com".to_owned(), IssuerKind::Other),
        ];
        for (issuer, kind) in cases {
            assert_eq!(IssuerKind::of(&issuer), kind, "{issuer}");
        }
    }
}
