//! `skyplan forecast`: 12 to 36 months of spend per tier and environment
//! (skyplan-forecast), commitments amortised and in cash, against a yearly
//! budget, as a table, JSON or CSV.

use anyhow::Result;
use rust_decimal::Decimal;
use skyplan_forecast::{forecast as run_forecast, Commitments, Options, Renewal};
use std::path::Path;

pub use crate::commands::OutputFormat as Format;

pub struct Args<'a> {
    pub plan: &'a Path,
    /// `None` or `all`: every environment.
    pub env: Option<&'a str>,
    pub months: u32,
    pub budget: Option<Decimal>,
    pub commitments: Commitments,
    pub renewal: Renewal,
    pub seed: u64,
    pub format: Format,
    pub pricing_dir: Option<&'a Path>,
}

pub fn forecast(args: Args) -> Result<()> {
    let (plan, catalog) = crate::commands::load_plan(args.plan, args.pricing_dir)?;
    let options = Options {
        months: args.months,
        environment: args.env.filter(|e| *e != "all").map(String::from),
        commitments: args.commitments,
        renewal: args.renewal,
        annual_budget: args.budget,
        seed: args.seed,
    };
    let result = run_forecast(&plan, &catalog, &options).map_err(|problems| {
        // A wrong environment or month count is the caller's, not the plan's.
        let message = problems
            .0
            .iter()
            .map(|p| if p.path == "$" { p.message.clone() } else { format!("--{}: {}", p.path, p.message) })
            .collect::<Vec<_>>()
            .join("; ");
        anyhow::anyhow!(message)
    })?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        Format::Csv => print!("{}", skyplan_forecast::csv(&result)),
        Format::Table => print!("{}", skyplan_forecast::table(&result)),
    }
    Ok(())
}
