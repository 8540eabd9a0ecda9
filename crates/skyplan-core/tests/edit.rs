//! Edits keep a plan valid: a bad edit is refused with the core's problem and
//! the plan is untouched; deletes leave no dangling reference; promote makes
//! two environments equal; share links round-trip.

use serde_json::json;
use skyplan_core::model::edit::{apply, environment_diff, Edit, History, Scope};
use skyplan_core::model::{share, Kind, Tier};
use skyplan_core::templates::template;
use skyplan_core::{estimate, Catalog, Plan};

fn saas() -> Plan {
    template("saas-3tier").unwrap().plan().unwrap().into_plan()
}

fn catalog() -> Catalog {
    Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap()
}

#[test]
fn setting_a_value_for_all_environments_or_one() {
    let plan = saas();
    let everywhere = apply(&plan, &Edit::SetSetting { component: "web".into(), scope: Scope::AllEnvironments, key: "instance_type".into(), value: json!("t3.large") }).unwrap();
    // dev overrides instance_type, so only staging and production follow.
    let types: Vec<String> = everywhere
        .environments()
        .iter()
        .map(|env| match &env.components.iter().find(|c| c.id == "web").unwrap().spec {
            skyplan_core::model::Spec::Asg(asg) => asg.instance_type.clone(),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(types, ["t3.small", "t3.large", "t3.large"]);

    let staging_only = apply(&plan, &Edit::SetSetting { component: "db".into(), scope: Scope::Environment("staging".into()), key: "read_replicas".into(), value: json!(1) }).unwrap();
    assert_eq!(staging_only.plan().environments[1].overrides["db"]["read_replicas"], json!(1));
    let reset = apply(staging_only.plan(), &Edit::SetSetting { component: "db".into(), scope: Scope::Environment("staging".into()), key: "read_replicas".into(), value: serde_json::Value::Null }).unwrap();
    assert!(!reset.plan().environments[1].overrides["db"].contains_key("read_replicas"));
}

#[test]
fn an_invalid_edit_is_refused_with_the_cores_message() {
    let plan = saas();
    let refused = apply(&plan, &Edit::SetSetting { component: "web".into(), scope: Scope::AllEnvironments, key: "min".into(), value: json!(50) }).unwrap_err();
    assert!(refused.0.iter().any(|p| p.path == "components[4].min" && p.message.contains("greater than max")), "{refused}");
    let wrong_type = apply(&plan, &Edit::SetSetting { component: "web".into(), scope: Scope::AllEnvironments, key: "min".into(), value: json!("two") }).unwrap_err();
    assert!(wrong_type.0[0].message.contains("expected a whole number"), "{wrong_type}");
    let bad_override = apply(&plan, &Edit::SetSetting { component: "web".into(), scope: Scope::Environment("staging".into()), key: "max".into(), value: json!(1) }).unwrap_err();
    assert!(bad_override.0.iter().any(|p| p.path.starts_with("environments[1].overrides.web")), "{bad_override}");
}

#[test]
fn deleting_a_component_removes_every_reference_to_it() {
    let plan = saas();
    let without_alb = apply(&plan, &Edit::Delete { component: "alb".into() }).unwrap();
    let p = without_alb.plan();
    assert!(p.component("alb").is_none());
    assert!(p.connections.iter().all(|c| c.from != "alb" && c.to != "alb"));
    match &p.component("cdn").unwrap().spec {
        skyplan_core::model::Spec::Cloudfront(cdn) => assert_eq!(cdn.origins, ["assets"]),
        _ => unreachable!(),
    }
    let without_web = apply(p, &Edit::Delete { component: "web".into() }).unwrap();
    assert!(without_web.plan().environments.iter().all(|e| !e.overrides.contains_key("web")));
}

#[test]
fn every_kind_can_be_added_duplicated_and_priced() {
    let catalog = catalog();
    let mut plan = saas();
    for kind in Kind::ALL {
        let added = apply(&plan, &Edit::AddComponent { kind }).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let id = added.plan().components.last().unwrap().id.clone();
        let duplicated = apply(added.plan(), &Edit::Duplicate { component: id.clone() }).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let estimate = estimate(&duplicated, &catalog);
        // Defaults name nothing the catalog lacks; a price no source gives
        // for the region (DynamoDB's in us-east-1) is the catalog's gap.
        let catalog_gap = |price: &str| {
            price.split(' ').next().and_then(skyplan_core::pricing::PriceKey::parse).is_some_and(|key| catalog.price(key).is_none())
        };
        assert!(estimate.missing_prices.iter().all(|m| catalog_gap(&m.price)), "{kind:?}: {:?}", estimate.missing_prices);
        plan = duplicated.into_plan();
    }
    assert_eq!(plan.components.len(), saas().components.len() + 2 * Kind::ALL.len());
}

#[test]
fn components_move_only_between_lanes_that_fit_them() {
    let plan = saas();
    let moved = apply(&plan, &Edit::Move { component: "web".into(), tier: Tier::App, index: 0 }).unwrap();
    let app: Vec<&str> = moved.plan().components.iter().filter(|c| c.tier == Tier::App).map(|c| c.id.as_str()).collect();
    assert_eq!(app, ["web", "platform"]);
    let refused = apply(&plan, &Edit::Move { component: "db".into(), tier: Tier::Edge, index: 0 }).unwrap_err();
    assert!(refused.0[0].message.contains("belongs in data"), "{refused}");
}

#[test]
fn promote_makes_two_environments_run_the_same_settings() {
    let plan = skyplan_core::model::ValidPlan::new(saas()).unwrap();
    let before = environment_diff(&plan, "staging", "production");
    assert!(before.iter().any(|d| d.component == "db" && d.setting == "instance_class"), "{before:?}");
    let promoted = apply(plan.plan(), &Edit::Promote { from: "production".into(), to: "staging".into() }).unwrap();
    assert_eq!(environment_diff(&promoted, "staging", "production"), vec![]);
    let dev = environment_diff(&promoted, "dev", "production");
    assert!(dev.iter().any(|d| d.setting == "schedule"));
    assert!(dev.iter().any(|d| d.component == "waf" && d.setting == "(present)"));
}

#[test]
fn history_undoes_and_redoes() {
    let mut history = History::new(1, 3);
    history.push(2);
    history.push(3);
    assert!(history.undo());
    assert_eq!(*history.present(), 2);
    assert!(history.redo());
    assert_eq!(*history.present(), 3);
    assert!(!history.redo());
    history.undo();
    history.push(9);
    assert!(!history.can_redo(), "a new edit drops the redo branch");
    for n in 10..20 {
        history.push(n);
    }
    let mut undone = 0;
    while history.undo() {
        undone += 1;
    }
    assert_eq!(undone, 3, "history keeps at most `limit` steps");
}

#[test]
fn share_links_round_trip_and_damage_is_refused() {
    let plan = skyplan_core::model::ValidPlan::new(saas()).unwrap();
    let code = share::encode(plan.plan());
    assert!(code.len() < 4000, "saas-3tier share code is {} characters", code.len());
    assert!(code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert_eq!(share::decode(&code).unwrap(), plan);
    assert!(share::decode(&code[..code.len() / 2]).is_err());
    assert!(share::decode("not base64 !!").unwrap_err().0[0].message.contains("damaged"));
}

#[test]
fn a_blank_plan_is_valid_and_costs_nothing() {
    let blank = skyplan_core::model::ValidPlan::new(Plan::blank("eu-west-1")).unwrap();
    assert_eq!(blank.environment_names(), ["dev", "staging", "production"]);
    assert_eq!(estimate(&blank, &catalog()).monthly, rust_decimal::Decimal::ZERO);
}

#[test]
fn simulation_settings_follow_their_component_on_delete_and_duplicate() {
    let plan = saas();
    let groups = |p: &Plan| p.simulation.as_ref().map(|s| s.groups.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    assert!(groups(&plan).iter().any(|k| k == "web"), "{:?}", groups(&plan));
    assert!(groups(&plan).iter().any(|k| k.starts_with("platform/")), "{:?}", groups(&plan));
    let duplicated = apply(&plan, &Edit::Duplicate { component: "platform".into() }).unwrap();
    assert!(groups(duplicated.plan()).iter().any(|k| k.starts_with("platform-copy/")), "{:?}", groups(duplicated.plan()));
    let deleted = apply(duplicated.plan(), &Edit::Delete { component: "platform".into() }).unwrap();
    let left = groups(deleted.plan());
    assert!(!left.iter().any(|k| k.starts_with("platform/")), "{left:?}");
    assert!(left.iter().any(|k| k.starts_with("platform-copy/")), "{left:?}");
    let without_web = apply(deleted.plan(), &Edit::Delete { component: "web".into() }).unwrap();
    assert!(!groups(without_web.plan()).contains(&"web".to_string()));
}

#[test]
fn traffic_settings_are_edited_in_the_simulation_block() {
    let plan = saas();
    let edited = apply(&plan, &Edit::SetTraffic { environment: "production".into(), key: "monthly_growth_percent".into(), value: json!(5) }).unwrap();
    let growth = |p: &Plan| p.simulation.as_ref().unwrap().environments["production"].traffic.monthly_growth_percent.to_string();
    assert_eq!(growth(edited.plan()), "5");
    let refused = apply(&plan, &Edit::SetTraffic { environment: "production".into(), key: "shape".into(), value: json!("lunchtime") }).unwrap_err();
    assert!(refused.0[0].path.starts_with("simulation.environments.production.traffic.shape"), "{refused}");
    let blank = Plan::blank("us-east-1");
    assert!(apply(&blank, &Edit::SetTraffic { environment: "dev".into(), key: "noise_percent".into(), value: json!(5) }).is_err());
    let started = apply(&blank, &Edit::SetTraffic { environment: "dev".into(), key: "base_rps".into(), value: json!(250) }).unwrap();
    assert_eq!(started.plan().simulation.as_ref().unwrap().environments["dev"].traffic.base_rps.to_string(), "250");
}

#[test]
fn scaling_group_settings_are_edited_in_the_simulation_block() {
    let plan = saas();
    let group = |p: &Plan, key: &str| p.simulation.as_ref().unwrap().groups[key].clone();
    let set = |plan: &Plan, group: &str, key: &str, value: serde_json::Value| {
        apply(plan, &Edit::SetGroupSimulation { group: group.into(), key: key.into(), value })
    };

    // A nested merge: the capacity's traffic share stays as it was.
    let faster = set(&plan, "platform/general", "capacity", json!({"rps_per_instance": 300})).unwrap();
    let capacity = group(faster.plan(), "platform/general").capacity.unwrap();
    assert_eq!((capacity.rps_per_instance.to_string(), capacity.traffic_share_percent.to_string()), ("300".into(), "60".into()));

    // Switching the policy's kind: the old kind is removed with null.
    let step = set(
        &plan,
        "web",
        "policy",
        json!({"target_tracking": null, "step": {"metric": "cpu", "scale_out_threshold": 70, "scale_in_threshold": 30, "steps_out": [{"add": 2}]}}),
    )
    .unwrap();
    assert!(matches!(group(step.plan(), "web").policy, Some(skyplan_core::model::simulation::Policy::Step(_))));
    let fixed = set(step.plan(), "web", "policy", serde_json::Value::Null).unwrap();
    assert_eq!(group(fixed.plan(), "web").policy, None);
    assert_eq!(group(fixed.plan(), "web").scheduled.len(), 2, "other settings are kept");

    // Refused values name the field by its JSON path, from serde and from the range checks.
    let typo = set(&plan, "web", "cooldown_seconds", json!("soon")).unwrap_err();
    assert_eq!(typo.0[0].path, "simulation.groups.web.cooldown_seconds", "{typo}");
    let spot = set(&plan, "web", "purchase", json!({"spot": {"spot_percent": 150}})).unwrap_err();
    assert_eq!(spot.0[0].path, "simulation.groups.web.purchase.spot.spot_percent", "{spot}");
    let cron = set(&plan, "web", "scheduled", json!([{"cron": "0 8 1 * *", "min": 3}])).unwrap_err();
    assert_eq!(cron.0[0].path, "simulation.groups.web.scheduled[0].cron", "{cron}");

    // A group without settings starts from the defaults; only ASGs and EKS node groups are groups.
    let blank = apply(&plan, &Edit::AddComponent { kind: Kind::Asg }).unwrap();
    let id = blank.plan().components.last().unwrap().id.clone();
    let started = set(blank.plan(), &id, "launch_seconds", json!(60)).unwrap();
    let new_group = group(started.plan(), &id);
    assert_eq!((new_group.launch_seconds, new_group.warmup_seconds, new_group.cooldown_seconds), (60, 300, 300));
    let not_a_group = set(&plan, "db", "launch_seconds", json!(60)).unwrap_err();
    assert_eq!(not_a_group.0[0].path, "simulation.groups.db", "{not_a_group}");
    assert!(set(&plan, "platform/gpu", "launch_seconds", json!(60)).is_err());
}

#[test]
fn resilience_settings_are_edited_in_the_resilience_block() {
    let plan = saas();
    let set = |plan: &Plan, key: &str, value: serde_json::Value| apply(plan, &Edit::SetResilience { key: key.into(), value });
    let block = |p: &Plan| p.resilience.clone().unwrap();

    // A nested merge: the other targets stay as they were.
    let tighter = set(&plan, "targets", json!({"rto_minutes": 30})).unwrap();
    let targets = block(tighter.plan()).targets;
    assert_eq!((targets.rto_minutes, targets.rpo_minutes), (Some(30), Some(15)));
    assert_eq!(targets.availability_percent.map(|a| a.to_string()), Some("99.9".into()));
    let moved = set(&plan, "dr_region", json!("us-west-2")).unwrap();
    assert_eq!(block(moved.plan()).dr_region.as_deref(), Some("us-west-2"));
    let budget = set(&plan, "annual_budget_usd", json!(60000)).unwrap();
    assert_eq!(block(budget.plan()).annual_budget_usd.map(|b| b.to_string()), Some("60000".into()));
    let no_budget = set(budget.plan(), "annual_budget_usd", serde_json::Value::Null).unwrap();
    assert_eq!(block(no_budget.plan()).annual_budget_usd, None);
    assert_eq!(block(no_budget.plan()).dr_region.as_deref(), Some("eu-west-1"), "other settings are kept");

    // Refused values name the field by its JSON path, from serde and from the range checks.
    let typo = set(&plan, "targets", json!({"rto_minutes": "soon"})).unwrap_err();
    assert_eq!(typo.0[0].path, "resilience.targets.rto_minutes", "{typo}");
    let same_region = set(&plan, "dr_region", json!("us-east-1")).unwrap_err();
    assert_eq!(same_region.0[0].path, "resilience.dr_region", "{same_region}");
    let zero = set(&plan, "annual_budget_usd", json!(0)).unwrap_err();
    assert_eq!(zero.0[0].path, "resilience.annual_budget_usd", "{zero}");
    let unknown = set(&plan, "rto", json!(5)).unwrap_err();
    assert!(unknown.0[0].path.starts_with("resilience"), "{unknown}");

    // A plan without the block gets one; a block left with nothing set is removed.
    let blank = Plan::blank("us-east-1");
    let started = set(&blank, "annual_budget_usd", json!(1200)).unwrap();
    assert_eq!(block(started.plan()).annual_budget_usd.map(|b| b.to_string()), Some("1200".into()));
    let emptied = set(started.plan(), "annual_budget_usd", serde_json::Value::Null).unwrap();
    assert_eq!(emptied.plan().resilience, None);
}
