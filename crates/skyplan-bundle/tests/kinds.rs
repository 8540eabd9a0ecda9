//! Golden tests per component kind, as infracost keeps a folder per
//! resource: `tests/kinds/<kind>/plan.json` is a small plan around one
//! component of the kind (with the vpc it needs), and beside it are what
//! skyplan makes of it in one environment: its cost lines (`cost.json`,
//! priced with the bundled catalog of the plan's region), the environment root's
//! `main.tf` of the Terraform export, and the plan bundle's resources
//! (`bundle.json`). Every kind must have its folder: a new kind fails here
//! until its goldens are written and reviewed.
//!
//! `SKYPLAN_BLESS=1 cargo test -p skyplan-bundle --test kinds` writes the
//! outputs (and a plan from the kind's default settings where none exists)
//! instead of comparing; review the diff before committing it.

use skyplan_bundle::{graph_of, GraphOptions};
use skyplan_core::model::{parse_plan, Kind};
use skyplan_core::{estimate, Catalog};
use std::path::{Path, PathBuf};

const ENVIRONMENT: &str = "production";

fn folder(kind: Kind) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/kinds").join(kind.as_str())
}

fn catalog(region: &str) -> Catalog {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../pricing-data/{region}.json"));
    Catalog::from_json(&std::fs::read(&path).unwrap_or_else(|e| panic!("the bundled {region} catalog: {e}"))).expect("a valid catalog")
}

/// A plan of one component of `kind`, from its default settings, with a vpc
/// when it runs in one, and the component's origin when it is a distribution.
fn default_plan(kind: Kind) -> String {
    let mut components = Vec::new();
    let mut component = |kind: Kind, id: &str| {
        let mut object = serde_json::json!({ "id": id, "kind": kind.as_str(), "tier": kind.default_tier().as_str() });
        let settings = kind.default_settings(id);
        object.as_object_mut().unwrap().extend(settings.as_object().unwrap().clone());
        components.push(object);
    };
    if kind.in_vpc() && kind != Kind::Vpc {
        component(Kind::Vpc, "network");
    }
    component(kind, kind.as_str().replace('_', "-").as_str());
    let plan = serde_json::json!({
        "format_version": 1,
        "name": format!("{} golden", kind.as_str()),
        "region": "us-east-1",
        "environments": [{ "name": ENVIRONMENT }],
        "components": components,
        "connections": [],
    });
    serde_json::to_string_pretty(&plan).unwrap() + "\n"
}

fn outputs(plan_json: &str) -> Vec<(&'static str, String)> {
    let plan = parse_plan(plan_json).unwrap_or_else(|problems| panic!("the golden plan is invalid: {problems:?}"));
    let estimate = estimate(&plan, &catalog(&plan.plan().region));
    let components = &estimate.environment(ENVIRONMENT).expect("the golden environment").components;
    let cost = serde_json::to_string_pretty(components).unwrap() + "\n";
    let files = skyplan_terraform::export(&plan, &Default::default()).expect("the export of the golden plan");
    let main = files[&format!("environments/{ENVIRONMENT}/main.tf")].clone();
    let (graph, _) = graph_of(&plan, ENVIRONMENT, "golden", &GraphOptions::default()).expect("the graph of the golden plan");
    let bundle = serde_json::to_string_pretty(&graph.resources).unwrap() + "\n";
    vec![("cost.json", cost), ("main.tf", main), ("bundle.json", bundle)]
}

#[test]
fn every_kind_matches_its_goldens() {
    let bless = std::env::var_os("SKYPLAN_BLESS").is_some();
    let mut differences = Vec::new();
    for kind in Kind::ALL {
        let dir = folder(kind);
        let plan_path = dir.join("plan.json");
        if bless && !plan_path.exists() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&plan_path, default_plan(kind)).unwrap();
        }
        let Ok(plan_json) = std::fs::read_to_string(&plan_path) else {
            differences.push(format!("{}: no golden plan (run with SKYPLAN_BLESS=1 to write one)", plan_path.display()));
            continue;
        };
        for (name, actual) in outputs(&plan_json) {
            let path = dir.join(name);
            if bless {
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(expected) if expected == actual => {}
                Ok(_) => differences.push(format!("{}: differs from what skyplan makes now (SKYPLAN_BLESS=1 rewrites it)", path.display())),
                Err(_) => differences.push(format!("{}: missing (SKYPLAN_BLESS=1 writes it)", path.display())),
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
