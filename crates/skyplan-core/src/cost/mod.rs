//! The cost engine: turns a [`ValidPlan`] and a [`Catalog`] into an
//! [`Estimate`].
//!
//! Each kind *declares* its cost lines (quantity, unit, which price) in its
//! own file, `kinds/<kind>.rs`, in the manner of infracost; this module
//! prices them, applies tiered prices band by band, and adds up totals.
//! A month is 730 hours. A part-time environment's running hours are
//! `730 × hours per week / 168`; each resource file says which of its lines
//! follow that schedule (instances that can be stopped) and which do not.

pub mod line;

pub use line::{Context, LineSpec, PriceSource, HOURS_PER_MONTH};

use crate::kinds::{Kind, Tier};
use crate::model::{EnvironmentView, Schedule, ValidPlan};
use crate::pricing::{Catalog, Price};
use rust_decimal::Decimal;
use serde::Serialize;

const HOURS_PER_WEEK: Decimal = Decimal::from_parts(168, 0, 0, false, 0);
const MONTHS_PER_YEAR: Decimal = Decimal::from_parts(12, 0, 0, false, 0);
/// Running hours per month of an environment on this schedule.
pub fn running_hours(schedule: Schedule) -> Decimal {
    HOURS_PER_MONTH * Decimal::from(schedule.hours_per_week()) / HOURS_PER_WEEK
}

