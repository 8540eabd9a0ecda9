//! What each strategy runs in the DR region, as a plan of its own priced by
//! the cost engine with the DR region's catalog, plus the lines no component
//! declares: database backup copies (backup & restore) and the replication
//! traffic leaving the primary region. A price a catalog lacks is named,
//! never guessed.
//!
//! The DR copy of an environment (see [`crate::strategy`] for what each
//! strategy keeps):
//! - CloudFront and a CloudFront-scoped WAF are global: they are not copied
//!   (the distribution's origin failover points at the DR load balancer).
//! - Databases become single-AZ cross-region read replicas of the same class
//!   and storage (no backups of their own until promoted).
//! - S3 buckets become replicas (versioned, as Cross-Region Replication
//!   requires) holding the same data; each replicated PUT is a PUT there.
//! - Usage-driven lines (load balancer capacity units, requests, logs, data
//!   transfer) are 0 on a standby that serves nothing, and half the
//!   production figure under active/active, which serves half the traffic.
//!   The primary's own usage falls by as much; this cost does not subtract it.

use crate::kinds;
pub use crate::strategy::standby_instances;
use crate::strategy::Strategy;
use rust_decimal::Decimal;
use serde::Serialize;
use skyplan_core::cost::EnvironmentCost;
use skyplan_core::model::{
    Component, Connection, Environment, Plan, Problems, Spec, ValidPlan,
};
use skyplan_core::pricing::{Price, PriceKey};
use skyplan_core::{estimate, Catalog};
use std::collections::BTreeMap;

/// One cost line of the DR footprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrLine {
    pub component: String,
    pub line: String,
    /// Whose catalog prices it: the DR region's, or the primary's (replication traffic).
    pub region: String,
    pub quantity: Decimal,
    pub unit: String,
    pub monthly: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_price: Option<String>,
}

/// The monthly cost of a strategy's DR footprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrCost {
    /// Sum of the priced lines; a lower bound when `complete` is false.
    pub monthly: Decimal,
    pub complete: bool,
    pub lines: Vec<DrLine>,
    /// Every price the catalogs lack, by name.
    pub missing_prices: Vec<String>,
}





/// The DR region's plan for environment `env` under `strategy`: one
/// environment, `<env>-dr`, with the environment's components as it sees
/// The DR copy of one component under `strategy`, or `None` if nothing of it runs there.
pub fn standby_spec(spec: &Spec, strategy: Strategy) -> Option<Spec> {
    kinds::standby(spec, strategy)
}

/// them, turned into their standby copies.
pub fn dr_plan(plan: &ValidPlan, env: &str, strategy: Strategy, dr_region: &str) -> Result<ValidPlan, Problems> {
    let view = plan.environment(env).ok_or_else(|| crate::no_environment(plan, env))?;
    let components: Vec<Component> = view
        .components
        .iter()
        .filter_map(|c| {
            standby_spec(&c.spec, strategy).map(|spec| Component {
                id: c.id.clone(),
                name: Some(c.name.clone()),
                tier: c.tier,
                spec,
            })
        })
        .collect();
    let ids: Vec<String> = components.iter().map(|c| c.id.clone()).collect();
    let kept = |id: &str| ids.iter().any(|i| i == id);
    let connections: Vec<Connection> = plan.plan().connections.iter().filter(|c| kept(&c.from) && kept(&c.to)).cloned().collect();
    // A CloudFront origin list or an alarm target may name a component left behind.
    let components = components
        .into_iter()
        .map(|mut c| {
            for id in plan.plan().components.iter().map(|other| other.id.as_str()).filter(|id| !kept(id)) {
                c.spec.forget(id);
            }
            c
        })
        .collect();
    let mut dr = Plan::blank(dr_region);
    dr.name = format!("{} — DR ({})", plan.plan().name, strategy.label());
    dr.environments = vec![Environment {
        name: format!("{env}-dr"),
        schedule: Some(view.schedule),
        overrides: BTreeMap::new(),
        omit: Vec::new(),
    }];
    dr.components = components;
    dr.connections = connections;
    ValidPlan::new(dr)
}

