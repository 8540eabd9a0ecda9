//! One file per Terraform module, as the cost engine has one file per AWS
//! resource. Each module is generic: it knows no plan, only its variables;
//! what differs between environments is passed in by the environment roots
//! (`crate::env`).

pub(crate) mod shared;

pub mod alb;
pub mod asg;
pub mod cloudfront;
pub mod eks;
pub mod elasticache;
pub mod kms;
pub mod monitoring;
pub mod rds;
pub mod s3;
pub mod vpc;
pub mod waf;

pub use shared::ModuleFiles;


/// A module directory of the export: its name and how its files are made.
/// A kind names the module its components call (`TerraformKind::MODULE`).
#[derive(Debug, Clone, Copy)]
pub struct Module {
    pub dir: &'static str,
    pub files: fn() -> ModuleFiles,
}
