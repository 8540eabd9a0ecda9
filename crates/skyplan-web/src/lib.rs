//! skyplan in the browser: the first page (diagram, properties, cost,
//! environments, files). Components wire signals to views; the plan,
//! edits, costs and layout come from skyplan-core. The analysis views
//! (Simulate, Resilience, Budget, Audit) are a wasm module of their own
//! (skyplan-web-analysis) that `analysis_client` fetches on first use.

pub mod analysis_area;
pub mod analysis_client;
pub mod app;
pub mod canvas;
pub mod cost_panel;
pub mod dialogs;
pub mod properties;
pub mod state;
pub mod view_model;
pub mod worker_client;

pub use skyplan_web_kit::{browser, catalog_loader};
