//! `skyplan plan | apply | destroy | drift | force-unlock`: a verified plan
//! bundle against an AWS account, through skyplan-aws.
//!
//! Exit codes: 0 success (plan --detailed-exitcode: no changes), 1 error or
//! a failed resource, 2 usage error (plan --detailed-exitcode: changes).
//! plan and drift read and change nothing, and take no lock; apply and
//! destroy hold the state lock for their whole run.

use anyhow::{bail, Context, Result};
use skyplan_aws::engine::{self, Action, Change, Plan, Report};
use skyplan_aws::resources::Ctx;
use skyplan_aws::session::{OpenOptions, Session};
use skyplan_aws::state::StateLocation;
use skyplan_aws::store::HeldLock;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use crate::progress::{past, reporter, ProgressStyleChoice};
use std::time::Duration;

#[derive(clap::Args)]
pub struct Common {
    /// Plan bundle file (`skyplan bundle PLAN --env NAME --out FILE`).
    pub bundle: PathBuf,
    /// Where the state is: a file (default: <bundle>.state.json) or s3://BUCKET/KEY.
    #[arg(long)]
    pub state: Option<String>,
    /// DynamoDB table locking an S3 state (string partition key `LockID`, as Terraform's).
    #[arg(long, value_name = "NAME")]
    pub lock_table: Option<String>,
    /// Seconds to wait for the state lock held by another run (default: fail at once, naming the holder).
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub lock_timeout: u64,
    /// A value the bundle asks for at apply time, NAME=VALUE (repeatable), e.g. certificate_arn=arn:aws:acm:...
    #[arg(long = "input", value_name = "NAME=VALUE", value_parser = parse_input)]
    pub inputs: Vec<(String, String)>,
    /// Resources read or changed at the same time.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub parallelism: u16,
}

fn parse_input(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("{text:?}: expected NAME=VALUE")),
    }
}

#[derive(clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub common: Common,
    /// Exit 0 when nothing would change, 2 when something would, 1 on error (as terraform plan -detailed-exitcode).
    #[arg(long)]
    pub detailed_exitcode: bool,
}

#[derive(clap::Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub common: Common,
    /// Apply without asking for confirmation.
    #[arg(long)]
    pub auto_approve: bool,
    /// destroy: turn off a database's deletion protection so it can be deleted (else its delete fails).
    #[arg(long)]
    pub disable_deletion_protection: bool,
    /// How progress is shown on stderr.
    #[arg(long, value_enum, default_value_t = ProgressStyleChoice::Auto)]
    pub progress: ProgressStyleChoice,
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// The default state path: `<bundle>.state.json` next to the bundle.
fn default_state(bundle: &Path) -> PathBuf {
    let mut name = bundle.as_os_str().to_owned();
    name.push(".state.json");
    PathBuf::from(name)
}

/// The bundle, refused unless it verifies (digest, format version, plan,
/// graph): what was reviewed is what is applied.
fn read_verified(path: &Path) -> Result<skyplan_bundle::Bundle> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read the bundle {}", path.display()))?;
    skyplan_bundle::verify(&bytes).with_context(|| format!("{} is refused", path.display()))
}

fn state_location(common: &Common) -> Result<StateLocation> {
    Ok(match &common.state {
        Some(text) => StateLocation::parse(text).map_err(anyhow::Error::msg)?,
        None => StateLocation::Local(default_state(&common.bundle)),
    })
}

/// The verified bundle opened against the account and its state.
async fn open(common: &Common, disable_deletion_protection: bool) -> Result<Session> {
    let bundle = read_verified(&common.bundle)?;
    let options = OpenOptions {
        state: state_location(common)?,
        inputs: common.inputs.iter().cloned().collect(),
        disable_deletion_protection,
    };
    Ok(Session::open(&bundle, options).await?)
}

async fn lock(session: &Session, common: &Common, operation: &str) -> Result<HeldLock> {
    Ok(session.lock(operation, common.lock_table.as_deref(), Duration::from_secs(common.lock_timeout)).await?)
}

/// The first line every command prints.
fn heading(command: &str, common: &Common, session: &Session) {
    println!("skyplan {command}: {} (plan id {}), state {}", common.bundle.display(), session.plan_id, session.store.describe());
}

