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
    let mut run = TrialRun::new(scenario, period, seed, trials);
    run.advance(scenario, trials);
    run.finish()
}

/// A Monte Carlo run that can be advanced a few trials at a time, so a
/// browser can keep its page responsive and show progress. Trial `i` draws
/// from the same generator whichever way the run is split, so the bands equal
/// [`monte_carlo`]'s.
#[derive(Debug, Clone)]
pub struct TrialRun {
    period: Period,
    seed: u64,
    trials: u32,
    base: Vec<f64>,
    demand: Vec<f64>,
    costs: Vec<Decimal>,
    overloads: Vec<u64>,
    priced: bool,
}

const STEP: u32 = 60;

impl TrialRun {
    pub fn new(scenario: &Scenario, period: Period, seed: u64, trials: u32) -> TrialRun {
        let steps = period.hours() as usize;
        // The deterministic part once; each trial copies it and draws its own noise and spikes.
        let mut base = Vec::with_capacity(steps);
        crate::traffic::base_into(&scenario.traffic, steps, STEP, &mut base);
        TrialRun {
            period,
            seed,
            trials,
            base,
            demand: Vec::with_capacity(steps),
            costs: Vec::with_capacity(trials as usize),
            overloads: Vec::with_capacity(trials as usize),
            priced: true,
        }
    }

    /// Trials run so far.
    pub fn done(&self) -> u32 {
        self.costs.len() as u32
    }

    pub fn is_finished(&self) -> bool {
        self.done() >= self.trials
    }

    /// Runs up to `count` more trials.
    pub fn advance(&mut self, scenario: &Scenario, count: u32) {
        let months = Decimal::from(self.period.months());
        let end = self.done().saturating_add(count).min(self.trials);
        for trial in self.done()..end {
            let mut rng = Rng::new(mix(self.seed.wrapping_add(u64::from(trial))));
            let mut traffic_rng = rng.fork(1);
            self.demand.clear();
            self.demand.extend_from_slice(&self.base);
            crate::traffic::perturb(&scenario.traffic, STEP, &mut traffic_rng, &mut self.demand);
            let mut cost = Decimal::ZERO;
            let mut overload = 0u64;
            for (i, group) in scenario.groups.iter().enumerate() {
                let mut group_rng = rng.fork(100 + i as u64);
                let result = run(&group.model, &self.demand, STEP, &scenario.on, &mut group_rng, Record::default());
                overload += result.overload_minutes;
                match crate::purchase::configured_cost(&group.prices, result.on_demand_minutes, result.spot_minutes) {
                    Some(c) => cost += c,
                    None => self.priced = false,
                }
            }
            self.costs.push(cost / months);
            self.overloads.push(overload);
        }
    }

    /// The bands over the trials run so far.
    pub fn finish(mut self) -> MonteCarlo {
        MonteCarlo {
            trials: self.done(),
            seed: self.seed,
            step_minutes: STEP,
            monthly_cost: if self.priced { percentiles(&mut self.costs) } else { None },
            overload_minutes: percentiles(&mut self.overloads).unwrap_or(Percentiles { p10: 0, p50: 0, p90: 0 }),
        }
    }
}
