//! The AWS resources each component kind implies, one file per kind (named
//! as the core's `kinds/<kind>.rs`), mirroring skyplan-terraform's
//! `kinds/<kind>.rs` and `modules/<kind>.rs`. Dispatch goes through the
//! core's `match_spec!`, so a kind without a file here fails to compile.

use crate::ctx::{Ctx, Network};
use crate::address::Ref;
use skyplan_core::match_spec;
use skyplan_core::model::{ComponentView, Spec};

// One file per kind, declared from the core's list of kinds.
macro_rules! declare_kind_modules {
    ([] $($variant:ident = $name:literal => $module:ident :: $settings:ident,)*) => {
        $(pub(crate) mod $module;)*
    };
}
skyplan_core::for_each_kind!(declare_kind_modules);

/// What a bundle makes of a component kind.
pub(crate) trait BundleKind {
    /// Adds the component's resources to the graph. `network` is the VPC's,
    /// present whenever the environment has a vpc component.
    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, network: Option<&Network>);

    /// The value of the dimension an alarm on the component `id` names it
    /// by (see the core's `alarm_metric`).
    fn alarm_dimension(&self, _id: &str) -> Option<Ref> {
        None
    }
}


/// The dimension value an alarm on component `id` names it by.
pub(crate) fn alarm_dimension(spec: &Spec, id: &str) -> Option<Ref> {
    match_spec!(spec, settings => settings.alarm_dimension(id))
}

/// Adds a component's resources to the graph.
pub(crate) fn resources(ctx: &mut Ctx, component: &ComponentView, network: Option<&Network>) {
    match_spec!(&component.spec, settings => settings.resources(ctx, component, network))
}

/// The network of an in-VPC component: `graph_of` refuses an environment
/// with in-VPC components and no vpc component, so it is always there.
fn in_vpc(network: Option<&Network>) -> &Network {
    network.expect("graph_of refuses in-VPC components without a vpc component")
}
