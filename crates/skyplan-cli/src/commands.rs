//! One function per subcommand. Each reads what it needs, calls the core and
//! prints; errors go back to `main` as `anyhow::Error`.

use crate::catalogs;
use anyhow::{bail, Context as _, Result};
use rust_decimal::Decimal;
use skyplan_core::model::{check_against_catalog, problem::did_you_mean, Problems, MAX_PLAN_BYTES};
use skyplan_core::pricing::import::merge_summary;
use skyplan_core::report::{self, Scope};
use skyplan_core::templates::{template, TEMPLATES};
use skyplan_core::{estimate as estimate_plan, parse_plan, Catalog, ValidPlan};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read as _;
use std::path::Path;

/// `--format` of the commands that print a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}

/// Refuses an environment the plan does not have, naming those it has.
pub fn check_environment(plan: &ValidPlan, name: &str) -> Result<()> {
    if plan.environment(name).is_none() {
        let names = plan.environment_names();
        bail!(
            "the plan has no environment \"{name}\"{}; it has {}",
            did_you_mean(name, names.iter().copied()),
            names.join(", ")
        );
    }
    Ok(())
}

/// A plan that failed validation: every problem, one per line.
#[derive(Debug)]
struct InvalidPlan {
    source: String,
    problems: Problems,
}

impl fmt::Display for InvalidPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.0.len();
        write!(f, "{} is not a valid plan ({count} problem{}):", self.source, if count == 1 { "" } else { "s" })?;
        for problem in &self.problems.0 {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidPlan {}

/// The error for a plan with `problems`, listed one per line.
pub(crate) fn invalid_plan(source: &str, problems: Problems) -> anyhow::Error {
    InvalidPlan { source: source.to_string(), problems }.into()
}

fn read_plan_text(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().take(MAX_PLAN_BYTES as u64 + 1).read_to_end(&mut bytes).context("cannot read the plan from standard input")?;
    } else {
        let size = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.len();
        if size > MAX_PLAN_BYTES as u64 {
            bail!(
                "{} is {:.1} MB; plans larger than {} MB are refused (a plan is a few KB of JSON)",
                path.display(),
                size as f64 / 1_048_576.0,
                MAX_PLAN_BYTES / 1_048_576
            );
        }
        bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    }
    String::from_utf8(bytes).map_err(|e| anyhow::anyhow!("{} is not UTF-8 text (invalid byte at offset {})", path.display(), e.utf8_error().valid_up_to()))
}

/// Reads, parses and validates a plan (no prices needed: `export`).
pub(crate) fn read_plan(path: &Path) -> Result<ValidPlan> {
    let text = read_plan_text(path)?;
    Ok(parse_plan(&text).map_err(|problems| InvalidPlan { source: path.display().to_string(), problems })?)
}

/// Reads, parses and validates a plan, including against its region's catalog.
pub(crate) fn load_plan(path: &Path, pricing_dir: Option<&Path>) -> Result<(ValidPlan, Catalog)> {
    let plan = read_plan(path)?;
    let catalog = catalogs::load(&plan.plan().region, pricing_dir)?;
    let problems = check_against_catalog(&plan, &catalog);
    if !problems.is_empty() {
        return Err(InvalidPlan { source: path.display().to_string(), problems: Problems(problems) }.into());
    }
    Ok((plan, catalog))
}

pub fn template_list() -> Result<()> {
    for t in TEMPLATES {
        println!("{:<16} {}", t.name, t.summary);
    }
    Ok(())
}

pub fn template_show(name: &str) -> Result<()> {
    let Some(t) = template(name) else {
        bail!(
            "no template named \"{name}\"{}; templates: {}",
            did_you_mean(name, TEMPLATES.iter().map(|t| t.name)),
            TEMPLATES.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
        );
    };
    let plan = t.plan().map_err(|problems| InvalidPlan { source: format!("template {name}"), problems })?;
    println!("{}", plan.to_json_pretty());
    Ok(())
}

pub fn validate(path: &Path, pricing_dir: Option<&Path>) -> Result<()> {
    let (plan, catalog) = load_plan(path, pricing_dir)?;
    let p = plan.plan();
    println!(
        "{}: valid — \"{}\", {} components, {} connections, environments {} ({} prices {})",
        path.display(),
        p.name,
        p.components.len(),
        p.connections.len(),
        plan.environment_names().join(", "),
        catalog.region,
        catalog.version
    );
    Ok(())
}

