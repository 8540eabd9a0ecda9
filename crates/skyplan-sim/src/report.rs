//! A simulation report as text: a table for people and CSV for spreadsheets.

use skyplan_core::report::CsvTable;
use crate::optimizer::CommitmentOutcome;
use crate::{MonteCarlo, Period, SimulationReport};
use rust_decimal::Decimal;
use skyplan_core::report::money;
use std::fmt::Write as _;

fn opt_money(value: Option<Decimal>) -> String {
    value.map_or_else(|| "unpriced".to_string(), money)
}

fn amount(o: &CommitmentOutcome) -> String {
    match (o.instances, o.hourly_commitment) {
        (Some(n), _) => format!("{n} RI{}", if n == 1 { "" } else { "s" }),
        (None, Some(c)) => format!("{} USD/h", c.round_dp(4).normalize()),
        _ => String::new(),
    }
}

fn break_even(o: &CommitmentOutcome) -> String {
    match o.break_even_month {
        Some(m) => format!("month {m}"),
        None if o.instances == Some(0) || o.hourly_commitment.is_some_and(|c| c.is_zero()) => "—".into(),
        None => "never".into(),
    }
}

pub fn table(report: &SimulationReport, bands: Option<&MonteCarlo>) -> String {
    let mut out = String::new();
    let period = match report.period {
        Period::Month => "a month",
        Period::Year => "a year",
    };
    let _ = writeln!(
        out,
        "Simulation of \"{}\" — {} over {period} ({} h) at {}-minute steps, seed {}; prices {} {} ({})",
        report.plan, report.environment, report.hours, report.step_minutes, report.seed, report.region, report.catalog_version, report.currency
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<22} {:<10} {:<22} {:>6} {:>9} {:>12} {:>8} {:>9} {:>18} {:>7} {:>12} {:>12}",
        "group", "type", "policy", "min–max", "instances", "inst-hours", "avg CPU", "peak CPU", "overload min (%)", "interr.", "monthly", "all on-dem."
    );
    for g in &report.groups {
        let _ = writeln!(
            out,
            "{:<22} {:<10} {:<22} {:>6} {:>9} {:>12} {:>7}% {:>8}% {:>18} {:>7} {:>12} {:>12}",
            g.key,
            g.instance_type,
            g.policy,
            format!("{}–{}", g.min, g.max),
            format!("{}–{}", g.fewest_instances, g.most_instances),
            g.instance_hours.round_dp(1),
            g.average_utilization_percent.round_dp(1),
            g.peak_utilization_percent.round_dp(1),
            format!("{} ({}%)", g.overload_minutes, g.overload_share_percent.round_dp(2)),
            g.spot_interruptions,
            opt_money(g.monthly_cost),
            opt_money(g.all_on_demand_monthly),
        );
    }
    let t = &report.totals;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Total per month: {} as configured, {} all on demand, {} with the recommendations below; overload {} min; {} M requests, {} per million",
        opt_money(t.monthly_cost),
        opt_money(t.all_on_demand_monthly),
        opt_money(t.recommended_monthly),
        t.overload_minutes,
        t.requests_millions.round_dp(1),
        t.cost_per_million_requests.map_or_else(|| "unpriced".into(), |c| c.round_dp(4).normalize().to_string()),
    );

    let _ = writeln!(out);
    let _ = writeln!(out, "Purchase options: commitments cover each group's on-demand instances (spot is never covered); monthly = average over the term, upfront included");
    for g in &report.groups {
        let _ = writeln!(out);
        let _ = writeln!(out, "{} ({}, on demand {} USD/h{})", g.key, g.instance_type, g.on_demand_hourly.map_or("unpriced".into(), |p| p.normalize().to_string()), g.spot_hourly.map_or(String::new(), |p| format!(", spot {} USD/h", p.round_dp(4).normalize())));
        if g.on_demand_instance_hours.is_zero() {
            let _ = writeln!(out, "  → no on-demand instances: nothing for a commitment to cover");
            continue;
        }
        let _ = writeln!(out, "  {:<42} {:>14} {:>12} {:>12} {:>22} {:>11} {:>9}", "option", "amount", "upfront", "monthly", "saving a month", "break-even", "used");
        if let Some(first) = g.commitments.first() {
            let _ = writeln!(out, "  {:<42} {:>14} {:>12} {:>12}", "on demand", "", "", money(first.on_demand_monthly));
        }
        for o in &g.commitments {
            let _ = writeln!(
                out,
                "  {:<42} {:>14} {:>12} {:>12} {:>22} {:>11} {:>8}%",
                format!("{}{}", o.option, if o.optimized { "" } else { " (plan's amount)" }),
                amount(o),
                money(o.upfront),
                money(o.monthly),
                format!("{} ({}%)", money(o.savings_monthly), o.savings_percent.round_dp(1)),
                break_even(o),
                o.utilization_percent.round_dp(1),
            );
        }
        for u in &g.unpriced_options {
            let _ = writeln!(out, "  {:<42} unpriced: {}", u.option, u.reason);
        }
        for m in &g.missing_prices {
            let _ = writeln!(out, "  missing price: {m}");
        }
        match &g.recommendation {
            Some(r) => {
                let _ = writeln!(
                    out,
                    "  → recommended: {} × {}: saves {} a month ({}%), break-even {}, {}% of the commitment used",
                    r.option,
                    amount(r),
                    money(r.savings_monthly),
                    r.savings_percent.round_dp(1),
                    break_even(r),
                    r.utilization_percent.round_dp(1)
                );
            }
            None => {
                let _ = writeln!(out, "  → recommended: no commitment (none beats on demand for this usage)");
            }
        }
    }
    if let Some(mc) = bands {
        let _ = writeln!(out);
        let _ = writeln!(out, "Monte Carlo: {} trials at {}-minute steps, seed {} (noise, random spikes, spot interruptions)", mc.trials, mc.step_minutes, mc.seed);
        match &mc.monthly_cost {
            Some(c) => {
                let _ = writeln!(out, "  monthly cost      P10 {:>12}  P50 {:>12}  P90 {:>12}", money(c.p10), money(c.p50), money(c.p90));
            }
            None => {
                let _ = writeln!(out, "  monthly cost      unpriced (a price is missing)");
            }
        }
        let o = &mc.overload_minutes;
        let _ = writeln!(out, "  overload minutes  P10 {:>12}  P50 {:>12}  P90 {:>12}", o.p10, o.p50, o.p90);
        let _ = writeln!(
            out,
            "  (hourly steps see a traffic ramp as a jump each hour, so they overstate overload; compare trials with each other, and the 1-minute simulation above for the level)"
        );
    }
    if !report.notes.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Notes");
        for note in &report.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    out
}

