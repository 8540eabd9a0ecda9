//! Bundles: deterministic bytes, the digest, and every way `verify`
//! refuses a bundle.

use proptest::prelude::*;
use serde_json::Value;
use skyplan_bundle::{build, digest_of, to_json, verify, Bundle, BundleError, GraphOptions};
use skyplan_core::templates::template;
use skyplan_core::{Catalog, ValidPlan};

fn catalog() -> Catalog {
    Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).expect("bundled catalog")
}

fn plan(name: &str) -> ValidPlan {
    template(name).expect("template").plan().expect("valid")
}

fn bundle(name: &str, env: &str) -> Bundle {
    build(&plan(name), env, &catalog(), &GraphOptions::default()).expect("bundle")
}

/// Re-seals edited content with a correct digest, as a tool other than
/// skyplan could: what `verify` must catch without the digest's help.
fn reseal(mut value: Value) -> Vec<u8> {
    value.as_object_mut().unwrap().remove("digest");
    let digest = digest_of(&value);
    value.as_object_mut().unwrap().insert("digest".into(), Value::String(digest));
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn saas_3tier_production_bundle_is_deterministic() {
    let first = to_json(&bundle("saas-3tier", "production"));
    let second = to_json(&bundle("saas-3tier", "production"));
    assert_eq!(first, second, "same plan, same bytes");
    let pretty: Value = serde_json::from_str(&first).unwrap();
    insta::assert_snapshot!(serde_json::to_string_pretty(&pretty).unwrap());
}

#[test]
fn a_written_bundle_verifies_and_round_trips() {
    let made = bundle("saas-3tier", "production");
    let read = verify(to_json(&made).as_bytes()).expect("verifies");
    assert_eq!(read, made);
    // Reformatted (pretty-printed) content keeps its digest.
    let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Value>(&to_json(&made)).unwrap()).unwrap();
    assert_eq!(verify(pretty.as_bytes()).expect("pretty verifies"), made);
    assert_eq!(read.valid_plan().unwrap().plan(), plan("saas-3tier").plan());
}

/// saas-3tier production at the bundled us-east-1 prices: the same total
/// as `skyplan estimate --env production`, unrounded.
#[test]
fn the_estimate_is_the_cost_engine_s() {
    let made = bundle("saas-3tier", "production");
    let estimate = skyplan_core::estimate(&plan("saas-3tier"), &catalog());
    assert_eq!(made.estimate.monthly, estimate.environment("production").unwrap().monthly);
    assert_eq!(made.pricing.catalog_version, catalog().version);
    assert_eq!(made.plan_id, skyplan_bundle::plan_id("SaaS three-tier", "production"));
    assert!(made.plan_id.starts_with("saas-three-tier.production."), "{}", made.plan_id);
}

#[test]
fn a_modified_bundle_is_refused_with_both_digests() {
    let text = to_json(&bundle("static-site", "production"));
    let tampered = text.replacen("\"versioning\":true", "\"versioning\":false", 1);
    assert_ne!(tampered, text);
    let error = verify(tampered.as_bytes()).unwrap_err();
    let BundleError::DigestMismatch { actual, expected } = &error else {
        panic!("{error}")
    };
    assert!(text.contains(expected.as_str()) && actual != expected);
    assert!(
        error
            .to_string()
            .starts_with("the bundle was modified after it was created: digest sha256:"),
        "{error}"
    );
}

#[test]
fn a_truncated_bundle_is_refused() {
    let text = to_json(&bundle("static-site", "production"));
    let error = verify(&text.as_bytes()[..text.len() / 2]).unwrap_err();
    assert!(matches!(error, BundleError::Truncated { .. }), "{error}");
    assert!(error.to_string().starts_with("the bundle is truncated"), "{error}");
    assert!(matches!(verify(b"").unwrap_err(), BundleError::Truncated { .. }));
}

#[test]
fn a_newer_format_is_refused_as_such() {
    let mut value: Value = serde_json::from_str(&to_json(&bundle("static-site", "production"))).unwrap();
    value["format_version"] = 2.into();
    value["something_new"] = "from the future".into();
    let error = verify(&reseal(value)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the bundle was made by a newer skyplan (format_version 2); this skyplan reads format_version 1"
    );
}

#[test]
fn unknown_and_mistyped_fields_are_named_by_path() {
    let base: Value = serde_json::from_str(&to_json(&bundle("static-site", "production"))).unwrap();
    let mut unknown = base.clone();
    unknown["estimate"]["discount"] = "10%".into();
    let error = verify(&reseal(unknown)).unwrap_err();
    assert!(
        matches!(&error, BundleError::Invalid { path, .. } if path == "estimate.discount"),
        "{error}"
    );
    assert!(error.to_string().contains("unknown field `discount`"), "{error}");

    let mut mistyped = base.clone();
    mistyped["graph"]["resources"][0]["optional"] = "no".into();
    let error = verify(&reseal(mistyped)).unwrap_err();
    assert!(error.to_string().starts_with("graph.resources[0].optional: invalid type"), "{error}");
}

#[test]
fn inconsistent_parts_are_refused() {
    let base: Value = serde_json::from_str(&to_json(&bundle("static-site", "production"))).unwrap();
    let mut other_id = base.clone();
    other_id["plan_id"] = "someone-else.production.00000000".into();
    assert!(verify(&reseal(other_id)).unwrap_err().to_string().starts_with("plan_id: "));

    let mut dangling = base.clone();
    dangling["graph"]["resources"][0]["depends_on"] = serde_json::json!(["gone.aws_vpc.this"]);
    let error = verify(&reseal(dangling)).unwrap_err();
    assert!(
        error.to_string().contains("depends on gone.aws_vpc.this, which is not in the graph"),
        "{error}"
    );

    let mut bad_plan = base.clone();
    bad_plan["plan"]["region"] = "mars-north-1".into();
    assert!(matches!(verify(&reseal(bad_plan)).unwrap_err(), BundleError::InvalidPlan(_)));
}

#[test]
fn other_garbage_is_refused_clearly() {
    assert!(matches!(verify(b"[1,2]").unwrap_err(), BundleError::NotABundle(_)));
    assert!(matches!(verify(b"{\"format_version\":1}").unwrap_err(), BundleError::NotABundle(_)));
    assert!(matches!(
        verify(b"{\"format_version\":\"1\"}").unwrap_err(),
        BundleError::UnknownFormat { .. }
    ));
    assert!(matches!(
        verify(b"{\"format_version\":1,\"digest\":\"md5:00\"}").unwrap_err(),
        BundleError::MalformedDigest { .. }
    ));
    assert!(matches!(verify(b"{\"a\" 1}").unwrap_err(), BundleError::InvalidJson { line: 1, .. }));
    assert!(matches!(verify(&[b'{', 0xff, b'}']).unwrap_err(), BundleError::NotUtf8 { offset: 1 }));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever byte changes, to whatever value, the bundle is refused:
    /// the file is canonical JSON, so every byte is content or syntax.
    #[test]
    fn one_changed_byte_is_refused(position in any::<prop::sample::Index>(), replacement in any::<u8>()) {
        let text = small_bundle();
        let mut bytes = text.as_bytes().to_vec();
        let at = position.index(bytes.len());
        prop_assume!(bytes[at] != replacement);
        bytes[at] = replacement;
        prop_assert!(verify(&bytes).is_err(), "byte {} changed to {:#04x} was accepted", at, replacement);
    }
}

fn small_bundle() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| to_json(&bundle("static-site", "production")))
}
