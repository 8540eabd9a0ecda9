//! `skyplan export terraform`: writes the Terraform tree skyplan-terraform
//! returns as data.

use anyhow::{bail, Context as _, Result};
use skyplan_terraform::{export, ExportOptions};
use std::path::{Component, Path};

pub struct TerraformArgs<'a> {
    pub plan: &'a Path,
    pub out: &'a Path,
    pub force: bool,
    pub options: ExportOptions,
}

pub fn terraform(args: TerraformArgs) -> Result<()> {
    let plan = crate::commands::read_plan(args.plan)?;
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
        // A folder on the way that is a symlink would take the file elsewhere.
        let mut folder = args.out.to_path_buf();
        for part in relative.parent().into_iter().flat_map(Path::components) {
            folder.push(part);
            if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
                bail!("refusing to write through {}: it is a symbolic link", folder.display());
            }
        }
        std::fs::create_dir_all(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
        // A file that is a symlink is replaced, its target left alone.
        crate::files::write(&args.out.join(relative), contents.as_bytes())?;
    }
    println!(
        "wrote {} files to {} (environments: {})",
        files.len(),
        args.out.display(),
        plan.environment_names().join(", ")
    );
    Ok(())
}

