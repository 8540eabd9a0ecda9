//! skyplan's budget forecast: 12 to 36 months of spend per environment and
//! tier, amortised and in cash, against a yearly budget.
//!
//! No IO, no clock; the simulations are seeded, so the same plan, catalog
//! and seed give the same forecast natively and in wasm32. Money is
//! `Decimal`, never rounded here (the CSV and views round).
//!
//! How a month is made:
//! - **Month 1 is the estimate.** Every line starts at the cost engine's
//!   figure for the environment ([`skyplan_core::estimate`]).
//! - **Usage-driven lines grow with the traffic.** The plan's only growth is
//!   an environment's `simulation.environments.<env>.traffic.monthly_growth_percent`,
//!   compounded monthly; month m multiplies the usage settings (load balancer
//!   capacity units, CloudFront data and requests, WAF requests, NAT data,
//!   S3 ingest and requests, logs, KMS and Secrets Manager requests, data
//!   transfer) by (1 + g)^(m − 1) and prices them again, so tiered prices
//!   band as the volume grows. Storage already held, instances' hours and
//!   fixed fees do not grow.
//! - **Scaling groups follow the simulator.** Each ASG and EKS node group is
//!   simulated over the whole horizon (hourly steps, the growth applied
//!   minute by minute by skyplan-sim's traffic model, bounded by the group's
//!   max); month m's instance and disk lines are month 1's times the ratio of
//!   the group's simulated instance-hours in month m to month 1.
//! - **Commitments.** With [`Commitments::Recommended`], each group buys the
//!   commitment skyplan-sim's optimizer recommends for a month of its
//!   traffic (the plan's purchase options, else the catalog's Reserved
//!   Instance offers) in month 1. Amortised, the group costs its on-demand
//!   figure less the commitment's monthly saving (the upfront fee spread over
//!   the term); in cash, the upfront fee is paid in the month bought and the
//!   months after pay only the recurring part. The saving stays what the
//!   optimizer found: the commitment covers a fixed amount and growth only
//!   adds on-demand usage above it. At expiry ([`Renewal`]) the commitment is
//!   bought again on the same terms (a new upfront fee) or lapses to on demand.
//! - **Budget.** A yearly amount, spread evenly: B/12 a month, B × m/12 by
//!   month m. The forecast crosses it in the first month whose cumulative
//!   amortised spend exceeds the cumulative budget; the cash crossing is given
//!   too, as upfront fees can bring it earlier.

mod report;
pub use report::{csv, table};

use rust_decimal::Decimal;
use serde::Serialize;
use skyplan_core::cost::{EnvironmentCost, HOURS_PER_MONTH};
use skyplan_core::model::{Component, Environment, Plan, Problem, Problems, Quantity, Spec, Tier, ValidPlan};
use skyplan_core::{estimate, Catalog};
use std::collections::BTreeMap;

pub const MIN_MONTHS: u32 = 12;
pub const MAX_MONTHS: u32 = 36;

/// Whether the groups buy commitments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Commitments {
    /// The optimizer's recommendation for each group, bought in month 1.
    Recommended,
    /// Everything on demand (and spot where the plan says so).
    None,
}

/// What happens when a commitment's term ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Renewal {
    /// Bought again on the same terms the month after it expires.
    Renew,
    /// On demand from the month after it expires.
    Lapse,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// 12 to 36.
    pub months: u32,
    /// Only this environment; `None`: every environment.
    pub environment: Option<String>,
    pub commitments: Commitments,
    pub renewal: Renewal,
    /// USD per 12 months; `None`: the plan's `resilience.annual_budget_usd`, if any.
    pub annual_budget: Option<Decimal>,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            months: 36,
            environment: None,
            commitments: Commitments::Recommended,
            renewal: Renewal::Renew,
            annual_budget: None,
            seed: 1,
        }
    }
}

/// One environment's tier in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastRow {
    pub month: u32,
    pub environment: String,
    pub tier: Tier,
    /// Before commitments.
    pub on_demand: Decimal,
    pub amortized: Decimal,
    pub cash: Decimal,
}

