//! Wire shapes: names, unknown fields, the PATCH null-versus-absent rule, pages and problems.

mod common;

use serde_json::json;
use wif_core::{IdentityProviderPatch, NewIdentityProvider, PageRequest, Problem, ProblemType};

fn stored() -> wif_core::IdentityProviderConfig {
    NewIdentityProvider {
        display_name: Some("Google".into()),
        description: Some("Service accounts".into()),
        issuer_uri: Some("https://accounts.google.com".into()),
        audience: Some("wif-prod".into()),
        authorization_type: Some("GROUP".into()),
        groups_claim: Some("roles".into()),
        user_claim: Some("sub".into()),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

both_targets! {
    fn new_provider_reads_atlas_names_and_refuses_unknown_fields() {
        let body = json!({
            "displayName": "Google", "issuerUri": "https://accounts.google.com",
            "audience": "wif", "authorizationType": "USER", "idpType": "WORKLOAD",
            "protocol": "OIDC"
        });
        let input: NewIdentityProvider = serde_json::from_value(body).unwrap();
        assert_eq!(input.issuer_uri.as_deref(), Some("https://accounts.google.com"));

        let unknown = json!({"displayName": "x", "issuer": "https://a.example"});
        let error = serde_json::from_value::<NewIdentityProvider>(unknown).unwrap_err();
        assert!(error.to_string().contains("unknown field `issuer`"), "{error}");
    }

    fn patch_tells_null_from_absent() {
        let patch: IdentityProviderPatch =
            serde_json::from_value(json!({"description": null, "audience": "wif-new"})).unwrap();
        let merged = patch.apply_to(&stored()).validate().unwrap();
        assert_eq!(merged.description, None, "null removes the description");
        assert_eq!(merged.audience, "wif-new");
        assert_eq!(merged.display_name, "Google", "absent fields stay");
        assert_eq!(merged.groups_claim, "roles");

        let reset: IdentityProviderPatch =
            serde_json::from_value(json!({"groupsClaim": null, "userClaim": null})).unwrap();
        let merged = reset.apply_to(&stored()).validate().unwrap();
        assert_eq!((merged.groups_claim.as_str(), merged.user_claim.as_str()), ("groups", "sub"));

        let cleared: IdentityProviderPatch =
            serde_json::from_value(json!({"displayName": null})).unwrap();
        let errors = cleared.apply_to(&stored()).validate().unwrap_err();
        assert_eq!(errors[0].field, "displayName", "a required field cannot be removed");

        assert!(serde_json::from_value::<IdentityProviderPatch>(json!({})).unwrap().is_empty());
    }

    fn page_request_defaults_bounds_and_offset() {
        assert_eq!(PageRequest::parse(None, None), Ok(PageRequest::default()));
        let page = PageRequest::parse(Some("20"), Some("3")).unwrap();
        assert_eq!((page.items_per_page, page.page_num, page.offset()), (20, 3, 40));
        assert!(PageRequest::parse(Some("500"), Some("1")).is_ok());

        for bad in ["0", "501", "-1", "+5", "2.0", "", "ten", "99999999999"] {
            let errors = PageRequest::parse(Some(bad), None).unwrap_err();
            assert_eq!(errors[0].field, "itemsPerPage", "{bad:?}");
        }
        let errors = PageRequest::parse(Some("0"), Some("0")).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["itemsPerPage", "pageNum"]);
    }

    fn problem_serializes_as_rfc_9457() {
        let problem = Problem::new(ProblemType::Validation, "The request has 1 invalid field.")
            .with_errors(vec![wif_core::FieldError::new("audience", "Enter the audience.")]);
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(json["type"], "urn:wif-console:problem:validation");
        assert_eq!(json["status"], 422);
        assert_eq!(json["errors"][0]["field"], "audience");
        assert_eq!(problem.kind(), Some(ProblemType::Validation));

        let without = serde_json::to_value(Problem::new(ProblemType::NotFound, "x")).unwrap();
        assert!(without.get("errors").is_none(), "no empty errors array");
    }

    fn problem_types_have_distinct_uris_and_round_trip() {
        for kind in ProblemType::ALL {
            assert_eq!(ProblemType::from_uri(kind.uri()), Some(kind));
            let same_uri = ProblemType::ALL.iter().filter(|k| k.uri() == kind.uri()).count();
            assert_eq!(same_uri, 1);
        }
    }
}
