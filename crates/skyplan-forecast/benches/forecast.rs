//! The 36-month forecast of saas-3tier, every environment, with the
//! optimizer's commitments: what `skyplan forecast` and the Budget view run.

use criterion::{criterion_group, criterion_main, Criterion};
use skyplan_core::templates::template;
use skyplan_core::Catalog;
use skyplan_forecast::{forecast, Options};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let catalog = Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    c.bench_function("forecast saas-3tier 36 months all environments", |b| {
        b.iter(|| forecast(black_box(&plan), &catalog, &Options::default()).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
