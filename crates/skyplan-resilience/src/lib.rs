//! skyplan's resilience analysis of a plan: disaster-recovery strategies with
//! RPO and RTO derived from the plan's components and the monthly cost of
//! what each runs in the DR region (priced with that region's catalog), the
//! loss of an AZ and of the region run through the autoscaling simulator,
//! and each environment's composite availability from published SLAs with
//! its weakest link.
//!
//! No IO, no clock; the simulations are seeded, so the same plan, catalogs
//! and seed give the same report natively and in wasm32. Money is `Decimal`
//! and never rounded here.
//!
//! ```text
//! ValidPlan + primary Catalog + DR Catalog ──analyze──▶ ResilienceReport
//!   strategies (RPO, RTO, DR cost, meets targets, recommended)
//!   az_loss, region_loss (through skyplan-sim)
//!   availability per environment (composite, weakest link, priced improvements)
//! ```

pub mod availability;
pub mod footprint;
pub mod report;
mod kinds;
pub mod scenarios;
pub mod sla;
pub mod strategy;
pub mod times;

pub use availability::{environment_availability, EnvironmentAvailability, Improvement, WeakestLink};
pub use footprint::{dr_cost, dr_plan, DrCost, DrLine};
pub use scenarios::{AzLossReport, Impact, RegionLossRow};
pub use strategy::{Inventory, Recovery, Strategy, Term};

use rust_decimal::Decimal;
use serde::Serialize;
use skyplan_core::aws::REGIONS;
use skyplan_core::model::problem::did_you_mean;
use skyplan_core::model::resilience::Resilience;
use skyplan_core::model::{Problem, Problems};
use skyplan_core::{Catalog, ValidPlan};

pub(crate) fn to_f64(value: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    value.to_f64().unwrap_or(0.0)
}

pub(crate) fn no_environment(plan: &ValidPlan, env: &str) -> Problems {
    let names = plan.environment_names();
    Problems(vec![Problem::new(
        "$",
        format!(
            "the plan has no environment \"{env}\"{}; it has {}",
            did_you_mean(env, names.iter().copied()),
            names.join(", ")
        ),
    )])
}

/// The plan's `resilience` block, or its defaults.
pub fn settings(plan: &ValidPlan) -> Resilience {
    plan.plan().resilience.clone().unwrap_or_default()
}

/// The DR region: the plan's `resilience.dr_region`, else the first bundled
/// region other than the plan's own (us-east-2 for a plan in us-east-1,
/// us-east-1 for any other).
pub fn dr_region(plan: &ValidPlan) -> String {
    settings(plan).dr_region.unwrap_or_else(|| {
        REGIONS
            .iter()
            .map(|(code, _)| *code)
            .find(|code| *code != plan.plan().region)
            .unwrap_or("us-east-1")
            .to_string()
    })
}

/// The recovery settings of the plan, in seconds.
pub fn recovery(plan: &ValidPlan) -> Recovery {
    let s = settings(plan);
    Recovery {
        dns_ttl_seconds: u64::from(s.dns_ttl_seconds),
        backup_interval_hours: s.backup_interval_hours,
        restore_gb_per_hour: s.restore_gb_per_hour.get(),
        decision_seconds: u64::from(s.failover_decision_minutes) * 60,
    }
}

/// What recovery of environment `env` depends on; launch times from its simulation scenario.
pub fn inventory(plan: &ValidPlan, env: &str, scenario: &skyplan_sim::Scenario) -> Result<Inventory, Problems> {
    let view = plan.environment(env).ok_or_else(|| no_environment(plan, env))?;
    let mut inventory = Inventory::default();
    for c in &view.components {
        kinds::recovery_role(&c.spec, &c.id, &mut inventory);
    }
    inventory.groups = scenario.groups.iter().map(|g| (g.model.key.clone(), g.model.launch_seconds)).collect();
    Ok(inventory)
}

/// One strategy of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategyRow {
    pub strategy: Strategy,
    pub label: String,
    pub rpo_seconds: u64,
    pub rpo_terms: Vec<Term>,
    pub rto_seconds: u64,
    pub rto_terms: Vec<Term>,
    /// What runs in the DR region, per month.
    pub dr_cost: DrCost,
    /// `None` without a target.
    pub meets_rpo: Option<bool>,
    pub meets_rto: Option<bool>,
    pub recommended: bool,
}

impl StrategyRow {
    /// Meets every target the plan sets; `None` when it sets neither RTO nor RPO.
    pub fn meets_targets(&self) -> Option<bool> {
        match (self.meets_rpo, self.meets_rto) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(true) && b.unwrap_or(true)),
        }
    }
}

