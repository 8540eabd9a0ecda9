//! `skyplan audit`: scans a live AWS account with read-only calls
//! (skyplan-aws's `audit` module), prices what it found with the bundled
//! catalogs (skyplan-audit) and prints the findings, the commitments for
//! steady instances and the savings as a table, JSON or CSV.
//!
//! Progress goes to stderr, the report to stdout. When a region or service
//! could not be read, the partial report is still printed and the command
//! exits 1 after naming what failed.

use anyhow::{bail, Result};
use rust_decimal::Decimal;
use skyplan_audit::{audit, AuditReport, Config, Thresholds};
use skyplan_aws::audit::{scan, sdk_config, ScanOptions};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    /// Region to scan (repeatable; default: every region enabled for the account).
    #[arg(long = "region", value_name = "REGION")]
    regions: Vec<String>,
    /// Days of CloudWatch figures to judge instances and databases by (whole UTC days before today).
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=455))]
    days: u32,
    /// Snapshots older than this many days are flagged.
    #[arg(long, default_value_t = 365)]
    snapshot_days: u32,
    /// An instance whose average CPU is under this percentage is idle.
    #[arg(long, default_value = "5", value_name = "PERCENT")]
    cpu_threshold: Decimal,
    /// Discount of a 1-year Compute Savings Plan off on-demand, percent, from
    /// AWS's Savings Plans pricing (the catalogs carry no Savings Plans rates).
    #[arg(long, value_name = "PERCENT")]
    savings_plan_discount: Option<Decimal>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Directory of `<region>.json` catalogs that take precedence over the bundled ones.
    #[arg(long, value_name = "DIR")]
    pricing_dir: Option<PathBuf>,
    /// Judge the account as of this time, Unix seconds (default: now): for
    /// reproducible reports and for tests against an emulator whose
    /// resources cannot be backdated.
    #[arg(long, hide = true, value_name = "UNIX_SECONDS")]
    as_of: Option<i64>,
}

fn check(args: &AuditArgs) -> Result<()> {
    if args.cpu_threshold < Decimal::ZERO || args.cpu_threshold > Decimal::ONE_HUNDRED {
        bail!(
            "--cpu-threshold {} is out of range: expected a percentage from 0 to 100",
            args.cpu_threshold
        );
    }
    if let Some(d) = args.savings_plan_discount {
        if d <= Decimal::ZERO || d >= Decimal::ONE_HUNDRED {
            bail!("--savings-plan-discount {d} is out of range: expected a percentage above 0 and under 100");
        }
    }
    for region in &args.regions {
        let valid = !region.is_empty() && region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            bail!("--region \"{region}\" is not a region code: expected e.g. us-east-1");
        }
    }
    Ok(())
}

pub fn run(args: AuditArgs) -> Result<()> {
    check(&args)?;
    let now = args.as_of.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default()
    });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let options = ScanOptions {
        regions: args.regions.clone(),
        days: args.days,
        now,
    };
    let progress: skyplan_aws::audit::Progress = Arc::new(|line: &str| eprintln!("audit: {line}"));
    let inventory = runtime.block_on(async { scan(&sdk_config().await, &options, progress).await });
    let mut catalogs = BTreeMap::new();
    for region in &inventory.regions {
        match crate::catalogs::load(&region.region, args.pricing_dir.as_deref()) {
            Ok(catalog) => {
                catalogs.insert(region.region.clone(), catalog);
            }
            Err(error) => eprintln!(
                "audit: {}: no catalog ({error:#}); its prices are reported as missing",
                region.region
            ),
        }
    }
    let config = Config {
        thresholds: Thresholds {
            cpu_percent: args.cpu_threshold,
            days: args.days,
            snapshot_days: args.snapshot_days,
        },
        savings_plan_discount_percent: args.savings_plan_discount,
    };
    let report = audit(&inventory, &catalogs, &config);
    print(&report, args.format);
    if !report.errors.is_empty() {
        for error in &report.errors {
            eprintln!("audit: {} {}: {}", error.region, error.service, error.message);
        }
        bail!(
            "partial results: {} call(s) failed; the report covers what could be read",
            report.errors.len()
        );
    }
    Ok(())
}

fn print(report: &AuditReport, format: Format) {
    match format {
        Format::Table => print!("{}", skyplan_audit::table(report)),
        Format::Json => println!("{}", report.to_json_pretty()),
        Format::Csv => print!("{}", skyplan_audit::csv(report)),
    }
}
