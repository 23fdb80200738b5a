//! The token checker: every rule and every reason code, with tokens signed here by test-only
//! keys (the RFC 7520 published RSA key, and fixed EC and Ed25519 keys).

mod common;

use serde_json::{Map, Value, json};
use wif_core::AuthorizationType;
use wif_core::testing::{
    b64, eddsa, es256, public, public_keys, rfc7520_key, rs256, signing_input,
};
use wif_core::token::{CheckInput, CheckedAgainst, Code, Principal, Report, Verdict, check};

const NOW: i64 = 1_780_000_000;
const ISSUER: &str = "https://login.microsoftonline.com/0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21/v2.0";
const AUDIENCE: &str = "4a5b3c2d-1e0f-4a5b-8c7d-6e5f4a3b2c1d";

const KID: &str = wif_core::testing::RSA_KID;

fn header() -> Value {
    json!({"alg": "RS256", "kid": KID, "typ": "JWT"})
}

fn claims() -> Value {
    json!({"iss": ISSUER, "aud": AUDIENCE, "sub": "app-sub",
           "oid": "7e1d2c3b-0000-4000-8000-000000000001",
           "iat": NOW - 100, "nbf": NOW - 100, "exp": NOW + 3500, "ver": "2.0"})
}

fn against(authorization_type: AuthorizationType) -> CheckedAgainst {
    CheckedAgainst {
        provider_id: Some("6b11aaaaaaaaaaaaaaaaaaaa".into()),
        issuer_uri: ISSUER.into(),
        audience: AUDIENCE.into(),
        authorization_type,
        user_claim: "oid".into(),
        groups_claim: "groups".into(),
    }
}

fn keys() -> Vec<Map<String, Value>> {
    public_keys()
}

fn run(token: &str, against: &CheckedAgainst, keys: Option<&[Map<String, Value>]>) -> Report {
    check(&CheckInput {
        token,
        against,
        keys,
        now: NOW,
        leeway_seconds: 60,
        max_token_bytes: 16 * 1024,
    })
}

fn user_check(token: &str) -> Report {
    run(token, &against(AuthorizationType::User), Some(&keys()))
}

fn codes(report: &Report) -> Vec<Code> {
    report.reasons.iter().map(|r| r.code).collect()
}

fn assert_only(report: &Report, code: Code, fragment: &str) {
    assert_eq!(codes(report), [code], "{:#?}", report.reasons);
    assert_eq!(report.verdict, Verdict::Rejected);
    let message = &report.reasons[0].message;
    assert!(message.contains(fragment), "{message:?} lacks {fragment:?}");
}

fn with(mut value: Value, changes: Value) -> Value {
    for (name, change) in changes.as_object().unwrap() {
        if change.is_null() {
            value.as_object_mut().unwrap().remove(name);
        } else {
            value[name] = change.clone();
        }
    }
    value
}

