//! Each component kind's part of an environment's root, one file per kind
//! (named as the core's `kinds/<kind>.rs`): which module it calls and how
//! its settings become that call's arguments, variables and outputs.
//! Dispatch goes through the core's `match_spec!`/`match_kind!`, so a kind
//! without a file here fails to compile.

use crate::ctx::{Ctx, Part};
use crate::modules::Module;
use crate::ExportError;
use skyplan_core::model::{ComponentView, Kind};
use skyplan_core::{match_kind, match_spec};

mod alb;
mod asg;
mod cloudfront;
mod cloudwatch;
mod data_transfer;
mod eks;
mod elasticache;
mod kms;
mod rds;
mod s3;
mod secrets;
mod vpc;
mod waf;

/// What the export does with a component kind.
pub(crate) trait TerraformKind {
    /// The module the kind's components call; `None` for a kind that prices
    /// something but creates nothing of its own.
    const MODULE: Option<Module>;

    /// What the component contributes to its environment's root.
    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError>;
}

/// The module of a kind, if it has one.
pub(crate) fn module_of(kind: Kind) -> Option<Module> {
    match_kind!(kind, K => <K as TerraformKind>::MODULE)
}

/// What a component contributes to its environment's root.
pub(crate) fn part(ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
    match_spec!(&component.spec, settings => settings.part(ctx, component))
}
