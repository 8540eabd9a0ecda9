//! `skyplan`: a thin shell over skyplan-core. Parses arguments, reads and
//! writes files, and maps outcomes to exit codes: 0 success, 1 invalid input
//! or failure, 2 usage error.

mod apply;
mod audit;
mod bundle;
mod catalogs;
mod commands;
mod dr;
mod export;
mod files;
mod forecast;
mod progress;
mod pricing_update;
mod simulate;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "skyplan", version, about = "Plan AWS architectures and estimate what they cost, offline.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List or print the built-in plan templates.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Check a plan file and report every problem at once.
    Validate {
        /// Plan JSON file, or - for standard input.
        plan: PathBuf,
        #[command(flatten)]
        pricing: PricingDir,
    },
    /// Estimate the monthly and annual cost of a plan, per component, tier and environment.
    Estimate {
        /// Plan JSON file, or - for standard input.
        plan: PathBuf,
        /// Only this environment (default: all).
        #[arg(long)]
        env: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        pricing: PricingDir,
    },
    /// Look up prices, or import AWS Price List offer files into catalogs.
    #[command(subcommand)]
    Pricing(PricingCommand),
    /// Export a plan as infrastructure code.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Make a plan bundle of one environment (its AWS resources, estimate and
    /// digest) for `skyplan apply`, or `skyplan bundle verify FILE`.
    Bundle(bundle::BundleArgs),
    /// Find what a live AWS account wastes (idle instances and databases, unattached
    /// volumes, free addresses, idle load balancers, old snapshots) and the Reserved
    /// Instances / Savings Plans its steady instances should have; read-only calls only.
    Audit(audit::AuditArgs),
    /// Show what `apply` would create, update, replace or delete in the AWS account; change nothing.
    Plan(apply::PlanArgs),
    /// Apply a plan bundle to the AWS account: show the plan, confirm, then create, update and delete.
    Apply(apply::ApplyArgs),
    /// Delete what a bundle created (resources tagged with its plan id), in reverse dependency order.
    Destroy(apply::ApplyArgs),
    /// Report resources changed or deleted outside skyplan (exit 2 when some were).
    Drift(apply::Common),
    /// Remove a DynamoDB state lock left by a killed apply.
    ForceUnlock(apply::Common),
    /// Simulate an environment's scaling groups against its traffic: instances,
    /// utilisation, overload and cost per purchase option, the commitment that
    /// costs least, and Monte Carlo cost bands.
    Simulate {
        /// Plan JSON file, or - for standard input.
        plan: PathBuf,
        /// The environment (default: production, else the first).
        #[arg(long)]
        env: Option<String>,
        #[arg(long, value_enum, default_value_t = SimPeriod::Month)]
        period: SimPeriod,
        /// Monte Carlo trials at hourly steps (0: none).
        #[arg(long, default_value_t = 100)]
        trials: u32,
        /// Seed of every random draw: the same seed gives the same results.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// CSV of timestamp,requests_per_second replacing the environment's traffic shape.
        #[arg(long, value_name = "CSV")]
        traffic: Option<PathBuf>,
        #[command(flatten)]
        pricing: PricingDir,
    },
    /// Disaster recovery: RPO, RTO and DR-region cost of each strategy, the
    /// loss of an AZ and of the region, availability against the targets.
    Dr {
        /// Plan JSON file, or - for standard input.
        plan: PathBuf,
        /// Only this environment (default: strategies for production, availability for all).
        #[arg(long)]
        env: Option<String>,
        /// Seed of the failure simulations.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        pricing: PricingDir,
    },
    /// Forecast 12 to 36 months of spend per tier and environment, with traffic
    /// growth, commitments amortised and in cash, and a yearly budget.
    Forecast {
        /// Plan JSON file, or - for standard input.
        plan: PathBuf,
        /// An environment, or all (the default).
        #[arg(long)]
        env: Option<String>,
        /// Months to forecast, 12 to 36.
        #[arg(long, default_value_t = 36, value_parser = clap::value_parser!(u32).range(12..=36))]
        months: u32,
        /// Yearly budget, USD (default: the plan's resilience.annual_budget_usd).
        #[arg(long, value_parser = parse_budget)]
        budget: Option<rust_decimal::Decimal>,
        #[arg(long, value_enum, default_value_t = CommitmentsArg::Recommended)]
        commitments: CommitmentsArg,
        /// At a commitment's expiry: buy it again, or go on demand.
        #[arg(long, value_enum, default_value_t = RenewalArg::Renew)]
        renewal: RenewalArg,
        /// Seed of the traffic simulation.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        pricing: PricingDir,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CommitmentsArg {
    Recommended,
    None,
}