fn print_plan(plan: &Plan, out: &mut impl Write) -> std::io::Result<()> {
    for change in &plan.changes {
        let symbol = match change.action {
            Action::NoOp if change.note.is_some() && change.live.is_some() => "=",
            Action::NoOp => continue,
            Action::Create => "+",
            Action::Update => "~",
            Action::Replace => "-/+",
            Action::Delete => "-",
        };
        let verb = if change.action == Action::NoOp {
            "adopt"
        } else {
            change.action.verb()
        };
        write!(out, "  {symbol} {verb} {} ({})", change.address, change.kind)?;
        match &change.note {
            Some(note) => writeln!(out, ": {note}")?,
            None => writeln!(out)?,
        }
        for field in &change.fields {
            let current = field.current.as_ref().map(engine::show).unwrap_or_else(|| "(unset)".into());
            writeln!(out, "      {}: {} -> {}", field.field, current, engine::show(&field.desired))?;
        }
    }
    let unchanged = plan.changes.iter().filter(|c| c.action == Action::NoOp && c.note.is_none()).count();
    writeln!(
        out,
        "Plan: {} to create, {} to update, {} to replace, {} to delete, {} to adopt; {} unchanged.",
        plan.count(Action::Create),
        plan.count(Action::Update),
        plan.count(Action::Replace),
        plan.count(Action::Delete),
        plan.adoptions(),
        unchanged
    )
}

fn print_left_out(left_out: &[String]) {
    if !left_out.is_empty() {
        eprintln!(
            "note: {} optional resources are not applied by this engine (CloudFront and WAF are not supported): {}",
            left_out.len(),
            left_out.join(", ")
        );
    }
}

fn exit_error(error: anyhow::Error) -> ExitCode {
    eprintln!("error: {error:#}");
    ExitCode::from(1)
}

pub fn plan(args: PlanArgs) -> ExitCode {
    let result = runtime().and_then(|rt| {
        rt.block_on(async {
            let session = open(&args.common, false).await?;
            let (_, plan) = session.plan(args.common.parallelism as usize).await?;
            heading("plan", &args.common, &session);
            print_plan(&plan, &mut std::io::stdout().lock())?;
            print_left_out(&session.left_out);
            Ok::<bool, anyhow::Error>(plan.has_changes())
        })
    });
    match result {
        Ok(true) if args.detailed_exitcode => ExitCode::from(2),
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => exit_error(error),
    }
}

