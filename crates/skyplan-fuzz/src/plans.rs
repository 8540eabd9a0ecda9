//! Plans: the seed corpus, and a plan run through every engine as the CLI
//! runs it (validate, check against the region's catalog, estimate,
//! forecast, simulate, disaster recovery, bundle and Terraform export of
//! every environment).

use crate::control_character;
use rust_decimal::Decimal;
use serde_json::Value;
use skyplan_core::model::check_against_catalog;
use skyplan_core::{estimate, parse_plan, Catalog, Problem, ValidPlan};
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

/// Every template and every kind's golden plan, by name.
pub fn corpus() -> Vec<(String, Value)> {
    let mut corpus: Vec<(String, Value)> = skyplan_core::templates::TEMPLATES
        .iter()
        .map(|t| (format!("template {}", t.name), serde_json::from_str(t.json).expect("a template is JSON")))
        .collect();
    let kinds = crate::repository().join("tests/kinds");
    let mut dirs: Vec<_> = std::fs::read_dir(&kinds).expect("tests/kinds").filter_map(Result::ok).map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let text = std::fs::read_to_string(dir.join("plan.json")).expect("a kind's golden plan");
        corpus.push((format!("tests/kinds/{}", dir.file_name().unwrap_or_default().to_string_lossy()), serde_json::from_str(&text).expect("JSON")));
    }
    corpus
}

/// The bundled catalog of a region, read once.
pub fn catalog(region: &str) -> Option<&'static Catalog> {
    static CATALOGS: OnceLock<Mutex<BTreeMap<String, Option<&'static Catalog>>>> = OnceLock::new();
    let mut catalogs = CATALOGS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    *catalogs.entry(region.to_string()).or_insert_with(|| {
        let bytes = std::fs::read(crate::repository().join(format!("pricing-data/{region}.json"))).ok()?;
        let catalog = Catalog::from_json(&bytes).unwrap_or_else(|e| panic!("the bundled {region} catalog is refused: {e}"));
        Some(&*Box::leak(Box::new(catalog)))
    })
}

/// How a plan fared.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Refused by validation or by the region's catalog, with problems
    /// that name their path.
    Refused,
    /// Accepted and run through every engine.
    Accepted,
}

/// Checks that every problem says where and what, printably.
pub fn check_problems(problems: &[Problem]) -> Result<(), String> {
    if problems.is_empty() {
        return Err("refused with no problem named".into());
    }
    for problem in problems {
        if problem.path.is_empty() || problem.message.trim().is_empty() {
            return Err(format!("a problem without a path or a message: {problem:?}"));
        }
        // One problem is one line: a line break in it could forge another.
        let line_break = |text: &str| text.contains('\n').then_some('\n');
        if let Some(c) = [&problem.path, &problem.message].into_iter().find_map(|text| control_character(text).or_else(|| line_break(text))) {
            return Err(format!("a problem prints the control character {:?}: {}", c, shortened(&problem.to_string())));
        }
    }
    Ok(())
}

fn shortened(text: &str) -> String {
    let mut out: String = text.chars().take(300).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// An engine's refusal: its message must be printable and say something.
fn check_refusal(engine: &str, message: &str) -> Result<(), String> {
    if message.trim().is_empty() {
        return Err(format!("{engine} refused with an empty message"));
    }
    if let Some(c) = control_character(message) {
        return Err(format!("{engine}'s message prints the control character {c:?}: {}", shortened(message)));
    }
    Ok(())
}

/// Runs `text` through validation and every engine. `Err` is a finding,
/// a panic among them (with its message).
pub fn run(text: &str) -> Result<Verdict, String> {
    crate::caught(|| run_uncaught(text))
}

fn run_uncaught(text: &str) -> Result<Verdict, String> {
    let plan = match parse_plan(text) {
        Ok(plan) => plan,
        Err(problems) => {
            check_problems(&problems.0)?;
            return Ok(Verdict::Refused);
        }
    };
    let Some(catalog) = catalog(&plan.plan().region) else {
        return Ok(Verdict::Refused);
    };
    let problems = check_against_catalog(&plan, catalog);
    if !problems.is_empty() {
        check_problems(&problems)?;
        return Ok(Verdict::Refused);
    }
    run_engines(&plan, catalog)?;
    Ok(Verdict::Accepted)
}

fn run_engines(plan: &ValidPlan, catalog: &Catalog) -> Result<(), String> {
    let estimate = estimate(plan, catalog);
    check_estimate(&estimate)?;
    check_reports_agree(&estimate)?;
    check_more_costs_no_less(plan, catalog, &estimate)?;

    match skyplan_forecast::forecast(plan, catalog, &skyplan_forecast::Options::default()) {
        Ok(forecast) => {
            let _ = skyplan_forecast::table(&forecast);
            let _ = skyplan_forecast::csv(&forecast);
        }
        Err(problems) => check_problems(&problems.0)?,
    }

    let names = plan.environment_names();
    let env = if names.contains(&"production") { "production" } else { names.first().copied().unwrap_or_default() };
    match skyplan_sim::scenario(plan, env, catalog, None) {
        Ok(scenario) => {
            let options = skyplan_sim::Options { period: skyplan_sim::Period::Month, seed: 7, step_minutes: 60 };
            let report = skyplan_sim::simulate(&scenario, options);
            let again = skyplan_sim::simulate(&scenario, options);
            let (first, second) = (skyplan_sim::report::csv(&report, None), skyplan_sim::report::csv(&again, None));
            if first != second {
                return Err("the same seed simulated twice gave two reports".into());
            }
            let _ = skyplan_sim::report::table(&report, None);
        }
        Err(problems) => check_problems(&problems.0)?,
    }

    if let Some(dr) = catalog_for_dr(plan) {
        match skyplan_resilience::analyze(plan, catalog, dr, &skyplan_resilience::Options::default()) {
            Ok(report) => {
                let _ = skyplan_resilience::report::table(&report);
            }
            Err(problems) => check_problems(&problems.0)?,
        }
    }

    for env in &names {
        match skyplan_bundle::build(plan, env, catalog, &skyplan_bundle::GraphOptions::default()) {
            Ok(bundle) => {
                let text = skyplan_bundle::to_json(&bundle);
                if let Err(e) = skyplan_bundle::verify(text.as_bytes()) {
                    return Err(format!("the bundle of {env} does not verify: {e}"));
                }
            }
            Err(e) => check_refusal("bundle", &e.to_string())?,
        }
    }

    if let Err(e) = skyplan_terraform::export(plan, &skyplan_terraform::ExportOptions::default()) {
        check_refusal("export", &e.to_string())?;
    }
    Ok(())
}

fn catalog_for_dr(plan: &ValidPlan) -> Option<&'static Catalog> {
    catalog(&skyplan_resilience::dr_region(plan))
}

