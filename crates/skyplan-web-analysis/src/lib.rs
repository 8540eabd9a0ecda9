//! The web app's analysis views, a wasm module of their own: the page
//! (skyplan-web) fetches it the first time a Simulate, Resilience, Budget
//! or Audit tab is opened and mounts it with `entry::mount`. `state` is what
//! the views read and how they edit (through the page); `host` mounts each
//! view on its first showing. Components wire signals to views; the
//! analyses come from skyplan-sim, skyplan-resilience, skyplan-forecast and
//! skyplan-audit.

pub mod audit_chart;
pub mod audit_view;
pub mod budget_charts;
pub mod budget_view;
pub mod chart_data;
pub mod charts;
#[cfg(target_arch = "wasm32")]
pub mod entry;
pub mod host;
pub mod resilience_view;
pub mod simulate_view;
pub mod state;

pub use skyplan_web_kit::{browser, catalog_loader};
