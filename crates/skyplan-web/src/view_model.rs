//! What the page shows, derived from the core's estimate. Plain functions,
//! so the components stay thin.

use skyplan_core::cost::{ComponentCost, EnvironmentCost, Estimate};
use skyplan_core::model::{Plan, Problem};
use skyplan_core::report::{money, quantity, unit_price};

#[derive(Debug, Clone, PartialEq)]
pub struct LineRow {
    pub name: String,
    pub quantity: String,
    pub unit: String,
    pub unit_price: String,
    pub monthly: String,
    pub note: Option<String>,
    pub missing: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComponentRow {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub tier: &'static str,
    pub monthly: String,
    pub share_percent: f64,
    pub lines: Vec<LineRow>,
    pub has_missing: bool,
    pub problems: Vec<String>,
}

/// Pairs each problem with the id of the component its path points into
/// (`components[3]...` or `environments[0].overrides.<id>...`).
pub fn problems_by_component(plan: &Plan, problems: &[Problem]) -> Vec<(String, Problem)> {
    problems
        .iter()
        .filter_map(|problem| {
            let id = if let Some(rest) = problem.path.strip_prefix("components[") {
                let index: usize = rest.split(']').next()?.parse().ok()?;
                plan.components.get(index)?.id.clone()
            } else {
                let (_, rest) = problem.path.split_once(".overrides.")?;
                rest.split(['.', '[']).next()?.to_string()
            };
            Some((id, problem.clone()))
        })
        .collect()
}

/// Rows for the cost table: the component's figures without its lines.
pub fn component_rows(env: &EnvironmentCost, catalog_problems: &[(String, Problem)]) -> Vec<ComponentRow> {
    component_rows_with(env, catalog_problems, false)
}

/// One component's row with its cost lines, for "show calculation".
pub fn calculation_row(env: &EnvironmentCost, id: &str) -> Option<ComponentRow> {
    let component = env.components.iter().find(|c| c.id == id)?;
    let single = EnvironmentCost { components: vec![component.clone()], ..env.clone() };
    component_rows_with(&single, &[], true).into_iter().next()
}

fn component_rows_with(env: &EnvironmentCost, catalog_problems: &[(String, Problem)], with_lines: bool) -> Vec<ComponentRow> {
    use rust_decimal::prelude::ToPrimitive;
    let total = env.monthly.to_f64().unwrap_or(0.0);
    env.components
        .iter()
        .map(|c: &ComponentCost| {
            let lines: Vec<LineRow> = c
                .lines
                .iter()
                .filter(|_| with_lines)
                .map(|l| LineRow {
                    name: l.name.clone(),
                    quantity: quantity(l.quantity),
                    unit: l.unit.clone(),
                    unit_price: unit_price(l.unit_price),
                    monthly: l.monthly.map(money).unwrap_or_else(|| "not priced".into()),
                    note: l.note.clone().or_else(|| l.missing_price.clone().map(|m| format!("missing price: {m}"))),
                    missing: l.missing_price.is_some(),
                })
                .collect();
            let monthly = c.monthly.to_f64().unwrap_or(0.0);
            ComponentRow {
                id: c.id.clone(),
                name: c.name.clone(),
                kind: c.kind.label(),
                tier: c.tier.as_str(),
                monthly: money(c.monthly),
                share_percent: if total > 0.0 { monthly / total * 100.0 } else { 0.0 },
                has_missing: c.lines.iter().any(|l| l.missing_price.is_some()),
                lines,
                problems: catalog_problems
                    .iter()
                    .filter(|(id, _)| *id == c.id)
                    .map(|(_, problem)| problem.to_string())
                    .collect(),
            }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierRow {
    pub tier: &'static str,
    pub monthly: String,
    pub share_percent: f64,
}

pub fn tier_rows(env: &EnvironmentCost) -> Vec<TierRow> {
    use rust_decimal::prelude::ToPrimitive;
    let total = env.monthly.to_f64().unwrap_or(0.0);
    env.tiers
        .iter()
        .map(|t| {
            let monthly = t.monthly.to_f64().unwrap_or(0.0);
            TierRow { tier: t.tier.as_str(), monthly: money(t.monthly), share_percent: if total > 0.0 { monthly / total * 100.0 } else { 0.0 } }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnvironmentSummary {
    pub name: String,
    pub monthly: String,
    pub annual: String,
    pub part_time_hours: Option<String>,
}

pub fn environment_summaries(estimate: &Estimate) -> Vec<EnvironmentSummary> {
    estimate
        .environments
        .iter()
        .map(|e| EnvironmentSummary {
            name: e.name.clone(),
            monthly: money(e.monthly),
            annual: money(e.annual),
            part_time_hours: (e.running_hours < skyplan_core::cost::HOURS_PER_MONTH).then(|| quantity(e.running_hours.round_dp(1))),
        })
        .collect()
}
