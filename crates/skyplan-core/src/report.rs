//! Renders an estimate as a text table or CSV. Rounding happens here, and
//! only here: the engine keeps full precision.

use crate::cost::{CostLine, Estimate};
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt::Write;

/// `1234.5` → `"1,234.50"`: money to cents, half away from zero.
pub fn money(amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.2}", rounded.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "-" } else { "" };
    format!("{sign}{grouped}.{cents}")
}

/// A total for display, never passing a lower bound off as the cost: the
/// amount when every line is priced, "at least …" when some are not, and
/// "no price in <region>" when none is.
pub fn total(amount: Decimal, complete: bool, region: &str) -> String {
    bounded(amount, complete, region, "")
}

/// [`total`] in dollars, as the web app shows it.
pub fn total_usd(amount: Decimal, complete: bool, region: &str) -> String {
    bounded(amount, complete, region, "$")
}

fn bounded(amount: Decimal, complete: bool, region: &str, symbol: &str) -> String {
    if complete {
        format!("{symbol}{}", money(amount))
    } else if amount.is_zero() {
        format!("no price in {region}")
    } else {
        format!("at least {symbol}{}", money(amount))
    }
}

/// A quantity for display: up to 4 decimals, trailing zeros dropped.
pub fn quantity(amount: Decimal) -> String {
    amount.round_dp(4).normalize().to_string()
}

/// A unit price for display: full catalog precision.
pub fn unit_price(price: Option<Decimal>) -> String {
    price.map(|p| p.normalize().to_string()).unwrap_or_else(|| "missing".into())
}

fn line_monthly(line: &CostLine) -> String {
    line.monthly.map(money).unwrap_or_else(|| "—".into())
}

/// Which environments to include.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    All,
    Environment(&'a str),
}

impl Scope<'_> {
    fn includes(&self, name: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Environment(wanted) => *wanted == name,
        }
    }
}

/// The estimate as JSON. For one environment: only its costs and missing
/// prices, and the totals of that environment alone.
pub fn json(estimate: &Estimate, scope: Scope) -> String {
    let mut scoped = estimate.clone();
    if let Scope::Environment(name) = scope {
        scoped.environments.retain(|e| e.name == name);
        scoped.missing_prices.retain(|m| m.environment == name);
        scoped.monthly = scoped.environments.iter().map(|e| e.monthly).sum();
        scoped.annual = scoped.environments.iter().map(|e| e.annual).sum();
        scoped.complete = scoped.environments.iter().all(|e| e.complete);
    }
    serde_json::to_string_pretty(&scoped).unwrap_or_default()
}

/// The human-readable table `skyplan estimate` prints.
pub fn table(estimate: &Estimate, scope: Scope) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {} — prices {} ({})", estimate.plan, estimate.region, estimate.catalog_version, estimate.currency);
    for env in estimate.environments.iter().filter(|e| scope.includes(&e.name)) {
        let _ = writeln!(out);
        let hours = if env.running_hours < crate::cost::HOURS_PER_MONTH {
            format!(" (part-time: {} h/month)", quantity(env.running_hours.round_dp(1)))
        } else {
            String::new()
        };
        let _ = writeln!(out, "Environment: {}{hours}", env.name);
        let _ = writeln!(out, "  {:<58} {:>14} {:<12} {:>12} {:>12}", "Component / line", "Quantity", "Unit", "Unit price", "Monthly");
        for component in &env.components {
            let _ = writeln!(out, "  {} [{}] ({}, {} tier)", component.name, component.id, component.kind.as_str(), component.tier.as_str());
            for line in &component.lines {
                let _ = writeln!(
                    out,
                    "    {:<56} {:>14} {:<12} {:>12} {:>12}",
                    truncate(&line.name, 56),
                    quantity(line.quantity),
                    line.unit,
                    unit_price(line.unit_price),
                    line_monthly(line)
                );
            }
            let subtotal = total(component.monthly, component.complete, &estimate.region);
            let _ = writeln!(out, "    {:<56} {:>53}", "", format!("subtotal {subtotal}"));
        }
        let _ = writeln!(out, "  By tier:");
        for tier in &env.tiers {
            let _ = writeln!(out, "    {:<20} {:>14}", tier.tier.as_str(), total(tier.monthly, tier.complete, &estimate.region));
        }
        let (monthly, annual) = (total(env.monthly, env.complete, &estimate.region), total(env.annual, env.complete, &estimate.region));
        let _ = writeln!(out, "  Monthly {monthly:>14}   Annual {annual:>14}");
    }
    if scope == Scope::All && estimate.environments.len() > 1 {
        let _ = writeln!(out);
        let (monthly, annual) = (total(estimate.monthly, estimate.complete, &estimate.region), total(estimate.annual, estimate.complete, &estimate.region));
        let _ = writeln!(out, "All environments: monthly {monthly}   annual {annual}");
    }
    let missing: Vec<_> = estimate.missing_prices.iter().filter(|m| scope.includes(&m.environment)).collect();
    if !missing.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Not priced (absent from the catalog, so not in any total):");
        for m in missing {
            let _ = writeln!(out, "  {} / {} / {}: {}", m.environment, m.component, m.line, m.price);
        }
    }
    out
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width - 1).collect();
        cut.push('…');
        cut
    }
}

/// One row per cost line; amounts unrounded so a spreadsheet can add them up.
pub fn csv(estimate: &Estimate, scope: Scope) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "environment", "tier", "component", "kind", "line", "quantity", "unit", "unit_price", "monthly", "missing_price",
    ]);
    for env in estimate.environments.iter().filter(|e| scope.includes(&e.name)) {
        for component in &env.components {
            for line in &component.lines {
                let _ = writer.write_record([
                    env.name.as_str(),
                    component.tier.as_str(),
                    component.id.as_str(),
                    component.kind.as_str(),
                    line.name.as_str(),
                    &line.quantity.normalize().to_string(),
                    line.unit.as_str(),
                    &line.unit_price.map(|p| p.normalize().to_string()).unwrap_or_default(),
                    &line.monthly.map(|m| m.normalize().to_string()).unwrap_or_default(),
                    line.missing_price.as_deref().unwrap_or_default(),
                ]);
            }
        }
    }
    writer.into_inner().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}

/// A CSV document with a fixed header, whose rows name the columns they
/// fill (the others stay empty), quoted by the csv crate. The analysis
/// crates' reports write their CSV with it.
pub struct CsvTable {
    columns: &'static [&'static str],
    writer: csv::Writer<Vec<u8>>,
}

impl CsvTable {
    pub fn new(columns: &'static [&'static str]) -> CsvTable {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record(columns);
        CsvTable { columns, writer }
    }

    /// One row: `(column, value)` pairs, in any order.
    pub fn row(&mut self, values: &[(&str, String)]) {
        debug_assert!(values.iter().all(|(name, _)| self.columns.contains(name)), "a column not in the header: {values:?}");
        let record = self.columns.iter().map(|column| values.iter().find(|(name, _)| name == column).map_or("", |(_, value)| value.as_str()));
        let _ = self.writer.write_record(record);
    }

    pub fn finish(self) -> String {
        self.writer.into_inner().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
    }
}
