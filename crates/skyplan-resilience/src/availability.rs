//! Composite availability of an environment from its components' published
//! SLAs ([`crate::sla`]).
//!
//! - Components a request needs are in series: the composite is the product
//!   of their availabilities. CloudWatch and data transfer are not on a
//!   request's path; the VPC's NAT gateways have no published SLA, so they are
//!   left out and said so (a single NAT gateway's AZ outage shows in the
//!   AZ-loss scenario instead).
//! - Redundancy is in parallel, 1 − Π(1 − aᵢ), and never above the figure
//!   AWS publishes for the redundant deployment: the instances of a scaling
//!   group (or of an EKS cluster's node groups together) spread over
//!   min(desired, AZs) AZs, each AZ's share at the EC2 Instance-Level SLA,
//!   capped at the Region-Level SLA; Multi-AZ RDS and an ElastiCache
//!   (Redis/Valkey) replica in a second AZ take their Multi-AZ SLAs. RDS read
//!   replicas serve reads and are promoted by hand, so they do not count.
//! - The weakest link is the lowest component; what would raise it is a change
//!   of the plan (Multi-AZ, a replica, a second instance in another AZ),
//!   priced by applying it to the environment and estimating again.

pub use crate::sla::{parallel, series};
use rust_decimal::Decimal;
use crate::kinds;
use serde::Serialize;
use serde_json::{Map, Value};
use skyplan_core::model::{merge_patch, ComponentView, Kind, Spec, Tier, ValidPlan};
use skyplan_core::{estimate, Catalog, Problems};

/// Minutes in a 730-hour month.
const MINUTES_PER_MONTH: f64 = 730.0 * 60.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentAvailability {
    pub component: String,
    pub name: String,
    pub kind: Kind,
    pub tier: Tier,
    pub percent: f64,
    /// How the figure was reached, e.g. "3 instances in 3 AZs: 1 − 0.005³, capped at 99.99 %".
    pub basis: String,
    /// The SLA pages used.
    pub sources: Vec<String>,
}

/// A change of the plan that raises a component's availability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Improvement {
    pub component: String,
    pub change: String,
    /// The JSON merge patch applied to the component in this environment.
    pub patch: Value,
    pub percent_before: f64,
    pub percent_after: f64,
    pub composite_after_percent: f64,
    /// What the change adds to the environment's monthly estimate; `None` when a price it needs is missing.
    pub monthly_cost: Option<Decimal>,
    pub missing_prices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakestLink {
    pub component: String,
    pub percent: f64,
    pub improvement: Option<Improvement>,
    /// Why nothing in the plan raises it, when nothing does.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvironmentAvailability {
    pub environment: String,
    pub composite_percent: f64,
    /// Downtime the composite allows in a 730-hour month.
    pub downtime_minutes_per_month: f64,
    pub target_percent: Option<f64>,
    pub meets_target: Option<bool>,
    pub components: Vec<ComponentAvailability>,
    /// Components left out of the composite, and why.
    pub not_counted: Vec<String>,
    pub weakest_link: Option<WeakestLink>,
    /// Every change that raises a component, with its cost.
    pub improvements: Vec<Improvement>,
}



fn percent(fraction: f64) -> f64 {
    fraction * 100.0
}




/// The availability of one component in an environment with `azs` AZs, or
/// why it is not counted.
pub fn component_availability(spec: &Spec, azs: u32) -> Result<(f64, String, Vec<String>), String> {
    kinds::availability(spec, azs)
}

/// How many copies of a component run in parallel (AZs or a standby), as
/// its availability counts them.
pub fn parallel_copies(spec: &Spec, azs: u32) -> u32 {
    kinds::parallel_copies(spec, azs)
}

/// The AZs of an environment: its VPC's, else 1.
pub fn azs_of(components: &[ComponentView]) -> u32 {
    components
        .iter()
        .find_map(|c| if let Spec::Vpc(v) = &c.spec { Some(u32::from(v.azs)) } else { None })
        .unwrap_or(1)
}



