//! Benchmarks behind BENCHMARKS.md. Targets (issue #2, native, median):
//! estimate of saas-3tier with all three environments under 50 µs; loading
//! one region's catalog under 5 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use skyplan_core::templates::template;
use skyplan_core::{estimate, parse_plan, Catalog};

const US_EAST_1: &[u8] = include_bytes!("../../../pricing-data/us-east-1.json");

fn benches(c: &mut Criterion) {
    let catalog = Catalog::from_json(US_EAST_1).unwrap();
    let json = template("saas-3tier").unwrap().json;
    let plan = parse_plan(json).unwrap();

    c.bench_function("estimate saas-3tier, 3 environments", |b| b.iter(|| estimate(black_box(&plan), black_box(&catalog))));
    c.bench_function("load catalog us-east-1", |b| b.iter(|| Catalog::from_json(black_box(US_EAST_1)).unwrap()));
    c.bench_function("parse and validate saas-3tier", |b| b.iter(|| parse_plan(black_box(json)).unwrap()));
}

/// saas-3tier's components repeated to 200, as the browser benchmark builds it.
fn plan_of_200() -> skyplan_core::Plan {
    let mut plan: serde_json::Value = serde_json::from_str(template("saas-3tier").unwrap().json).unwrap();
    let components = plan["components"].as_array().unwrap().clone();
    let mut many = Vec::new();
    'fill: for i in 0.. {
        for c in &components {
            if many.len() >= 200 {
                break 'fill;
            }
            if c["kind"] == "vpc" && i > 0 {
                continue;
            }
            let mut copy = c.clone();
            copy["id"] = format!("{}-{i}", c["id"].as_str().unwrap()).into();
            if let Some(bucket) = c.get("bucket") {
                copy["bucket"] = format!("{}-{i}", bucket.as_str().unwrap()).into();
            }
            for key in ["origins", "alarms"] {
                if copy.get(key).is_some() {
                    copy[key] = serde_json::json!([]);
                }
            }
            many.push(copy);
        }
    }
    plan["components"] = many.into();
    plan["connections"] = serde_json::json!([]);
    for env in plan["environments"].as_array_mut().unwrap() {
        env.as_object_mut().unwrap().retain(|k, _| k == "name" || k == "schedule");
    }
    parse_plan(&plan.to_string()).unwrap().into_plan()
}

/// One edit in the planner, core side: apply, re-validate, price, check, lay out.
fn edit_benches(c: &mut Criterion) {
    use skyplan_core::model::check_against_catalog;
    use skyplan_core::model::diagram::layout;
    use skyplan_core::model::edit::{apply, Edit, Scope};
    let catalog = Catalog::from_json(US_EAST_1).unwrap();
    let plan = plan_of_200();
    let edit = Edit::SetSetting { component: "web-0".into(), scope: Scope::AllEnvironments, key: "desired".into(), value: 4.into() };
    c.bench_function("edit a 200-component plan: apply + estimate + check + layout", |b| {
        b.iter(|| {
            let next = apply(black_box(&plan), &edit).unwrap();
            let estimate = estimate(&next, &catalog);
            let problems = check_against_catalog(&next, &catalog);
            let diagram = layout(next.environment("production").unwrap());
            (estimate, problems, diagram)
        })
    });
}

criterion_group!(core, benches, edit_benches);
criterion_main!(core);
