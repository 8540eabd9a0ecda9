//! Bad plans, as a table: each mutation of a valid plan must be refused with
//! a problem at the right JSON path that names the value and what was expected.

use serde_json::{json, Value};
use skyplan_core::model::check_against_catalog;
use skyplan_core::{parse_plan, Catalog, Problem};

fn base() -> Value {
    serde_json::from_str(skyplan_core::templates::template("small-web-app").unwrap().json).unwrap()
}

/// Problems of the base plan with `value` written at the JSON `pointer`
/// (`Value::Null` as `value` removes the field), including catalog checks.
fn problems_with(pointer: &str, value: Value) -> Vec<Problem> {
    let mut plan = base();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = plan.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent} in the base plan"));
    match (target, value) {
        (Value::Object(map), Value::Null) => {
            map.remove(key);
        }
        (Value::Object(map), value) => {
            map.insert(key.to_string(), value);
        }
        (Value::Array(items), value) => {
            let index: usize = key.parse().unwrap();
            if index < items.len() {
                items[index] = value;
            } else {
                items.push(value);
            }
        }
        (other, _) => panic!("{parent} is {other}"),
    }
    problems_of(&plan.to_string())
}

fn problems_of(text: &str) -> Vec<Problem> {
    match parse_plan(text) {
        Err(problems) => problems.0,
        Ok(plan) => {
            let catalog = Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
            check_against_catalog(&plan, &catalog)
        }
    }
}

#[test]
fn the_base_plan_is_valid() {
    assert_eq!(problems_of(&base().to_string()), vec![]);
}

