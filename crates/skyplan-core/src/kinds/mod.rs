//! The component kinds. Each kind is one file here (`<kind>.rs`): its
//! settings types and everything the core knows of it, as an
//! implementation of [`ComponentKind`]. The one list of kinds is
//! `registry.rs`; the modules, `Kind`, `Spec` and every dispatch are
//! generated from it.
//!
//! Adding a kind: a line in `registry.rs`, a `<kind>.rs` here, and the
//! same-named file each downstream crate's compiler then asks for.

#[macro_use]
mod registry;

pub mod kind;
pub mod spec;

pub use kind::{Checking, ComponentKind, Kind, NoOwnPrices, OwnPrice, ScalingGroup, Tier};
pub use spec::{KindPrice, Spec};

macro_rules! declare_modules {
    ([] $($variant:ident = $name:literal => $module:ident :: $settings:ident,)*) => {
        $(
            pub mod $module;
            pub use $module::*;
        )*
    };
}
for_each_kind!(declare_modules);
