//! Monte Carlo: N seeded trials of a scenario at hourly resolution (noise,
//! random spikes and spot interruptions drawn anew each trial), giving
//! P10 / P50 / P90 of the monthly cost and of the overload minutes.
//!
//! At hourly resolution a smooth ramp in traffic arrives as one jump per
//! hour, which the policy answers within the hour (alarm + launch, see
//! `policy::overload_within_step`): the overload minutes are therefore higher
//! than the 1-minute simulation's for the same traffic. The bands compare
//! trials (noise, spikes, interruptions) with each other; the 1-minute run is
//! the reference for the level. Costs are close to the 1-minute run's (a
//! scale-out is billed from the next hour).
//!
//! Trial i draws from `Rng::new(mix(seed + i))`, so the same seed gives the
//! same bands on every target. Percentiles are nearest-rank
//! (P_q = the ⌈q·N⌉-th smallest), so P10 ≤ P50 ≤ P90 always.

use crate::rng::{mix, Rng};
use crate::simulate::{run, Record};
use crate::{Period, Scenario};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Percentiles<T> {
    pub p10: T,
    pub p50: T,
    pub p90: T,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonteCarlo {
    pub trials: u32,
    pub seed: u64,
    pub step_minutes: u32,
    /// Monthly cost of the scaling groups as configured (on demand and spot);
    /// `None` when a price is missing.
    pub monthly_cost: Option<Percentiles<Decimal>>,
    /// Overload minutes over the period, summed over the groups.
    pub overload_minutes: Percentiles<u64>,
}

fn percentiles<T: Copy + Ord>(values: &mut [T]) -> Option<Percentiles<T>> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let at = |q: usize| values[(values.len() * q).div_ceil(100).max(1) - 1];
    Some(Percentiles { p10: at(10), p50: at(50), p90: at(90) })
}

/// Runs `trials` trials over `period` at hourly resolution.
pub fn monte_carlo(scenario: &Scenario, period: Period, trials: u32, seed: u64) -> MonteCarlo {
    const STEP: u32 = 60;
    let steps = period.hours() as usize;
    // The deterministic part once; each trial copies it and draws its own noise and spikes.
    let mut base = Vec::with_capacity(steps);
    crate::traffic::base_into(&scenario.traffic, steps, STEP, &mut base);
    let mut demand = Vec::with_capacity(steps);
    let mut costs: Vec<Decimal> = Vec::with_capacity(trials as usize);
    let mut overloads: Vec<u64> = Vec::with_capacity(trials as usize);
    let mut priced = true;
    let months = Decimal::from(period.months());
    for trial in 0..trials {
        let mut rng = Rng::new(mix(seed.wrapping_add(u64::from(trial))));
        let mut traffic_rng = rng.fork(1);
        demand.clear();
        demand.extend_from_slice(&base);
        crate::traffic::perturb(&scenario.traffic, STEP, &mut traffic_rng, &mut demand);
        let mut cost = Decimal::ZERO;
        let mut overload = 0u64;
        for (i, group) in scenario.groups.iter().enumerate() {
            let mut group_rng = rng.fork(100 + i as u64);
            let result = run(&group.model, &demand, STEP, &scenario.on, &mut group_rng, Record::default());
            overload += result.overload_minutes;
            match crate::purchase::configured_cost(&group.prices, result.on_demand_minutes, result.spot_minutes) {
                Some(c) => cost += c,
                None => priced = false,
            }
        }
        costs.push(cost / months);
        overloads.push(overload);
    }
    MonteCarlo {
        trials,
        seed,
        step_minutes: STEP,
        monthly_cost: if priced { percentiles(&mut costs) } else { None },
        overload_minutes: percentiles(&mut overloads).unwrap_or(Percentiles { p10: 0, p50: 0, p90: 0 }),
    }
}
