//! The planner: top bar (template, region, undo/redo, files, share),
//! environment tabs, palette, canvas, properties and cost. Effects here only
//! sync with the outside world: the catalog fetch, autosave, the keyboard.
//! The analysis tabs show the analysis module ([`AnalysisArea`]).

use crate::analysis_area::AnalysisArea;
use crate::analysis_client;
use crate::browser;
use crate::canvas::Canvas;
use crate::catalog_loader::{fetch_catalog, CatalogState};
use crate::cost_panel::CostPanel;
use crate::dialogs::Dialogs;
use crate::properties::PropertiesPanel;
use crate::state::{AppState, Dialog, MainView};
use crate::view_model::region_options;
use leptos::prelude::*;
use leptos::task::spawn_local;
use skyplan_core::aws::REGIONS;
use skyplan_core::model::edit::Edit;
use skyplan_core::model::{parse_plan, share, Kind};
use skyplan_core::templates::template;
use skyplan_core::ValidPlan;
use std::sync::Arc;

const DEFAULT_TEMPLATE: &str = "saas-3tier";

/// What the app opens on: a share link, else the autosave, else saas-3tier.
/// A saved plan that no longer reads is kept aside, never overwritten.
fn initial_plan() -> (ValidPlan, Option<ValidPlan>, Option<String>) {
    let default = template(DEFAULT_TEMPLATE).and_then(|t| t.plan().ok()).expect("built-in templates are valid (tested)");
    let (saved, notice) = match browser::load_autosave() {
        None => (None, None),
        Some(json) => match parse_plan(&json) {
            Ok(plan) => (Some(plan), None),
            Err(problems) => {
                browser::keep_unreadable(&json);
                (None, Some(format!("Your saved plan could not be read and was kept aside (localStorage \"skyplan.plan.unreadable\"): {problems}")))
            }
        },
    };
    let base = saved.unwrap_or(default);
    match browser::shared_code().map(|code| share::decode(&code)) {
        Some(Ok(shared)) => (base, Some(shared), notice),
        Some(Err(problems)) => (base, None, Some(format!("The share link could not be opened: {problems}"))),
        None => (base, None, notice),
    }
}

