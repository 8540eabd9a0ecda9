//! `skyplan simulate`: one environment's scaling groups against its traffic
//! (skyplan-sim), the purchase options and the optimizer's recommendation,
//! and Monte Carlo bands, as a table, JSON or CSV.

use anyhow::{Context as _, Result};
use skyplan_sim::{monte_carlo, scenario, simulate as run_simulation, Options, Period};
use std::path::Path;

pub use crate::commands::OutputFormat as Format;

pub struct Args<'a> {
    pub plan: &'a Path,
    pub env: Option<&'a str>,
    pub period: Period,
    pub trials: u32,
    pub seed: u64,
    pub format: Format,
    pub traffic: Option<&'a Path>,
    pub pricing_dir: Option<&'a Path>,
}

pub fn simulate(args: Args) -> Result<()> {
    let (plan, catalog) = crate::commands::load_plan(args.plan, args.pricing_dir)?;
    let names = plan.environment_names();
    let env = match args.env {
        Some(name) => {
            crate::commands::check_environment(&plan, name)?;
            name.to_string()
        }
        None if names.contains(&"production") => "production".to_string(),
        None => names.first().map(|n| n.to_string()).unwrap_or_default(),
    };
    let series = match args.traffic {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            Some(skyplan_sim::traffic::parse_series(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?)
        }
    };
    let scenario = scenario(&plan, &env, &catalog, series).map_err(|problems| crate::commands::invalid_plan(&args.plan.display().to_string(), problems))?;
    let report = run_simulation(&scenario, Options { period: args.period, seed: args.seed, step_minutes: 1 });
    let bands = (args.trials > 0).then(|| monte_carlo(&scenario, args.period, args.trials, args.seed));
    match args.format {
        Format::Json => {
            let value = serde_json::json!({ "simulation": report, "monte_carlo": bands });
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        Format::Csv => print!("{}", skyplan_sim::report::csv(&report, bands.as_ref())),
        Format::Table => print!("{}", skyplan_sim::report::table(&report, bands.as_ref())),
    }
    Ok(())
}