/// Every environment in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthTotal {
    pub month: u32,
    pub on_demand: Decimal,
    pub amortized: Decimal,
    pub cash: Decimal,
    /// Upfront fees paid this month (in `cash`).
    pub commitment_upfront: Decimal,
    pub cumulative_amortized: Decimal,
    pub cumulative_cash: Decimal,
    /// The budget to date, B × month / 12.
    pub budget_cumulative: Option<Decimal>,
}

/// A commitment a group buys, and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentSchedule {
    pub environment: String,
    pub group: String,
    pub tier: Tier,
    pub option: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instances: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly_commitment: Option<Decimal>,
    pub term_months: u32,
    pub upfront: Decimal,
    /// Amortised saving against on demand, per month of the term.
    pub monthly_saving: Decimal,
    /// Months it is bought in (1, then after each expiry when renewed).
    pub purchase_months: Vec<u32>,
    /// Last month of each term within the horizon.
    pub expiry_months: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetCheck {
    pub annual: Decimal,
    pub monthly: Decimal,
    /// First month whose cumulative amortised spend exceeds the cumulative budget.
    pub first_month_over: Option<u32>,
    /// The same in cash.
    pub first_month_over_cash: Option<u32>,
    /// Budget and cash spend over the whole horizon.
    pub horizon_budget: Decimal,
    pub horizon_cash: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvironmentGrowth {
    pub environment: String,
    pub monthly_growth_percent: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub plan: String,
    pub region: String,
    pub currency: String,
    pub catalog_version: String,
    pub months: u32,
    pub seed: u64,
    pub commitments_basis: Commitments,
    pub renewal: Renewal,
    pub environments: Vec<String>,
    pub growth: Vec<EnvironmentGrowth>,
    /// Month × environment × tier (tiers with components only).
    pub rows: Vec<ForecastRow>,
    pub totals: Vec<MonthTotal>,
    pub commitments: Vec<CommitmentSchedule>,
    pub budget: Option<BudgetCheck>,
    /// No price is missing: every figure is the whole cost, not a lower bound.
    pub complete: bool,
    /// Prices the catalog lacks; their lines are in no figure.
    pub missing_prices: Vec<String>,
    pub notes: Vec<String>,
}

fn problem(path: &str, message: String) -> Problems {
    Problems(vec![Problem::new(path, message)])
}

/// `spec` with its usage-driven settings multiplied by `factor` (rounded
/// to a quantity's decimals); `None` when one grows past `Quantity::MAX`.
pub fn scale_usage(spec: &Spec, factor: Decimal) -> Option<Spec> {
    let mut spec = spec.clone();
    let past_max = std::cell::Cell::new(false);
    spec.scale_usage(&|v: Quantity| {
        v.get().checked_mul(factor).and_then(Quantity::rounded).unwrap_or_else(|| {
            past_max.set(true);
            v
        })
    });
    (!past_max.get()).then_some(spec)
}

/// Environment `env` as a plan of its own, its components as it sees them
/// with usage multiplied by `factor`, that of `month`.
fn environment_plan(plan: &ValidPlan, env: &str, factor: Decimal, month: u32) -> Result<ValidPlan, Problems> {
    let view = plan.environment(env).ok_or_else(|| problem("$", format!("the plan has no environment \"{env}\"")))?;
    let mut single = Plan::blank(&plan.plan().region);
    single.name = plan.plan().name.clone();
    single.components = view
        .components
        .iter()
        .map(|c| {
            let spec = scale_usage(&c.spec, factor).ok_or_else(|| {
                problem(
                    &format!("simulation.environments.{env}.traffic.monthly_growth_percent"),
                    format!("grows {}'s usage {factor:.0}-fold by month {month}, past the largest amount a plan holds (1e15); expected less growth or a shorter forecast", c.id),
                )
            })?;
            Ok(Component { id: c.id.clone(), name: Some(c.name.clone()), tier: c.tier, spec })
        })
        .collect::<Result<_, Problems>>()?;
    let ids: Vec<&str> = view.components.iter().map(|c| c.id.as_str()).collect();
    single.connections = plan
        .plan()
        .connections
        .iter()
        .filter(|c| ids.contains(&c.from.as_str()) && ids.contains(&c.to.as_str()))
        .cloned()
        .collect();
    single.environments = vec![Environment {
        name: env.to_string(),
        schedule: Some(view.schedule),
        overrides: BTreeMap::new(),
        omit: Vec::new(),
    }];
    ValidPlan::new(single)
}

/// Which scaling group a cost line belongs to, if any.
fn group_of(component: &skyplan_core::cost::ComponentCost, line: &str) -> Option<String> {
    Some(match component.kind.scaling_group_of_line(line)? {
        None => component.id.clone(),
        Some(name) => format!("{}/{name}", component.id),
    })
}

/// Per tier: (non-group lines, each group's lines), from an environment's cost.
fn split_by_tier(cost: &EnvironmentCost) -> (BTreeMap<Tier, Decimal>, BTreeMap<String, (Tier, Decimal)>) {
    let mut fixed: BTreeMap<Tier, Decimal> = BTreeMap::new();
    let mut groups: BTreeMap<String, (Tier, Decimal)> = BTreeMap::new();
    for c in &cost.components {
        fixed.entry(c.tier).or_default();
        for l in &c.lines {
            let amount = l.monthly.unwrap_or_default();
            match group_of(c, &l.name) {
                Some(key) => groups.entry(key).or_insert((c.tier, Decimal::ZERO)).1 += amount,
                None => *fixed.entry(c.tier).or_default() += amount,
            }
        }
    }
    (fixed, groups)
}

/// Each group's simulated instance-minutes per month over `months` months
/// (hourly steps, the simulator's seeded streams).
fn group_minutes(scenario: &skyplan_sim::Scenario, months: u32, seed: u64) -> BTreeMap<String, Vec<u64>> {
    use skyplan_sim::{rng::Rng, simulate, traffic};
    let hours = (months * 730) as usize;
    let mut rng = Rng::new(seed);
    let mut traffic_rng = rng.fork(1);
    let mut demand = Vec::new();
    traffic::demand_into(&scenario.traffic, hours, 60, &mut traffic_rng, &mut demand);
    let mut out = BTreeMap::new();
    for (i, group) in scenario.groups.iter().enumerate() {
        let mut group_rng = rng.fork(100 + i as u64);
        let run = simulate::run(&group.model, &demand, 60, &scenario.on, &mut group_rng, simulate::Record { hours: true, trace: false });
        let per_month = run
            .on_demand_minutes_by_hour
            .chunks(730)
            .zip(run.spot_minutes_by_hour.chunks(730))
            .map(|(od, spot)| od.iter().chain(spot).map(|&m| u64::from(m)).sum())
            .collect();
        out.insert(group.model.key.clone(), per_month);
    }
    out
}

/// The forecast of `plan` priced with `catalog`.
pub fn forecast(plan: &ValidPlan, catalog: &Catalog, options: &Options) -> Result<Forecast, Problems> {
    if !(MIN_MONTHS..=MAX_MONTHS).contains(&options.months) {
        return Err(problem(
            "months",
            format!("{} is out of range; expected {MIN_MONTHS} to {MAX_MONTHS} months", options.months),
        ));
    }
    let names: Vec<String> = plan.environment_names().iter().map(|n| n.to_string()).collect();
    let environments = match &options.environment {
        Some(env) if names.contains(env) => vec![env.clone()],
        Some(env) => {
            let hint = skyplan_core::model::problem::did_you_mean(env, names.iter().map(String::as_str));
            return Err(problem("$", format!("the plan has no environment \"{env}\"{hint}; it has {}", names.join(", "))));
        }
        None => names,
    };
    let annual_budget = options
        .annual_budget
        .or_else(|| plan.plan().resilience.as_ref().and_then(|r| r.annual_budget_usd).map(|q| q.get()));
    if annual_budget.is_some_and(|b| b <= Decimal::ZERO) {
        return Err(problem("budget", "must be more than 0 USD a year".into()));
    }
    let months = options.months;
    let base = estimate(plan, catalog);
    let mut rows = Vec::new();
    let mut commitments = Vec::new();
    let mut growth = Vec::new();
    let mut notes = Vec::new();
    let mut missing_prices: Vec<String> = base
        .missing_prices
        .iter()
        .filter(|m| environments.contains(&m.environment))
        .map(|m| format!("{} {} {}: {}", m.environment, m.component, m.line, m.price))
        .collect();
    // month → upfront paid
    let mut upfront_by_month = vec![Decimal::ZERO; months as usize + 1];
    for env in &environments {
        let first = base.environment(env).ok_or_else(|| problem("$", format!("the plan has no environment \"{env}\"")))?;
        let g = plan
            .plan()
            .simulation
            .as_ref()
            .and_then(|s| s.environments.get(env))
            .map(|e| e.traffic.monthly_growth_percent.get())
            .unwrap_or_default();
        growth.push(EnvironmentGrowth {
            environment: env.clone(),
            monthly_growth_percent: g,
        });
        let scenario = skyplan_sim::scenario(plan, env, catalog, None)?;
        let minutes = group_minutes(&scenario, months, options.seed);
        let (_, first_groups) = split_by_tier(first);
        // Each group's commitment: (saving a month, upfront, term in months).
        let mut bought: BTreeMap<String, (Decimal, Decimal, u32)> = BTreeMap::new();
        if options.commitments == Commitments::Recommended {
            let month = skyplan_sim::simulate(
                &scenario,
                skyplan_sim::Options {
                    period: skyplan_sim::Period::Month,
                    seed: options.seed,
                    step_minutes: 1,
                },
            );
            for g in &month.groups {
                let Some(r) = &g.recommendation else { continue };
                let tier = first_groups.get(&g.key).map(|(t, _)| *t).unwrap_or(Tier::App);
                let term = 12 * u32::from(r.term_years);
                let mut purchase_months = vec![1];
                if options.renewal == Renewal::Renew {
                    while purchase_months.last().copied().unwrap_or(1) + term <= months {
                        let next = purchase_months.last().copied().unwrap_or(1) + term;
                        purchase_months.push(next);
                    }
                }
                let expiry_months: Vec<u32> = purchase_months.iter().map(|p| p + term - 1).filter(|e| *e <= months).collect();
                for p in &purchase_months {
                    upfront_by_month[*p as usize] += r.upfront;
                }
                bought.insert(g.key.clone(), (r.savings_monthly, r.upfront, term));
                commitments.push(CommitmentSchedule {
                    environment: env.clone(),
                    group: g.key.clone(),
                    tier,
                    option: r.option.clone(),
                    instances: r.instances,
                    hourly_commitment: r.hourly_commitment,
                    term_months: term,
                    upfront: r.upfront,
                    monthly_saving: r.savings_monthly,
                    purchase_months,
                    expiry_months,
                });
            }
            for g in &month.groups {
                for u in &g.unpriced_options {
                    notes.push(format!("{env} {}: {} not considered: {}", g.key, u.option, u.reason));
                }
            }
        }
        let mut cost = first.clone();
        for m in 1..=months {
            if m > 1 && !g.is_zero() {
                // Past Decimal's range the growth is past any amount anyway.
                let factor = (1..m).try_fold(Decimal::ONE, |f, _| f.checked_mul(Decimal::ONE + g / Decimal::ONE_HUNDRED)).unwrap_or(Decimal::MAX);
                let grown = estimate(&environment_plan(plan, env, factor, m)?, catalog);
                for missing in &grown.missing_prices {
                    let name = format!("{} {} {}: {}", missing.environment, missing.component, missing.line, missing.price);
                    if !missing_prices.contains(&name) {
                        missing_prices.push(name);
                    }
                }
                cost = grown.environments.into_iter().next().unwrap_or(cost);
            }
            let (fixed, groups) = split_by_tier(&cost);
            let mut on_demand = fixed.clone();
            let mut amortized = fixed.clone();
            let mut cash = fixed;
            for (key, (tier, amount)) in &groups {
                let ratio = match minutes.get(key).map(|v| (v.first().copied().unwrap_or(0), v.get(m as usize - 1).copied().unwrap_or(0))) {
                    Some((first, now)) if first > 0 => Decimal::from(now) / Decimal::from(first),
                    _ => Decimal::ONE,
                };
                let group_cost = *amount * ratio;
                *on_demand.entry(*tier).or_default() += group_cost;
                let (a, c) = match bought.get(key) {
                    Some((saving, upfront, term)) => {
                        let active = options.renewal == Renewal::Renew || m <= *term;
                        if active {
                            let saving = (*saving).min(group_cost);
                            let amortized = group_cost - saving;
                            let purchase = (m - 1) % term == 0;
                            let spread = *upfront / Decimal::from(*term);
                            (amortized, amortized - spread + if purchase { *upfront } else { Decimal::ZERO })
                        } else {
                            (group_cost, group_cost)
                        }
                    }
                    None => (group_cost, group_cost),
                };
                *amortized.entry(*tier).or_default() += a;
                *cash.entry(*tier).or_default() += c;
            }
            for tier in Tier::ALL {
                if let Some(od) = on_demand.get(&tier) {
                    rows.push(ForecastRow {
                        month: m,
                        environment: env.clone(),
                        tier,
                        on_demand: *od,
                        amortized: amortized.get(&tier).copied().unwrap_or_default(),
                        cash: cash.get(&tier).copied().unwrap_or_default(),
                    });
                }
            }
        }
    }
    let mut totals = Vec::new();
    let (mut cumulative_amortized, mut cumulative_cash) = (Decimal::ZERO, Decimal::ZERO);
    let twelve = Decimal::from(12);
    for m in 1..=months {
        let of_month = rows.iter().filter(|r| r.month == m);
        let (on_demand, amortized, cash) = of_month.fold((Decimal::ZERO, Decimal::ZERO, Decimal::ZERO), |(o, a, c), r| (o + r.on_demand, a + r.amortized, c + r.cash));
        cumulative_amortized += amortized;
        cumulative_cash += cash;
        totals.push(MonthTotal {
            month: m,
            on_demand,
            amortized,
            cash,
            commitment_upfront: upfront_by_month[m as usize],
            cumulative_amortized,
            cumulative_cash,
            budget_cumulative: annual_budget.map(|b| b * Decimal::from(m) / twelve),
        });
    }
    let budget = annual_budget.map(|annual| BudgetCheck {
        annual,
        monthly: annual / twelve,
        first_month_over: totals.iter().find(|t| t.budget_cumulative.is_some_and(|b| t.cumulative_amortized > b)).map(|t| t.month),
        first_month_over_cash: totals.iter().find(|t| t.budget_cumulative.is_some_and(|b| t.cumulative_cash > b)).map(|t| t.month),
        horizon_budget: annual * Decimal::from(months) / twelve,
        horizon_cash: cumulative_cash,
    });
    if growth.iter().all(|g| g.monthly_growth_percent.is_zero()) {
        notes.push("no environment has traffic growth in the plan (simulation.environments.<env>.traffic.monthly_growth_percent): usage lines stay at the estimate".into());
    }
    notes.push(format!(
        "scaling groups: month 1 is the estimate (desired instances, {} h a month); later months follow the simulated instance-hours (hourly steps, seed {})",
        HOURS_PER_MONTH, options.seed
    ));
    Ok(Forecast {
        plan: plan.plan().name.clone(),
        region: catalog.region.clone(),
        currency: catalog.currency.clone(),
        catalog_version: catalog.version.clone(),
        months,
        seed: options.seed,
        commitments_basis: options.commitments,
        renewal: options.renewal,
        environments,
        growth,
        rows,
        totals,
        commitments,
        budget,
        complete: missing_prices.is_empty(),
        missing_prices,
        notes,
    })
}