pub fn estimate(path: &Path, env: Option<&str>, format: OutputFormat, pricing_dir: Option<&Path>) -> Result<()> {
    let (plan, catalog) = load_plan(path, pricing_dir)?;
    let scope = match env {
        None => Scope::All,
        Some(name) => {
            check_environment(&plan, name)?;
            Scope::Environment(name)
        }
    };
    let estimate = estimate_plan(&plan, &catalog);
    match format {
        OutputFormat::Table => print!("{}", report::table(&estimate, scope)),
        OutputFormat::Csv => print!("{}", report::csv(&estimate, scope)),
        OutputFormat::Json => println!("{}", report::json(&estimate, scope)),
    }
    Ok(())
}

pub fn pricing_show(instance_type: &str, region: &str, pricing_dir: Option<&Path>) -> Result<()> {
    let catalog = catalogs::load(region, pricing_dir)?;
    let Some(instance) = catalog.instance(instance_type) else {
        bail!(
            "\"{instance_type}\" is not an EC2 instance type in {region}{}",
            did_you_mean(instance_type, catalog.ec2.keys().map(String::as_str))
        );
    };
    let hours = skyplan_core::cost::HOURS_PER_MONTH;
    println!("{instance_type} in {region} ({}), prices {}", catalog.location, catalog.version);
    for (table, dates) in &catalog.data_dates {
        println!("  {table:<22} data of {dates}");
    }
    println!("  {} vCPU, {} GiB memory", instance.vcpu, instance.memory_gib.normalize());
    match instance.on_demand_hourly {
        Some(price) => println!("  On-demand Linux   {:>10} USD/h  {:>12} USD/month", price.normalize(), report::money(price * hours)),
        None => println!("  On-demand Linux   not in the catalog for {region}"),
    }
    if let Some(spot) = &instance.spot {
        let observed = spot.observed_hourly.map(|p| format!("{} USD/h observed; ", p.normalize())).unwrap_or_default();
        println!(
            "  Spot              {observed}Spot Advisor: {} % average saving, interruptions {}",
            spot.savings_percent.normalize(),
            spot.interruption_band
        );
    }
    if !instance.reserved.is_empty() {
        println!("  Reserved Instances (effective = hourly + upfront / term hours)");
        println!("    {:<12} {:<5} {:<16} {:>10} {:>10} {:>10} {:>8}", "class", "term", "payment", "upfront", "hourly", "effective", "saving");
        for offer in &instance.reserved {
            let effective = offer.effective_hourly();
            let saving = instance
                .on_demand_hourly
                .filter(|p| !p.is_zero())
                .map(|p| format!("{} %", ((Decimal::ONE - effective / p) * Decimal::ONE_HUNDRED).round_dp(1)))
                .unwrap_or_default();
            println!(
                "    {:<12} {:<5} {:<16} {:>10} {:>10} {:>10} {:>8}",
                offer.offering_class.as_str(),
                format!("{}yr", offer.term_years),
                offer.purchase_option.as_str(),
                offer.upfront.normalize(),
                offer.hourly.normalize(),
                effective.round_dp(4).normalize(),
                saving
            );
        }
    }
    Ok(())
}

pub fn pricing_import(files: &[std::path::PathBuf], out: &Path) -> Result<()> {
    import_into(files, out)
}

/// Streams offer files into the catalogs of `out` (the bundled ones where
/// `out` has none yet) and writes the regions they changed: `pricing import`
/// and `pricing update` alike.
pub fn import_into(files: &[std::path::PathBuf], out: &Path) -> Result<()> {
    let mut catalogs: BTreeMap<String, Catalog> = BTreeMap::new();
    for region in catalogs::bundled_regions() {
        let existing = out.join(format!("{region}.json"));
        let catalog = if existing.exists() { catalogs::load(region, Some(out))? } else { catalogs::load(region, None)? };
        catalogs.insert(region.to_string(), catalog);
    }
    let report = skyplan_pricelist::import(files, &mut catalogs)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for region in &report.regions {
        if let Some(catalog) = catalogs.get(region) {
            let path = out.join(format!("{region}.json"));
            crate::files::write(&path, (catalog.to_json_pretty() + "\n").as_bytes())?;
            println!("wrote {}", path.display());
        }
    }
    println!("{}", merge_summary(&report));
    Ok(())
}
