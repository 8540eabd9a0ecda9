//! `skyplan bundle` and `skyplan bundle verify` as a user runs them.

mod common;
use common::run;

use serde_json::Value;
use std::path::{Path, PathBuf};


fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// saas-3tier's production bundle, written by the CLI into `dir`.
fn made_bundle(dir: &Path) -> PathBuf {
    let shown = run(&["template", "show", "saas-3tier"]);
    let plan = dir.join("saas-3tier.json");
    std::fs::write(&plan, shown.stdout).unwrap();
    let out = dir.join("production.bundle.json");
    let made = run(&["bundle", path(&plan), "--env", "production", "--out", path(&out)]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    out
}

#[test]
fn bundle_writes_a_bundle_and_summarises_it() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, run(&["template", "show", "saas-3tier"]).stdout).unwrap();
    let out = dir.path().join("b.json");
    let made = run(&["bundle", path(&plan), "--env", "production", "--out", path(&out)]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let bundle: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(bundle["format_version"], 1);
    assert_eq!(bundle["environment"], "production");
    // The summary: counts by type, the cost rounded for reading, the digest.
    assert!(made.stdout.contains("resources    111 (4 optional: CloudFront, WAF)"), "{}", made.stdout);
    assert!(
        made.stdout.contains("  aws_subnet                                             6\n"),
        "{}",
        made.stdout
    );
    assert!(made.stdout.contains("monthly cost 2,498.46 USD estimated"), "{}", made.stdout);
    assert!(
        made.stdout.contains(&format!("digest       {}", bundle["digest"].as_str().unwrap())),
        "{}",
        made.stdout
    );
    // Same plan, same bytes.
    let again = dir.path().join("again.json");
    assert_eq!(run(&["bundle", path(&plan), "--env", "production", "--out", path(&again)]).code, 0);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn verify_accepts_an_intact_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = made_bundle(dir.path());
    let verified = run(&["bundle", "verify", path(&bundle)]);
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    assert!(
        verified.stdout.contains("valid bundle (format_version 1, made by skyplan"),
        "{}",
        verified.stdout
    );
    assert!(
        verified.stdout.contains("plan id      saas-three-tier.production."),
        "{}",
        verified.stdout
    );
}

#[test]
fn verify_refuses_a_tampered_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = made_bundle(dir.path());
    let text = std::fs::read_to_string(&bundle).unwrap();
    let tampered = text.replacen("\"instance_class\":\"db.r5.xlarge\"", "\"instance_class\":\"db.r5.large\"", 1);
    assert_ne!(text, tampered);
    std::fs::write(&bundle, tampered).unwrap();
    let refused = run(&["bundle", "verify", path(&bundle)]);
    assert_eq!(refused.code, 1);
    assert!(
        refused
            .stderr
            .contains("is refused: the bundle was modified after it was created: digest sha256:"),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains(" expected sha256:"), "{}", refused.stderr);
}

#[test]
fn verify_refuses_a_truncated_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = made_bundle(dir.path());
    let bytes = std::fs::read(&bundle).unwrap();
    std::fs::write(&bundle, &bytes[..bytes.len() - 100]).unwrap();
    let refused = run(&["bundle", "verify", path(&bundle)]);
    assert_eq!(refused.code, 1);
    assert!(
        refused
            .stderr
            .contains("is refused: the bundle is truncated: its JSON ends early at line 1, column"),
        "{}",
        refused.stderr
    );
}

#[test]
fn verify_refuses_a_newer_format_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = made_bundle(dir.path());
    let text = std::fs::read_to_string(&bundle).unwrap();
    std::fs::write(&bundle, text.replacen("\"format_version\":1,", "\"format_version\":2,", 1)).unwrap();
    let refused = run(&["bundle", "verify", path(&bundle)]);
    assert_eq!(refused.code, 1);
    assert!(
        refused
            .stderr
            .contains("the bundle was made by a newer skyplan (format_version 2); this skyplan reads format_version 1"),
        "{}",
        refused.stderr
    );
}

#[test]
fn bad_requests_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, run(&["template", "show", "saas-3tier"]).stdout).unwrap();
    let out = dir.path().join("b.json");
    let unknown = run(&["bundle", path(&plan), "--env", "qa", "--out", path(&out)]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown
            .stderr
            .contains("the plan has no environment \"qa\"; it has dev, staging, production"),
        "{}",
        unknown.stderr
    );
    assert!(!out.exists());
    let missing = run(&["bundle", path(&plan)]);
    assert_eq!(missing.code, 2, "usage error");
    let absent = run(&["bundle", "verify", path(&dir.path().join("nope.json"))]);
    assert_eq!(absent.code, 1);
    assert!(absent.stderr.contains("cannot read"), "{}", absent.stderr);
}