/// The table, the CSV and the JSON state the same total for every
/// environment (to 10 decimals).
fn check_reports_agree(estimate: &skyplan_core::Estimate) -> Result<(), String> {
    use skyplan_core::report::{self, Scope};
    for env in &estimate.environments {
        let scope = Scope::Environment(&env.name);
        let json: Value = serde_json::from_str(&report::json(estimate, scope)).map_err(|e| format!("the JSON report is not JSON: {e}"))?;
        let json_total: Decimal = json["monthly"].as_str().and_then(|t| t.parse().ok()).or_else(|| json["monthly"].as_f64().and_then(|f| Decimal::try_from(f).ok())).unwrap_or(Decimal::MIN);
        let csv = report::csv(estimate, scope);
        let mut rows = csv::Reader::from_reader(csv.as_bytes());
        let mut csv_total = Decimal::ZERO;
        for row in rows.records() {
            let row = row.map_err(|e| format!("the CSV report does not read back: {e}"))?;
            let monthly = row.get(8).unwrap_or_default();
            if !monthly.is_empty() {
                csv_total += monthly.parse::<Decimal>().map_err(|e| format!("the CSV's monthly {monthly:?}: {e}"))?;
            }
        }
        let shown = report::total(env.monthly, env.complete, &estimate.region);
        // Lines carry up to 28 digits; adding them as printed may differ from
        // the engine's sum in the last one, far below a cent.
        let same = |a: Decimal, b: Decimal| a.round_dp(10) == b.round_dp(10);
        if !same(json_total, env.monthly) || !same(csv_total, env.monthly) || !report::table(estimate, scope).contains(&shown) {
            return Err(format!("{}: JSON says {json_total}, the CSV's lines add up to {csv_total}, the estimate {} (the table should show {shown})", env.name, env.monthly));
        }
    }
    Ok(())
}

/// A copy of a component never lowers a total.
fn check_more_costs_no_less(plan: &ValidPlan, catalog: &Catalog, before: &skyplan_core::Estimate) -> Result<(), String> {
    use skyplan_core::model::edit::{apply, Edit};
    let Some(first) = plan.plan().components.first() else { return Ok(()) };
    let Ok(more) = apply(plan.plan(), &Edit::Duplicate { component: first.id.clone() }) else { return Ok(()) };
    let after = estimate(&more, catalog);
    for env in &before.environments {
        let Some(grown) = after.environment(&env.name) else { continue };
        if grown.monthly < env.monthly {
            return Err(format!("duplicating {} lowered {}'s total from {} to {}", first.id, env.name, env.monthly, grown.monthly));
        }
    }
    Ok(())
}

/// No amount is negative, and each total is the sum of its parts.
pub fn check_estimate(estimate: &skyplan_core::Estimate) -> Result<(), String> {
    let mut plan_total = Decimal::ZERO;
    for env in &estimate.environments {
        let mut env_total = Decimal::ZERO;
        for component in &env.components {
            if component.monthly < Decimal::ZERO {
                return Err(format!("{} in {} costs {} a month", component.id, env.name, component.monthly));
            }
            for line in &component.lines {
                if let Some(monthly) = line.monthly {
                    if monthly < Decimal::ZERO {
                        return Err(format!("{} / {} in {} costs {monthly} a month", component.id, line.name, env.name));
                    }
                }
            }
            env_total += component.monthly;
        }
        if env_total != env.monthly {
            return Err(format!("{}'s total {} is not the sum of its components ({env_total})", env.name, env.monthly));
        }
        plan_total += env.monthly;
    }
    if plan_total != estimate.monthly {
        return Err(format!("the plan's total {} is not the sum of its environments ({plan_total})", estimate.monthly));
    }
    Ok(())
}
