//! Plans at the edge of their limits: counts far past any real fleet are
//! refused by path, and what is accepted runs in bounded time with no
//! silent wrap.

use serde_json::{json, Value};
use skyplan_fuzz::plans::{run, Verdict};

fn saas() -> Value {
    serde_json::from_str(skyplan_core::templates::template("saas-3tier").unwrap().json).unwrap()
}

fn with_web_fleet(count: u64) -> Value {
    let mut plan = saas();
    let web = plan["components"].as_array_mut().unwrap().iter_mut().find(|c| c["id"] == "web").unwrap();
    web["min"] = json!(count);
    web["desired"] = json!(count);
    web["max"] = json!(count);
    plan
}

#[test]
fn a_group_at_the_planning_bound_runs_every_engine() {
    assert_eq!(run(&with_web_fleet(u64::from(skyplan_core::model::rules::MAX_GROUP_INSTANCES)).to_string()), Ok(Verdict::Accepted));
}

#[test]
fn a_million_or_72_million_instances_are_refused_by_path() {
    for count in [1_000_001u64, 72_000_000, u64::from(u32::MAX)] {
        let problems = skyplan_core::parse_plan(&with_web_fleet(count).to_string()).expect_err("past the bound");
        let web = saas()["components"].as_array().unwrap().iter().position(|c| c["id"] == "web").unwrap();
        assert!(
            problems.0.iter().any(|p| p.path == format!("components[{web}].max") && p.message.contains("expected at most 10000")),
            "{count}: {problems}"
        );
    }
}
