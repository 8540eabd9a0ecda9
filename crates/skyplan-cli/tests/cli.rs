//! The `skyplan` binary as a user runs it: outputs, exit codes (0 success,
//! 1 invalid input, 2 usage) and clear errors for bad input.

mod common;
use common::{run, Run, template_file};

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn skyplan() -> Command {
    Command::cargo_bin("skyplan").unwrap()
}


#[test]
fn template_list_names_every_template() {
    let listed = run(&["template", "list"]);
    assert_eq!(listed.code, 0);
    for name in ["saas-3tier", "static-site", "small-web-app"] {
        assert!(listed.stdout.contains(name), "{name} missing from {}", listed.stdout);
    }
}

#[test]
fn a_shown_template_validates_and_estimates() {
    let dir = tempfile::tempdir().unwrap();
    let plan = template_file(dir.path(), "saas-3tier");
    let validated = run(&["validate", &plan]);
    assert_eq!(validated.code, 0, "{}", validated.stderr);
    assert!(validated.stdout.contains("valid"), "{}", validated.stdout);

    let table = run(&["estimate", &plan, "--env", "production"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("Monthly       2,498.46"), "{}", table.stdout);
    assert!(!table.stdout.contains("Environment: dev"), "--env production shows only production");

    let json = run(&["estimate", &plan, "--format", "json"]);
    assert_eq!(json.code, 0);
    let estimate: Value = serde_json::from_str(&json.stdout).unwrap();
    let environments: Vec<&str> = estimate["environments"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(environments, ["dev", "staging", "production"]);
    let production: rust_decimal::Decimal = estimate["environments"][2]["monthly"].as_str().unwrap().parse().unwrap();
    assert_eq!(production.round_dp(2).to_string(), "2498.46");
    assert_eq!(estimate["missing_prices"], Value::Array(vec![]));

    let csv = run(&["estimate", &plan, "--format", "csv", "--env", "dev"]);
    assert_eq!(csv.code, 0);
    let mut lines = csv.stdout.lines();
    assert_eq!(lines.next().unwrap(), "environment,tier,component,kind,line,quantity,unit,unit_price,monthly,missing_price");
    assert!(lines.all(|l| l.starts_with("dev,")));
}

#[test]
fn plans_from_standard_input_work() {
    let shown = run(&["template", "show", "small-web-app"]);
    let output = skyplan().args(["estimate", "-", "--format", "json"]).write_stdin(shown.stdout).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn bad_plans_exit_1_with_every_problem_named() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(template_file(dir.path(), "small-web-app")).unwrap();
    let truncated = &good[..good.len() / 3];
    let typo = good.replacen("\"t3.small\"", "\"t3.smal\"", 1).replacen("\"azs\": 1", "\"azs\": -1", 1);
    let unknown_kind = good.replacen("\"kind\": \"alb\"", "\"kind\": \"nlb\"", 1);
    let huge = format!("{{\"padding\": \"{}\"}}", "x".repeat(50 * 1024 * 1024));
    let cases: Vec<(&str, Vec<u8>, Vec<&str>)> = vec![
        ("truncated.json", truncated.as_bytes().to_vec(), vec!["the JSON ends early"]),
        ("typo.json", typo.into_bytes(), vec!["components[0].azs: invalid value: integer `-1`"]),
        ("kind.json", unknown_kind.into_bytes(), vec!["\"nlb\" is not a component kind", "did you mean \"alb\"?"]),
        ("huge.json", huge.into_bytes(), vec!["50.0 MB", "larger than 5 MB are refused"]),
        ("binary.json", vec![0xff, 0xfe, 0x00, 0x01], vec!["is not UTF-8 text"]),
        ("array.json", b"[]".to_vec(), vec!["$: expected a JSON object, found an array"]),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        for command in ["validate", "estimate"] {
            let result = run(&[command, path.to_str().unwrap()]);
            assert_eq!(result.code, 1, "{command} {name}: {}", result.stderr);
            for words in &expected {
                assert!(result.stderr.contains(words), "{command} {name}: {:?} not in {}", words, result.stderr);
            }
        }
    }
    // Catalog problems are found once the document is well-formed.
    let path = dir.path().join("instance.json");
    std::fs::write(&path, good.replacen("\"t3.small\"", "\"t3.smal\"", 1)).unwrap();
    let result = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(result.code, 1);
    assert!(result.stderr.contains("components[2].instance_type: \"t3.smal\" is not an EC2 instance type in us-east-1; did you mean \"t3.small\"?"), "{}", result.stderr);

    let missing = run(&["validate", dir.path().join("absent.json").to_str().unwrap()]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("cannot read"), "{}", missing.stderr);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    for args in [&["estimate"][..], &["estimate", "plan.json", "--format", "xml"], &["frobnicate"], &["template"]] {
        assert_eq!(run(args).code, 2, "{args:?}");
    }
    for args in [
        &["--help"][..],
        &["template", "--help"],
        &["template", "list", "--help"],
        &["template", "show", "--help"],
        &["validate", "--help"],
        &["estimate", "--help"],
        &["pricing", "--help"],
        &["pricing", "show", "--help"],
        &["pricing", "import", "--help"],
    ] {
        let help = run(args);
        assert_eq!(help.code, 0, "{args:?}");
        assert!(help.stdout.contains("Usage:"), "{args:?}");
    }
}

#[test]
fn unknown_names_get_suggestions() {
    let template = run(&["template", "show", "saas-3teir"]);
    assert_eq!(template.code, 1);
    assert!(template.stderr.contains("did you mean \"saas-3tier\"?"), "{}", template.stderr);

    let dir = tempfile::tempdir().unwrap();
    let plan = template_file(dir.path(), "saas-3tier");
    let env = run(&["estimate", &plan, "--env", "prod"]);
    assert_eq!(env.code, 1);
    assert!(env.stderr.contains("no environment \"prod\""), "{}", env.stderr);
}

#[test]
fn pricing_show_lists_on_demand_spot_and_reserved() {
    let shown = run(&["pricing", "show", "m5.large"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(shown.stdout.contains("2 vCPU, 8 GiB memory"), "{}", shown.stdout);
    assert!(shown.stdout.contains("0.096 USD/h"), "{}", shown.stdout);
    assert!(shown.stdout.contains("66 % average saving, interruptions 15-20%"), "{}", shown.stdout);
    // 12 Reserved Instance terms: standard/convertible × 1/3 years × 3 payment options.
    let reserved = shown.stdout.lines().filter(|l| l.contains("yr ")).count();
    assert_eq!(reserved, 12, "{}", shown.stdout);

    let unknown = run(&["pricing", "show", "m5.lage"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("did you mean \"m5.large\"?"), "{}", unknown.stderr);
    assert_eq!(run(&["pricing", "show", "m5.large", "--region", "mars-1"]).code, 1);
}

#[test]
fn imported_offer_prices_are_used_by_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../skyplan-core/tests/fixtures/offers/ec2_us-east-1.csv");
    let out = dir.path().join("prices");
    let imported = run(&["pricing", "import", fixture.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert!(imported.stdout.contains("us-east-1.json"), "{}", imported.stdout);
    assert!(out.join("us-east-1.json").exists());

    // Raise t3.small in the imported catalog: the estimate must follow it.
    let path = out.join("us-east-1.json");
    let mut catalog: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    catalog["ec2"]["t3.small"]["on_demand_hourly"] = Value::String("1".into());
    std::fs::write(&path, catalog.to_string()).unwrap();
    let plan = template_file(dir.path(), "small-web-app");
    let bundled = run(&["estimate", &plan, "--env", "production", "--format", "json"]);
    let custom = run(&["estimate", &plan, "--env", "production", "--format", "json", "--pricing-dir", out.to_str().unwrap()]);
    assert_eq!(custom.code, 0, "{}", custom.stderr);
    let monthly = |run: &Run| -> rust_decimal::Decimal {
        serde_json::from_str::<Value>(&run.stdout).unwrap()["monthly"].as_str().unwrap().parse().unwrap()
    };
    // 2 instances × 730 h × (1 − 0.0208) USD more.
    let expected = rust_decimal::Decimal::from(1460) * "0.9792".parse::<rust_decimal::Decimal>().unwrap();
    assert_eq!(monthly(&custom) - monthly(&bundled), expected);

    let garbage = dir.path().join("notes.txt");
    std::fs::write(&garbage, "hello").unwrap();
    let refused = run(&["pricing", "import", garbage.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("not an offer file") || refused.stderr.contains("not an AWS Price List"), "{}", refused.stderr);
}

/// `skyplan … | head -c 1`: the output's reader goes away; the command ends
/// quietly with SIGPIPE's status, as `cat` does, never with a panic.
#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    let bin = assert_cmd::cargo::cargo_bin("skyplan");
    // A pipe whose reading end is closed before the command starts.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = std::process::Command::new(bin)
        .args(["template", "show", "saas-3tier"])
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(141), "{stderr}");
}

/// `export terraform --force` into a folder holding symlinks: a file that is
/// a symlink is replaced (its target untouched); a folder that is one is
/// refused, so nothing is written outside `--out`.
#[test]
fn export_force_never_writes_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let plan = template_file(dir.path(), "saas-3tier");
    let out = dir.path().join("infra");
    let first = run(&["export", "terraform", &plan, "--out", out.to_str().unwrap()]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let file = out.join("modules").join("vpc").join("main.tf");
    assert!(file.exists(), "the export has {}", file.display());
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(&victim, &file).unwrap();
    let again = run(&["export", "terraform", &plan, "--out", out.to_str().unwrap(), "--force"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!std::fs::symlink_metadata(&file).unwrap().file_type().is_symlink());

    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::remove_dir_all(out.join("modules")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("modules")).unwrap();
    let refused = run(&["export", "terraform", &plan, "--out", out.to_str().unwrap(), "--force"]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert!(refused.stderr.contains("it is a symbolic link"), "{}", refused.stderr);
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing written through the link");
}
