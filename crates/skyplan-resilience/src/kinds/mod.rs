//! What resilience knows of each component kind, one file per kind (named
//! as the core's `kinds/<kind>.rs`): its SLA and the change that raises it,
//! its copy in the DR region under each strategy, its part in recovery
//! (the RPO's databases, caches and buckets), the data it replicates, and
//! what losing an AZ does to it. Dispatch goes through the core's
//! `match_spec!`/`match_kind!`, so a kind without a file here fails to compile.

use crate::strategy::{half, Impact, Inventory, Recovery, Strategy};
use rust_decimal::Decimal;
use serde_json::Value;
use skyplan_core::model::{ComponentKind, Kind, Quantity, Spec};
use skyplan_core::{match_kind, match_spec};

// One file per kind, declared from the core's list of kinds.
macro_rules! declare_kind_modules {
    ([] $($variant:ident = $name:literal => $module:ident :: $settings:ident,)*) => {
        $(mod $module;)*
    };
}
skyplan_core::for_each_kind!(declare_kind_modules);

/// A figure of availability: the fraction, how it is derived, its sources.
pub(crate) type Availability = (f64, String, Vec<String>);

pub(crate) trait ResilienceKind: ComponentKind {
    /// The component's availability in an environment with `azs` AZs, or
    /// why it is not counted.
    fn availability(&self, azs: u32) -> Result<Availability, String>;

    /// The change that raises its availability, as a merge patch over its
    /// settings, if one exists.
    fn upgrade(&self, _azs: u32) -> Option<(String, Value)> {
        None
    }

    /// How many copies of it run in parallel (AZs or a standby), as its
    /// availability counts them.
    fn parallel_copies(&self, _azs: u32) -> u32 {
        1
    }

    /// Why no setting raises its availability.
    fn why_fixed() -> String {
        format!("the {} SLA is the same for every configuration; no setting of the plan raises it, a second region (multi-site) would", Self::LABEL)
    }

    /// Its copy in the DR region under `strategy`, or `None` if nothing of it runs there.
    fn standby(&self, strategy: Strategy) -> Option<Spec>;

    /// What recovery depends on of it (the RPO's and RTO's data terms).
    fn recovery_role(&self, _id: &str, _inventory: &mut Inventory) {}

    /// GB a month it replicates to the DR region.
    fn replicated_gb(&self) -> Decimal {
        Decimal::ZERO
    }

    /// The backup copies backup & restore keeps in the DR region: the
    /// line's label and the GB retained.
    fn backup_copies(&self) -> Option<(String, Decimal)> {
        None
    }

    /// GB a month replicated under S3 Replication Time Control.
    fn time_controlled_replication_gb(&self) -> Option<Decimal> {
        None
    }

    /// What losing an AZ does to it, when it holds state the loss touches.
    fn az_loss(&self, _id: &str, _azs: u32, _recovery: &Recovery) -> Option<Impact> {
        None
    }
}

/// A usage figure of the DR copy: half of it under multi-site (both regions
/// serve), none otherwise (the copy stands by).
pub(crate) fn standby_usage(strategy: Strategy) -> impl Fn(Quantity) -> Quantity {
    move |q| if strategy == Strategy::MultiSite { half(q) } else { Quantity::ZERO }
}

pub(crate) fn availability(spec: &Spec, azs: u32) -> Result<Availability, String> {
    match_spec!(spec, settings => settings.availability(azs))
}

pub(crate) fn upgrade(spec: &Spec, azs: u32) -> Option<(String, Value)> {
    match_spec!(spec, settings => settings.upgrade(azs))
}

pub(crate) fn parallel_copies(spec: &Spec, azs: u32) -> u32 {
    match_spec!(spec, settings => settings.parallel_copies(azs))
}

pub(crate) fn why_fixed(kind: Kind) -> String {
    match_kind!(kind, K => <K as ResilienceKind>::why_fixed())
}

pub(crate) fn standby(spec: &Spec, strategy: Strategy) -> Option<Spec> {
    match_spec!(spec, settings => settings.standby(strategy))
}

pub(crate) fn recovery_role(spec: &Spec, id: &str, inventory: &mut Inventory) {
    match_spec!(spec, settings => settings.recovery_role(id, inventory))
}

pub(crate) fn replicated_gb(spec: &Spec) -> Decimal {
    match_spec!(spec, settings => settings.replicated_gb())
}

pub(crate) fn backup_copies(spec: &Spec) -> Option<(String, Decimal)> {
    match_spec!(spec, settings => settings.backup_copies())
}

pub(crate) fn time_controlled_replication_gb(spec: &Spec) -> Option<Decimal> {
    match_spec!(spec, settings => settings.time_controlled_replication_gb())
}

pub(crate) fn az_loss(spec: &Spec, id: &str, azs: u32, recovery: &Recovery) -> Option<Impact> {
    match_spec!(spec, settings => settings.az_loss(id, azs, recovery))
}