both_targets! {
    fn a_good_token_is_accepted_with_its_principal() {
        let report = user_check(&rs256(header(), claims()));
        assert_eq!(report.verdict, Verdict::Accepted, "{:#?}", report.reasons);
        assert!(report.signature_verified);
        let expected = "6b11aaaaaaaaaaaaaaaaaaaa/7e1d2c3b-0000-4000-8000-000000000001";
        assert_eq!(report.principal, Some(Principal::User { username: expected.into() }));
        assert_eq!(report.claims.as_ref().unwrap()["sub"], "app-sub");
        assert_eq!(report.header.as_ref().unwrap()["kid"], KID);
    }

    fn es256_and_eddsa_tokens_are_accepted() {
        let token = es256(json!({"alg": "ES256", "kid": "ec"}), claims());
        assert_eq!(user_check(&token).verdict, Verdict::Accepted);
        let token = eddsa(json!({"alg": "EdDSA", "kid": "ed"}), claims());
        assert_eq!(user_check(&token).verdict, Verdict::Accepted);
    }

    fn malformed_tokens_say_what_is_wrong() {
        let good = rs256(header(), claims());
        let parts: Vec<&str> = good.split('.').collect();
        let twice = b64(b"{\"sub\":\"a\",\"sub\":\"b\"}");
        let too_long = b64(&vec![b'a'; 20_000]);
        let cases = [
            ("a.b".to_owned(), "three parts"),
            (format!("{}=.{}.{}", parts[0], parts[1], parts[2]), "padding"),
            (format!("{}.%%%.{}", parts[0], parts[2]), "not base64url"),
            (format!("{}.{}.{}", parts[0], b64(b"not json"), parts[2]), "not valid JSON"),
            (format!("{}.{}.{}", parts[0], b64(b"[1,2]"), parts[2]), "not an object"),
            (format!("{}.{}.{}", parts[0], twice, parts[2]), "appears twice"),
            (format!("{}.{}.{}", parts[0], b64(&[0xff, 0xfe]), parts[2]), "not UTF-8"),
            (format!("{}.{}.{}", parts[0], too_long, parts[2]), "more than the limit"),
        ];
        for (token, fragment) in cases {
            let report = user_check(&token);
            assert_only(&report, Code::Malformed, fragment);
            assert!(report.claims.is_none());
        }
    }

    fn only_asymmetric_algorithms_are_accepted() {
        for alg in ["none", "NoNe", "HS256", "HS512", "ES512", "RS1"] {
            let input = signing_input(&json!({"alg": alg, "kid": KID}), &claims());
            let report = user_check(&format!("{input}.{}", b64(b"x")));
            assert!(
                codes(&report).contains(&Code::UnsupportedAlgorithm),
                "{alg}: {:#?}",
                report.reasons
            );
            assert!(!report.signature_verified);
        }
    }

    fn unknown_critical_headers_are_refused() {
        let token = rs256(with(header(), json!({"crit": ["exp"], "exp": 1})), claims());
        assert_only(&user_check(&token), Code::UnsupportedCriticalHeader, "exp");
    }

    fn key_url_headers_never_choose_the_key() {
        // The token points at an attacker's keys; the provider's key still decides.
        let hostile = json!({"jku": "https://evil.example/keys", "x5u": "https://evil.example/x5",
            "jwk": {"kty": "RSA", "n": "AQAB", "e": "AQAB"}});
        let token = rs256(with(header(), hostile), claims());
        assert_eq!(user_check(&token).verdict, Verdict::Accepted);
    }

    fn keys_are_chosen_by_kid() {
        let token = rs256(with(header(), json!({"kid": "rotated-away"})), claims());
        assert_only(&user_check(&token), Code::KeyNotFound, "rotated-away");

        // Without a kid, the one key that fits the algorithm is used.
        let token = rs256(with(header(), json!({"kid": null})), claims());
        assert_eq!(user_check(&token).verdict, Verdict::Accepted);
    }

    fn weak_keys_are_refused() {
        let mut weak = public(rfc7520_key());
        weak.insert("kid".into(), json!("weak"));
        weak.insert("n".into(), json!(b64(&[0xc5; 128])));
        let token = rs256(with(header(), json!({"kid": "weak"})), claims());
        let report = run(&token, &against(AuthorizationType::User), Some(&[weak]));
        assert_only(&report, Code::WeakKey, "1024 bits");
    }

    fn the_algorithm_must_fit_the_key() {
        let token = rs256(with(header(), json!({"alg": "ES256"})), claims());
        assert_only(&user_check(&token), Code::UnsupportedAlgorithm, "needs a EC P-256 key");

        let mut pinned = public(rfc7520_key());
        pinned.insert("alg".into(), json!("PS256"));
        let report =
            run(&rs256(header(), claims()), &against(AuthorizationType::User), Some(&[pinned]));
        assert_only(&report, Code::UnsupportedAlgorithm, "another alg");
    }

    fn a_changed_token_fails_its_signature() {
        let good = rs256(header(), claims());
        let parts: Vec<&str> = good.split('.').collect();
        let forged = with(claims(), json!({"oid": "someone-else"}));
        let token = format!("{}.{}.{}", parts[0], b64(forged.to_string().as_bytes()), parts[2]);
        assert_only(&user_check(&token), Code::SignatureInvalid, "does not match");
    }

    fn without_keys_the_token_is_never_called_valid() {
        let report = run(&rs256(header(), claims()), &against(AuthorizationType::User), None);
        assert_only(&report, Code::SignatureNotChecked, "not checked");
        assert!(report.principal.is_some(), "the claims are still shown");
    }

    fn issuer_mismatches_are_explained() {
        let tenant = "0b2c4f5e-9a7d-4c1b-8e3f-2a6d5c4b3a21";
        let v1 = with(
            claims(),
            json!({"iss": format!("https://sts.windows.net/{tenant}/"), "ver": "1.0"}),
        );
        assert_only(
            &user_check(&rs256(header(), v1)),
            Code::IssuerMismatch,
            "Entra ID v1 token (ver 1.0)",
        );

        let mut v1_config = against(AuthorizationType::User);
        v1_config.issuer_uri = format!("https://sts.windows.net/{tenant}/");
        let report = run(&rs256(header(), claims()), &v1_config, Some(&keys()));
        assert_only(
            &report,
            Code::IssuerMismatch,
            "v2 token, but the provider's issuer is the v1 form",
        );

        let slash = with(claims(), json!({"iss": format!("{ISSUER}/")}));
        assert_only(&user_check(&rs256(header(), slash)), Code::IssuerMismatch, "trailing slash");

        let mut google = against(AuthorizationType::User);
        google.issuer_uri = "https://accounts.google.com".into();
        let bare = with(claims(), json!({"iss": "accounts.google.com"}));
        let report = run(&rs256(header(), bare), &google, Some(&keys()));
        assert_only(&report, Code::IssuerMismatch, "without https://");
    }

    fn audience_mismatches_are_explained() {
        let mut uri_config = against(AuthorizationType::User);
        uri_config.audience = format!("api://{AUDIENCE}");
        let report = run(&rs256(header(), claims()), &uri_config, Some(&keys()));
        assert_only(&report, Code::AudienceMismatch, "bare client id");

        let uri_token = with(claims(), json!({"aud": format!("api://{AUDIENCE}")}));
        assert_only(
            &user_check(&rs256(header(), uri_token)),
            Code::AudienceMismatch,
            "Application ID URI",
        );

        let many = with(claims(), json!({"aud": ["other", AUDIENCE]}));
        assert_eq!(user_check(&rs256(header(), many)).verdict, Verdict::Accepted);

        let number = with(claims(), json!({"aud": 5}));
        assert_only(&user_check(&rs256(header(), number)), Code::InvalidClaim, "aud");
    }

    fn times_are_checked_with_leeway() {
        let expired = with(claims(), json!({"exp": NOW - 3 * 86_400}));
        assert_only(&user_check(&rs256(header(), expired)), Code::Expired, "3 days ago");
        let within = with(claims(), json!({"exp": NOW - 30}));
        assert_eq!(user_check(&rs256(header(), within)).verdict, Verdict::Accepted);

        let missing = with(claims(), json!({"exp": null}));
        assert_only(&user_check(&rs256(header(), missing)), Code::MissingClaim, "exp");
        let text = with(claims(), json!({"exp": "soon"}));
        assert_only(&user_check(&rs256(header(), text)), Code::InvalidClaim, "number of seconds");

        let early = with(claims(), json!({"nbf": NOW + 300}));
        assert_only(&user_check(&rs256(header(), early)), Code::NotYetValid, "5 minutes");
        let future = with(claims(), json!({"iat": NOW + 7200}));
        assert_only(&user_check(&rs256(header(), future)), Code::NotYetValid, "clock");
    }

    fn the_user_claim_names_the_database_user() {
        let missing = with(claims(), json!({"oid": null}));
        assert_only(&user_check(&rs256(header(), missing)), Code::MissingUserClaim, "no oid claim");
        let number = with(claims(), json!({"oid": 42}));
        assert_only(&user_check(&rs256(header(), number)), Code::InvalidClaim, "must be a string");

        let mut by_email = against(AuthorizationType::User);
        by_email.user_claim = "email".into();
        let mailed = with(claims(), json!({"email": "svc@example.com"}));
        let report = run(&rs256(header(), mailed), &by_email, Some(&keys()));
        assert_eq!(report.verdict, Verdict::Accepted);
        assert_eq!(report.notes[0].code, Code::MutableUserClaim);
    }

    fn group_membership_reads_the_groups_claim() {
        let config = against(AuthorizationType::Group);
        let grouped = with(claims(), json!({"groups": ["g1", "g2"]}));
        let report = run(&rs256(header(), grouped), &config, Some(&keys()));
        assert_eq!(report.verdict, Verdict::Accepted, "{:#?}", report.reasons);
        assert_eq!(
            report.principal,
            Some(Principal::Groups { groups: vec!["g1".into(), "g2".into()] })
        );

        let report = run(&rs256(header(), claims()), &config, Some(&keys()));
        assert_only(&report, Code::MissingGroupsClaim, "no groups claim");

        let overage =
            with(claims(), json!({"_claim_names": {"groups": "src1"}, "_claim_sources": {}}));
        let report = run(&rs256(header(), overage), &config, Some(&keys()));
        assert_only(&report, Code::GroupsOverage, "group overage");
        let flagged = with(claims(), json!({"hasgroups": true}));
        assert_only(
            &run(&rs256(header(), flagged), &config, Some(&keys())),
            Code::GroupsOverage,
            "overage",
        );

        let wrong = with(claims(), json!({"groups": "g1"}));
        assert_only(
            &run(&rs256(header(), wrong), &config, Some(&keys())),
            Code::InvalidClaim,
            "list of strings",
        );
    }

    fn every_reason_is_reported_not_only_the_first() {
        let bad = with(
            claims(),
            json!({"iss": "https://elsewhere.example", "aud": "x",
                   "exp": NOW - 7200, "oid": null}),
        );
        let report = user_check(&rs256(header(), bad));
        assert_eq!(
            codes(&report),
            [Code::IssuerMismatch, Code::AudienceMismatch, Code::Expired, Code::MissingUserClaim]
        );
        assert!(report.reasons.iter().all(|r| r.message.ends_with('.')));
    }

    fn a_shared_report_leaves_the_signature_out() {
        let token = rs256(header(), claims());
        let report = run(&token, &against(AuthorizationType::User), None);
        let shared = wif_core::token::shareable(&token, &report);
        let signature = token.rsplit('.').next().unwrap();
        assert!(!shared.contains(signature), "{shared}");
        assert!(shared.contains("<signature removed>"));
        assert!(shared.contains("Verdict: rejected"));
        assert!(shared.contains("- signature_not_checked: The signature was not checked"));
    }

    fn the_report_serializes_with_stable_codes() {
        let report = run(&rs256(header(), claims()), &against(AuthorizationType::User), None);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["verdict"], "rejected");
        assert_eq!(json["reasons"][0]["code"], "signature_not_checked");
        assert_eq!(json["principal"]["kind"], "user");
    }
}
