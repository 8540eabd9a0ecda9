//! skyplan's simulators: how an environment's scaling groups (its ASGs and
//! EKS node groups) behave and what they cost under traffic, minute by
//! minute; spot, Reserved Instance and Savings Plan mixes; the commitment
//! that minimises cost; and Monte Carlo bands of cost and overload.
//!
//! No IO, no clock; all randomness is seeded ([`rng`]); floats only go
//! through IEEE arithmetic and `libm`, so native and wasm32 give
//! bit-identical results. Money is `Decimal`: instance-minutes are integers
//! priced once; money is never rounded here (the CLI and views round).
//!
//! ```text
//! ValidPlan + env + Catalog ──scenario──▶ Scenario ──simulate──▶ SimulationReport
//!                                                   └─monte_carlo─▶ MonteCarlo (P10/P50/P90)
//! ```

pub mod failure;
pub mod monte_carlo;
pub mod optimizer;
pub mod policy;
pub mod purchase;
pub mod report;
pub mod rng;
pub mod simulate;
pub mod traffic;

use optimizer::{CommitmentOutcome, Unpriced, Usage};
use policy::PolicyModel;
use purchase::GroupPrices;
use rust_decimal::Decimal;
use serde::Serialize;
use simulate::{GroupModel, Record, ScheduledEvent};
use skyplan_core::model::simulation::{Cron, GroupSimulation, Metric, Policy, Purchase, Simulation, SpotMix};
use skyplan_core::model::{problem::did_you_mean, Problem, Problems, Schedule};
use skyplan_core::{Catalog, ValidPlan};
use traffic::{SpikeModel, TrafficModel, MINUTES_PER_WEEK};

pub use monte_carlo::{monte_carlo, MonteCarlo, Percentiles};

/// Decimal → f64 for the simulation's float arithmetic (exact for the
/// values plans hold; deterministic either way).
pub fn to_f64(value: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    value.to_f64().unwrap_or(0.0)
}

fn to_decimal(value: f64, dp: u32) -> Decimal {
    Decimal::try_from(value).unwrap_or_default().round_dp(dp)
}

/// How long a simulation runs: a month is 730 hours, a year 8,760.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Month,
    Year,
}

impl Period {
    pub fn hours(self) -> u32 {
        match self {
            Period::Month => 730,
            Period::Year => 8760,
        }
    }

    pub fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Year => 12,
        }
    }
}

/// One scaling group, ready to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupScenario {
    pub model: GroupModel,
    pub prices: GroupPrices,
    /// The component's display name.
    pub component: String,
    /// Share of the environment's requests the group serves (0–1).
    pub traffic_share: f64,
    pub purchase: Purchase,
}

/// An environment's traffic and scaling groups, resolved against the plan
/// and priced against the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub plan: String,
    pub environment: String,
    pub region: String,
    pub currency: String,
    pub catalog_version: String,
    pub traffic: TrafficModel,
    /// Whether the environment runs in each hour of the week.
    pub on: [bool; 168],
    pub groups: Vec<GroupScenario>,
    /// Defaults used and other assumptions worth saying.
    pub notes: Vec<String>,
}

/// A scaling group as an environment sees it: `(key, component name,
/// instance types, min, desired, max, spot node group)`.
type GroupView = (String, String, Vec<String>, u32, u32, u32, bool);

fn scaling_groups(plan: &ValidPlan, env: &str) -> Vec<GroupView> {
    let mut groups = Vec::new();
    let Some(view) = plan.environment(env) else { return groups };
    for component in &view.components {
        for group in component.spec.scaling_groups() {
            let (key, name) = match group.name {
                None => (component.id.clone(), component.name.clone()),
                Some(group_name) => (format!("{}/{group_name}", component.id), format!("{} / {group_name}", component.name)),
            };
            groups.push((key, name, group.instance_types.to_vec(), group.min, group.desired, group.max, group.spot));
        }
    }
    groups
}

