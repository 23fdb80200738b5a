//! Every validation rule, valid and invalid, as small tables.

mod common;

use wif_core::idp::field;
use wif_core::validate::check_issuer_uri;
use wif_core::{AuthorizationType, FieldError, NewIdentityProvider};

fn valid_input() -> NewIdentityProvider {
    NewIdentityProvider {
        display_name: Some("Azure workloads".into()),
        issuer_uri: Some("https://login.microsoftonline.com/tenant-id/v2.0".into()),
        audience: Some("api://4a5b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d".into()),
        authorization_type: Some("USER".into()),
        ..NewIdentityProvider::default()
    }
}

/// The messages validation gives for `field` when `edit` is applied to a valid input.
fn errors_for(field: &str, edit: impl FnOnce(&mut NewIdentityProvider)) -> Vec<String> {
    let mut input = valid_input();
    edit(&mut input);
    match input.validate() {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().filter(|e| e.field == field).map(|e| e.message).collect(),
    }
}

fn assert_one_error(
    field: &str,
    expected_fragment: &str,
    edit: impl FnOnce(&mut NewIdentityProvider),
) {
    let errors = errors_for(field, edit);
    assert_eq!(errors.len(), 1, "expected one error on {field}, got {errors:?}");
    assert!(
        errors[0].contains(expected_fragment),
        "the error on {field} should mention {expected_fragment:?}: {errors:?}"
    );
    assert!(errors[0].ends_with('.'), "errors are complete sentences: {:?}", errors[0]);
}

fn text(len: usize) -> String {
    "x".repeat(len)
}

