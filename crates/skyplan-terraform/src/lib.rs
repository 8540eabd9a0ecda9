//! Exports a skyplan plan as Terraform: a module per component kind the plan
//! uses and a root per environment, as a map from relative path to file
//! contents. The crate does no IO (the CLI writes the files, the web app
//! zips them) and builds for `wasm32-unknown-unknown`.
//!
//! HCL is built as hcl-rs structures ([`dsl`]) and printed by hcl-rs, then
//! laid out as `terraform fmt` does ([`fmt`]). User text (names, instance
//! types, versions) only ever becomes string literals, which hcl-rs escapes
//! (`"`, `\`, control characters, `${` and `%{`), so no plan can inject
//! Terraform expressions. The same plan and options always give
//! byte-identical files.

mod ctx;
mod dsl;
mod env;
mod fmt;
mod kinds;
mod modules;
/// Identifier and AWS resource-name rules, shared with skyplan-bundle so a
/// bundle and an export name every resource the same way.
pub mod names;
mod readme;
pub mod zip;

pub use ctx::{crons, Crons};
pub use env::{is_production, AWS_PROVIDER_VERSION, TERRAFORM_VERSION};

use dsl::{obj, s, File, B};
use modules::Module;
use skyplan_core::ValidPlan;
use std::collections::{BTreeMap, BTreeSet};

/// What the plan does not say and the export needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// The Owner tag.
    pub owner: String,
    /// The CostCenter tag.
    pub cost_center: String,
    /// S3 bucket of the Terraform state; default `<plan>-terraform-state`.
    pub state_bucket: Option<String>,
    /// DynamoDB table locking the state; default `<plan>-terraform-locks`.
    pub lock_table: Option<String>,
    /// ACM certificate of the load balancers (a placeholder to replace).
    pub certificate_arn: String,
    /// Who receives the alarms.
    pub alarm_emails: Vec<String>,
    /// Time zone of a part-time environment's start and stop times.
    pub schedule_time_zone: String,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            owner: "unassigned".into(),
            cost_center: "unassigned".into(),
            state_bucket: None,
            lock_table: None,
            certificate_arn: "arn:aws:acm:REGION:ACCOUNT_ID:certificate/REPLACE_ME".into(),
            alarm_emails: Vec::new(),
            schedule_time_zone: "UTC".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The plan asks for something the export cannot express.
    #[error("cannot export: {0}")]
    Unsupported(String),
    /// An option is not usable (e.g. an invalid state bucket name).
    #[error("invalid option {option}: {reason}")]
    InvalidOption { option: &'static str, reason: String },
    /// The generated HCL could not be printed: a bug in skyplan.
    #[error("internal error formatting HCL: {0}")]
    Format(String),
}

/// Exports a plan as Terraform. Keys are relative paths (`/`-separated):
/// `README.md`, `modules/<kind>/{main,variables,outputs}.tf` and
/// `environments/<env>/{main,variables,outputs,versions,backend,providers}.tf`
/// and `terraform.tfvars`.
pub fn export(plan: &ValidPlan, options: &ExportOptions) -> Result<BTreeMap<String, String>, ExportError> {
    check_options(options)?;
    let ids: Vec<&str> = plan.plan().components.iter().map(|c| c.id.as_str()).collect();
    let idents = names::identifiers(ids);

    let mut files = BTreeMap::new();
    let mut used = BTreeSet::new();
    let mut notes = Vec::new();
    for env in plan.environments() {
        used.extend(env.components.iter().map(|c| c.spec.kind()));
        let (env_files, env_notes) = env::environment(plan, env, &idents, options)?;
        for (name, text) in env_files {
            files.insert(format!("environments/{}/{name}", env.name), text);
        }
        notes.extend(env_notes);
    }
    // In the order of kinds, so that the export reads the same every time.
    let modules: Vec<Module> = used.into_iter().filter_map(kinds::module_of).collect();
    for module in &modules {
        let module_files = (module.files)();
        let main = File::new()
            .block(
                B::new("terraform").block(
                    B::new("required_providers")
                        .attr("aws", obj(vec![("source", s("hashicorp/aws")), ("version", s(env::MODULE_PROVIDER_VERSION))])),
                ),
            )
            .extend(module_files.main);
        for (name, file) in [("main.tf", main), ("variables.tf", module_files.variables), ("outputs.tf", module_files.outputs)] {
            files.insert(format!("modules/{}/{name}", module.dir), fmt::to_terraform(&file.into_body())?);
        }
    }
    files.insert("README.md".into(), readme::readme(plan, options, &modules, &notes));
    Ok(files)
}

fn check_options(options: &ExportOptions) -> Result<(), ExportError> {
    if let Some(bucket) = &options.state_bucket {
        let ok = (3..=63).contains(&bucket.len())
            && bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            && bucket.starts_with(|c: char| c.is_ascii_alphanumeric())
            && bucket.ends_with(|c: char| c.is_ascii_alphanumeric());
        if !ok {
            return Err(ExportError::InvalidOption {
                option: "state_bucket",
                reason: format!("\"{bucket}\" is not a bucket name (3 to 63 lowercase letters, digits, '.' and '-')"),
            });
        }
    }
    if let Some(table) = &options.lock_table {
        let ok = (3..=255).contains(&table.len()) && table.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        if !ok {
            return Err(ExportError::InvalidOption {
                option: "lock_table",
                reason: format!("\"{table}\" is not a DynamoDB table name (3 to 255 letters, digits, '_', '-' and '.')"),
            });
        }
    }
    Ok(())
}