/// Every scaling-group key of the plan, in any environment.
fn all_group_keys(plan: &ValidPlan) -> Vec<String> {
    let mut keys: Vec<String> =
        plan.environments().iter().flat_map(|e| scaling_groups(plan, &e.name).into_iter().map(|g| g.0)).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Hours of the week a part-time environment runs: its first
/// `days_per_week` days from 08:00 (earlier when the day is longer than 16 h).
pub fn running_hours(schedule: Schedule) -> [bool; 168] {
    let mut on = [false; 168];
    let hours = u32::from(schedule.hours_per_day.min(24));
    let start = 8.min(24 - hours);
    for (h, slot) in on.iter_mut().enumerate() {
        let (day, hour) = (h as u32 / 24, h as u32 % 24);
        *slot = day < u32::from(schedule.days_per_week) && hour >= start && hour < start + hours;
    }
    on
}

/// Resolves the plan's `simulation` block for environment `env`. `series`
/// replaces the environment's base × shape × growth (see [`traffic::parse_series`]).
pub fn scenario(plan: &ValidPlan, env: &str, catalog: &Catalog, series: Option<Vec<f64>>) -> Result<Scenario, Problems> {
    let default_simulation = Simulation::default();
    let simulation = plan.plan().simulation.as_ref().unwrap_or(&default_simulation);
    let mut problems = Vec::new();
    let env_names = plan.environment_names();
    for name in simulation.environments.keys() {
        if !env_names.contains(&name.as_str()) {
            problems.push(Problem::new(
                format!("simulation.environments.{name}"),
                format!("\"{name}\" is not an environment of the plan{}; it has {}", did_you_mean(name, env_names.iter().copied()), env_names.join(", ")),
            ));
        }
    }
    let keys = all_group_keys(plan);
    for key in simulation.groups.keys() {
        if !keys.contains(key) {
            problems.push(Problem::new(
                format!("simulation.groups.{key}"),
                format!(
                    "\"{key}\" is not a scaling group of the plan{}; expected an asg id or <eks id>/<node group name>: {}",
                    did_you_mean(key, keys.iter().map(String::as_str)),
                    keys.join(", ")
                ),
            ));
        }
    }
    let Some(view) = plan.environment(env) else {
        problems.push(Problem::new("$", format!("the plan has no environment \"{env}\"{}; it has {}", did_you_mean(env, env_names.iter().copied()), env_names.join(", "))));
        return Err(Problems(problems));
    };
    if !problems.is_empty() {
        return Err(Problems(problems));
    }

    let mut notes = Vec::new();
    let traffic = match simulation.environments.get(env) {
        Some(e) => {
            let t = &e.traffic;
            TrafficModel {
                base_rps: to_f64(t.base_rps.get()),
                shape: t.shape,
                monthly_growth: to_f64(t.monthly_growth_percent.get()) / 100.0,
                noise: to_f64(t.noise_percent.get()) / 100.0,
                spikes: t.spikes.iter().map(SpikeModel::from_plan).collect(),
                series: None,
            }
        }
        None => {
            // The most the groups serve at their desired counts at 70 % CPU.
            let base = scaling_groups(plan, env)
                .iter()
                .filter(|g| g.4 > 0)
                .filter_map(|g| {
                    let capacity = simulation.groups.get(&g.0)?.capacity.as_ref()?;
                    let share = to_f64(capacity.traffic_share_percent.get()) / 100.0;
                    Some(f64::from(g.4) * to_f64(capacity.rps_per_instance.get()) * 0.7 / share)
                })
                .fold(f64::INFINITY, f64::min);
            let base = if base.is_finite() { base } else { 1000.0 };
            notes.push(format!(
                "no traffic for {env} in the plan: a flat {base:.1} requests per second (what its scaling groups serve at their desired counts at 70 % CPU)"
            ));
            TrafficModel { base_rps: base, shape: Default::default(), monthly_growth: 0.0, noise: 0.0, spikes: Vec::new(), series: None }
        }
    };
    let mut traffic = traffic;
    if let Some(series) = series {
        notes.push(format!("traffic from a series of {} minutes (repeated to fill the period)", series.len()));
        traffic.series = Some(series);
    }
    let peak_rps = match &traffic.series {
        Some(s) => s.iter().copied().fold(0.0, f64::max),
        None => traffic.base_rps,
    };

    let default_group = GroupSimulation {
        launch_seconds: 120,
        warmup_seconds: 300,
        health_check_grace_seconds: 300,
        cooldown_seconds: 300,
        ..GroupSimulation::default()
    };
    let mut groups = Vec::new();
    for (key, component, types, min, desired, max, spot_group) in scaling_groups(plan, env) {
        let config = simulation.groups.get(&key).unwrap_or(&default_group);
        let (rps_per_instance, share) = match &config.capacity {
            Some(c) => (to_f64(c.rps_per_instance.get()), to_f64(c.traffic_share_percent.get()) / 100.0),
            None => {
                let per = peak_rps / (f64::from(desired.max(1)) * 0.7);
                notes.push(format!("{key}: no capacity in the plan; one instance taken to serve {per:.1} requests per second, so {desired} run at 70 % CPU at peak"));
                (per, 1.0)
            }
        };
        let purchase = config.purchase.clone().unwrap_or_default();
        let spot = purchase.spot.clone().unwrap_or(SpotMix { on_demand_base: 0, spot_percent: if spot_group { 100 } else { 0 } });
        let prices = GroupPrices::from_catalog(catalog, &types, spot.spot_percent > 0);
        let mut scheduled = Vec::new();
        for action in &config.scheduled {
            if let Ok(cron) = Cron::parse(&action.cron) {
                for minute in 0..MINUTES_PER_WEEK {
                    if cron.matches(minute) {
                        scheduled.push(ScheduledEvent { minute_of_week: minute, min: action.min, max: action.max, desired: action.desired });
                    }
                }
            }
        }
        scheduled.sort_by_key(|e| e.minute_of_week);
        if config.scheduled.iter().any(|a| a.min.unwrap_or(0) > a.max.unwrap_or(max)) {
            notes.push(format!("{key}: a scheduled action sets min above the group's max ({max}) in {env}; AWS refuses it, so it is skipped"));
        }
        if min == 0 && matches!(config.policy, Some(Policy::TargetTracking(ref t)) if t.metric == Metric::Cpu) {
            notes.push(format!("{key}: min is 0 in {env}; target tracking on CPU has no datapoint without instances, so it cannot scale out from 0"));
        }
        let model = GroupModel {
            key: key.clone(),
            min,
            max,
            desired,
            rps_per_instance: rps_per_instance / share,
            launch_seconds: config.launch_seconds,
            warmup_seconds: config.warmup_seconds,
            cooldown_seconds: config.cooldown_seconds,
            policy: PolicyModel::from_plan(config.policy.as_ref()),
            scheduled,
            on_demand_base: spot.on_demand_base,
            spot_percent: u32::from(spot.spot_percent),
            interruptions_per_month: prices.interruptions_per_month,
        };
        groups.push(GroupScenario { model, prices, component, traffic_share: share, purchase });
    }
    if groups.is_empty() {
        notes.push(format!("{env} has no scaling groups (ASGs or EKS node groups)"));
    }
    Ok(Scenario {
        plan: plan.plan().name.clone(),
        environment: env.to_string(),
        region: catalog.region.clone(),
        currency: catalog.currency.clone(),
        catalog_version: catalog.version.clone(),
        traffic,
        on: running_hours(view.schedule),
        groups,
        notes,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub period: Period,
    pub seed: u64,
    /// 1 (the default) or 60.
    pub step_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupReport {
    pub key: String,
    pub component: String,
    pub instance_type: String,
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    pub policy: String,
    pub instance_hours: Decimal,
    pub on_demand_instance_hours: Decimal,
    pub spot_instance_hours: Decimal,
    pub fewest_instances: u32,
    pub most_instances: u32,
    pub average_utilization_percent: Decimal,
    pub peak_utilization_percent: Decimal,
    pub overload_minutes: u64,
    pub overload_share_percent: Decimal,
    pub spot_interruptions: u32,
    pub requests_millions: Decimal,
    pub on_demand_hourly: Option<Decimal>,
    pub spot_hourly: Option<Decimal>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub spot_note: String,
    /// As configured (on demand and spot), over the period.
    pub cost: Option<Decimal>,
    pub monthly_cost: Option<Decimal>,
    /// Every instance-minute on demand, per month.
    pub all_on_demand_monthly: Option<Decimal>,
    pub cost_per_million_requests: Option<Decimal>,
    /// Commitments for the on-demand part (spot is never covered).
    pub commitments: Vec<CommitmentOutcome>,
    pub unpriced_options: Vec<Unpriced>,
    /// The cheapest commitment, if one beats on demand.
    pub recommendation: Option<CommitmentOutcome>,
    pub missing_prices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub monthly_cost: Option<Decimal>,
    pub all_on_demand_monthly: Option<Decimal>,
    /// Monthly cost with each group's recommendation applied to its on-demand part.
    pub recommended_monthly: Option<Decimal>,
    pub overload_minutes: u64,
    pub requests_millions: Decimal,
    pub cost_per_million_requests: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulationReport {
    pub plan: String,
    pub environment: String,
    pub region: String,
    pub currency: String,
    pub catalog_version: String,
    pub period: Period,
    pub hours: u32,
    pub step_minutes: u32,
    pub seed: u64,
    pub groups: Vec<GroupReport>,
    pub totals: Totals,
    pub notes: Vec<String>,
}

fn policy_label(policy: &PolicyModel) -> String {
    use skyplan_core::model::simulation::Metric;
    let metric = |m: &Metric| match m {
        Metric::Cpu => "CPU %",
        Metric::AlbRequestsPerTarget => "ALB requests/target",
    };
    match policy {
        PolicyModel::None => "fixed".into(),
        PolicyModel::TargetTracking { metric: m, target, .. } => format!("target {} {target}", metric(m)),
        PolicyModel::Step { metric: m, out_threshold, in_threshold, .. } => format!("step {} {in_threshold}–{out_threshold}", metric(m)),
    }
}

/// Simulates every scaling group of the scenario over the period.
pub fn simulate(scenario: &Scenario, options: Options) -> SimulationReport {
    simulate_recording(scenario, options, false).0
}

/// What a traced run keeps step by step, for charts: the environment's
/// demand and each group's instances.
#[derive(Debug, Clone, PartialEq)]
pub struct Traces {
    /// Minutes per step: 1, or 60 at hourly resolution.
    pub step_minutes: u32,
    /// The environment's requests per second, per step.
    pub demand: Vec<f64>,
    /// In the order of the report's groups.
    pub groups: Vec<GroupTrace>,
}

/// One scaling group's instances, per step of [`Traces::demand`].
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTrace {
    pub key: String,
    pub component: String,
    /// Share of the environment's requests the group serves (0–1).
    pub traffic_share: f64,
    /// Requests per second one instance serves at 100 % CPU.
    pub rps_per_instance: f64,
    /// Instances serving traffic.
    pub in_service: Vec<u32>,
    /// Instances launched and not terminated (pending or in service): the ones billed.
    pub running: Vec<u32>,
}

/// [`simulate`], also keeping every step's demand and instances. The report
/// is the same as `simulate`'s: recording changes no draw and no figure.
pub fn simulate_traced(scenario: &Scenario, options: Options) -> (SimulationReport, Traces) {
    let (report, traces) = simulate_recording(scenario, options, true);
    (report, traces.unwrap_or(Traces { step_minutes: options.step_minutes, demand: Vec::new(), groups: Vec::new() }))
}

fn simulate_recording(scenario: &Scenario, options: Options, trace: bool) -> (SimulationReport, Option<Traces>) {
    let step = if options.step_minutes >= 60 { 60 } else { 1 };
    let hours = options.period.hours();
    let steps = (hours * 60 / step) as usize;
    let months = Decimal::from(options.period.months());
    let mut rng = rng::Rng::new(options.seed);
    let mut traffic_rng = rng.fork(1);
    let mut demand = Vec::new();
    traffic::demand_into(&scenario.traffic, steps, step, &mut traffic_rng, &mut demand);
    let env_requests: f64 = demand.iter().sum::<f64>() * f64::from(step) * 60.0;

    let mut groups = Vec::new();
    let mut group_traces = Vec::new();
    let mut totals = Totals {
        monthly_cost: Some(Decimal::ZERO),
        all_on_demand_monthly: Some(Decimal::ZERO),
        recommended_monthly: Some(Decimal::ZERO),
        overload_minutes: 0,
        requests_millions: to_decimal(env_requests / 1e6, 3),
        cost_per_million_requests: None,
    };
    let add = |total: &mut Option<Decimal>, value: Option<Decimal>| {
        *total = match (*total, value) {
            (Some(t), Some(v)) => Some(t + v),
            _ => None,
        }
    };
    for (i, group) in scenario.groups.iter().enumerate() {
        let mut group_rng = rng.fork(100 + i as u64);
        let mut run = simulate::run(&group.model, &demand, step, &scenario.on, &mut group_rng, Record { hours: true, trace });
        if trace {
            let steps = std::mem::take(&mut run.trace);
            group_traces.push(GroupTrace {
                key: group.model.key.clone(),
                component: group.component.clone(),
                traffic_share: group.traffic_share,
                rps_per_instance: group.model.rps_per_instance * group.traffic_share,
                in_service: steps.iter().map(|t| t.in_service).collect(),
                running: steps.iter().map(|t| t.running).collect(),
            });
        }
        let prices = &group.prices;
        let cost = purchase::configured_cost(prices, run.on_demand_minutes, run.spot_minutes);
        let all_od = purchase::all_on_demand_cost(prices, run.on_demand_minutes + run.spot_minutes).map(|c| c / months);
        let (commitments, mut unpriced_options) = match prices.on_demand_hourly {
            // All spot: nothing for a commitment to cover.
            _ if run.on_demand_minutes == 0 => (Vec::new(), Vec::new()),
            Some(p) => {
                let usage = Usage { minutes_by_hour: &run.on_demand_minutes_by_hour, on_demand_hourly: p };
                optimizer::evaluate(
                    &usage,
                    &optimizer::CatalogCommitments { reserved: &prices.reserved, savings_plans: &prices.savings_plans },
                    &group.purchase.reserved,
                    &group.purchase.savings_plans,
                    &prices.instance_type,
                    &scenario.region,
                )
            }
            None => (Vec::new(), Vec::new()),
        };
        if prices.on_demand_hourly.is_none() {
            unpriced_options.push(Unpriced { option: "every commitment".into(), reason: format!("no on-demand price for {}", prices.instance_type) });
        }
        let recommendation = optimizer::recommend(&commitments).cloned();
        let monthly = cost.map(|c| c / months);
        let spot_monthly = purchase::configured_cost(prices, 0, run.spot_minutes).map(|c| c / months);
        let recommended = match (&recommendation, monthly, spot_monthly) {
            (Some(r), _, Some(spot)) => Some(spot + r.monthly),
            (None, m, _) => m,
            _ => None,
        };
        let requests = env_requests * group.traffic_share;
        let cost_per_million = cost.filter(|_| requests > 0.0).map(|c| c / to_decimal(requests / 1e6, 6).max(Decimal::new(1, 6)));
        add(&mut totals.monthly_cost, monthly);
        add(&mut totals.all_on_demand_monthly, all_od);
        add(&mut totals.recommended_monthly, recommended);
        totals.overload_minutes += run.overload_minutes;
        let minutes = Decimal::from(60);
        groups.push(GroupReport {
            key: group.model.key.clone(),
            component: group.component.clone(),
            instance_type: prices.instance_type.clone(),
            min: group.model.min,
            desired: group.model.desired,
            max: group.model.max,
            policy: policy_label(&group.model.policy),
            instance_hours: Decimal::from(run.on_demand_minutes + run.spot_minutes) / minutes,
            on_demand_instance_hours: Decimal::from(run.on_demand_minutes) / minutes,
            spot_instance_hours: Decimal::from(run.spot_minutes) / minutes,
            fewest_instances: run.fewest_running,
            most_instances: run.most_running,
            average_utilization_percent: if run.capacity_rps_minutes > 0.0 {
                to_decimal(run.served_rps_minutes / run.capacity_rps_minutes * 100.0, 2)
            } else {
                Decimal::ZERO
            },
            peak_utilization_percent: to_decimal(run.peak_utilization * 100.0, 2),
            overload_minutes: run.overload_minutes,
            overload_share_percent: if run.active_minutes > 0 {
                (Decimal::from(run.overload_minutes) * Decimal::ONE_HUNDRED / Decimal::from(run.active_minutes)).round_dp(3)
            } else {
                Decimal::ZERO
            },
            spot_interruptions: run.interruptions,
            requests_millions: to_decimal(requests / 1e6, 3),
            on_demand_hourly: prices.on_demand_hourly,
            spot_hourly: prices.spot_hourly,
            spot_note: prices.spot_note.clone(),
            cost,
            monthly_cost: monthly,
            all_on_demand_monthly: all_od,
            cost_per_million_requests: cost_per_million,
            commitments,
            unpriced_options,
            recommendation,
            missing_prices: prices.missing.clone(),
        });
    }
    totals.cost_per_million_requests = totals
        .monthly_cost
        .filter(|_| env_requests > 0.0)
        .map(|m| m * months / to_decimal(env_requests / 1e6, 6).max(Decimal::new(1, 6)));
    let report = SimulationReport {
        plan: scenario.plan.clone(),
        environment: scenario.environment.clone(),
        region: scenario.region.clone(),
        currency: scenario.currency.clone(),
        catalog_version: scenario.catalog_version.clone(),
        period: options.period,
        hours,
        step_minutes: step,
        seed: options.seed,
        groups,
        totals,
        notes: scenario.notes.clone(),
    };
    let traces = trace.then_some(Traces { step_minutes: step, demand, groups: group_traces });
    (report, traces)
}

#[cfg(test)]
mod traced_tests {
    use super::*;

    #[test]
    fn a_traced_run_reports_the_same_figures_and_keeps_every_step() {
        let catalog = Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
        let plan = skyplan_core::templates::template("saas-3tier").unwrap().plan().unwrap();
        for env in ["production", "dev"] {
            let scenario = scenario(&plan, env, &catalog, None).unwrap();
            let options = Options { period: Period::Month, seed: 42, step_minutes: 1 };
            let (report, traces) = simulate_traced(&scenario, options);
            assert_eq!(report, simulate(&scenario, options), "{env}");
            assert_eq!(traces.demand.len(), 730 * 60);
            assert_eq!(traces.groups.len(), report.groups.len());
            for (trace, group) in traces.groups.iter().zip(&report.groups) {
                assert_eq!(trace.key, group.key);
                assert_eq!((trace.running.len(), trace.in_service.len()), (730 * 60, 730 * 60));
                // Billed instance-minutes are the running instances summed over the steps.
                let billed: u64 = trace.running.iter().map(|&n| u64::from(n)).sum();
                assert_eq!(Decimal::from(billed) / Decimal::from(60), group.instance_hours, "{env} {}", group.key);
                assert!(trace.in_service.iter().zip(&trace.running).all(|(s, r)| s <= r));
            }
        }
    }
}
