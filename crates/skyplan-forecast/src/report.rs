//! The forecast as a text table and as CSV: the only place it is rounded.

use crate::{Commitments, Forecast, Renewal};
use rust_decimal::Decimal;
use skyplan_core::model::Tier;
use skyplan_core::report::{money, CsvTable};
use std::fmt::Write as _;

pub fn table(f: &Forecast) -> String {
    let mut out = String::new();
    let growth: Vec<String> = f
        .growth
        .iter()
        .map(|g| format!("{} {} %/month", g.environment, g.monthly_growth_percent.normalize()))
        .collect();
    let _ = writeln!(
        out,
        "Forecast of \"{}\" — {} over {} months; prices {} {} ({}); traffic growth: {}",
        f.plan,
        f.environments.join(", "),
        f.months,
        f.region,
        f.catalog_version,
        f.currency,
        growth.join(", ")
    );
    let _ = writeln!(
        out,
        "Commitments: {}",
        match (f.commitments_basis, f.renewal) {
            (Commitments::None, _) => "none: everything on demand (and spot where the plan says so)".to_string(),
            (Commitments::Recommended, Renewal::Renew) => "the optimizer's recommendation per scaling group, bought in month 1 and renewed on the same terms at expiry".to_string(),
            (Commitments::Recommended, Renewal::Lapse) => "the optimizer's recommendation per scaling group, bought in month 1, on demand after expiry".to_string(),
        }
    );
    if !f.complete {
        let _ = writeln!(
            out,
            "Lower bounds: {} price(s) missing in {} (listed below); every amount is at least what it shows",
            f.missing_prices.len(),
            f.region
        );
    }
    let _ = writeln!(out);
    let tiers: Vec<Tier> = Tier::ALL.into_iter().filter(|t| f.rows.iter().any(|r| r.tier == *t)).collect();
    let mut header = format!("{:>5}", "month");
    for t in &tiers {
        let _ = write!(header, " {:>10}", t.as_str());
    }
    let _ = write!(header, " {:>11} {:>11} {:>10} {:>13} {:>13}", "amortised", "cash", "upfront", "cum. cash", "budget to date");
    let _ = writeln!(out, "{header}");
    for total in &f.totals {
        let mut line = format!("{:>5}", total.month);
        for t in &tiers {
            let amount: Decimal = f.rows.iter().filter(|r| r.month == total.month && r.tier == *t).map(|r| r.amortized).sum();
            let _ = write!(line, " {:>10}", money(amount));
        }
        let _ = write!(
            line,
            " {:>11} {:>11} {:>10} {:>13} {:>13}",
            money(total.amortized),
            money(total.cash),
            money(total.commitment_upfront),
            money(total.cumulative_cash),
            total.budget_cumulative.map_or("—".into(), money)
        );
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "  (tier columns amortised, all environments together)");

    let _ = writeln!(out);
    let _ = writeln!(out, "By environment and year (amortised / cash):");
    for env in &f.environments {
        let mut line = format!("  {env:<14}");
        for year in 0..f.months.div_ceil(12) {
            let months = (year * 12 + 1)..=((year + 1) * 12).min(f.months);
            let of = f.rows.iter().filter(|r| &r.environment == env && months.contains(&r.month));
            let (a, c) = of.fold((Decimal::ZERO, Decimal::ZERO), |(a, c), r| (a + r.amortized, c + r.cash));
            let _ = write!(line, "  year {}: {} / {}", year + 1, money(a), money(c));
        }
        let _ = writeln!(out, "{line}");
    }

    if !f.commitments.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Commitments:");
        for c in &f.commitments {
            let amount = match (c.instances, c.hourly_commitment) {
                (Some(n), _) => format!("{n} RI{}", if n == 1 { "" } else { "s" }),
                (None, Some(h)) => format!("{} USD/h", h.normalize()),
                _ => String::new(),
            };
            let bought: Vec<String> = c.purchase_months.iter().map(|m| m.to_string()).collect();
            let _ = writeln!(
                out,
                "  {} {}: {} × {}, upfront {} (bought in month {}), saves {} a month over {} months",
                c.environment,
                c.group,
                c.option,
                amount,
                money(c.upfront),
                bought.join(", "),
                money(c.monthly_saving),
                c.term_months
            );
        }
    }
    let _ = writeln!(out);
    match &f.budget {
        None => {
            let _ = writeln!(out, "Budget: none (give --budget or resilience.annual_budget_usd)");
        }
        Some(b) => {
            let over = |m: Option<u32>| m.map_or(format!("stays within it over the {} months", f.months), |m| format!("passes it in month {m}"));
            let _ = writeln!(
                out,
                "Budget {} a year ({} a month): amortised spend {}; cash {}. Over {} months: budget {}, cash {}",
                money(b.annual),
                money(b.monthly),
                over(b.first_month_over),
                over(b.first_month_over_cash),
                f.months,
                money(b.horizon_budget),
                money(b.horizon_cash)
            );
        }
    }
    if !f.missing_prices.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Missing prices (in no figure):");
        for m in &f.missing_prices {
            let _ = writeln!(out, "  - {m}");
        }
    }
    if !f.notes.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Notes");
        for n in &f.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    out
}

fn cents(value: Decimal) -> String {
    format!("{:.2}", value.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

/// The forecast as CSV: a row per month, environment and tier, then a total
/// row per month (environment `total`) with the cumulative figures and the
/// budget to date. Amounts in USD, to cents.
pub fn csv(forecast: &Forecast) -> String {
    let mut table = CsvTable::new(&[
        "month", "environment", "tier", "on_demand", "amortized", "cash", "commitment_upfront", "cumulative_amortized",
        "cumulative_cash", "budget_cumulative", "complete",
    ]);
    // Every figure of the forecast leaves the same missing prices out.
    let complete = forecast.complete.to_string();
    for t in &forecast.totals {
        for r in forecast.rows.iter().filter(|r| r.month == t.month) {
            table.row(&[
                ("month", r.month.to_string()),
                ("environment", r.environment.clone()),
                ("tier", r.tier.as_str().into()),
                ("on_demand", cents(r.on_demand)),
                ("amortized", cents(r.amortized)),
                ("cash", cents(r.cash)),
                ("complete", complete.clone()),
            ]);
        }
        table.row(&[
            ("month", t.month.to_string()),
            ("environment", "total".into()),
            ("tier", "all".into()),
            ("on_demand", cents(t.on_demand)),
            ("amortized", cents(t.amortized)),
            ("cash", cents(t.cash)),
            ("commitment_upfront", cents(t.commitment_upfront)),
            ("cumulative_amortized", cents(t.cumulative_amortized)),
            ("cumulative_cash", cents(t.cumulative_cash)),
            ("budget_cumulative", t.budget_cumulative.map(cents).unwrap_or_default()),
            ("complete", complete.clone()),
        ]);
    }
    table.finish()
}
