//! The simulator's benchmarks in wasm32, in headless Chromium, to compare
//! with the native ones in `crates/skyplan-sim/benches/sim.rs` (same
//! workloads). Run: `CHROMEDRIVER=$(command -v chromedriver) cargo bench -p
//! skyplan-web --target wasm32-unknown-unknown --bench sim_wasm` (with
//! `WASM_BINDGEN_TEST_TIMEOUT=600`: the Monte Carlo set runs for minutes).

#![cfg(target_arch = "wasm32")]

mod wasm {
    use skyplan_core::templates::template;
    use skyplan_core::{parse_plan, Catalog};
    use skyplan_sim::{monte_carlo, scenario, simulate, Options, Period, Scenario};
    use std::hint::black_box;
    use wasm_bindgen_test::{wasm_bindgen_bench, wasm_bindgen_test_configure, Criterion};

    // In a worker, so long runs do not block the page the test runner polls.
    wasm_bindgen_test_configure!(run_in_dedicated_worker);

    /// saas-3tier's production, its scaling groups repeated to `groups`.
    fn production(groups: usize) -> Scenario {
        let catalog = Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
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

    #[wasm_bindgen_bench]
    fn simulate_a_year(c: &mut Criterion) {
        let ten = production(10);
        let year = Options { period: Period::Year, seed: 1, step_minutes: 1 };
        c.bench_function("wasm: simulate a year at 1-minute steps, 10 groups", |b| b.iter(|| simulate(black_box(&ten), year)));
    }

    #[wasm_bindgen_bench]
    fn monte_carlo_trials(c: &mut Criterion) {
        let three = production(3);
        // A trial set takes a fraction of a second: 10 samples, as natively.
        *c = std::mem::take(c).sample_size(10).warm_up_time(std::time::Duration::from_secs(1));
        c.bench_function("wasm: 1,000 trials of a year at hourly steps, 3 groups", |b| {
            b.iter(|| monte_carlo(black_box(&three), Period::Year, 1000, 7))
        });
    }
}