#[test]
fn every_bad_input_names_its_path_value_and_expectation() {
    // (JSON pointer, value written there, expected path, words the message must contain)
    let cases: Vec<(&str, Value, &str, &[&str])> = vec![
        ("/components/0/azs", json!("three"), "components[0].azs", &["\"three\"", "expected a whole number from 0 to 255"]),
        ("/components/2/min", json!(-1), "components[2].min", &["-1", "expected a whole number"]),
        ("/components/2/min", json!(5), "components[2].min", &["5 is greater than max (4)", "min ≤ desired ≤ max"]),
        ("/components/2/desired", json!(9), "components[2].desired", &["9 is outside min..max (2..4)"]),
        ("/components/2/instance_type", json!("t3.smal"), "components[2].instance_type", &["\"t3.smal\" is not an EC2 instance type in us-east-1", "did you mean \"t3.small\"?"]),
        ("/components/2/instance_typ", json!("t3.small"), "components[2].instance_typ", &["unknown field `instance_typ`", "instance_type"]),
        ("/components/2/kind", json!("autoscaling"), "components[2].kind", &["\"autoscaling\" is not a component kind", "\"asg\""]),
        ("/components/3/engine", json!("oracle"), "components[3].engine", &["oracle", "postgres"]),
        ("/components/3/instance_class", json!("db.t3.mediun"), "components[3].instance_class", &["did you mean \"db.t3.medium\"?"]),
        ("/components/3/backup_retention_days", json!(40), "components[3].backup_retention_days", &["40", "0 to 35"]),
        ("/components/3/storage_gb", json!(5), "components[3].storage_gb", &["5", "20 to 65536 GB"]),
        ("/components/0/cidr", json!("10.0.0.0/8"), "components[0].cidr", &["/8", "/16 to /28"]),
        ("/components/0/cidr", json!("10.0.0.300/16"), "components[0].cidr", &["not an IPv4 CIDR block"]),
        ("/components/0/cidr", Value::Null, "components[0]", &["missing field `cidr`"]),
        ("/components/4/storage_gb/standard", json!(-20), "components[4].storage_gb.standard", &["-20", "a number from 0 to 1e15"]),
        ("/components/4/storage_gb/standard", json!(1e28), "components[4].storage_gb.standard", &["1e+28", "a number from 0 to 1e15 with at most 6 decimals"]),
        ("/components/4/storage_gb/standard", json!("79228162514264337593543950335"), "components[4].storage_gb.standard", &["79228162514264337593543950335", "from 0 to 1e15"]),
        ("/components/5/log_ingest_gb", json!(1e28), "components[5].log_ingest_gb", &["a number from 0 to 1e15"]),
        ("/components/4/average_object_mb", json!(1e-28), "components[4].average_object_mb", &["at most 6 decimals"]),
        ("/components/4/bucket", json!("\u{1b}[31mred"), "components[4].bucket", &["\\u{1b}[31mred", "is not a valid bucket name"]),
        ("/components/4/bucket", json!("Bad_Bucket"), "components[4].bucket", &["\"Bad_Bucket\" is not a valid bucket name"]),
        ("/region", json!("us-east-9"), "region", &["\"us-east-9\" is not a region skyplan has prices for", "did you mean \"us-east-1\"?"]),
        ("/format_version", json!(2), "format_version", &["2 is newer than this skyplan reads (1)"]),
        ("/connections/0/to", json!("webb"), "connections[0].to", &["\"webb\" is not a component id", "did you mean \"web\"?"]),
        ("/connections/0/port", json!(70000), "connections[0].port", &["70000", "expected a whole number from 0 to 65535"]),
        ("/environments/0/overrides/web/max", json!(0), "environments[0].overrides.web.max", &["0 leaves the group without instances"]),
        // The override's max is below the base's desired, which it does not set.
        ("/environments/0/overrides/web", json!({ "min": 1, "max": 1 }), "environments[0].overrides.web.desired", &["2 is outside min..max (1..1)"]),
        ("/environments/0/overrides/web/instance_type", json!("t9.nano"), "environments[0].overrides.web.instance_type", &["\"t9.nano\" is not an EC2 instance type"]),
        ("/environments/0/overrides/webb", json!({ "min": 1 }), "environments[0].overrides.webb", &["\"webb\" is not a component id"]),
        ("/environments/0/overrides/db/multi_az", json!("yes"), "environments[0].overrides.db.multi_az", &["\"yes\"", "expected true or false"]),
        ("/environments/0/schedule/hours_per_day", json!(30), "environments[0].schedule.hours_per_day", &["30 is out of range; expected 1 to 24"]),
        ("/environments/1/name", json!("dev"), "environments[1].name", &["\"dev\" is used by another environment"]),
        ("/components/1/id", json!("web"), "components[2].id", &["\"web\" is used by another component"]),
        ("/extra", json!(true), "extra", &["unknown field", "\"components\""]),
    ];
    for (pointer, value, path, words) in cases {
        let problems = problems_with(pointer, value.clone());
        let problem = problems
            .iter()
            .find(|p| p.path == path)
            .unwrap_or_else(|| panic!("{pointer} = {value}: no problem at {path}; got {problems:#?}"));
        for word in words {
            assert!(problem.message.contains(word), "{pointer} = {value}: {problem} does not say {word:?}");
        }
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut plan = base();
    plan["components"][0]["azs"] = json!(9);
    plan["components"][2]["min"] = json!(7);
    plan["components"][3]["engine"] = json!("oracle");
    plan["connections"][0]["from"] = json!("nobody");
    let paths: Vec<String> = problems_of(&plan.to_string()).into_iter().map(|p| p.path).collect();
    // Component type errors come from the first pass; once fixed, the second
    // pass finds the rest. Within a pass, every problem is reported.
    assert!(paths.contains(&"components[3].engine".to_string()), "{paths:?}");
    plan["components"][3]["engine"] = json!("postgres");
    let paths: Vec<String> = problems_of(&plan.to_string()).into_iter().map(|p| p.path).collect();
    for expected in ["components[0].azs", "components[2].min", "connections[0].from"] {
        assert!(paths.contains(&expected.to_string()), "{expected} missing from {paths:?}");
    }
}

#[test]
fn malformed_documents_get_a_clear_problem_not_a_panic() {
    let text = base().to_string();
    let cases: Vec<(String, &str)> = vec![
        (text[..text.len() / 2].to_string(), "the JSON ends early"),
        ("{ \"format_version\": 1, }".to_string(), "invalid JSON"),
        ("[1, 2, 3]".to_string(), "expected a JSON object, found an array"),
        ("".to_string(), "the JSON ends early"),
        ("\u{feff}{}".to_string(), "invalid JSON"),
        (" ".repeat(skyplan_core::model::MAX_PLAN_BYTES + 1), "plans larger than 5 MB are refused"),
    ];
    for (text, expected) in cases {
        let problems = parse_plan(&text).expect_err("malformed input must be refused").0;
        assert!(problems.iter().any(|p| p.message.contains(expected)), "{expected:?} not in {problems:?}");
    }
}

#[test]
fn a_plan_round_trips_through_its_own_json() {
    for template in skyplan_core::templates::TEMPLATES {
        let plan = template.plan().unwrap();
        let again = parse_plan(&plan.to_json_pretty()).unwrap();
        assert_eq!(plan, again, "{}", template.name);
    }
}

#[test]
fn a_null_in_an_override_is_reported_where_it_was_written() {
    let mut plan = base();
    plan["environments"][0]["overrides"]["alb"] = json!({ "lcus": null });
    let problems = problems_of(&plan.to_string());
    let problem = problems.iter().find(|p| p.path == "environments[0].overrides.alb.lcus").unwrap_or_else(|| panic!("{problems:#?}"));
    assert!(problem.message.contains("null removes lcus, which alb components require"), "{problem}");
    assert!(!problems.iter().any(|p| p.path.starts_with("components[1]")), "the base component is fine: {problems:#?}");
}

#[test]
fn plans_past_their_size_limits_are_refused_before_they_are_read() {
    use skyplan_core::model::{MAX_COMPONENTS, MAX_CONNECTIONS, MAX_ENVIRONMENTS};
    let mut plan = base();
    let first = plan["components"][0].clone();
    plan["components"] = Value::Array(vec![first; MAX_COMPONENTS + 1]);
    plan["connections"] = Value::Array(vec![json!({ "from": "a", "to": "b", "port": 1 }); MAX_CONNECTIONS + 1]);
    plan["environments"] = Value::Array(vec![json!({ "name": "dev" }); MAX_ENVIRONMENTS + 1]);
    let problems = problems_of(&plan.to_string());
    for (path, count, max) in [("components", MAX_COMPONENTS + 1, MAX_COMPONENTS), ("connections", MAX_CONNECTIONS + 1, MAX_CONNECTIONS), ("environments", MAX_ENVIRONMENTS + 1, MAX_ENVIRONMENTS)] {
        let problem = problems.iter().find(|p| p.path == path).unwrap_or_else(|| panic!("{path}: {problems:#?}"));
        assert_eq!(problem.message, format!("has {count} entries; a plan holds at most {max}"));
    }
    assert_eq!(problems.len(), 3, "nothing else was read: {problems:#?}");
}

#[test]
fn thousands_of_unknown_ids_are_all_reported_and_only_the_first_hundred_get_a_suggestion() {
    // A suggestion compares with every component id: unbounded, 10,000
    // connections to unknown ids among 1,000 components took 25 s.
    let mut plan = base();
    plan["connections"] = Value::Array((0..300).map(|_| json!({ "from": "webb", "to": "web", "port": 443 })).collect());
    let problems = problems_of(&plan.to_string());
    let unknown: Vec<&Problem> = problems.iter().filter(|p| p.message.contains("is not a component id")).collect();
    assert_eq!(unknown.len(), 300);
    assert_eq!(unknown.iter().filter(|p| p.message.contains("did you mean")).count(), 100);
    assert!(unknown[0].message.contains("did you mean \"web\"?"), "{}", unknown[0]);
}