/// One row per group, one per purchase option, and the Monte Carlo bands.
pub fn csv(report: &SimulationReport, bands: Option<&MonteCarlo>) -> String {
    let mut table = CsvTable::new(&[
        "row", "environment", "group", "option", "instance_type", "instance_hours", "average_utilization_percent",
        "peak_utilization_percent", "overload_minutes", "monthly_cost", "all_on_demand_monthly", "amount", "upfront",
        "savings_monthly", "break_even_month", "commitment_utilization_percent", "recommended",
    ]);
    let d = |v: Option<Decimal>| v.map(|x| x.round_dp(2).to_string()).unwrap_or_default();
    let environment = report.environment.clone();
    for g in &report.groups {
        table.row(&[
            ("row", "group".into()),
            ("environment", environment.clone()),
            ("group", g.key.clone()),
            ("instance_type", g.instance_type.clone()),
            ("instance_hours", g.instance_hours.round_dp(2).to_string()),
            ("average_utilization_percent", g.average_utilization_percent.to_string()),
            ("peak_utilization_percent", g.peak_utilization_percent.to_string()),
            ("overload_minutes", g.overload_minutes.to_string()),
            ("monthly_cost", d(g.monthly_cost)),
            ("all_on_demand_monthly", d(g.all_on_demand_monthly)),
        ]);
        for o in &g.commitments {
            let recommended = g.recommendation.as_ref().is_some_and(|r| r.option == o.option);
            table.row(&[
                ("row", "option".into()),
                ("environment", environment.clone()),
                ("group", g.key.clone()),
                ("option", o.option.clone()),
                ("instance_type", g.instance_type.clone()),
                ("monthly_cost", o.monthly.round_dp(2).to_string()),
                ("all_on_demand_monthly", o.on_demand_monthly.round_dp(2).to_string()),
                ("amount", amount(o)),
                ("upfront", o.upfront.round_dp(2).to_string()),
                ("savings_monthly", o.savings_monthly.round_dp(2).to_string()),
                ("break_even_month", o.break_even_month.map(|m| m.to_string()).unwrap_or_default()),
                ("commitment_utilization_percent", o.utilization_percent.to_string()),
                ("recommended", recommended.to_string()),
            ]);
        }
        for u in &g.unpriced_options {
            table.row(&[
                ("row", "unpriced".into()),
                ("environment", environment.clone()),
                ("group", g.key.clone()),
                ("option", u.option.clone()),
                ("instance_type", g.instance_type.clone()),
                ("amount", u.reason.clone()),
                ("recommended", "false".into()),
            ]);
        }
    }
    if let Some(mc) = bands {
        if let Some(c) = &mc.monthly_cost {
            for (name, v) in [("p10", c.p10), ("p50", c.p50), ("p90", c.p90)] {
                table.row(&[
                    ("row", "monte_carlo_monthly_cost".into()),
                    ("environment", environment.clone()),
                    ("option", name.into()),
                    ("monthly_cost", v.round_dp(2).to_string()),
                ]);
            }
        }
        let o = &mc.overload_minutes;
        for (name, v) in [("p10", o.p10), ("p50", o.p50), ("p90", o.p90)] {
            table.row(&[
                ("row", "monte_carlo_overload_minutes".into()),
                ("environment", environment.clone()),
                ("option", name.into()),
                ("overload_minutes", v.to_string()),
            ]);
        }
    }
    table.finish()
}
