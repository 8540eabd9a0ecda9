//! `skyplan dr` as a user runs it: table and CSV snapshots, JSON, exit codes
//! (0 success, 1 invalid input, 2 usage).

mod common;
use common::{run, saas};

use serde_json::Value;


#[test]
fn table_and_csv_of_saas_3tier() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let table = run(&["dr", &plan]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    insta::assert_snapshot!("dr-table-saas-3tier", table.stdout);
    let csv = run(&["dr", &plan, "--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    insta::assert_snapshot!("dr-csv-saas-3tier", csv.stdout);
}

#[test]
fn json_names_the_recommendation_and_one_environment_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let r = run(&["dr", &plan, "--env", "staging", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let value: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(value["environment"], "staging");
    assert_eq!(value["dr_region"], "eu-west-1");
    assert_eq!(value["availability"].as_array().unwrap().len(), 1);
    assert_eq!(value["strategies"].as_array().unwrap().len(), 4);
    assert!(value["strategies"][1]["dr_cost"]["missing_prices"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "rds.gp3.single_az.storage_gb_month in eu-west-1"));
}

#[test]
fn bad_input_exits_1_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let env = run(&["dr", &plan, "--env", "prodution"]);
    assert_eq!(env.code, 1);
    assert!(env.stderr.contains("no environment \"prodution\"; did you mean \"production\"?"), "{}", env.stderr);

    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    value["resilience"]["dr_region"] = Value::from("us-east-1");
    value["resilience"]["targets"]["rto_minutes"] = Value::from("two hours");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, value.to_string()).unwrap();
    let invalid = run(&["dr", broken.to_str().unwrap()]);
    assert_eq!(invalid.code, 1);
    assert!(invalid.stderr.contains("resilience.targets.rto_minutes"), "{}", invalid.stderr);
    value["resilience"]["targets"]["rto_minutes"] = Value::from(120);
    std::fs::write(&broken, value.to_string()).unwrap();
    let same = run(&["dr", broken.to_str().unwrap()]);
    assert_eq!(same.code, 1);
    assert!(same.stderr.contains("resilience.dr_region: \"us-east-1\" is the plan's own region"), "{}", same.stderr);

    assert_eq!(run(&["dr", &plan, "--format", "xml"]).code, 2);
    assert_eq!(run(&["dr"]).code, 2);
}