/// A setting or constant the figures rest on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    pub name: String,
    pub value: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetsView {
    pub availability_percent: Option<Decimal>,
    pub rto_minutes: Option<u32>,
    pub rpo_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResilienceReport {
    pub plan: String,
    /// The environment the strategies and failure scenarios are for.
    pub environment: String,
    pub region: String,
    pub dr_region: String,
    pub currency: String,
    pub catalog_version: String,
    pub dr_catalog_version: String,
    pub seed: u64,
    pub targets: TargetsView,
    /// Weakest first.
    pub strategies: Vec<StrategyRow>,
    /// The cheapest strategy that meets the targets.
    pub recommendation: Option<Strategy>,
    /// Why that one, or why none.
    pub recommendation_note: String,
    pub az_loss: AzLossReport,
    pub region_loss: Vec<RegionLossRow>,
    /// Each environment analysed (all of them, or the one asked for).
    pub availability: Vec<EnvironmentAvailability>,
    pub assumptions: Vec<Assumption>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Only this environment; `None`: strategies and scenarios for production
    /// (else the first environment), availability for every environment.
    pub environment: Option<String>,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options { environment: None, seed: 1 }
    }
}

fn assumptions(recovery: &Recovery) -> Vec<Assumption> {
    let a = |name: &str, value: String, source: &str| Assumption {
        name: name.into(),
        value,
        source: source.into(),
    };
    vec![
        a(
            "failure detection",
            format!("{} s", times::DETECTION_SECONDS),
            "Route 53 health checks: 30 s interval × 3 failures (defaults)",
        ),
        a(
            "decision to fail over",
            format!("{} s", recovery.decision_seconds),
            "plan: resilience.failover_decision_minutes (default 15)",
        ),
        a("DNS TTL", format!("{} s", recovery.dns_ttl_seconds), "plan: resilience.dns_ttl_seconds (default 60)"),
        a(
            "backup copy interval",
            format!("{} h", recovery.backup_interval_hours),
            "plan: resilience.backup_interval_hours (default 24, AWS Backup daily rule)",
        ),
        a(
            "restore throughput",
            format!("{} GB/h", recovery.restore_gb_per_hour.normalize()),
            "plan: resilience.restore_gb_per_hour (default 100; measure it in a restore drill)",
        ),
        a(
            "RDS Multi-AZ failover",
            format!("{} s", times::RDS_MULTI_AZ_FAILOVER_SECONDS),
            "RDS docs: typically 60–120 s",
        ),
        a("RDS replica promotion", format!("{} s", times::RDS_PROMOTE_SECONDS), "RDS docs: several minutes or longer"),
        a(
            "RDS restore, instance creation",
            format!("{} s", times::RDS_RESTORE_BASE_SECONDS),
            "assumption: AWS gives no figure",
        ),
        a(
            "RDS point-in-time recovery",
            format!("{} s", times::RDS_PITR_SECONDS),
            "RDS docs: transaction logs uploaded every 5 minutes",
        ),
        a(
            "RDS cross-region replica lag",
            format!("{} s", times::RDS_REPLICA_LAG_SECONDS),
            "assumption: asynchronous, no bound published",
        ),
        a(
            "S3 replication (RTC)",
            format!("{} s", times::S3_RTC_SECONDS),
            "S3 docs: 99.99 % of objects within 15 minutes",
        ),
        a(
            "EKS control plane creation",
            format!("{} s", times::EKS_CREATE_SECONDS),
            "aws/containers-roadmap#1227: averages 15 minutes",
        ),
        a(
            "network and load balancer creation",
            format!("{} s", times::NETWORK_CREATE_SECONDS),
            "assumption: AWS gives no figure",
        ),
        a(
            "ElastiCache node creation",
            format!("{} s", times::ELASTICACHE_CREATE_SECONDS),
            "assumption: AWS gives no figure",
        ),
        a(
            "ElastiCache Multi-AZ failover",
            format!("{} s", times::ELASTICACHE_FAILOVER_SECONDS),
            "assumption: AWS gives no figure",
        ),
        a(
            "replacement of a lost AZ's instances",
            format!("after {} min", times::REPLACE_AFTER_MINUTES),
            "ALB target group health check defaults: 30 s × 2",
        ),
        a("failure time", "Tuesday 10:00 UTC".into(), "the weekday peak of the traffic shapes"),
    ]
}

