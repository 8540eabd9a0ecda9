//! What the page shows, derived from the core's estimate. Plain functions,
//! so the components stay thin.

use skyplan_core::cost::{ComponentCost, EnvironmentCost, Estimate};
use skyplan_core::model::{Plan, Problem};
use skyplan_core::report::{money, quantity, total_usd, unit_price};

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
    /// "$12.34", "at least $12.34" or "no price in <region>".
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
pub fn component_rows(env: &EnvironmentCost, region: &str, catalog_problems: &[(String, Problem)]) -> Vec<ComponentRow> {
    component_rows_with(env, region, catalog_problems, false)
}

/// One component's row with its cost lines, for "show calculation".
pub fn calculation_row(env: &EnvironmentCost, region: &str, id: &str) -> Option<ComponentRow> {
    let component = env.components.iter().find(|c| c.id == id)?;
    let single = EnvironmentCost { components: vec![component.clone()], ..env.clone() };
    component_rows_with(&single, region, &[], true).into_iter().next()
}

/// A card's cost on the canvas, and whether it is the whole cost.
pub fn card_cost(component: &ComponentCost, region: &str) -> (String, bool) {
    let text = total_usd(component.monthly, component.complete, region);
    (if component.complete || !component.monthly.is_zero() { format!("{text}/mo") } else { text }, component.complete)
}

fn component_rows_with(env: &EnvironmentCost, region: &str, catalog_problems: &[(String, Problem)], with_lines: bool) -> Vec<ComponentRow> {
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
                    monthly: l.monthly.map(|m| format!("${}", money(m))).unwrap_or_else(|| format!("no price in {region}")),
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
                monthly: total_usd(c.monthly, c.complete, region),
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
    pub complete: bool,
}

pub fn tier_rows(env: &EnvironmentCost, region: &str) -> Vec<TierRow> {
    use rust_decimal::prelude::ToPrimitive;
    let total = env.monthly.to_f64().unwrap_or(0.0);
    env.tiers
        .iter()
        .map(|t| {
            let monthly = t.monthly.to_f64().unwrap_or(0.0);
            TierRow {
                tier: t.tier.as_str(),
                monthly: total_usd(t.monthly, t.complete, region),
                share_percent: if total > 0.0 { monthly / total * 100.0 } else { 0.0 },
                complete: t.complete,
            }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnvironmentSummary {
    pub name: String,
    pub monthly: String,
    pub annual: String,
    pub complete: bool,
    pub part_time_hours: Option<String>,
}

pub fn environment_summaries(estimate: &Estimate) -> Vec<EnvironmentSummary> {
    estimate
        .environments
        .iter()
        .map(|e| EnvironmentSummary {
            name: e.name.clone(),
            monthly: total_usd(e.monthly, e.complete, &estimate.region),
            annual: total_usd(e.annual, e.complete, &estimate.region),
            complete: e.complete,
            part_time_hours: (e.running_hours < skyplan_core::cost::HOURS_PER_MONTH).then(|| quantity(e.running_hours.round_dp(1))),
        })
        .collect()
}

/// The region picker's options: code, location and how old the region's
/// bundled prices are, from `pricing-data/index.json`.
pub fn region_options(
    regions: &[(&'static str, &'static str)],
    index: &skyplan_core::pricing::CatalogIndex,
    user: Option<&skyplan_web_kit::user_catalogs::UserPrices>,
) -> Vec<(&'static str, String)> {
    regions
        .iter()
        .map(|(code, name)| {
            if let Some(date) = user.and_then(|u| u.regions.get(*code)) {
                return (*code, format!("{code} · {name} · your prices of {date}"));
            }
            let dates = index.get(*code).and_then(|s| Some((s.oldest_data()?, s.newest_data()?)));
            let label = match dates {
                Some((oldest, newest)) if oldest.get(..7) == newest.get(..7) => format!("{code} · {name} · prices of {}", &oldest[..7.min(oldest.len())]),
                Some((oldest, newest)) => format!("{code} · {name} · prices of {} to {}", &oldest[..7.min(oldest.len())], &newest[..7.min(newest.len())]),
                None => format!("{code} · {name}"),
            };
            (*code, label)
        })
        .collect()
}

/// One line per catalog table: what it prices and how old its data is.
pub fn price_dates(catalog: &skyplan_core::Catalog) -> Vec<(String, String)> {
    catalog.data_dates.iter().map(|(table, dates)| (table_label(table), dates.to_string())).collect()
}

fn table_label(table: &str) -> String {
    match table {
        "ec2.on_demand" => "EC2 on-demand".into(),
        "ec2.spot" => "EC2 Spot Advisor".into(),
        "ec2.reserved" => "EC2 Reserved Instances".into(),
        "rds" => "RDS instances".into(),
        "elasticache" => "ElastiCache nodes".into(),
        "prices" => "Other services".into(),
        "prices.supplementary" => "Other services (supplementary)".into(),
        other => other.into(),
    }
}
