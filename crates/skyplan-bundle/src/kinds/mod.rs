//! The AWS resources each component kind implies, one file per kind (named
//! as the core's `kinds/<kind>.rs`), mirroring skyplan-terraform's
//! `kinds/<kind>.rs` and `modules/<kind>.rs`. Dispatch goes through the
//! core's `match_spec!`, so a kind without a file here fails to compile.

use crate::ctx::{Ctx, Network};
use crate::address::Ref;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use skyplan_core::match_spec;
use skyplan_core::model::{ComponentView, Spec};
use std::fmt;

// One file per kind, declared from the core's list of kinds.
macro_rules! declare_kind_modules {
    ([] $($variant:ident = $name:literal => $module:ident :: $settings:ident,)*) => {
        $(pub mod $module;)*
    };
}
skyplan_core::for_each_kind!(declare_kind_modules);

/// What a bundle makes of a component kind.
pub trait BundleKind {
    /// The resource types only this kind makes, declared in its file
    /// ([`NoOwnResources`] for a kind whose resources are all shared
    /// types). The graph holds them as `Properties::Kind`.
    type Resource: OwnResource;

    /// Adds the component's resources to the graph. `network` is the VPC's,
    /// present whenever the environment has a vpc component.
    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, network: Option<&Network>);

    /// The value of the dimension an alarm on the component `id` names it
    /// by (see the core's `alarm_metric`).
    fn alarm_dimension(&self, _id: &str) -> Option<Ref> {
        None
    }
}


/// Resource types one kind declares for itself.
pub trait OwnResource: fmt::Debug + Clone + PartialEq + Eq + Serialize + DeserializeOwned {
    /// The Terraform resource type of the same thing, e.g. `aws_dynamodb_table`.
    fn resource_type(&self) -> &'static str;
    /// Whether AWS takes tags on it.
    fn taggable(&self) -> bool;
}

/// The own resource types of a kind that has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoOwnResources {}

impl OwnResource for NoOwnResources {
    fn resource_type(&self) -> &'static str {
        match *self {}
    }
    fn taggable(&self) -> bool {
        match *self {}
    }
}

macro_rules! define_kind_resource {
    ([] $($variant:ident = $name:literal => $module:ident :: $settings:ident,)*) => {
        /// A resource of a type only one kind makes, tagged by its type
        /// like every other (`"type": "aws_dynamodb_table"`).
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum KindResource {
            $($variant(<skyplan_core::kinds::$module::$settings as BundleKind>::Resource),)*
        }

        impl KindResource {
            pub fn resource_type(&self) -> &'static str {
                match self {
                    $(KindResource::$variant(resource) => resource.resource_type(),)*
                }
            }

            pub fn taggable(&self) -> bool {
                match self {
                    $(KindResource::$variant(resource) => resource.taggable(),)*
                }
            }
        }
    };
}
skyplan_core::for_each_kind!(define_kind_resource);

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
