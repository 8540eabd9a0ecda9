//! skyplan in the browser. Components wire signals to views; the plan,
//! edits, costs and layout come from skyplan-core.

pub mod app;
pub mod audit_chart;
pub mod audit_view;
pub mod browser;
pub mod budget_charts;
pub mod budget_view;
pub mod canvas;
pub mod catalog_loader;
pub mod chart_data;
pub mod charts;
pub mod cost_panel;
pub mod dialogs;
pub mod properties;
pub mod resilience_view;
pub mod simulate_view;
pub mod state;
pub mod view_model;
pub mod worker_client;
