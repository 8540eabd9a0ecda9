//! The same seed gives the same results on every target: this fingerprint of
//! a seeded month at 1-minute resolution and 20 hourly Monte Carlo trials of
//! saas-3tier production is pinned here natively, and the browser component
//! tests (`crates/skyplan-web/tests/components.rs`) pin the same value in
//! wasm32.

use skyplan_core::templates::template;
use skyplan_core::Catalog;
use skyplan_sim::{monte_carlo, scenario, simulate, Options, Period};

/// FNV-1a over the JSON of the results: any difference in any figure shows.
fn fingerprint(json: &str) -> u64 {
    json.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

pub const SEEDED_FINGERPRINT: u64 = 59_035_430_372_691_530;

#[test]
fn a_seeded_run_has_the_pinned_fingerprint() {
    let catalog = Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let scenario = scenario(&plan, "production", &catalog, None).unwrap();
    let month = simulate(&scenario, Options { period: Period::Month, seed: 42, step_minutes: 1 });
    let bands = monte_carlo(&scenario, Period::Year, 20, 7);
    let json = format!("{}{}", serde_json::to_string(&month).unwrap(), serde_json::to_string(&bands).unwrap());
    assert_eq!(fingerprint(&json), SEEDED_FINGERPRINT, "{}", &json[..json.len().min(400)]);
}

#[test]
fn a_monte_carlo_run_in_chunks_gives_the_same_bands() {
    let catalog = Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let scenario = scenario(&plan, "production", &catalog, None).unwrap();
    let whole = monte_carlo(&scenario, Period::Year, 25, 9);
    let mut chunked = skyplan_sim::monte_carlo::TrialRun::new(&scenario, Period::Year, 9, 25);
    while !chunked.is_finished() {
        chunked.advance(&scenario, 4);
    }
    assert_eq!(chunked.finish(), whole);
}
