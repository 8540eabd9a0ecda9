//! Each component kind's part of an environment's root, one file per kind
//! (named as the core's `kinds/<kind>.rs`): which module it calls and how
//! its settings become that call's arguments, variables and outputs.
//! Dispatch goes through the core's `match_spec!`/`match_kind!`, so a kind
//! without a file here fails to compile.

use crate::ctx::{Ctx, Part};
use crate::modules::Module;
use crate::ExportError;
use hcl::Expression;
use skyplan_core::model::{ComponentView, Kind, Spec};
use skyplan_core::{match_kind, match_spec};

// One file per kind, declared from the core's list of kinds.
macro_rules! declare_kind_modules {
    ([] $($variant:ident = $name:literal => $module:ident :: $settings:ident,)*) => {
        $(mod $module;)*
    };
}
skyplan_core::for_each_kind!(declare_kind_modules);

/// What the export does with a component kind.
pub(crate) trait TerraformKind {
    /// The module the kind's components call; `None` for a kind that prices
    /// something but creates nothing of its own.
    const MODULE: Option<Module>;

    /// What the component contributes to its environment's root.
    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError>;

    /// The value of the dimension an alarm on the component names it by
    /// (see the core's `alarm_metric`), from its module `ident`'s outputs.
    fn alarm_dimension(&self, _ident: &str) -> Option<Expression> {
        None
    }
}

/// The module of a kind, if it has one.
pub(crate) fn module_of(kind: Kind) -> Option<Module> {
    match_kind!(kind, K => <K as TerraformKind>::MODULE)
}

/// The dimension value an alarm on a component names it by.
pub(crate) fn alarm_dimension(spec: &Spec, ident: &str) -> Option<Expression> {
    match_spec!(spec, settings => settings.alarm_dimension(ident))
}

/// What a component contributes to its environment's root.
pub(crate) fn part(ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
    match_spec!(&component.spec, settings => settings.part(ctx, component))
}
