//! The app's state: the plan's edit history and what the user is looking
//! at. Derived values (estimate, diagram, problems) are memos over it.

use crate::catalog_loader::CatalogState;
use leptos::prelude::*;
use skyplan_core::model::check_against_catalog;
use skyplan_core::model::diagram::{layout, Diagram};
use skyplan_core::model::edit::{apply, Edit, History};
use skyplan_core::{estimate, Estimate, Problem, Problems, ValidPlan};
use skyplan_web_kit::bridge::AnalysisView;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Undo steps kept.
pub const HISTORY_LIMIT: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    Gallery,
    Prices,
    Diff,
    Share(String),
    ImportProblems(Vec<String>),
}

/// The priced plan for the page, or why there is none yet.
#[derive(Debug, Clone)]
pub enum Pricing {
    Waiting(String),
    Failed(String),
    Ready(Arc<Priced>),
}

/// Every edit yields a new estimate; comparing the `Arc`s instead of the
/// estimates keeps a 200-component edit within a frame.
impl PartialEq for Pricing {
    fn eq(&self, other: &Pricing) -> bool {
        match (self, other) {
            (Pricing::Waiting(a), Pricing::Waiting(b)) | (Pricing::Failed(a), Pricing::Failed(b)) => a == b,
            (Pricing::Ready(a), Pricing::Ready(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Priced {
    pub estimate: Estimate,
    /// Catalog problems (instance types not offered...) by component id.
    pub problems: BTreeMap<String, Vec<Problem>>,
}

/// What the main area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MainView {
    Diagram,
    Simulate,
    Resilience,
    Budget,
    Audit,
}

impl MainView {
    /// The analysis module's view this is, if it is one.
    pub fn analysis(self) -> Option<AnalysisView> {
        match self {
            MainView::Diagram => None,
            MainView::Simulate => Some(AnalysisView::Simulate),
            MainView::Resilience => Some(AnalysisView::Resilience),
            MainView::Budget => Some(AnalysisView::Budget),
            MainView::Audit => Some(AnalysisView::Audit),
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub main_view: RwSignal<MainView>,
    pub history: RwSignal<History<ValidPlan>>,
    /// Counts the plan's changes (edits, undo, redo): the analysis module
    /// is sent the plan again only when it moved.
    pub revision: RwSignal<u64>,
    pub environment: RwSignal<String>,
    pub selected: RwSignal<Option<String>>,
    /// Edits go to the current environment's overrides instead of every environment.
    pub edit_environment_only: RwSignal<bool>,
    pub catalog: RwSignal<CatalogState>,
    /// The user's own catalogs the browser keeps (None: the bundled ones price everything).
    pub user_prices: RwSignal<Option<skyplan_web_kit::user_catalogs::UserPrices>>,
    /// The last refused edit of each field (`component/key`), with the core's message.
    pub field_errors: RwSignal<BTreeMap<String, String>>,
    pub notice: RwSignal<Option<String>>,
    pub dialog: RwSignal<Option<Dialog>>,
    /// First end of a connection being drawn.
    pub connecting_from: RwSignal<Option<String>>,
    pub plan: Memo<ValidPlan>,
    pub pricing: Memo<Pricing>,
    pub diagram: Memo<Option<Diagram>>,
}

impl AppState {
    pub fn new(initial: ValidPlan) -> AppState {
        let environment = RwSignal::new(default_environment(&initial));
        let region = initial.plan().region.clone();
        let history = RwSignal::new(History::new(initial, HISTORY_LIMIT));
        let catalog = RwSignal::new(CatalogState::Loading { region });
        let plan = Memo::new(move |_| history.with(|h| h.present().clone()));
        let pricing = Memo::new(move |_| match catalog.get() {
            CatalogState::Loading { region } => Pricing::Waiting(format!("Loading {region} prices…")),
            CatalogState::Failed { region, message } => Pricing::Failed(format!("The {region} prices could not be loaded: {message}")),
            CatalogState::Ready(catalog) => plan.with(|plan| {
                if catalog.region != plan.plan().region {
                    return Pricing::Waiting(format!("Loading {} prices…", plan.plan().region));
                }
                let mut problems: BTreeMap<String, Vec<Problem>> = BTreeMap::new();
                for (id, problem) in crate::view_model::problems_by_component(plan.plan(), &check_against_catalog(plan, &catalog)) {
                    problems.entry(id).or_default().push(problem);
                }
                Pricing::Ready(Arc::new(Priced { estimate: estimate(plan, &catalog), problems }))
            }),
        });
        let diagram = Memo::new(move |_| {
            let env = environment.get();
            plan.with(|plan| plan.environment(&env).or(plan.environments().last()).map(layout))
        });
        AppState {
            main_view: RwSignal::new(MainView::Diagram),
            history,
            revision: RwSignal::new(0),
            environment,
            selected: RwSignal::new(None),
            edit_environment_only: RwSignal::new(false),
            catalog,
            user_prices: RwSignal::new(None),
            field_errors: RwSignal::new(BTreeMap::new()),
            notice: RwSignal::new(None),
            dialog: RwSignal::new(None),
            connecting_from: RwSignal::new(None),
            plan,
            pricing,
            diagram,
        }
    }

    /// Applies an edit; a refused edit leaves the plan as it was.
    pub fn edit(&self, edit: Edit) -> Result<(), Problems> {
        let next = self.history.with_untracked(|h| apply(h.present().plan(), &edit))?;
        self.history.update(|h| h.push(next));
        self.after_change();
        Ok(())
    }

    /// Applies an edit and reports a refusal in the notice bar.
    pub fn edit_or_notify(&self, edit: Edit) {
        if let Err(problems) = self.edit(edit) {
            self.notice.set(Some(problems.to_string()));
        }
    }

    pub fn undo(&self) {
        self.history.update(|h| {
            h.undo();
        });
        self.after_change();
    }

    pub fn redo(&self) {
        self.history.update(|h| {
            h.redo();
        });
        self.after_change();
    }

    /// Keeps the view consistent with the plan after any change.
    fn after_change(&self) {
        self.revision.update(|r| *r += 1);
        let plan = self.plan.get_untracked();
        if plan.environment(&self.environment.get_untracked()).is_none() {
            self.environment.set(default_environment(&plan));
        }
        if let Some(id) = self.selected.get_untracked() {
            if plan.plan().component(&id).is_none() {
                self.selected.set(None);
            }
        }
        self.field_errors.set(BTreeMap::new());
    }
}

/// `production` when the plan has it, else its last environment.
pub fn default_environment(plan: &ValidPlan) -> String {
    plan.environment("production")
        .map(|e| e.name.clone())
        .or_else(|| plan.environments().last().map(|e| e.name.clone()))
        .unwrap_or_default()
}