/// The availability of environment `env`, its weakest link and the priced changes that would raise it.
pub fn environment_availability(plan: &ValidPlan, env: &str, catalog: &Catalog) -> Result<EnvironmentAvailability, Problems> {
    let view = plan.environment(env).ok_or_else(|| crate::no_environment(plan, env))?;
    let azs = azs_of(&view.components);
    let mut components = Vec::new();
    let mut not_counted = Vec::new();
    for c in &view.components {
        match component_availability(&c.spec, azs) {
            Ok((fraction, basis, sources)) => components.push(ComponentAvailability {
                component: c.id.clone(),
                name: c.name.clone(),
                kind: c.spec.kind(),
                tier: c.tier,
                percent: percent(fraction),
                basis,
                sources,
            }),
            Err(why) => not_counted.push(format!("{}: {why}", c.id)),
        }
    }
    let fractions: Vec<f64> = components.iter().map(|c| c.percent / 100.0).collect();
    let composite = series(&fractions);
    let base = estimate(plan, catalog);
    let base_env = base.environment(env);
    let mut improvements = Vec::new();
    for (i, c) in view.components.iter().enumerate() {
        let Some(position) = components.iter().position(|a| a.component == c.id) else {
            continue;
        };
        let Some((change, patch)) = kinds::upgrade(&c.spec, azs) else { continue };
        let mut settings = Value::Object(c.spec.to_settings());
        merge_patch(&mut settings, &patch);
        let Ok(spec) = Spec::from_settings(c.spec.kind(), &settings) else { continue };
        let Ok((after, _, _)) = component_availability(&spec, azs) else { continue };
        let mut parts = fractions.clone();
        parts[position] = after;
        let (monthly_cost, missing_prices) = price_change(plan, view.index, &view.components[i].id, &patch, catalog, env, base_env, &base.missing_prices);
        improvements.push(Improvement {
            component: c.id.clone(),
            change,
            patch,
            percent_before: components[position].percent,
            percent_after: percent(after),
            composite_after_percent: percent(series(&parts)),
            monthly_cost,
            missing_prices,
        });
    }
    let weakest_link = components
        .iter()
        .fold(None::<&ComponentAvailability>, |low, c| match low {
            Some(l) if l.percent <= c.percent => Some(l),
            _ => Some(c),
        })
        .map(|c| {
            let improvement = improvements.iter().find(|i| i.component == c.component).cloned();
            let note = if improvement.is_none() { kinds::why_fixed(c.kind) } else { String::new() };
            WeakestLink {
                component: c.component.clone(),
                percent: c.percent,
                improvement,
                note,
            }
        });
    let target = plan.plan().resilience.as_ref().and_then(|r| r.targets.availability_percent).map(|q| crate::to_f64(q.get()));
    Ok(EnvironmentAvailability {
        environment: env.to_string(),
        composite_percent: percent(composite),
        downtime_minutes_per_month: (1.0 - composite) * MINUTES_PER_MONTH,
        target_percent: target,
        meets_target: target.map(|t| percent(composite) >= t),
        components,
        not_counted,
        weakest_link,
        improvements,
    })
}

/// The monthly cost of applying `patch` to component `id` in environment
/// number `env_index`, and the prices the change needs that are missing.
#[allow(clippy::too_many_arguments)]
fn price_change(
    plan: &ValidPlan,
    env_index: usize,
    id: &str,
    patch: &Value,
    catalog: &Catalog,
    env: &str,
    base: Option<&skyplan_core::cost::EnvironmentCost>,
    base_missing: &[skyplan_core::cost::MissingPrice],
) -> (Option<Decimal>, Vec<String>) {
    let mut changed = plan.plan().clone();
    let overrides = &mut changed.environments[env_index].overrides;
    let mut merged = Value::Object(overrides.get(id).cloned().unwrap_or_default());
    merge_patch(&mut merged, patch);
    if let Value::Object(map) = merged {
        overrides.insert(id.to_string(), map);
    } else {
        overrides.insert(id.to_string(), Map::new());
    }
    let Ok(changed) = ValidPlan::new(changed) else {
        return (None, vec!["the change does not give a valid plan".into()]);
    };
    let after = estimate(&changed, catalog);
    let missing: Vec<String> = after
        .missing_prices
        .iter()
        .filter(|m| m.environment == env && !base_missing.contains(m))
        .map(|m| m.price.clone())
        .collect();
    let cost = match (after.environment(env), base) {
        (Some(a), Some(b)) if missing.is_empty() => Some(a.monthly - b.monthly),
        _ => None,
    };
    (cost, missing)
}
