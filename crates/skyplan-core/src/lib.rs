//! skyplan's core: the plan model, the pricing catalog and the cost engine.
//!
//! This crate does no IO, reads no clock and uses no unseeded randomness: it
//! turns bytes and values into values, natively and in WebAssembly alike.

pub mod aws;
pub mod cost;
pub mod kinds;
pub mod model;
pub mod pricing;
pub mod report;
pub mod templates;

pub use cost::{estimate, Estimate};
pub use model::{parse_plan, Plan, Problem, Problems, ValidPlan};
pub use pricing::Catalog;

/// The version of skyplan, carried into exports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
