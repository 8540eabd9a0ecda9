//! What the analysis views read and how they edit: the page owns the plan
//! and its history (skyplan-web); the module keeps the last [`Inputs`] the
//! page sent in a [`Session`] and hands each view an [`AnalysisState`].
//!
//! Each view is mounted the first time it is shown and kept (its settings,
//! a Monte Carlo run, an opened report survive switching tabs), but sees
//! the plan and the environment move only while it is shown: a hidden
//! view computes nothing. Edits go to the page ([`Page`]), which applies
//! them through `edit::apply` and its history; the new plan comes back as
//! the next [`Inputs`].
//!
//! [`Inputs`]: skyplan_web_kit::bridge::Inputs

use leptos::prelude::*;
use leptos::task::spawn_local;
use skyplan_core::model::edit::Edit;
use skyplan_core::{parse_plan, Problems, ValidPlan};
use skyplan_web_kit::bridge::{AnalysisView, Inputs};
use skyplan_web_kit::catalog_loader::{fetch_catalog, CatalogState};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::sync::Arc;

/// The page, as the analysis views see it.
pub trait Page {
    /// Applies an edit through the page's history; a refusal changes nothing.
    fn edit(&self, edit: &Edit) -> Result<(), Problems>;
    /// Shows a message in the page's notice bar.
    fn notice(&self, message: String);
}

/// The module's copy of what the page sent, and what the views share.
#[derive(Clone, Copy)]
pub struct Session {
    plan: RwSignal<ValidPlan>,
    revision: RwSignal<u64>,
    environment: RwSignal<String>,
    edit_environment_only: RwSignal<bool>,
    shown: RwSignal<Option<AnalysisView>>,
    opened: RwSignal<BTreeSet<AnalysisView>>,
    /// The plan's region's catalog, fetched whenever the region changes.
    catalog: RwSignal<CatalogState>,
    /// The DR region's catalog, fetched when the Resilience view needs it.
    dr_catalog: RwSignal<CatalogState>,
    /// The last refused edit of each field, with the core's message.
    field_errors: RwSignal<BTreeMap<String, String>>,
    page: StoredValue<Rc<dyn Page>, LocalStorage>,
}

impl Session {
    /// Starts a session on the page's first inputs. Call it inside the
    /// module's root owner: it fetches the plan's catalog from now on.
    pub fn start(mut inputs: Inputs, page: Rc<dyn Page>) -> Result<Session, String> {
        let plan = read_plan(inputs.plan.take().as_deref().ok_or("the page sent no plan")?)?;
        let session = Session::new(plan, inputs.environment.clone(), page);
        session.revision.set(inputs.revision);
        session.update(inputs)?;
        Ok(session)
    }

    /// A session on `plan`, nothing shown yet (components tests start here).
    pub fn new(plan: ValidPlan, environment: String, page: Rc<dyn Page>) -> Session {
        let region = plan.plan().region.clone();
        let session = Session {
            plan: RwSignal::new(plan),
            revision: RwSignal::new(0),
            environment: RwSignal::new(environment),
            edit_environment_only: RwSignal::new(false),
            shown: RwSignal::new(None),
            opened: RwSignal::new(BTreeSet::new()),
            catalog: RwSignal::new(CatalogState::Loading { region }),
            dr_catalog: RwSignal::new(CatalogState::Loading { region: String::new() }),
            field_errors: RwSignal::new(BTreeMap::new()),
            page: StoredValue::new_local(page),
        };
        session.fetch_catalogs();
        session
    }

    fn fetch_catalogs(self) {
        let region = Memo::new(move |_| self.plan.with(|p| p.plan().region.clone()));
        let catalog = self.catalog;
        Effect::new(move |_| {
            let wanted = region.get();
            if matches!(catalog.get_untracked(), CatalogState::Ready(ref c) if c.region == wanted) {
                return;
            }
            catalog.set(CatalogState::Loading { region: wanted.clone() });
            spawn_local(async move {
                let loaded = match fetch_catalog(&wanted).await {
                    Ok(catalog) => CatalogState::Ready(Arc::new(catalog)),
                    Err(message) => CatalogState::Failed { region: wanted.clone(), message },
                };
                if region.get_untracked() == wanted {
                    catalog.set(loaded);
                }
            });
        });
    }