/// Prices `quantity` of `key` with `catalog`, tiered prices band by band.
pub fn price_quantity(catalog: &Catalog, key: PriceKey, quantity: Decimal) -> Result<Decimal, String> {
    match catalog.price(key) {
        None => Err(format!("{key} in {}", catalog.region)),
        Some(Price::Flat(price)) => Ok(quantity * *price),
        Some(Price::Tiered { tiers }) => {
            let (mut total, mut lower, mut remaining) = (Decimal::ZERO, Decimal::ZERO, quantity);
            for tier in tiers {
                if remaining <= Decimal::ZERO {
                    break;
                }
                let band = tier.up_to.map_or(remaining, |upper| (upper - lower).min(remaining));
                total += band * tier.price;
                remaining -= band;
                lower = tier.up_to.unwrap_or(lower);
            }
            if remaining > Decimal::ZERO {
                Err(format!("{key} above {} in {}", lower.normalize(), catalog.region))
            } else {
                Ok(total)
            }
        }
    }
}

fn lines_of(env: &EnvironmentCost, region: &str) -> Vec<DrLine> {
    env.components
        .iter()
        .flat_map(|c| {
            c.lines.iter().map(move |l| DrLine {
                component: c.id.clone(),
                line: l.name.clone(),
                region: region.to_string(),
                quantity: l.quantity,
                unit: l.unit.clone(),
                monthly: l.monthly,
                missing_price: l.missing_price.clone(),
            })
        })
        .collect()
}

/// The monthly cost of `strategy`'s DR footprint for environment `env`.
pub fn dr_cost(plan: &ValidPlan, env: &str, strategy: Strategy, primary: &Catalog, dr: &Catalog) -> Result<DrCost, Problems> {
    let dr_plan = dr_plan(plan, env, strategy, &dr.region)?;
    let estimate = estimate(&dr_plan, dr);
    let mut lines = estimate.environments.first().map(|e| lines_of(e, &dr.region)).unwrap_or_default();
    let view = plan.environment(env).ok_or_else(|| crate::no_environment(plan, env))?;
    let mut replicated_gb = Decimal::ZERO;
    for component in &view.components {
        replicated_gb += kinds::replicated_gb(&component.spec);
        if strategy == Strategy::BackupRestore {
            if let Some((line, retained)) = kinds::backup_copies(&component.spec) {
                let price = price_quantity(dr, PriceKey::RdsBackupGbMonth, retained);
                lines.push(DrLine {
                    component: component.id.clone(),
                    line,
                    region: dr.region.clone(),
                    quantity: retained,
                    unit: "GB-months".into(),
                    monthly: price.as_ref().ok().copied(),
                    missing_price: price.err(),
                });
            }
        }
    }
    if !replicated_gb.is_zero() {
        let price = price_quantity(primary, PriceKey::DataTransferInterRegionGb, replicated_gb);
        lines.push(DrLine {
            component: "replication".into(),
            line: "Data replicated to the DR region (database changes × 30 days + S3 ingest)".into(),
            region: primary.region.clone(),
            quantity: replicated_gb,
            unit: "GB".into(),
            monthly: price.as_ref().ok().copied(),
            missing_price: price.err(),
        });
    }
    let time_controlled: Vec<Decimal> = view.components.iter().filter_map(|c| kinds::time_controlled_replication_gb(&c.spec)).collect();
    let replicated_s3: Decimal = time_controlled.iter().sum();
    if !time_controlled.is_empty() {
        lines.push(DrLine {
            component: "replication".into(),
            line: "S3 Replication Time Control data".into(),
            region: primary.region.clone(),
            quantity: replicated_s3,
            unit: "GB".into(),
            monthly: None,
            missing_price: Some(format!("S3 Replication Time Control per GB in {} (no catalog has it)", primary.region)),
        });
    }
    let missing_prices: Vec<String> = lines.iter().filter_map(|l| l.missing_price.clone()).collect();
    Ok(DrCost {
        monthly: lines.iter().filter_map(|l| l.monthly).sum(),
        complete: missing_prices.is_empty(),
        lines,
        missing_prices,
    })
}