#[component]
pub fn App() -> impl IntoView {
    let (initial, shared, notice) = initial_plan();
    let state = AppState::new(initial);
    provide_context(state);
    state.notice.set(notice);
    if let Some(shared) = shared {
        // Opening a link is an edit: Ctrl+Z brings back what was there before.
        state.edit_or_notify(Edit::Replace { plan: Box::new(shared.into_plan()) });
        state.environment.set(crate::state::default_environment(&state.plan.get_untracked()));
        browser::clear_fragment();
    }
    if state.plan.get_untracked().plan().components.is_empty() {
        state.dialog.set(Some(Dialog::Gallery));
    }

    // The user's own catalogs, if the browser kept some from an earlier visit.
    spawn_local(async move {
        state.user_prices.set(skyplan_web_kit::user_catalogs::index().await);
    });

    // The region's catalog, fetched whenever the plan's region changes, or
    // the user's own catalogs do.
    let region = Memo::new(move |_| state.plan.with(|p| p.plan().region.clone()));
    let fetched_with = StoredValue::new(None::<Option<skyplan_web_kit::user_catalogs::UserPrices>>);
    Effect::new(move |_| {
        let wanted = region.get();
        let user = state.user_prices.get();
        let same_prices = fetched_with.get_value().as_ref() == Some(&user);
        fetched_with.set_value(Some(user));
        if same_prices && matches!(state.catalog.get_untracked(), CatalogState::Ready(ref c) if c.region == wanted) {
            return;
        }
        state.catalog.set(CatalogState::Loading { region: wanted.clone() });
        spawn_local(async move {
            let loaded = match fetch_catalog(&wanted).await {
                Ok(catalog) => CatalogState::Ready(Arc::new(catalog)),
                Err(message) => CatalogState::Failed { region: wanted.clone(), message },
            };
            if region.get_untracked() == wanted {
                state.catalog.set(loaded);
            }
        });
    });

    // Autosave on every change, in the task after the edit so the new total
    // is on screen first.
    Effect::new(move |_| {
        state.plan.track();
        set_timeout(
            move || {
                let json = state.plan.with_untracked(|p| serde_json::to_string(p.plan()).unwrap_or_default());
                if let Err(message) = browser::save_autosave(&json) {
                    state.notice.set(Some(format!("Autosave failed: {message}. Export the plan to keep it.")));
                }
            },
            std::time::Duration::ZERO,
        );
    });

    // Undo/redo, delete and escape from the keyboard.
    let _keys = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        let in_field = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
            .unwrap_or(false);
        let key = ev.key();
        if (ev.ctrl_key() || ev.meta_key()) && !in_field && key.eq_ignore_ascii_case("z") {
            ev.prevent_default();
            if ev.shift_key() { state.redo() } else { state.undo() }
        } else if (ev.ctrl_key() || ev.meta_key()) && !in_field && key.eq_ignore_ascii_case("y") {
            ev.prevent_default();
            state.redo();
        } else if key == "Escape" {
            state.dialog.set(None);
            state.connecting_from.set(None);
            state.selected.set(None);
        } else if (key == "Delete" || key == "Backspace") && !in_field && state.dialog.get_untracked().is_none() {
            if let Some(id) = state.selected.get_untracked() {
                ev.prevent_default();
                state.edit_or_notify(Edit::Delete { component: id });
            }
        }
    });

    let diagram_shown = Memo::new(move |_| state.main_view.get() == MainView::Diagram);
    view! {
        <TopBar />
        <EnvironmentTabs />
        {move || state.notice.get().map(|message| view! {
            <div class="notice" role="status" data-testid="notice">
                <span>{message}</span>
                <button class="link" on:click=move |_| state.notice.set(None)>"dismiss"</button>
            </div>
        })}
        {move || state.connecting_from.get().map(|from| view! {
            <div class="notice info" role="status" data-testid="connecting">
                {format!("Connecting from {from}: click the card it connects to (Escape cancels).")}
            </div>
        })}
        <div class="workspace">
            <Palette />
            <main class="canvas-area">
                {move || diagram_shown.get().then(|| view! { <Canvas /> })}
                <AnalysisArea />
            </main>
            <aside class="side">
                <PropertiesPanel />
                <CostPanel />
            </aside>
        </div>
        <Dialogs />
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let file_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let on_file = move |_| {
        let Some(input) = file_input.get_untracked() else { return };
        spawn_local(async move {
            let input: web_sys::HtmlInputElement = input;
            match browser::read_chosen_file(&input).await {
                Err(message) => state.dialog.set(Some(Dialog::ImportProblems(vec![message]))),
                Ok(text) => match parse_plan(&text) {
                    Err(problems) => state.dialog.set(Some(Dialog::ImportProblems(problems.0.iter().map(|p| p.to_string()).collect()))),
                    Ok(plan) => {
                        state.edit_or_notify(Edit::Replace { plan: Box::new(plan.into_plan()) });
                        state.selected.set(None);
                    }
                },
            }
            input.set_value("");
        });
    };
    let export = move |_| {
        let (name, json) = state.plan.with_untracked(|p| (p.plan().name.clone(), p.to_json_pretty()));
        let file: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        if let Err(message) = browser::download(&format!("{}.skyplan.json", file.trim_matches('-')), &json, "application/json") {
            state.notice.set(Some(message));
        }
    };
    // The Terraform export and the plan bundle run in the web worker,
    // fetched on first use; the button says so while it works.
    let preparing_terraform = RwSignal::new(false);
    let preparing_bundle = RwSignal::new(false);
    let export_terraform = move |_| {
        if preparing_terraform.get_untracked() {
            return;
        }
        let (name, plan_json) = state.plan.with_untracked(|p| (p.plan().name.clone(), serde_json::to_string(p.plan()).unwrap_or_default()));
        let stem = format!("{}-terraform", file_slug(&name));
        preparing_terraform.set(true);
        spawn_local(async move {
            let result = crate::worker_client::terraform_zip(plan_json, stem.clone())
                .await
                .and_then(|zip| browser::download_bytes(&format!("{stem}.zip"), &zip, "application/zip"));
            preparing_terraform.set(false);
            if let Err(message) = result {
                state.notice.set(Some(format!("Terraform export failed: {message}")));
            }
        });
    };
    let export_bundle = move |_| {
        if preparing_bundle.get_untracked() {
            return;
        }
        let (name, region, plan_json) =
            state.plan.with_untracked(|p| (p.plan().name.clone(), p.plan().region.clone(), serde_json::to_string(p.plan()).unwrap_or_default()));
        let environment = state.environment.get_untracked();
        let file = format!("{}-{}.skyplan-bundle.json", file_slug(&name), file_slug(&environment));
        preparing_bundle.set(true);
        spawn_local(async move {
            let result = crate::worker_client::plan_bundle(plan_json, environment.clone(), &region)
                .await
                .and_then(|bundle| browser::download_bytes(&file, &bundle.bytes, "application/json"));
            preparing_bundle.set(false);
            if let Err(message) = result {
                state.notice.set(Some(format!("Plan bundle of {environment} failed: {message}")));
            }
        });
    };
    let share = move |_| {
        let code = state.plan.with_untracked(|p| share::encode(p.plan()));
        state.dialog.set(Some(Dialog::Share(browser::share_url(&code))));
    };
    view! {
        <header class="topbar">
            <div class="brand">"skyplan"</div>
            <div class="plan-title" data-testid="plan-name">{move || state.plan.with(|p| p.plan().name.clone())}</div>
            <button data-testid="open-gallery" on:click=move |_| state.dialog.set(Some(Dialog::Gallery))>"Templates"</button>
            <label class="field">"Region "
                <select data-testid="region-select" aria-label="Region"
                    prop:value=move || state.plan.with(|p| p.plan().region.clone())
                    on:change=move |ev| state.edit_or_notify(Edit::SetRegion { region: event_target_value(&ev) })>
                    // The options stay; only their text follows the user's prices, so the selection holds.
                    {REGIONS.iter().enumerate().map(|(i, (code, _))| view! {
                        <option value=*code>{move || region_options(REGIONS, bundled_index(), state.user_prices.get().as_ref()).swap_remove(i).1}</option>
                    }).collect_view()}
                </select>
            </label>
            <button data-testid="open-prices" title="Price the plan with your own catalogs (from skyplan pricing update)" on:click=move |_| state.dialog.set(Some(Dialog::Prices))>
                {move || if state.user_prices.with(Option::is_some) { "Your prices" } else { "Prices…" }}
            </button>
            <div class="group" role="group" aria-label="History">
                <button data-testid="undo" title="Undo (Ctrl+Z)" disabled=move || !state.history.with(|h| h.can_undo()) on:click=move |_| state.undo()>"Undo"</button>
                <button data-testid="redo" title="Redo (Ctrl+Shift+Z)" disabled=move || !state.history.with(|h| h.can_redo()) on:click=move |_| state.redo()>"Redo"</button>
            </div>
            <div class="group" role="group" aria-label="Files">
                <button data-testid="import" on:click=move |_| { if let Some(input) = file_input.get_untracked() { input.click(); } }>"Import"</button>
                <input type="file" accept=".json,application/json" class="hidden" data-testid="import-file" aria-label="Plan file to import" node_ref=file_input on:change=on_file />
                <button data-testid="export" on:click=export>"Export JSON"</button>
                <button data-testid="export-terraform" title="Download the plan as Terraform modules and environments (.zip)"
                    disabled=move || preparing_terraform.get() on:click=export_terraform>
                    {move || if preparing_terraform.get() { "Preparing…" } else { "Export Terraform" }}</button>
                <button data-testid="export-bundle" title="Download the current environment as a plan bundle for skyplan apply (.skyplan-bundle.json)"
                    disabled=move || preparing_bundle.get() on:click=export_bundle>
                    {move || if preparing_bundle.get() { "Preparing…" } else { "Export plan bundle" }}</button>
                <button data-testid="share" on:click=share>"Share link"</button>
            </div>
        </header>
    }
}