    /// Takes what the page sent: a new plan (when its revision moved), the
    /// environment, the editing scope and the view shown.
    pub fn update(&self, inputs: Inputs) -> Result<(), String> {
        if let Some(text) = inputs.plan.as_deref() {
            self.set_plan(inputs.revision, read_plan(text)?);
        }
        if self.environment.get_untracked() != inputs.environment {
            self.environment.set(inputs.environment);
        }
        if self.edit_environment_only.get_untracked() != inputs.edit_environment_only {
            self.edit_environment_only.set(inputs.edit_environment_only);
        }
        self.show(inputs.shown);
        Ok(())
    }

    /// A new plan from the page: as after any change there, the refusals
    /// shown are cleared.
    pub fn set_plan(&self, revision: u64, plan: ValidPlan) {
        self.plan.set(plan);
        self.revision.set(revision);
        self.field_errors.set(BTreeMap::new());
    }

    /// The plan's catalog as if fetched (components tests have no server).
    pub fn set_catalog(&self, catalog: CatalogState) {
        self.catalog.set(catalog);
    }

    pub fn show(&self, view: Option<AnalysisView>) {
        if let Some(view) = view {
            if !self.opened.with_untracked(|o| o.contains(&view)) {
                self.opened.update(|o| {
                    o.insert(view);
                });
            }
        }
        if self.shown.get_untracked() != view {
            self.shown.set(view);
        }
    }

    pub fn shown(&self) -> Option<AnalysisView> {
        self.shown.get()
    }

    /// Whether `view` was ever shown (and so is mounted).
    pub fn opened(&self, view: AnalysisView) -> bool {
        self.opened.with(|o| o.contains(&view))
    }

    /// What `view` reads: the plan, its revision and the environment move
    /// only while it is shown.
    pub fn state_for(&self, view: AnalysisView) -> AnalysisState {
        let shown = self.shown;
        AnalysisState {
            plan: while_shown(self.plan, shown, view),
            revision: while_shown(self.revision, shown, view),
            environment: while_shown(self.environment, shown, view),
            edit_environment_only: self.edit_environment_only.read_only(),
            catalog: self.catalog,
            dr_catalog: self.dr_catalog,
            field_errors: self.field_errors,
            session: *self,
        }
    }
}

fn read_plan(text: &str) -> Result<ValidPlan, String> {
    parse_plan(text).map_err(|problems| format!("the page's plan could not be read: {problems}"))
}

/// `source` while `view` is shown; what it was when last shown otherwise.
fn while_shown<T>(source: RwSignal<T>, shown: RwSignal<Option<AnalysisView>>, view: AnalysisView) -> Memo<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |previous: Option<&T>| match previous {
        Some(previous) if shown.get() != Some(view) => previous.clone(),
        _ => source.get(),
    })
}

/// What a view reads and how it edits (the page's `AppState` as the
/// analysis views see it).
#[derive(Clone, Copy)]
pub struct AnalysisState {
    pub plan: Memo<ValidPlan>,
    /// Moves with every change of the page's plan (also an undo to an
    /// equal plan): fields show the plan's value again after it.
    pub revision: Memo<u64>,
    pub environment: Memo<String>,
    /// Edits go to the current environment's overrides only.
    pub edit_environment_only: ReadSignal<bool>,
    pub catalog: RwSignal<CatalogState>,
    pub dr_catalog: RwSignal<CatalogState>,
    pub field_errors: RwSignal<BTreeMap<String, String>>,
    session: Session,
}

impl AnalysisState {
    /// Applies an edit through the page; a refused edit leaves the plan as it was.
    pub fn edit(&self, edit: Edit) -> Result<(), Problems> {
        // Out of the store first: the page may answer by calling back.
        let page = self.session.page.get_value();
        page.edit(&edit)
    }

    /// Applies an edit and reports a refusal in the page's notice bar.
    pub fn edit_or_notify(&self, edit: Edit) {
        if let Err(problems) = self.edit(edit) {
            self.notice(problems.to_string());
        }
    }

    pub fn notice(&self, message: String) {
        let page = self.session.page.get_value();
        page.notice(message);
    }
}
