//! The resilience report as text: a table for people and CSV for spreadsheets.

use skyplan_core::report::CsvTable;
use crate::ResilienceReport;
use skyplan_core::report::money;
use std::fmt::Write as _;

/// `86,580` seconds → `24 h 3 min`; seconds shown under an hour only.
pub fn duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    if s > 0 && h == 0 {
        parts.push(format!("{s} s"));
    }
    if parts.is_empty() {
        "0 s".into()
    } else {
        parts.join(" ")
    }
}

fn verdict(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    }
}

pub fn table(r: &ResilienceReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Resilience of \"{}\" — {} in {}, DR region {} (prices {} {}, {} {}; {}); seed {}",
        r.plan, r.environment, r.region, r.dr_region, r.region, r.catalog_version, r.dr_region, r.dr_catalog_version, r.currency, r.seed
    );
    let t = &r.targets;
    let _ = writeln!(
        out,
        "Targets: availability {}, RTO {}, RPO {}",
        t.availability_percent.map_or("none".into(), |a| format!("{} %", a.normalize())),
        t.rto_minutes.map_or("none".into(), |m| duration(u64::from(m) * 60)),
        t.rpo_minutes.map_or("none".into(), |m| duration(u64::from(m) * 60)),
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "Disaster-recovery strategies (loss of {}):", r.region);
    let _ = writeln!(
        out,
        "  {:<26} {:>16} {:>16} {:>16} {:>6} {:>6}",
        "strategy", "RPO", "RTO", "DR cost a month", "RPO ok", "RTO ok"
    );
    for s in &r.strategies {
        let _ = writeln!(
            out,
            "  {:<26} {:>16} {:>16} {:>16} {:>6} {:>6}{}",
            s.label,
            duration(s.rpo_seconds),
            duration(s.rto_seconds),
            format!("{}{}", money(s.dr_cost.monthly), if s.dr_cost.complete { "" } else { "*" }),
            verdict(s.meets_rpo),
            verdict(s.meets_rto),
            if s.recommended { "  ← recommended" } else { "" }
        );
    }
    let _ = writeln!(out, "  * a lower bound: prices missing from the catalogs, listed below");
    let _ = writeln!(out, "  → {}", r.recommendation_note);
    for s in &r.strategies {
        let _ = writeln!(out);
        let _ = writeln!(out, "  {}", s.label);
        let _ = writeln!(out, "    RPO {} = the largest of:", duration(s.rpo_seconds));
        for term in &s.rpo_terms {
            let _ = writeln!(out, "      {:>12}  {}  [{}]", duration(term.seconds), term.what, term.source);
        }
        let _ = writeln!(out, "    RTO {} = the sum of:", duration(s.rto_seconds));
        for term in &s.rto_terms {
            let _ = writeln!(out, "      {:>12}  {}  [{}]", duration(term.seconds), term.what, term.source);
        }
    }

    let az = &r.az_loss;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Loss of one AZ ({}, {} AZs; Tuesday 10:00 UTC, {} minutes observed):",
        az.environment, az.azs, az.observed_minutes
    );
    let _ = writeln!(
        out,
        "  {:<22} {:>8} {:>6} {:>22} {:>16}",
        "group", "running", "lost", "extra overload (min)", "back in (min)"
    );
    for g in &az.groups {
        let _ = writeln!(
            out,
            "  {:<22} {:>8} {:>6} {:>22} {:>16}",
            g.key,
            g.running_before,
            g.lost,
            g.extra_overload_minutes,
            g.minutes_to_recover.map_or("not in window".into(), |m| m.to_string())
        );
    }
    for i in &az.impacts {
        let _ = writeln!(
            out,
            "  {}: {} — {} {}, data lost {}",
            i.component,
            i.what,
            duration(i.outage_seconds),
            if i.stops_service { "down" } else { "degraded" },
            i.data_lost_seconds.map_or("everything (no backups)".into(), duration)
        );
    }
    let _ = writeln!(
        out,
        "  → service down {}, {} extra overload minutes, data lost {}",
        duration(az.outage_seconds),
        az.overload_minutes,
        az.data_lost_seconds.map_or("everything on a component without backups".into(), duration)
    );
    for note in &az.notes {
        let _ = writeln!(out, "  - {note}");
    }

    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Loss of the region ({} minutes observed after the traffic reaches {}):",
        az.observed_minutes, r.dr_region
    );
    let _ = writeln!(out, "  {:<26} {:>16} {:>16} {:>26}", "strategy", "outage", "data lost", "overload after takeover");
    for row in &r.region_loss {
        let label = r.strategies.iter().find(|s| s.strategy == row.strategy).map_or(row.strategy.as_str(), |s| s.label.as_str());
        let _ = writeln!(
            out,
            "  {:<26} {:>16} {:>16} {:>22} min",
            label,
            duration(row.outage_seconds),
            duration(row.data_lost_seconds),
            row.overload_minutes
        );
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "Availability (published SLAs: components in series, redundancy in parallel):");
    let _ = writeln!(
        out,
        "  {:<14} {:>10} {:>16} {:>8} {:>6}  weakest link",
        "environment", "composite", "downtime/month", "target", "meets"
    );
    for a in &r.availability {
        let weakest = a.weakest_link.as_ref().map_or(String::new(), |w| format!("{} {:.2} %", w.component, w.percent));
        let _ = writeln!(
            out,
            "  {:<14} {:>9.4}% {:>12.1} min {:>8} {:>6}  {}",
            a.environment,
            a.composite_percent,
            a.downtime_minutes_per_month,
            a.target_percent.map_or("—".into(), |t| format!("{t} %")),
            verdict(a.meets_target),
            weakest
        );
    }
    for a in &r.availability {
        let _ = writeln!(out);
        let _ = writeln!(out, "  {}:", a.environment);
        for c in &a.components {
            let _ = writeln!(out, "    {:<12} {:>9.4} %  {}", c.component, c.percent, c.basis);
        }
        for n in &a.not_counted {
            let _ = writeln!(out, "    not counted: {n}");
        }
        if let Some(w) = &a.weakest_link {
            match &w.improvement {
                Some(i) => {
                    let _ = writeln!(
                        out,
                        "    → weakest link {} ({:.2} %): {} raises it to {:.2} % and the environment to {:.4} %, for {} a month",
                        w.component,
                        w.percent,
                        i.change,
                        i.percent_after,
                        i.composite_after_percent,
                        i.monthly_cost
                            .map_or_else(|| format!("an unpriced amount (missing: {})", i.missing_prices.join(", ")), money)
                    );
                }
                None => {
                    let _ = writeln!(out, "    → weakest link {} ({:.2} %): {}", w.component, w.percent, w.note);
                }
            }
        }
        for i in a.improvements.iter().filter(|i| a.weakest_link.as_ref().is_none_or(|w| w.component != i.component)) {
            let _ = writeln!(
                out,
                "    also: {} {} → {:.2} % (environment {:.4} %), {} a month",
                i.component,
                i.change,
                i.percent_after,
                i.composite_after_percent,
                i.monthly_cost.map_or_else(|| "unpriced".to_string(), money)
            );
        }
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "Prices missing from the catalogs (left out of the DR costs):");
    for s in &r.strategies {
        if !s.dr_cost.missing_prices.is_empty() {
            let _ = writeln!(out, "  {}: {}", s.label, s.dr_cost.missing_prices.join("; "));
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Assumptions:");
    for a in &r.assumptions {
        let _ = writeln!(out, "  {:<38} {:>18}  {}", a.name, a.value, a.source);
    }
    if !r.notes.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Notes");
        for note in &r.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    out
}

/// One row per strategy, per region-loss run, per environment's availability.
pub fn csv(r: &ResilienceReport) -> String {
    let mut table = CsvTable::new(&[
        "section", "environment", "item", "rpo_seconds", "rto_seconds", "dr_monthly_usd", "cost_complete", "meets_rpo",
        "meets_rto", "recommended", "overload_minutes", "availability_percent", "weakest_link",
    ]);
    let b = |v: Option<bool>| v.map(|x| x.to_string()).unwrap_or_default();
    for s in &r.strategies {
        table.row(&[
            ("section", "strategy".into()),
            ("environment", r.environment.clone()),
            ("item", s.strategy.as_str().into()),
            ("rpo_seconds", s.rpo_seconds.to_string()),
            ("rto_seconds", s.rto_seconds.to_string()),
            ("dr_monthly_usd", s.dr_cost.monthly.round_dp(2).to_string()),
            ("cost_complete", s.dr_cost.complete.to_string()),
            ("meets_rpo", b(s.meets_rpo)),
            ("meets_rto", b(s.meets_rto)),
            ("recommended", s.recommended.to_string()),
        ]);
    }
    // The AZ-loss row keeps its data loss and outage in the RPO and RTO columns.
    table.row(&[
        ("section", "az_loss".into()),
        ("environment", r.az_loss.environment.clone()),
        ("item", format!("{} AZs", r.az_loss.azs)),
        ("rpo_seconds", r.az_loss.data_lost_seconds.map(|s| s.to_string()).unwrap_or_default()),
        ("rto_seconds", r.az_loss.outage_seconds.to_string()),
        ("overload_minutes", r.az_loss.overload_minutes.to_string()),
    ]);
    for row in &r.region_loss {
        table.row(&[
            ("section", "region_loss".into()),
            ("environment", r.environment.clone()),
            ("item", row.strategy.as_str().into()),
            ("rpo_seconds", row.data_lost_seconds.to_string()),
            ("rto_seconds", row.outage_seconds.to_string()),
            ("overload_minutes", row.overload_minutes.to_string()),
        ]);
    }
    for a in &r.availability {
        table.row(&[
            ("section", "availability".into()),
            ("environment", a.environment.clone()),
            ("item", "composite".into()),
            ("meets_rpo", b(a.meets_target)),
            ("availability_percent", format!("{:.6}", a.composite_percent)),
            ("weakest_link", a.weakest_link.as_ref().map(|w| w.component.clone()).unwrap_or_default()),
        ]);
    }
    table.finish()
}
