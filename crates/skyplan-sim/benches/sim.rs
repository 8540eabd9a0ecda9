//! Benchmarks behind BENCHMARKS.md. Targets (issue #5, native, median): one
//! year at 1-minute resolution for 10 scaling groups under 30 ms; 1,000
//! Monte Carlo trials of one year at hourly resolution under 500 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use skyplan_core::templates::template;
use skyplan_core::{parse_plan, Catalog};
use skyplan_sim::rng::Rng;
use skyplan_sim::simulate::{run, Record};
use skyplan_sim::{monte_carlo, scenario, simulate, Options, Period, Scenario};

const US_EAST_1: &[u8] = include_bytes!("../../../pricing-data/us-east-1.json");

/// saas-3tier's production (noise, a random spike, business hours, growth),
/// its 3 scaling groups repeated to `groups`.
fn production(groups: usize) -> Scenario {
    let catalog = Catalog::from_json(US_EAST_1).unwrap();
    let plan = parse_plan(template("saas-3tier").unwrap().json).unwrap();
    let mut s = scenario(&plan, "production", &catalog, None).unwrap();
    let base = s.groups.clone();
    s.groups = (0..groups)
        .map(|i| {
            let mut g = base[i % base.len()].clone();
            g.model.key = format!("{}-{i}", g.model.key);
            g
        })
        .collect();
    s
}

fn benches(c: &mut Criterion) {
    let ten = production(10);
    let year = Options { period: Period::Year, seed: 1, step_minutes: 1 };
    c.bench_function("simulate a year at 1-minute steps, 10 groups (report, pricing, optimizer)", |b| {
        b.iter(|| simulate(black_box(&ten), year))
    });

    let mut demand = Vec::new();
    skyplan_sim::traffic::demand_into(&ten.traffic, 525_600, 1, &mut Rng::new(1), &mut demand);
    c.bench_function("scaling loop only: a year at 1-minute steps, 10 groups", |b| {
        b.iter(|| {
            ten.groups
                .iter()
                .map(|g| run(&g.model, black_box(&demand), 1, &ten.on, &mut Rng::new(2), Record { hours: true, trace: false }).on_demand_minutes)
                .sum::<u64>()
        })
    });

    // One group at the planning bound (skyplan_core::model::rules::MAX_GROUP_INSTANCES).
    let mut bound = production(1);
    let max = skyplan_core::model::rules::MAX_GROUP_INSTANCES;
    (bound.groups[0].model.min, bound.groups[0].model.desired, bound.groups[0].model.max) = (max, max, max);
    let mut group = c.benchmark_group("planning bound");
    group.sample_size(10);
    group.bench_function("a year at 1-minute steps, one group of 10,000 instances (report, pricing, optimizer)", |b| {
        b.iter(|| simulate(black_box(&bound), year))
    });
    group.finish();

    let three = production(3);
    let mut group = c.benchmark_group("monte carlo");
    group.sample_size(10);
    group.bench_function("1,000 trials of a year at hourly steps, 3 groups", |b| {
        b.iter(|| monte_carlo(black_box(&three), Period::Year, 1000, 7))
    });
    group.finish();
}

criterion_group!(sim, benches);
criterion_main!(sim);
