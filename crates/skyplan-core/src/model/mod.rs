//! The plan: what the user designs. Pure data, its validation, and the edits
//! made to it.

pub mod diagram;
pub mod edit;
pub mod plan;
pub mod problem;
pub mod quantity;
pub mod resilience;
pub mod rules;
pub mod schema;
pub mod share;
pub mod simulation;

/// The component kinds, where they are described: `crate::kinds`.
pub use crate::kinds::*;
pub use plan::{
    merge_patch, parse_plan, plan_from_value, Component, ComponentView, Connection, Environment, EnvironmentView, Plan,
    Schedule, ValidPlan, MAX_COMPONENTS, MAX_CONNECTIONS, MAX_ENVIRONMENTS, MAX_PLAN_BYTES, PLAN_FORMAT_VERSION,
};
pub use problem::{printable, Problem, Problems};
pub use quantity::Quantity;
pub use plan::check_against_catalog;
