//! `skyplan bundle PLAN --env NAME --out FILE` and `skyplan bundle verify
//! FILE`: the plan bundle skyplan-bundle builds as data, written and read
//! back here.

use anyhow::{bail, Context as _, Result};
use skyplan_bundle::{Bundle, GraphOptions};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BundleArgs {
    #[command(subcommand)]
    command: Option<BundleCommand>,
    /// Plan JSON file, or - for standard input.
    #[arg(required = true)]
    plan: Option<PathBuf>,
    /// The environment to bundle.
    #[arg(long, required = true)]
    env: Option<String>,
    /// File to write the bundle to (replaced if it exists).
    #[arg(long, required = true)]
    out: Option<PathBuf>,
    /// Directory of `<region>.json` catalogs that take precedence over the bundled ones.
    #[arg(long, value_name = "DIR")]
    pricing_dir: Option<PathBuf>,
    /// The Owner tag.
    #[arg(long, default_value = "unassigned")]
    owner: String,
    /// The CostCenter tag.
    #[arg(long, default_value = "unassigned")]
    cost_center: String,
    /// ACM certificate ARN of the load balancers (default: asked for at apply).
    #[arg(long)]
    certificate_arn: Option<String>,
    /// IANA time zone of part-time schedules.
    #[arg(long, default_value = "UTC")]
    schedule_time_zone: String,
}

#[derive(clap::Subcommand)]
enum BundleCommand {
    /// Check a bundle: intact (digest), readable by this skyplan, plan and resource graph sound.
    Verify {
        /// Bundle file.
        file: PathBuf,
    },
}

pub fn run(args: BundleArgs) -> Result<()> {
    if let Some(BundleCommand::Verify { file }) = args.command {
        return verify(&file);
    }
    // clap requires these without a subcommand.
    let (Some(plan), Some(env), Some(out)) = (args.plan, args.env, args.out) else {
        bail!("skyplan bundle needs PLAN, --env and --out (or: skyplan bundle verify FILE)");
    };
    let options = GraphOptions {
        owner: args.owner,
        cost_center: args.cost_center,
        certificate_arn: args.certificate_arn,
        schedule_time_zone: args.schedule_time_zone,
    };
    create(&plan, &env, &out, args.pricing_dir.as_deref(), &options)
}

fn create(plan_path: &Path, env: &str, out: &Path, pricing_dir: Option<&Path>, options: &GraphOptions) -> Result<()> {
    let (plan, catalog) = crate::commands::load_plan(plan_path, pricing_dir)?;
    crate::commands::check_environment(&plan, env)?;
    let bundle = skyplan_bundle::build(&plan, env, &catalog, options)?;
    let text = skyplan_bundle::to_json(&bundle);
    // Written beside the target and renamed over it: a reader never sees half a bundle.
    crate::files::write(out, text.as_bytes())?;
    println!("wrote {} ({} bytes)", out.display(), text.len());
    print!("{}", summary(&bundle));
    Ok(())
}

fn verify(file: &Path) -> Result<()> {
    let size = std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?.len();
    if size > skyplan_bundle::bundle::MAX_BUNDLE_BYTES as u64 {
        bail!(
            "{} is refused: it is {size} bytes; bundles larger than {} bytes are refused",
            file.display(),
            skyplan_bundle::bundle::MAX_BUNDLE_BYTES
        );
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let bundle = skyplan_bundle::verify(&bytes).with_context(|| format!("{} is refused", file.display()))?;
    println!(
        "{}: valid bundle (format_version {}, made by skyplan {})",
        file.display(),
        bundle.format_version,
        bundle.skyplan_version
    );
    print!("{}", summary(&bundle));
    Ok(())
}

/// What a reviewer checks first: which plan and environment, how many of
/// each resource, what it costs, and the digest to compare.
fn summary(bundle: &Bundle) -> String {
    let mut out = String::new();
    let plan_name = bundle.plan.get("name").and_then(|n| n.as_str()).unwrap_or("?");
    out.push_str(&format!(
        "plan         \"{plan_name}\", environment {}, region {}\n",
        bundle.environment, bundle.region
    ));
    out.push_str(&format!("plan id      {}\n", bundle.plan_id));
    let counts = bundle.graph.count_by_type();
    let optional = bundle.graph.resources.iter().filter(|r| r.optional).count();
    out.push_str(&format!("resources    {} ({optional} optional: CloudFront, WAF)\n", bundle.graph.len()));
    let width = counts.keys().map(|t| t.len()).max().unwrap_or(0);
    for (resource_type, count) in &counts {
        out.push_str(&format!("  {resource_type:<width$}  {count:>4}\n"));
    }
    out.push_str(&format!(
        "monthly cost {} {} estimated (prices {} {})\n",
        skyplan_core::report::total(bundle.estimate.monthly, bundle.estimate.missing_prices.is_empty(), &bundle.pricing.region),
        bundle.pricing.currency,
        bundle.pricing.region,
        bundle.pricing.catalog_version
    ));
    for missing in &bundle.estimate.missing_prices {
        out.push_str(&format!(
            "  not priced: {} {} (the catalog has no {})\n",
            missing.component, missing.line, missing.price
        ));
    }
    for note in &bundle.notes {
        out.push_str(&format!("note         {note}\n"));
    }
    out.push_str(&format!("digest       {}\n", bundle.digest));
    out
}
