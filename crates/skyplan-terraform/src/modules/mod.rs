//! One file per Terraform module, as the cost engine has one file per AWS
//! resource. Each module is generic: it knows no plan, only its variables;
//! what differs between environments is passed in by the environment roots
//! (`crate::env`).

mod shared;

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


/// The module directories an export can contain, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Module {
    Vpc,
    Alb,
    Asg,
    Eks,
    Rds,
    Elasticache,
    S3,
    Cloudfront,
    Waf,
    Monitoring,
    Kms,
}

impl Module {
    pub fn dir(self) -> &'static str {
        match self {
            Module::Vpc => "vpc",
            Module::Alb => "alb",
            Module::Asg => "asg",
            Module::Eks => "eks",
            Module::Rds => "rds",
            Module::Elasticache => "elasticache",
            Module::S3 => "s3",
            Module::Cloudfront => "cloudfront",
            Module::Waf => "waf",
            Module::Monitoring => "monitoring",
            Module::Kms => "kms",
        }
    }

    pub fn files(self) -> ModuleFiles {
        match self {
            Module::Vpc => vpc::files(),
            Module::Alb => alb::files(),
            Module::Asg => asg::files(),
            Module::Eks => eks::files(),
            Module::Rds => rds::files(),
            Module::Elasticache => elasticache::files(),
            Module::S3 => s3::files(),
            Module::Cloudfront => cloudfront::files(),
            Module::Waf => waf::files(),
            Module::Monitoring => monitoring::files(),
            Module::Kms => kms::files(),
        }
    }
}