both_targets! {
    fn valid_input_gives_a_config_with_defaults() {
        let config = valid_input().validate().expect("valid");
        assert_eq!(config.display_name, "Azure workloads");
        assert_eq!(config.user_claim, "sub");
        assert_eq!(config.groups_claim, "groups");
        assert_eq!(config.authorization_type, AuthorizationType::User);
        assert_eq!(config.description, None);
    }

    fn an_empty_body_names_every_required_field() {
        let errors = NewIdentityProvider::default().validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        let expected =
            [field::DISPLAY_NAME, field::ISSUER_URI, field::AUDIENCE, field::AUTHORIZATION_TYPE];
        assert_eq!(fields, expected);
    }

    fn display_name_rules() {
        assert_one_error(field::DISPLAY_NAME, "Enter a configuration name", |i| {
            i.display_name = None
        });
        assert_one_error(field::DISPLAY_NAME, "Enter a configuration name", |i| {
            i.display_name = Some("   ".into())
        });
        assert_one_error(field::DISPLAY_NAME, "at most 100 characters", |i| {
            i.display_name = Some(text(101))
        });
        assert_one_error(field::DISPLAY_NAME, "control characters", |i| {
            i.display_name = Some("a\u{7}b".into())
        });
        assert!(errors_for(field::DISPLAY_NAME, |i| i.display_name = Some(text(100))).is_empty());
        // Multi-byte characters count as one each.
        assert!(errors_for(field::DISPLAY_NAME, |i| i.display_name = Some("é".repeat(100)))
            .is_empty());

        let mut input = valid_input();
        input.display_name = Some("  Padded name \t".into());
        assert_eq!(input.validate().unwrap().display_name, "Padded name");
    }

    fn description_rules() {
        let mut input = valid_input();
        input.description = Some("  Tokens of the payments workloads.\nOwner: data team. ".into());
        let config = input.validate().unwrap();
        assert_eq!(
            config.description.as_deref(),
            Some("Tokens of the payments workloads.\nOwner: data team.")
        );

        let mut input = valid_input();
        input.description = Some("   ".into());
        assert_eq!(input.validate().unwrap().description, None, "blank means no description");

        assert_one_error(field::DESCRIPTION, "at most 1000 characters", |i| {
            i.description = Some(text(1001))
        });
        assert_one_error(field::DESCRIPTION, "control characters", |i| {
            i.description = Some("a\u{0}b".into())
        });
    }

    fn issuer_uri_accepts_real_issuers() {
        let valid = [
            "https://accounts.google.com",
            "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
            "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
            "https://issuer.example:8443/realms/workloads",
            "https://127.0.0.1:9000",
            "https://[::1]:8443/idp",
            "https://example.com/a%2Fb/~user/x-y_z.0",
        ];
        for uri in valid {
            assert_eq!(check_issuer_uri(uri), Ok(()), "{uri} should be accepted");
        }
    }

    fn issuer_uri_refuses_with_a_specific_reason() {
        let cases = [
            ("", "Enter the issuer URI"),
            ("accounts.google.com", "full URL that starts with https://"),
            ("http://accounts.google.com", "must use https, not http"),
            ("HTTPS://accounts.google.com", "lower case"),
            ("ftp://example.com", "must start with https://"),
            ("https://", "needs a host name"),
            ("https:///path", "needs a host name"),
            ("https://example.com/?x=1", "must not have a query"),
            ("https://example.com#top", "must not have a fragment"),
            ("https://user:pw@example.com", "user name or password"),
            ("https://example.com:0", "not a number from 1 to 65535"),
            ("https://example.com:99999", "not a number from 1 to 65535"),
            ("https://example.com:", "not a number from 1 to 65535"),
            ("https://exa mple.com", "white space"),
            ("https://-bad-.example.com", "not a valid host name"),
            ("https://example..com", "not a valid host name"),
            ("https://exämple.com", "must be ASCII"),
            ("https://[::1", "closing ]"),
            ("https://[zz]", "IPv6 address in the issuer URI is not valid"),
            ("https://example.com/a%zz", "must start an escape"),
            ("https://example.com/a\"b", "must not contain \"\"\""),
            (" https://accounts.google.com", "white space"),
            ("https://accounts.google.com ", "white space"),
        ];
        for (uri, fragment) in cases {
            let message = check_issuer_uri(uri).expect_err(uri);
            assert!(message.contains(fragment), "{uri:?}: {message:?} lacks {fragment:?}");
            assert!(message.ends_with('.'), "{message:?} is not a sentence");
        }
        let long = format!("https://example.com/{}", text(2030));
        assert!(check_issuer_uri(&long).unwrap_err().contains("at most 2048 characters"));
    }

    fn issuer_uri_field_error_is_reported_under_its_wire_name() {
        assert_one_error(field::ISSUER_URI, "must use https", |i| {
            i.issuer_uri = Some("http://idp.example".into())
        });
    }

    fn an_empty_audience_is_explained_for_the_issuer_s_cloud() {
        let cases = [
            ("https://login.microsoftonline.com/tenant-id/v2.0", "api://<client id>"),
            ("https://sts.windows.net/tenant-id/", "api://<client id>"),
            ("https://accounts.google.com", "any value you choose"),
            ("https://idp.example.com", "aud claim"),
        ];
        for (issuer, fragment) in cases {
            assert_one_error(field::AUDIENCE, fragment, |i| {
                i.issuer_uri = Some(issuer.into());
                i.audience = None;
            });
        }
        let other = errors_for(field::AUDIENCE, |i| {
            i.issuer_uri = Some("https://idp.example.com".into());
            i.audience = None;
        });
        assert!(!other[0].contains("api://"), "no Entra advice for another issuer: {other:?}");
    }

    fn audience_rules() {
        assert_one_error(field::AUDIENCE, "Enter the audience", |i| i.audience = None);
        assert_one_error(field::AUDIENCE, "Enter the audience", |i| i.audience = Some("".into()));
        assert_one_error(field::AUDIENCE, "white space", |i| i.audience = Some(" aud".into()));
        assert_one_error(field::AUDIENCE, "at most 512 characters", |i| {
            i.audience = Some(text(513))
        });
        assert_one_error(field::AUDIENCE, "control characters", |i| {
            i.audience = Some("a\u{1b}b".into())
        });
        assert!(errors_for(field::AUDIENCE, |i| i.audience = Some("any value".into())).is_empty());
    }

    fn authorization_type_rules() {
        assert_one_error(field::AUTHORIZATION_TYPE, "Choose an authorization type", |i| {
            i.authorization_type = None
        });
        assert_one_error(field::AUTHORIZATION_TYPE, "must be USER or GROUP, not \"user\"", |i| {
            i.authorization_type = Some("user".into())
        });
        let mut input = valid_input();
        input.authorization_type = Some("GROUP".into());
        assert_eq!(input.validate().unwrap().authorization_type, AuthorizationType::Group);
    }

    fn groups_claim_is_required_only_for_group_authorization() {
        assert_one_error(field::GROUPS_CLAIM, "Enter the groups claim", |i| {
            i.authorization_type = Some("GROUP".into());
            i.groups_claim = Some("".into());
        });

        let mut input = valid_input();
        input.groups_claim = Some("".into());
        assert_eq!(input.validate().unwrap().groups_claim, "groups", "ignored for USER");

        let mut input = valid_input();
        input.authorization_type = Some("GROUP".into());
        assert_eq!(input.validate().unwrap().groups_claim, "groups", "defaults to groups");

        input.groups_claim = Some("roles".into());
        assert_eq!(input.validate().unwrap().groups_claim, "roles");

        assert_one_error(field::GROUPS_CLAIM, "must not contain white space", |i| {
            i.groups_claim = Some("my groups".into())
        });
        assert_one_error(field::GROUPS_CLAIM, "at most 256 characters", |i| {
            i.groups_claim = Some(text(257))
        });
    }

    fn user_claim_rules() {
        assert_one_error(field::USER_CLAIM, "leave it out to use sub", |i| {
            i.user_claim = Some("".into())
        });
        assert_one_error(field::USER_CLAIM, "must not contain white space", |i| {
            i.user_claim = Some("o id".into())
        });
        assert_one_error(field::USER_CLAIM, "at most 256 characters", |i| {
            i.user_claim = Some(text(257))
        });
        let mut input = valid_input();
        input.user_claim = Some("oid".into());
        assert_eq!(input.validate().unwrap().user_claim, "oid");
    }

    fn idp_type_and_protocol_accept_only_the_supported_values() {
        assert!(errors_for(field::IDP_TYPE, |i| i.idp_type = Some("WORKLOAD".into())).is_empty());
        assert!(errors_for(field::PROTOCOL, |i| i.protocol = Some("OIDC".into())).is_empty());
        assert_one_error(field::IDP_TYPE, "WORKFORCE", |i| i.idp_type = Some("WORKFORCE".into()));
        assert_one_error(field::PROTOCOL, "Only the OIDC protocol", |i| {
            i.protocol = Some("SAML".into())
        });
    }

    fn field_errors_serialize_with_field_and_message() {
        let error = FieldError::new("audience", "Enter the audience.");
        let json = serde_json::to_value(&error).unwrap();
        let expected = serde_json::json!({"field": "audience", "message": "Enter the audience."});
        assert_eq!(json, expected);
    }
}
