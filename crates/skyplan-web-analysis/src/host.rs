//! The module's root: one pane per analysis view, mounted the first time
//! the view is shown and kept, hidden while another tab is shown.

use crate::state::Session;
use leptos::prelude::*;
use skyplan_web_kit::bridge::AnalysisView;

#[component]
pub fn Host(session: Session) -> impl IntoView {
    AnalysisView::ALL
        .into_iter()
        .map(|view| {
            view! {
                <Show when=move || session.opened(view)>
                    <div class="analysis-pane" data-testid=format!("analysis-pane-{}", view.as_str()) hidden=move || session.shown() != Some(view)>
                        <Pane session view />
                    </div>
                </Show>
            }
        })
        .collect_view()
}

#[component]
fn Pane(session: Session, view: AnalysisView) -> impl IntoView {
    provide_context(session.state_for(view));
    match view {
        AnalysisView::Simulate => view! { <crate::simulate_view::SimulateView /> }.into_any(),
        AnalysisView::Resilience => view! { <crate::resilience_view::ResilienceView /> }.into_any(),
        AnalysisView::Budget => view! { <crate::budget_view::BudgetView /> }.into_any(),
        AnalysisView::Audit => view! { <crate::audit_view::AuditView /> }.into_any(),
    }
}
