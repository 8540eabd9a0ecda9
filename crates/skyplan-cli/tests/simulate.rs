//! `skyplan simulate` as a user runs it: formats, options, exit codes
//! (0 success, 1 invalid input, 2 usage) and determinism.

mod common;
use common::{run, saas};

use serde_json::Value;


#[test]
fn table_shows_groups_options_recommendation_and_bands() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let r = run(&["simulate", &plan, "--trials", "10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for expected in [
        "production over a month",
        "platform/general",
        "Reserved standard 1 yr no_upfront",
        "Compute Savings Plan 1 yr",
        "Savings Plans rate for t3.medium in us-east-1 in the catalog",
        "→ recommended:",
        "Monte Carlo: 10 trials",
        "P10",
    ] {
        assert!(r.stdout.contains(expected), "missing {expected:?} in\n{}", r.stdout);
    }
}

#[test]
fn json_is_deterministic_per_seed() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let args = ["simulate", &plan, "--env", "staging", "--trials", "5", "--seed", "42", "--format", "json"];
    let a = run(&args);
    let b = run(&args);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    let value: Value = serde_json::from_str(&a.stdout).unwrap();
    assert_eq!(value["simulation"]["environment"], "staging");
    assert_eq!(value["simulation"]["seed"], 42);
    assert_eq!(value["monte_carlo"]["trials"], 5);
    let p = &value["monte_carlo"]["overload_minutes"];
    assert!(p["p10"].as_u64() <= p["p50"].as_u64() && p["p50"].as_u64() <= p["p90"].as_u64());
    let other = run(&["simulate", &plan, "--env", "staging", "--trials", "5", "--seed", "43", "--format", "json"]);
    assert_ne!(a.stdout, other.stdout);
}

#[test]
fn csv_has_a_row_per_group_and_option() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let r = run(&["simulate", &plan, "--trials", "3", "--format", "csv", "--period", "year"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let columns = lines[0].split(',').count();
    assert!(lines.iter().all(|l| l.split(',').count() == columns || l.contains('"')), "{}", r.stdout);
    assert_eq!(lines.iter().filter(|l| l.starts_with("group,")).count(), 3);
    assert!(lines.iter().any(|l| l.starts_with("option,production,platform/general,") && l.ends_with(",true")));
    assert!(lines.iter().any(|l| l.starts_with("monte_carlo_monthly_cost,production,,p50,")));
}

#[test]
fn a_traffic_series_replaces_the_shape() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let series = dir.path().join("traffic.csv");
    std::fs::write(&series, "timestamp,rps\n2026-01-05T00:00Z,100\n2026-01-05T12:00Z,3000\n2026-01-05T13:00Z,100\n2026-01-06T00:00Z,100\n").unwrap();
    let r = run(&["simulate", &plan, "--trials", "0", "--format", "json", "--traffic", series.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let value: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(value["monte_carlo"].is_null());
    assert!(value["simulation"]["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains("series of 1441 minutes")));
    std::fs::write(&series, "timestamp,rps\nyesterday,1\n").unwrap();
    let bad = run(&["simulate", &plan, "--traffic", series.to_str().unwrap()]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("line 2: \"yesterday\" is not a timestamp"), "{}", bad.stderr);
}

#[test]
fn bad_input_exits_1_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let env = run(&["simulate", &plan, "--env", "prodution"]);
    assert_eq!(env.code, 1);
    assert!(env.stderr.contains("no environment \"prodution\"; did you mean \"production\"?"), "{}", env.stderr);

    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    value["simulation"]["groups"]["web"]["policy"]["target_tracking"]["target"] = Value::from(170);
    value["simulation"]["groups"]["webb"] = serde_json::json!({});
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, value.to_string()).unwrap();
    let invalid = run(&["simulate", broken.to_str().unwrap()]);
    assert_eq!(invalid.code, 1);
    assert!(invalid.stderr.contains("simulation.groups.web.policy.target_tracking.target: 170 is out of range"), "{}", invalid.stderr);
    value["simulation"]["groups"]["web"]["policy"]["target_tracking"]["target"] = Value::from(70);
    std::fs::write(&broken, value.to_string()).unwrap();
    let reference = run(&["simulate", broken.to_str().unwrap()]);
    assert_eq!(reference.code, 1);
    assert!(reference.stderr.contains("simulation.groups.webb: \"webb\" is not a scaling group of the plan; did you mean \"web\"?"), "{}", reference.stderr);

    assert_eq!(run(&["simulate", &plan, "--period", "week"]).code, 2);
    assert_eq!(run(&["simulate", &plan, "--trials", "-1"]).code, 2);
    assert_eq!(run(&["simulate"]).code, 2);
}