/// The whole resilience report of a plan. `primary` is the plan region's
/// catalog, `dr` the DR region's ([`dr_region`]).
pub fn analyze(plan: &ValidPlan, primary: &Catalog, dr: &Catalog, options: &Options) -> Result<ResilienceReport, Problems> {
    let names = plan.environment_names();
    let env = match &options.environment {
        Some(name) => {
            plan.environment(name).ok_or_else(|| no_environment(plan, name))?;
            name.clone()
        }
        None if names.contains(&"production") => "production".to_string(),
        None => names.first().map(|n| n.to_string()).ok_or_else(|| no_environment(plan, "production"))?,
    };
    let view = plan.environment(&env).ok_or_else(|| no_environment(plan, &env))?;
    let scenario = skyplan_sim::scenario(plan, &env, primary, None)?;
    let inventory = inventory(plan, &env, &scenario)?;
    let recovery = recovery(plan);
    let block = settings(plan);
    let targets = &block.targets;
    let mut strategies = Vec::new();
    for strategy in Strategy::ALL {
        let (rpo_seconds, rpo_terms) = strategy::rpo(strategy, &inventory, &recovery);
        let (rto_seconds, rto_terms) = strategy::rto(strategy, &inventory, &recovery);
        strategies.push(StrategyRow {
            strategy,
            label: strategy.label().into(),
            rpo_seconds,
            rpo_terms,
            rto_seconds,
            rto_terms,
            dr_cost: dr_cost(plan, &env, strategy, primary, dr)?,
            meets_rpo: targets.rpo_minutes.map(|t| rpo_seconds <= u64::from(t) * 60),
            meets_rto: targets.rto_minutes.map(|t| rto_seconds <= u64::from(t) * 60),
            recommended: false,
        });
    }
    let cheapest = strategies
        .iter()
        .enumerate()
        .filter(|(_, s)| s.meets_targets() == Some(true))
        .min_by(|(_, a), (_, b)| a.dr_cost.monthly.cmp(&b.dr_cost.monthly))
        .map(|(i, _)| i);
    let (recommendation, recommendation_note) = match cheapest {
        Some(i) => {
            strategies[i].recommended = true;
            let s = &strategies[i];
            let incomplete = if s.dr_cost.complete {
                String::new()
            } else {
                format!(" (a lower bound: {} price(s) missing)", s.dr_cost.missing_prices.len())
            };
            (
                Some(s.strategy),
                format!(
                    "{}: the cheapest strategy meeting the RTO and RPO targets, {} a month in {}{incomplete}",
                    s.label,
                    skyplan_core::report::money(s.dr_cost.monthly),
                    dr.region
                ),
            )
        }
        None if targets.rto_minutes.is_none() && targets.rpo_minutes.is_none() => {
            (None, "the plan sets no RTO or RPO target (resilience.targets): no strategy is recommended".into())
        }
        None => (
            None,
            "no strategy meets the targets: a design change is needed (more frequent backups, a smaller restore, faster detection)".into(),
        ),
    };

    let az_loss = scenarios::az_loss_report(view, &scenario, availability::azs_of(&view.components), &recovery, options.seed);
    let region_loss = Strategy::ALL
        .iter()
        .map(|s| scenarios::region_loss_row(*s, &scenario, &inventory, &recovery, options.seed))
        .collect();
    let availability_envs: Vec<String> = match &options.environment {
        Some(name) => vec![name.clone()],
        None => names.iter().map(|n| n.to_string()).collect(),
    };
    let availability = availability_envs
        .iter()
        .map(|e| environment_availability(plan, e, primary))
        .collect::<Result<Vec<_>, _>>()?;

    let mut notes = Vec::new();
    if block.dr_region.is_none() {
        notes.push(format!("no resilience.dr_region in the plan: {} taken as the DR region", dr.region));
    }
    if inventory.databases.iter().any(|d| !d.multi_az) {
        notes.push("a database is single-AZ: RDS read replicas raise no availability figure here (they serve reads and are promoted by hand)".into());
    }
    notes.extend(scenario.notes.iter().map(|n| format!("simulation: {n}")));
    Ok(ResilienceReport {
        plan: plan.plan().name.clone(),
        environment: env,
        region: primary.region.clone(),
        dr_region: dr.region.clone(),
        currency: primary.currency.clone(),
        catalog_version: primary.version.clone(),
        dr_catalog_version: dr.version.clone(),
        seed: options.seed,
        targets: TargetsView {
            availability_percent: targets.availability_percent.map(|q| q.get()),
            rto_minutes: targets.rto_minutes,
            rpo_minutes: targets.rpo_minutes,
        },
        strategies,
        recommendation,
        recommendation_note,
        az_loss,
        region_loss,
        availability,
        assumptions: assumptions(&recovery),
        notes,
    })
}
