//! The bridge's messages survive the trip between the two wasm modules.

use serde_json::json;
use skyplan_core::model::edit::{apply, Edit, Scope};
use skyplan_core::templates::template;
use skyplan_core::{Problem, Problems};
use skyplan_web_kit::bridge::{edit_from_json, edit_to_json, problems_from_json, problems_to_json, AnalysisView, Inputs};

#[test]
fn every_edit_the_analysis_views_make_reads_back_the_same() {
    let edits = [
        Edit::SetSetting { component: "web".into(), scope: Scope::Environment("dev".into()), key: "desired".into(), value: json!(4) },
        Edit::SetSetting { component: "platform".into(), scope: Scope::AllEnvironments, key: "node_groups".into(), value: json!([{"name": "general", "min": 2}]) },
        Edit::SetTraffic { environment: "production".into(), key: "shape".into(), value: json!("flat") },
        Edit::SetGroupSimulation { group: "platform/general".into(), key: "policy".into(), value: json!({"target_tracking": {"target": 60}}) },
        Edit::SetResilience { key: "annual_budget_usd".into(), value: serde_json::Value::Null },
    ];
    for edit in edits {
        assert_eq!(edit_from_json(&edit_to_json(&edit)), Ok(edit));
    }
}

#[test]
fn an_edit_read_back_is_applied_as_the_original() {
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let edit = Edit::SetResilience { key: "targets".into(), value: json!({"rto_minutes": 30}) };
    let sent = edit_from_json(&edit_to_json(&edit)).unwrap();
    assert_eq!(apply(plan.plan(), &sent).unwrap(), apply(plan.plan(), &edit).unwrap());
}

#[test]
fn an_unreadable_edit_is_a_problem_and_a_whole_plan_is_never_read() {
    let problems = edit_from_json(r#"{"SetRegion": {"regoin": "eu-west-1"}}"#).unwrap_err();
    assert_eq!(problems.0[0].path, "$");
    assert!(problems.0[0].message.starts_with("the edit could not be read: missing field `region`"), "{problems}");
    let plan = template("static-site").unwrap().plan().unwrap().into_plan();
    let replace = edit_to_json(&Edit::Replace { plan: Box::new(plan) });
    assert!(edit_from_json(&replace).is_err(), "a plan only enters through parse_plan");
}

#[test]
fn refusals_keep_every_problem_with_its_path() {
    let problems = Problems(vec![
        Problem::new("resilience.targets.rto_minutes", "-5 is below 0"),
        Problem::new("simulation.groups.web.capacity.rps_per_instance", "expected a number, found \"ten\""),
    ]);
    assert_eq!(problems_from_json(&problems_to_json(&problems)), problems);
    assert_eq!(problems_from_json("not json"), Problems(vec![Problem::new("$", "not json")]));
}

#[test]
fn inputs_read_back_and_unknown_fields_are_refused() {
    let inputs = Inputs { revision: 3, plan: Some("{}".into()), environment: "production".into(), edit_environment_only: true, shown: Some(AnalysisView::Budget) };
    assert_eq!(Inputs::from_json(&inputs.to_json()), Ok(inputs));
    let none = Inputs { revision: 0, plan: None, environment: "dev".into(), edit_environment_only: false, shown: None };
    assert_eq!(Inputs::from_json(&none.to_json()), Ok(none));
    let error = Inputs::from_json(r#"{"revision": 1, "plan": null, "environment": "dev", "edit_environment_only": false, "shown": "diagram"}"#).unwrap_err();
    assert!(error.contains("unknown variant `diagram`"), "{error}");
}