/// The bundled catalogs' summaries, compiled in (a few KB) so that the region
/// picker dates every region before its catalog is fetched.
fn bundled_index() -> &'static skyplan_core::pricing::CatalogIndex {
    static INDEX: std::sync::OnceLock<skyplan_core::pricing::CatalogIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| serde_json::from_str(include_str!("../../../pricing-data/index.json")).unwrap_or_default())
}

/// A name as a file name part: lowercase letters and digits, dashes between.
fn file_slug(name: &str) -> String {
    let slug: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    slug.trim_matches('-').to_string()
}

#[component]
fn EnvironmentTabs() -> impl IntoView {
    let state = expect_context::<AppState>();
    let names = Memo::new(move |_| state.plan.with(|p| p.environment_names().into_iter().map(String::from).collect::<Vec<_>>()));
    view! {
        <nav class="env-tabs" role="tablist" aria-label="Environments">
            {move || names.get().into_iter().map(|name| {
                let selected = name.clone();
                let chosen = name.clone();
                view! {
                    <button role="tab" data-testid=format!("env-tab-{name}")
                        aria-selected=move || (state.environment.get() == selected).to_string()
                        class:active={ let name = name.clone(); move || state.environment.get() == name }
                        on:click=move |_| state.environment.set(chosen.clone())>{name.clone()}</button>
                }
            }).collect_view()}
            <div class="view-switch" role="group" aria-label="Main view">
                <button data-testid="show-diagram" class:active=move || state.main_view.get() == MainView::Diagram on:click=move |_| state.main_view.set(MainView::Diagram)>"Diagram"</button>
                <button data-testid="show-simulate" class:active=move || state.main_view.get() == MainView::Simulate on:pointerenter=move |_| analysis_client::warm_up() on:focus=move |_| analysis_client::warm_up() on:click=move |_| state.main_view.set(MainView::Simulate)>"Simulate"</button>
                <button data-testid="show-resilience" class:active=move || state.main_view.get() == MainView::Resilience on:pointerenter=move |_| analysis_client::warm_up() on:focus=move |_| analysis_client::warm_up() on:click=move |_| state.main_view.set(MainView::Resilience)>"Resilience"</button>
                <button data-testid="show-budget" class:active=move || state.main_view.get() == MainView::Budget on:pointerenter=move |_| analysis_client::warm_up() on:focus=move |_| analysis_client::warm_up() on:click=move |_| state.main_view.set(MainView::Budget)>"Budget"</button>
                <button data-testid="show-audit" class:active=move || state.main_view.get() == MainView::Audit on:pointerenter=move |_| analysis_client::warm_up() on:focus=move |_| analysis_client::warm_up() on:click=move |_| state.main_view.set(MainView::Audit)>"Audit"</button>
            </div>
            <button class="diff-button" data-testid="open-diff" on:click=move |_| state.dialog.set(Some(Dialog::Diff))>"Compare environments"</button>
        </nav>
    }
}

#[component]
fn Palette() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <nav class="palette" aria-label="Add a component">
            <h2>"Add"</h2>
            {Kind::ALL.into_iter().map(|kind| view! {
                <button data-testid=format!("add-{}", kind.as_str()) title=format!("Add a {}", kind.label())
                    on:click=move |_| {
                        if state.edit(Edit::AddComponent { kind }).is_ok() {
                            let id = state.plan.with_untracked(|p| p.plan().components.last().map(|c| c.id.clone()));
                            state.selected.set(id);
                        }
                    }>{kind.label()}</button>
            }).collect_view()}
        </nav>
    }
}