#[derive(Clone, Copy, ValueEnum)]
enum RenewalArg {
    Renew,
    Lapse,
}

fn parse_budget(text: &str) -> Result<rust_decimal::Decimal, String> {
    match text.parse::<rust_decimal::Decimal>() {
        Ok(v) if v > rust_decimal::Decimal::ZERO => Ok(v),
        _ => Err(format!("\"{text}\" is not a budget; expected USD a year, more than 0 (e.g. 250000)")),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SimPeriod {
    Month,
    Year,
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Write Terraform: a module per component kind, a root per environment.
    Terraform {
        /// Plan JSON file, or - for standard input.
        plan: PathBuf,
        /// Directory to write to (created if missing; must be empty unless --force).
        #[arg(long)]
        out: PathBuf,
        /// Write into a non-empty directory, overwriting the export's files.
        #[arg(long)]
        force: bool,
        /// The Owner tag.
        #[arg(long, default_value = "unassigned")]
        owner: String,
        /// The CostCenter tag.
        #[arg(long, default_value = "unassigned")]
        cost_center: String,
        /// S3 bucket of the Terraform state (default: <plan>-terraform-state).
        #[arg(long)]
        state_bucket: Option<String>,
        /// DynamoDB table locking the state (default: <plan>-terraform-locks).
        #[arg(long)]
        lock_table: Option<String>,
        /// ACM certificate ARN of the load balancers (default: a placeholder to replace).
        #[arg(long)]
        certificate_arn: Option<String>,
        /// Email address receiving the alarms (repeatable).
        #[arg(long = "alarm-email")]
        alarm_emails: Vec<String>,
        /// IANA time zone of part-time schedules.
        #[arg(long, default_value = "UTC")]
        schedule_time_zone: String,
    },
}

#[derive(Subcommand)]
enum TemplateCommand {
    /// List the templates.
    List,
    /// Print a template's plan JSON.
    Show {
        /// Template name, e.g. saas-3tier.
        name: String,
    },
}

#[derive(Subcommand)]
enum PricingCommand {
    /// Show an EC2 instance type's on-demand, spot and Reserved Instance prices.
    Show {
        /// Instance type, e.g. m5.large.
        instance_type: String,
        #[arg(long, default_value = "us-east-1")]
        region: String,
        #[command(flatten)]
        pricing: PricingDir,
    },
    /// Turn AWS Price List offer files (bulk JSON or CSV) into skyplan catalogs.
    Import {
        /// Offer files (index.json / index.csv from the AWS Price List Bulk API).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Directory to write `<region>.json` catalogs to. Catalogs already
        /// there are updated; otherwise the bundled ones are the starting point.
        #[arg(long)]
        out: PathBuf,
    },
    /// Download AWS's public Price List (no credentials needed) for some
    /// regions and services and build catalogs from it, as `import` does.
    /// Downloads resume where an interrupted run stopped.
    Update {
        /// Regions, e.g. `--region us-east-1 --region eu-west-1`.
        #[arg(long = "region", required = true)]
        regions: Vec<String>,
        /// Services (comma-separated or repeated): ec2, rds, elasticache, elb,
        /// s3, dynamodb, cloudwatch, kms, secretsmanager, waf, eks, cloudfront,
        /// datatransfer, savingsplans. Default: all.
        #[arg(long = "service")]
        services: Vec<String>,
        /// Directory to write `<region>.json` catalogs to (as for `import`).
        #[arg(long)]
        out: PathBuf,
        /// Where downloads are kept, in the Price List's layout (default: `<out>/.downloads`).
        #[arg(long)]
        cache: Option<PathBuf>,
        /// The Price List's host; another server with the same layout for tests or mirrors.
        #[arg(long, default_value = skyplan_pricelist::DEFAULT_ENDPOINT)]
        endpoint: String,
    },
}

#[derive(clap::Args)]
struct PricingDir {
    /// Directory of `<region>.json` catalogs that take precedence over the bundled ones.
    #[arg(long, value_name = "DIR")]
    pricing_dir: Option<PathBuf>,
}

use commands::OutputFormat as Format;

/// `skyplan … | head`: once the reader has gone, the rest of the output has
/// nowhere to go. `print!` then panics ("failed printing to stdout: Broken
/// pipe"); end quietly instead, with the status a process killed by SIGPIPE
/// has (128 + 13), as `cat` does.
fn quiet_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload().downcast_ref::<String>().map(String::as_str).or_else(|| info.payload().downcast_ref::<&str>().copied());
        if message.is_some_and(|m| m.starts_with("failed printing to stdout") && m.contains("Broken pipe")) {
            std::process::exit(141);
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    quiet_on_closed_stdout();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and --version are successes; anything else is a usage error (2).
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let result = match cli.command {
        Command::Plan(args) => return apply::plan(args),
        Command::Apply(args) => return apply::apply(args),
        Command::Destroy(args) => return apply::destroy(args),
        Command::Drift(args) => return apply::drift(args),
        Command::ForceUnlock(args) => return apply::force_unlock(args),
        Command::Template(TemplateCommand::List) => commands::template_list(),
        Command::Template(TemplateCommand::Show { name }) => commands::template_show(&name),
        Command::Validate { plan, pricing } => commands::validate(&plan, pricing.pricing_dir.as_deref()),
        Command::Estimate { plan, env, format, pricing } => {
            commands::estimate(&plan, env.as_deref(), format, pricing.pricing_dir.as_deref())
        }
        Command::Pricing(PricingCommand::Show { instance_type, region, pricing }) => {
            commands::pricing_show(&instance_type, &region, pricing.pricing_dir.as_deref())
        }
        Command::Pricing(PricingCommand::Import { files, out }) => commands::pricing_import(&files, &out),
        Command::Pricing(PricingCommand::Update { regions, services, out, cache, endpoint }) => {
            pricing_update::update(pricing_update::Args {
                endpoint: &endpoint,
                regions: &regions,
                services: &services,
                out: &out,
                cache: cache.as_deref(),
            })
        }
        Command::Simulate { plan, env, period, trials, seed, format, traffic, pricing } => simulate::simulate(simulate::Args {
            plan: &plan,
            env: env.as_deref(),
            period: match period {
                SimPeriod::Month => skyplan_sim::Period::Month,
                SimPeriod::Year => skyplan_sim::Period::Year,
            },
            trials,
            seed,
            format,
            traffic: traffic.as_deref(),
            pricing_dir: pricing.pricing_dir.as_deref(),
        }),
        Command::Bundle(args) => bundle::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Dr { plan, env, seed, format, pricing } => dr::dr(dr::Args {
            plan: &plan,
            env: env.as_deref(),
            seed,
            format,
            pricing_dir: pricing.pricing_dir.as_deref(),
        }),
        Command::Forecast { plan, env, months, budget, commitments, renewal, seed, format, pricing } => forecast::forecast(forecast::Args {
            plan: &plan,
            env: env.as_deref(),
            months,
            budget,
            commitments: match commitments {
                CommitmentsArg::Recommended => skyplan_forecast::Commitments::Recommended,
                CommitmentsArg::None => skyplan_forecast::Commitments::None,
            },
            renewal: match renewal {
                RenewalArg::Renew => skyplan_forecast::Renewal::Renew,
                RenewalArg::Lapse => skyplan_forecast::Renewal::Lapse,
            },
            seed,
            format,
            pricing_dir: pricing.pricing_dir.as_deref(),
        }),
        Command::Export(ExportCommand::Terraform {
            plan,
            out,
            force,
            owner,
            cost_center,
            state_bucket,
            lock_table,
            certificate_arn,
            alarm_emails,
            schedule_time_zone,
        }) => {
            let defaults = skyplan_terraform::ExportOptions::default();
            let options = skyplan_terraform::ExportOptions {
                owner,
                cost_center,
                state_bucket,
                lock_table,
                certificate_arn: certificate_arn.unwrap_or(defaults.certificate_arn),
                alarm_emails,
                schedule_time_zone,
            };
            export::terraform(export::TerraformArgs { plan: &plan, out: &out, force, options })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}
