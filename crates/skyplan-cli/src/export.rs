//! `skyplan export terraform`: writes the Terraform tree skyplan-terraform
//! returns as data.

use anyhow::{anyhow, bail, Context as _, Result};
use skyplan_core::model::MAX_PLAN_BYTES;
use skyplan_core::{parse_plan, ValidPlan};
use skyplan_terraform::{export, ExportOptions};
use std::io::Read as _;
use std::path::{Component, Path};

pub struct TerraformArgs<'a> {
    pub plan: &'a Path,
    pub out: &'a Path,
    pub force: bool,
    pub options: ExportOptions,
}

pub fn terraform(args: TerraformArgs) -> Result<()> {
    let plan = load_plan_only(args.plan)?;
    let files = export(&plan, &args.options)?;
    if args.out.exists() && !args.force {
        let non_empty = std::fs::read_dir(args.out).with_context(|| format!("cannot read {}", args.out.display()))?.next().is_some();
        if non_empty {
            bail!("{} is not empty; pass --force to write into it (files of the export are overwritten)", args.out.display());
        }
    }
    for (relative, contents) in &files {
        // Paths come from the exporter, but a file is only ever written below --out.
        let relative = Path::new(relative);
        if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
            bail!("refusing to write {} outside {}", relative.display(), args.out.display());
        }
        let path = args.out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!(
        "wrote {} files to {} (environments: {})",
        files.len(),
        args.out.display(),
        plan.environment_names().join(", ")
    );
    Ok(())
}

/// Reads and validates a plan. An export needs no prices, so unlike
/// `estimate` it does not check the plan against a catalog.
fn load_plan_only(path: &Path) -> Result<ValidPlan> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().take(MAX_PLAN_BYTES as u64 + 1).read_to_end(&mut bytes).context("cannot read the plan from standard input")?;
    } else {
        // Read one byte past the limit so parse_plan refuses an oversized plan without reading all of it.
        let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        file.take(MAX_PLAN_BYTES as u64 + 1).read_to_end(&mut bytes).with_context(|| format!("cannot read {}", path.display()))?;
    }
    let text = String::from_utf8(bytes).map_err(|_| anyhow!("{} is not UTF-8 text", path.display()))?;
    parse_plan(&text).map_err(|problems| {
        let count = problems.0.len();
        let mut message = format!("{} is not a valid plan ({count} problem{}):", path.display(), if count == 1 { "" } else { "s" });
        for problem in &problems.0 {
            message.push_str(&format!("\n  {problem}"));
        }
        anyhow!(message)
    })
}
