//! What the page and the analysis module say to each other, as JSON
//! strings through JavaScript (two wasm modules share no memory).
//!
//! The page owns the plan and its history. Whenever an analysis view is
//! shown and the plan, the environment or the editing scope changes, the
//! page sends [`Inputs`] (the plan's JSON only when its revision changed).
//! The module sends each edit it makes as a serialized
//! [`skyplan_core::model::edit::Edit`]; the page applies it through its own
//! history (so undo, redo and autosave see it) and answers with nothing
//! (accepted) or the core's [`Problems`] (refused, the plan unchanged).

use serde::{Deserialize, Serialize};
use skyplan_core::model::edit::Edit;
use skyplan_core::{Problem, Problems};

/// The views the analysis module draws, one per tab of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnalysisView {
    Simulate,
    Resilience,
    Budget,
    Audit,
}

impl AnalysisView {
    pub const ALL: [AnalysisView; 4] = [AnalysisView::Simulate, AnalysisView::Resilience, AnalysisView::Budget, AnalysisView::Audit];

    pub fn as_str(self) -> &'static str {
        match self {
            AnalysisView::Simulate => "simulate",
            AnalysisView::Resilience => "resilience",
            AnalysisView::Budget => "budget",
            AnalysisView::Audit => "audit",
        }
    }
}

/// What the analysis views read from the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    /// Counts the page's plan changes (edits, undo, redo, imports).
    pub revision: u64,
    /// The plan's JSON, sent when `revision` differs from the last one sent.
    pub plan: Option<String>,
    /// The environment the page's tabs show.
    pub environment: String,
    /// Edits go to the current environment's overrides only (the page's
    /// "this environment only" switch).
    pub edit_environment_only: bool,
    /// The analysis view on screen; `None` while the diagram is.
    pub shown: Option<AnalysisView>,
}

impl Inputs {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("strings, numbers and booleans always serialize")
    }

    pub fn from_json(text: &str) -> Result<Inputs, String> {
        serde_json::from_str(text).map_err(|e| format!("the page's inputs could not be read: {e}"))
    }
}

pub fn edit_to_json(edit: &Edit) -> String {
    // Every variant the analysis views make holds strings, numbers and JSON values.
    serde_json::to_string(edit).unwrap_or_default()
}

/// An edit as the analysis module sent it; unreadable, a problem at `$`.
pub fn edit_from_json(text: &str) -> Result<Edit, Problems> {
    serde_json::from_str(text).map_err(|e| Problems(vec![Problem::new("$", format!("the edit could not be read: {e}"))]))
}

pub fn problems_to_json(problems: &Problems) -> String {
    serde_json::to_string(problems).unwrap_or_default()
}

/// The page's refusal; unreadable, the text itself as a problem at `$`.
pub fn problems_from_json(text: &str) -> Problems {
    serde_json::from_str(text).unwrap_or_else(|_| Problems(vec![Problem::new("$", text)]))
}
