//! `skyplan`: a thin shell over skyplan-core. Parses arguments, reads and
//! writes files, and maps outcomes to exit codes: 0 success, 1 invalid input
//! or failure, 2 usage error.

mod catalogs;
mod commands;

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
}

#[derive(clap::Args)]
struct PricingDir {
    /// Directory of `<region>.json` catalogs that take precedence over the bundled ones.
    #[arg(long, value_name = "DIR")]
    pricing_dir: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and --version are successes; anything else is a usage error (2).
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let result = match cli.command {
        Command::Template(TemplateCommand::List) => commands::template_list(),
        Command::Template(TemplateCommand::Show { name }) => commands::template_show(&name),
        Command::Validate { plan, pricing } => commands::validate(&plan, pricing.pricing_dir.as_deref()),
        Command::Estimate { plan, env, format, pricing } => {
            let format = match format {
                Format::Table => commands::OutputFormat::Table,
                Format::Json => commands::OutputFormat::Json,
                Format::Csv => commands::OutputFormat::Csv,
            };
            commands::estimate(&plan, env.as_deref(), format, pricing.pricing_dir.as_deref())
        }
        Command::Pricing(PricingCommand::Show { instance_type, region, pricing }) => {
            commands::pricing_show(&instance_type, &region, pricing.pricing_dir.as_deref())
        }
        Command::Pricing(PricingCommand::Import { files, out }) => commands::pricing_import(&files, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}
