//! Benchmark behind BENCHMARKS.md (issue "Every input survives a hostile
//! corpus"): a plan at the component limit bundles in under 1 s.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use skyplan_bundle::{build, to_json, GraphOptions};
use skyplan_core::model::edit::{apply, Edit};
use skyplan_core::model::MAX_COMPONENTS;
use skyplan_core::templates::template;
use skyplan_core::{Catalog, ValidPlan};

/// saas-3tier, its components duplicated round-robin up to the limit.
fn at_the_limit() -> ValidPlan {
    let mut plan = template("saas-3tier").unwrap().plan().unwrap();
    let ids: Vec<String> = plan.plan().components.iter().map(|c| c.id.clone()).collect();
    let mut i = 0;
    while plan.plan().components.len() < MAX_COMPONENTS {
        plan = apply(plan.plan(), &Edit::Duplicate { component: ids[i % ids.len()].clone() }).expect("a duplicate is valid");
        i += 1;
    }
    plan
}

fn benches(c: &mut Criterion) {
    let catalog = Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
    let plan = at_the_limit();
    let mut group = c.benchmark_group("component limit");
    group.sample_size(10);
    group.bench_function("bundle production of a 1,000-component plan (graph, estimate, canonical JSON, digest)", |b| {
        b.iter(|| to_json(&build(black_box(&plan), "production", &catalog, &GraphOptions::default()).unwrap()).len())
    });
    group.finish();
}

criterion_group!(bundle, benches);
criterion_main!(bundle);