fn confirm(question: &str) -> Result<bool> {
    print!("{question} Only 'yes' is accepted: ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(answer.trim() == "yes")
}

fn summary(report: &Report, verb: &str) -> Result<()> {
    let counts = [Action::Create, Action::Update, Action::Replace, Action::Delete]
        .iter()
        .map(|&a| format!("{} {}", report.count(a), past(a)))
        .collect::<Vec<_>>()
        .join(", ");
    if report.ok() {
        println!("{verb} complete: {counts}.");
        return Ok(());
    }
    eprintln!(
        "{verb} incomplete: {counts}; {} failed, {} not attempted.",
        report.failed.len(),
        report.skipped.len()
    );
    for (address, error) in &report.failed {
        eprintln!("  failed: {address}: {error}");
    }
    for (address, because) in &report.skipped {
        eprintln!("  not attempted: {address} (depends on {because})");
    }
    bail!(
        "{} resources failed; everything created is recorded in the state: fix the cause and run {} again",
        report.failed.len(),
        verb.to_lowercase()
    )
}

pub fn apply(args: ApplyArgs) -> ExitCode {
    let result = runtime().and_then(|rt| {
        rt.block_on(async {
            let session = open(&args.common, false).await?;
            let held = lock(&session, &args.common, "apply").await?;
            let outcome = async {
                let parallelism = args.common.parallelism as usize;
                let (state, plan) = session.plan(parallelism).await?;
                heading("apply", &args.common, &session);
                print_plan(&plan, &mut std::io::stdout().lock())?;
                print_left_out(&session.left_out);
                if !plan.has_changes() {
                    println!("No changes.");
                    return Ok(());
                }
                if !args.auto_approve && !confirm("Apply these changes?")? {
                    bail!("apply cancelled: nothing changed");
                }
                let total = plan.changes.iter().filter(|c| c.action != Action::NoOp).count();
                let progress = reporter(args.progress, total);
                let report = session.engine.apply(&plan, state, &session.store, &session.known, parallelism, progress).await?;
                summary(&report, "Apply")
            }
            .await;
            held.release().await?;
            outcome
        })
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => exit_error(error),
    }
}

pub fn destroy(args: ApplyArgs) -> ExitCode {
    let result = runtime().and_then(|rt| {
        rt.block_on(async {
            let session = open(&args.common, args.disable_deletion_protection).await?;
            let held = lock(&session, &args.common, "destroy").await?;
            let outcome = async {
                let state = session.state().await?;
                let targets = session.engine.destroy_targets(&state, &session.known).await?;
                heading("destroy", &args.common, &session);
                for (address, rs, _) in &targets {
                    println!("  - delete {address} ({}, {})", rs.kind, rs.id);
                }
                println!(
                    "Destroy: {} to delete (only resources of plan id {}).",
                    targets.len(),
                    session.plan_id
                );
                if targets.is_empty() {
                    println!("Nothing to destroy.");
                    session.engine.destroy(targets, state, &session.store, 1, reporter(ProgressStyleChoice::Plain, 0)).await?;
                    return Ok(());
                }
                if !args.auto_approve && !confirm("Destroy these resources?")? {
                    bail!("destroy cancelled: nothing changed");
                }
                let progress = reporter(args.progress, targets.len());
                let report = session.engine.destroy(targets, state, &session.store, args.common.parallelism as usize, progress).await?;
                summary(&report, "Destroy")
            }
            .await;
            held.release().await?;
            outcome
        })
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => exit_error(error),
    }
}

/// Exit 0 when nothing drifted, 2 when something did, 1 on error.
pub fn drift(common: Common) -> ExitCode {
    let result = runtime().and_then(|rt| {
        rt.block_on(async {
            let session = open(&common, false).await?;
            let (_, plan) = session.plan(common.parallelism as usize).await?;
            heading("drift", &common, &session);
            let drift: &Vec<Change> = &plan.drift;
            for change in drift {
                println!(
                    "  {} {} ({}): {}",
                    if change.live.is_none() { "-" } else { "~" },
                    change.address,
                    change.kind,
                    change.note.as_deref().unwrap_or("")
                );
                for field in &change.fields {
                    println!(
                        "      {}: applied {} , now {}",
                        field.field,
                        engine::show(&field.desired),
                        field.current.as_ref().map(engine::show).unwrap_or_default()
                    );
                }
            }
            let missing = plan
                .changes
                .iter()
                .filter(|c| c.action == Action::Create && c.note.is_none())
                .count();
            println!(
                "Drift: {} changed outside skyplan, {} deleted outside skyplan; {} in the bundle never applied.",
                drift.iter().filter(|c| c.live.is_some()).count(),
                drift.iter().filter(|c| c.live.is_none()).count(),
                missing
            );
            Ok::<bool, anyhow::Error>(!drift.is_empty())
        })
    });
    match result {
        Ok(true) => ExitCode::from(2),
        Ok(false) => ExitCode::SUCCESS,
        Err(error) => exit_error(error),
    }
}

/// Removes a DynamoDB lock left by a killed run (a local lock needs
/// nothing: the OS releases it with the process).
pub fn force_unlock(common: Common) -> ExitCode {
    let result = runtime().and_then(|rt| {
        rt.block_on(async {
            let StateLocation::S3 { bucket, key } = state_location(&common)? else {
                println!("A local state's lock is released by the operating system when its process ends: nothing to unlock.");
                return Ok(());
            };
            let Some(table) = &common.lock_table else {
                bail!("--lock-table is required to unlock an S3 state")
            };
            let bundle = read_verified(&common.bundle)?;
            let ctx = Ctx::connect(&bundle.region).await?;
            match skyplan_aws::lock::force_unlock_remote(&ctx.dynamodb, table, &skyplan_aws::lock::remote_lock_id(&bucket, &key)).await? {
                Some(holder) => println!("Removed the lock held by {holder}."),
                None => println!("The state was not locked."),
            }
            Ok(())
        })
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => exit_error(error),
    }
}
