//! `skyplan dr`: disaster-recovery strategies, failure scenarios and
//! availability of a plan (skyplan-resilience), as a table, JSON or CSV.

use anyhow::Result;
use skyplan_resilience::{analyze, Options};
use std::path::Path;

pub use crate::commands::OutputFormat as Format;

pub struct Args<'a> {
    pub plan: &'a Path,
    pub env: Option<&'a str>,
    pub seed: u64,
    pub format: Format,
    pub pricing_dir: Option<&'a Path>,
}

pub fn dr(args: Args) -> Result<()> {
    let (plan, primary) = crate::commands::load_plan(args.plan, args.pricing_dir)?;
    if let Some(name) = args.env {
        crate::commands::check_environment(&plan, name)?;
    }
    let dr = crate::catalogs::load(&skyplan_resilience::dr_region(&plan), args.pricing_dir)?;
    let options = Options {
        environment: args.env.map(String::from),
        seed: args.seed,
    };
    let report = analyze(&plan, &primary, &dr, &options).map_err(|problems| crate::commands::invalid_plan(&args.plan.display().to_string(), problems))?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Csv => print!("{}", skyplan_resilience::report::csv(&report)),
        Format::Table => print!("{}", skyplan_resilience::report::table(&report)),
    }
    Ok(())
}