/// A priced line: `monthly = quantity × unit_price`, or no price at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    pub name: String,
    pub quantity: Decimal,
    pub unit: String,
    pub unit_price: Option<Decimal>,
    pub monthly: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What the catalog lacks, when `unit_price` is `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_price: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentCost {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub tier: Tier,
    pub lines: Vec<CostLine>,
    /// The sum of the priced lines: the whole cost when `complete`, a lower
    /// bound otherwise (show it as "at least", never as the cost).
    pub monthly: Decimal,
    /// Every line has a price.
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierCost {
    pub tier: Tier,
    pub monthly: Decimal,
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvironmentCost {
    pub name: String,
    pub running_hours: Decimal,
    pub components: Vec<ComponentCost>,
    /// Only the tiers that have components, in lane order.
    pub tiers: Vec<TierCost>,
    pub monthly: Decimal,
    pub annual: Decimal,
    /// Every line of every component has a price.
    pub complete: bool,
}

/// A price the estimate needed and the catalog lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingPrice {
    pub environment: String,
    pub component: String,
    pub line: String,
    pub price: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    pub plan: String,
    pub region: String,
    pub currency: String,
    pub catalog_version: String,
    pub environments: Vec<EnvironmentCost>,
    pub monthly: Decimal,
    pub annual: Decimal,
    /// No price is missing: `monthly` is the whole cost, not a lower bound.
    pub complete: bool,
    /// Lines left unpriced; their cost is not in any total.
    pub missing_prices: Vec<MissingPrice>,
}

impl Estimate {
    pub fn environment(&self, name: &str) -> Option<&EnvironmentCost> {
        self.environments.iter().find(|e| e.name == name)
    }
}

/// Estimates every environment of the plan.
pub fn estimate(plan: &ValidPlan, catalog: &Catalog) -> Estimate {
    let mut missing_prices = Vec::new();
    let environments: Vec<EnvironmentCost> =
        plan.environments().iter().map(|env| estimate_environment(env, catalog, &mut missing_prices)).collect();
    let monthly = environments.iter().map(|e| e.monthly).sum();
    let complete = environments.iter().all(|e| e.complete);
    Estimate {
        plan: plan.plan().name.clone(),
        region: catalog.region.clone(),
        currency: catalog.currency.clone(),
        catalog_version: catalog.version.clone(),
        environments,
        monthly,
        annual: monthly * MONTHS_PER_YEAR,
        complete,
        missing_prices,
    }
}

fn estimate_environment(env: &EnvironmentView, catalog: &Catalog, missing: &mut Vec<MissingPrice>) -> EnvironmentCost {
    let context = Context { catalog, running_hours: running_hours(env.schedule) };
    let components: Vec<ComponentCost> = env
        .components
        .iter()
        .map(|component| {
            let lines: Vec<CostLine> = component.spec.cost_lines(&context)
                .into_iter()
                .filter(|line| !line.quantity.is_zero())
                .flat_map(|line| price(line, catalog))
                .collect();
            for line in &lines {
                if let Some(price) = &line.missing_price {
                    missing.push(MissingPrice {
                        environment: env.name.clone(),
                        component: component.id.clone(),
                        line: line.name.clone(),
                        price: price.clone(),
                    });
                }
            }
            ComponentCost {
                id: component.id.clone(),
                name: component.name.clone(),
                kind: component.spec.kind(),
                tier: component.tier,
                monthly: lines.iter().filter_map(|l| l.monthly).sum(),
                complete: lines.iter().all(|l| l.monthly.is_some()),
                lines,
            }
        })
        .collect();
    let tiers = Tier::ALL
        .into_iter()
        .filter(|tier| components.iter().any(|c| c.tier == *tier))
        .map(|tier| {
            let in_tier = || components.iter().filter(|c| c.tier == tier);
            TierCost { tier, monthly: in_tier().map(|c| c.monthly).sum(), complete: in_tier().all(|c| c.complete) }
        })
        .collect();
    let monthly: Decimal = components.iter().map(|c| c.monthly).sum();
    let complete = components.iter().all(|c| c.complete);
    EnvironmentCost {
        name: env.name.clone(),
        running_hours: context.running_hours,
        components,
        tiers,
        monthly,
        annual: monthly * MONTHS_PER_YEAR,
        complete,
    }
}

/// Prices one declared line; a tiered price yields one line per band used.
fn price(line: LineSpec, catalog: &Catalog) -> Vec<CostLine> {
    let priced = |name: String, quantity: Decimal, unit_price: Decimal, note: Option<String>| CostLine {
        name,
        quantity,
        unit: line.unit.to_string(),
        unit_price: Some(unit_price),
        monthly: Some(quantity * unit_price),
        note,
        missing_price: None,
    };
    let unpriced = |name: String, quantity: Decimal, missing: String| CostLine {
        name,
        quantity,
        unit: line.unit.to_string(),
        unit_price: None,
        monthly: None,
        note: line.note.clone(),
        missing_price: Some(missing),
    };
    match &line.price {
        PriceSource::Resolved(Ok(unit_price)) => vec![priced(line.name.clone(), line.quantity, *unit_price, line.note.clone())],
        PriceSource::Resolved(Err(missing)) => vec![unpriced(line.name.clone(), line.quantity, missing.clone())],
        PriceSource::Key(key) => match catalog.price(*key) {
            None => vec![unpriced(line.name.clone(), line.quantity, format!("{key} in {}", catalog.region))],
            Some(Price::Flat(unit_price)) => vec![priced(line.name.clone(), line.quantity, *unit_price, line.note.clone())],
            Some(Price::Tiered { tiers }) => {
                // Bands are volumes stored or sent in the month: GB, not GB-months.
                let band_unit = line.unit.trim_end_matches("-months");
                let mut lines = Vec::new();
                let mut lower = Decimal::ZERO;
                let mut remaining = line.quantity;
                for tier in tiers {
                    if remaining <= Decimal::ZERO {
                        break;
                    }
                    let band = match tier.up_to {
                        Some(upper) => (upper - lower).min(remaining),
                        None => remaining,
                    };
                    let label = match tier.up_to {
                        Some(upper) if lower.is_zero() => format!("{} (first {} {band_unit})", line.name, upper.normalize()),
                        Some(upper) => format!("{} ({}–{} {band_unit})", line.name, lower.normalize(), upper.normalize()),
                        None if lower.is_zero() => line.name.clone(),
                        None => format!("{} (over {} {band_unit})", line.name, lower.normalize()),
                    };
                    lines.push(priced(label, band, tier.price, line.note.clone()));
                    remaining -= band;
                    lower = tier.up_to.unwrap_or(lower);
                }
                if remaining > Decimal::ZERO {
                    lines.push(unpriced(
                        format!("{} (over {} {band_unit})", line.name, lower.normalize()),
                        remaining,
                        format!("{key} above {} {band_unit} in {}", lower.normalize(), catalog.region),
                    ));
                }
                lines
            }
        },
    }
}
