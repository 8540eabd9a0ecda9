//! The main area while an analysis tab is open: the element the analysis
//! module (`analysis_client`) draws into, a loading state while it is
//! fetched the first time, and a clear error with a retry when it cannot
//! be. Effects here only sync with the module: load it on the first
//! analysis tab, then send it the plan, the environment and the shown view
//! whenever they change while one is shown (nothing while the diagram is,
//! so edits there cost the module nothing).

use crate::analysis_client::{self, PageSide};
use crate::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use skyplan_web_kit::bridge::{self, AnalysisView, Inputs};
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    Loading,
    Ready,
    Failed(String),
}

/// Applies an edit the module sent through the page's history; `None`
/// when accepted, else the core's problems as JSON.
fn apply_edit(state: AppState, json: &str) -> Option<String> {
    bridge::edit_from_json(json).and_then(|edit| state.edit(edit)).err().map(|problems| bridge::problems_to_json(&problems))
}

#[component]
pub fn AnalysisArea() -> impl IntoView {
    let state = expect_context::<AppState>();
    let status = RwSignal::new(Status::Idle);
    let attempts = StoredValue::new(0u32);
    // The plan's revision the module has: the plan is sent again only when it moved.
    let sent_revision = StoredValue::new(None::<u64>);
    let host = NodeRef::<leptos::html::Div>::new();
    let shown = Memo::new(move |_| state.main_view.get().analysis());

    let inputs = move |shown: Option<AnalysisView>| -> String {
        let revision = state.revision.get_untracked();
        let plan = (sent_revision.get_value() != Some(revision)).then(|| state.plan.with_untracked(|p| serde_json::to_string(p.plan()).unwrap_or_default()));
        sent_revision.set_value(Some(revision));
        Inputs { revision, plan, environment: state.environment.get_untracked(), edit_environment_only: state.edit_environment_only.get_untracked(), shown }
            .to_json()
    };
    let start = move || {
        let Some(element) = host.get_untracked() else { return };
        let element: web_sys::HtmlElement = element.unchecked_into();
        element.set_inner_html("");
        let attempt = attempts.get_value();
        attempts.set_value(attempt + 1);
        sent_revision.set_value(None);
        status.set(Status::Loading);
        spawn_local(async move {
            let page = PageSide { edit: Box::new(move |json| apply_edit(state, &json)), notice: Box::new(move |message| state.notice.set(Some(message))) };
            let loaded = analysis_client::load(attempt, element, move || inputs(shown.get_untracked()), page).await;
            status.set(match loaded {
                Ok(()) => Status::Ready,
                Err(message) => Status::Failed(message),
            });
        });
    };
    Effect::new(move |_| {
        if shown.get().is_some() && status.get_untracked() == Status::Idle {
            start();
        }
    });
    Effect::new(move |_| {
        if status.get() != Status::Ready {
            return;
        }
        let view = shown.get();
        if view.is_some() {
            state.revision.track();
            state.environment.track();
            state.edit_environment_only.track();
        }
        if let Err(message) = analysis_client::update(&inputs(view)) {
            state.notice.set(Some(message));
        }
    });

    view! {
        {move || shown.get().and_then(|_| match status.get() {
            Status::Idle | Status::Loading => Some(view! {
                <p class="status analysis-status" role="status" data-testid="analysis-loading">"Loading the analysis views…"</p>
            }.into_any()),
            Status::Failed(message) => Some(view! {
                <div class="status error analysis-status" role="alert" data-testid="analysis-error">{message}" "
                    <button data-testid="analysis-retry" on:click=move |_| start()>"Retry"</button>
                </div>
            }.into_any()),
            Status::Ready => None,
        })}
        <div class="analysis-host" data-testid="analysis-host" node_ref=host hidden=move || shown.get().is_none()></div>
    }
}
