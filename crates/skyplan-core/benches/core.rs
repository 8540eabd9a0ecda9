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
    c.bench_function("load catalog us-east-1 (358 KB JSON)", |b| b.iter(|| Catalog::from_json(black_box(US_EAST_1)).unwrap()));
    c.bench_function("parse and validate saas-3tier", |b| b.iter(|| parse_plan(black_box(json)).unwrap()));
}

criterion_group!(core, benches);
criterion_main!(core);
