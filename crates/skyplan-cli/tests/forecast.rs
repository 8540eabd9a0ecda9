//! `skyplan forecast` as a user runs it: table and CSV snapshots, JSON, the
//! budget option, exit codes (0 success, 1 invalid input, 2 usage).

mod common;
use common::{run, saas};

use serde_json::Value;


#[test]
fn table_and_csv_of_saas_3tier() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let table = run(&["forecast", &plan, "--months", "12"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    insta::assert_snapshot!("forecast-table-saas-3tier-12-months", table.stdout);
    let csv = run(&["forecast", &plan, "--env", "production", "--months", "12", "--format", "csv", "--commitments", "none"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    insta::assert_snapshot!("forecast-csv-saas-3tier-production-on-demand", csv.stdout);
}

#[test]
fn json_has_36_months_and_the_budget_given() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let r = run(&["forecast", &plan, "--env", "all", "--budget", "40000", "--format", "json", "--renewal", "lapse"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let value: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(value["months"], 36);
    assert_eq!(value["totals"].as_array().unwrap().len(), 36);
    assert_eq!(value["budget"]["annual"], "40000");
    assert_eq!(value["renewal"], "lapse");
    assert!(value["budget"]["first_month_over"].is_u64(), "{}", value["budget"]);
}

#[test]
fn bad_input_exits_1_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let months = run(&["forecast", &plan, "--months", "50"]);
    assert_eq!(months.code, 2);
    assert!(
        months.stderr.contains("invalid value '50' for '--months <MONTHS>': 50 is not in 12..=36"),
        "{}",
        months.stderr
    );
    let budget = run(&["forecast", &plan, "--budget=-5"]);
    assert_eq!(budget.code, 2);
    assert!(budget.stderr.contains("\"-5\" is not a budget; expected USD a year, more than 0"), "{}", budget.stderr);
    let env = run(&["forecast", &plan, "--env", "prodution"]);
    assert_eq!(env.code, 1);
    assert!(env.stderr.contains("no environment \"prodution\"; did you mean \"production\"?"), "{}", env.stderr);
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    value["resilience"]["annual_budget_usd"] = Value::from(0);
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, value.to_string()).unwrap();
    let invalid = run(&["forecast", broken.to_str().unwrap()]);
    assert_eq!(invalid.code, 1);
    assert!(invalid.stderr.contains("resilience.annual_budget_usd: 0 is out of range"), "{}", invalid.stderr);
    assert_eq!(run(&["forecast"]).code, 2);
}

/// A Compute Savings Plan priced from an imported rate: `pricing import` of a
/// Savings Plans offer file (a synthetic fixture in AWS's CSV layout) puts the
/// t3.medium rate in the us-east-1 catalog; the simulator's purchase options
/// and the forecast's commitments then use it in place of the plan's own
/// discount.
#[test]
fn compute_savings_plan_priced_from_an_imported_rate() {
    let dir = tempfile::tempdir().unwrap();
    let plan = saas(dir.path());
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/../skyplan-core/tests/fixtures/offers/compute_savings_plan_us-east-1.csv");
    let prices = dir.path().join("prices");
    let imported = run(&["pricing", "import", fixture, "--out", prices.to_str().unwrap()]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let catalog: Value = serde_json::from_str(&std::fs::read_to_string(prices.join("us-east-1.json")).unwrap()).unwrap();
    assert_eq!(catalog["ec2"]["t3.medium"]["savings_plans"][0], serde_json::json!({
        "plan": "compute", "term_years": 1, "purchase_option": "no_upfront", "hourly": "0.0291"
    }));

    let sim = run(&["simulate", &plan, "--env", "production", "--trials", "5", "--format", "json", "--pricing-dir", prices.to_str().unwrap()]);
    assert_eq!(sim.code, 0, "{}", sim.stderr);
    let web = |json: &str| -> Value {
        let value: Value = serde_json::from_str(json).unwrap();
        value["simulation"]["groups"].as_array().unwrap().iter().find(|g| g["key"] == "web").expect("web group").clone()
    };
    let priced = web(&sim.stdout);
    let plan_outcome = priced["commitments"].as_array().unwrap().iter().find(|c| c["option"].as_str().unwrap().contains("Savings Plan")).expect("a Savings Plan outcome");
    assert_eq!(plan_outcome["option"], "Compute Savings Plan 1 yr no_upfront at the catalog rate 0.0291/h");
    insta::assert_json_snapshot!("compute-savings-plan-from-imported-rate", plan_outcome);

    // The bundled catalog has no rate and the template gives no discount: unpriced, said so.
    let bundled = run(&["simulate", &plan, "--env", "production", "--trials", "5", "--format", "json"]);
    let unpriced = web(&bundled.stdout)["unpriced_options"].clone();
    assert_eq!(unpriced[0]["option"], "Compute Savings Plan 1 yr", "{unpriced}");

    // Weighed against a convertible 1-year RI (0.0300/h) alone, the plan at
    // 0.0291/h is the forecast's purchase.
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    value["simulation"]["groups"]["web"]["purchase"]["reserved"] =
        serde_json::json!([{ "offering_class": "convertible", "term_years": 1, "purchase_option": "no_upfront" }]);
    std::fs::write(&plan, value.to_string()).unwrap();
    let forecast = run(&["forecast", &plan, "--env", "production", "--months", "12", "--format", "json", "--pricing-dir", prices.to_str().unwrap()]);
    assert_eq!(forecast.code, 0, "{}", forecast.stderr);
    let forecast: Value = serde_json::from_str(&forecast.stdout).unwrap();
    let bought: Vec<&Value> = forecast["commitments"].as_array().unwrap().iter().filter(|c| c["group"] == "web").collect();
    assert_eq!(bought[0]["option"], "Compute Savings Plan 1 yr no_upfront at the catalog rate 0.0291/h", "{bought:?}");
}
