//! The planner shell: the reference plan, its live estimate per environment
//! and region. Components only wire signals to views; the work is in
//! skyplan-core and `view_model`.

use crate::catalog_loader::{fetch_catalog, CatalogState};
use crate::view_model::{component_rows, environment_summaries, plan_in_region, problems_by_component, tier_rows};
use leptos::prelude::*;
use leptos::task::spawn_local;
use skyplan_core::aws::REGIONS;
use skyplan_core::model::{check_against_catalog, Plan};
use skyplan_core::report::money;
use skyplan_core::templates::TEMPLATES;
use skyplan_core::{estimate, Estimate};
use std::sync::Arc;

const DEFAULT_TEMPLATE: &str = "saas-3tier";

fn template_plan(name: &str) -> Option<Plan> {
    TEMPLATES.iter().find(|t| t.name == name).and_then(|t| t.plan().ok()).map(|p| p.into_plan())
}

/// The estimate for the page, or why there is none.
#[derive(Debug, Clone, PartialEq)]
enum Priced {
    Waiting(String),
    Failed(String),
    Invalid(Vec<String>),
    Ready { estimate: Arc<Estimate>, problems: Vec<(String, skyplan_core::Problem)> },
}

#[component]
pub fn App() -> impl IntoView {
    let plan = RwSignal::new(template_plan(DEFAULT_TEMPLATE).expect("built-in templates are valid (tested)"));
    let region = RwSignal::new(plan.get_untracked().region.clone());
    let environment = RwSignal::new("production".to_string());
    let catalog = RwSignal::new(CatalogState::Loading { region: region.get_untracked() });

    // Syncs the catalog with the chosen region: the one effect that talks to the network.
    Effect::new(move |_| {
        let wanted = region.get();
        catalog.set(CatalogState::Loading { region: wanted.clone() });
        spawn_local(async move {
            let state = match fetch_catalog(&wanted).await {
                Ok(loaded) => CatalogState::Ready(Arc::new(loaded)),
                Err(message) => CatalogState::Failed { region: wanted.clone(), message },
            };
            if region.get_untracked() == wanted {
                catalog.set(state);
            }
        });
    });

    let priced = Memo::new(move |_| {
        let plan = match plan.with(|p| plan_in_region(p, &region.get())) {
            Ok(plan) => plan,
            Err(problems) => return Priced::Invalid(problems.0.iter().map(ToString::to_string).collect()),
        };
        match catalog.get() {
            CatalogState::Loading { region } => Priced::Waiting(format!("Loading {region} prices…")),
            CatalogState::Failed { region, message } => Priced::Failed(format!("The {region} prices could not be loaded: {message}")),
            CatalogState::Ready(catalog) => {
                let problems = problems_by_component(plan.plan(), &check_against_catalog(&plan, &catalog));
                Priced::Ready { estimate: Arc::new(estimate(&plan, &catalog)), problems }
            }
        }
    });

    let environment_names = Memo::new(move |_| plan.with(|p| p.environments.iter().map(|e| e.name.clone()).collect::<Vec<_>>()));

    view! {
        <header class="topbar">
            <div class="brand">"skyplan"</div>
            <div class="plan-title" data-testid="plan-name">{move || plan.with(|p| p.name.clone())}</div>
            <label class="field">
                "Template "
                <select
                    data-testid="template-select"
                    on:change=move |ev| {
                        if let Some(p) = template_plan(&event_target_value(&ev)) {
                            region.set(p.region.clone());
                            plan.set(p);
                        }
                    }
                >
                    {TEMPLATES.iter().map(|t| view! { <option value=t.name selected=t.name == DEFAULT_TEMPLATE>{t.name}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                "Region "
                <select data-testid="region-select" prop:value=move || region.get() on:change=move |ev| region.set(event_target_value(&ev))>
                    {REGIONS.iter().map(|(code, name)| view! { <option value=*code>{format!("{code} · {name}")}</option> }).collect_view()}
                </select>
            </label>
        </header>

        <nav class="env-tabs" role="tablist">
            {move || environment_names.get().into_iter().map(|name| {
                let selected = name.clone();
                let testid = format!("env-tab-{name}");
                view! {
                    <button
                        role="tab"
                        data-testid=testid
                        class:active=move || environment.get() == selected
                        on:click={ let name = name.clone(); move |_| environment.set(name.clone()) }
                    >{name.clone()}</button>
                }
            }).collect_view()}
        </nav>

        <main>
            {move || match priced.get() {
                Priced::Waiting(message) => view! { <p class="status" data-testid="catalog-status">{message}</p> }.into_any(),
                Priced::Failed(message) => view! { <p class="status error" data-testid="catalog-status">{message}</p> }.into_any(),
                Priced::Invalid(problems) => view! {
                    <div class="status error" data-testid="plan-problems">
                        <p>"The plan is not valid:"</p>
                        <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
                Priced::Ready { estimate, problems } => estimate_view(estimate, problems, environment.get()).into_any(),
            }}
        </main>
        <footer>
            "Prices: AWS public list prices in USD, bundled with the app (see pricing-data/SOURCES.md). 730 hours a month; no free tier."
        </footer>
    }
}

fn estimate_view(estimate: Arc<Estimate>, problems: Vec<(String, skyplan_core::Problem)>, environment: String) -> impl IntoView {
    let Some(env) = estimate.environment(&environment).or(estimate.environments.last()).cloned() else {
        return view! { <p class="status">"The plan has no environments."</p> }.into_any();
    };
    let summaries = environment_summaries(&estimate);
    let tiers = tier_rows(&env);
    let components = component_rows(&env, &problems);
    let missing: Vec<_> = estimate.missing_prices.iter().filter(|m| m.environment == env.name).cloned().collect();
    let part_time = summaries.iter().find(|s| s.name == env.name).and_then(|s| s.part_time_hours.clone());
    view! {
        <section class="totals">
            <div class="total-card">
                <div class="label">{format!("{} · monthly", env.name)}</div>
                <div class="amount" data-testid="total-monthly">{format!("${}", money(env.monthly))}</div>
                <div class="sub">
                    "annual " <span data-testid="total-annual">{format!("${}", money(env.annual))}</span>
                    {part_time.map(|h| format!(" · part-time, {h} h/month"))}
                </div>
            </div>
            <div class="total-card">
                <div class="label">"all environments · monthly"</div>
                <div class="amount" data-testid="all-environments-monthly">{format!("${}", money(estimate.monthly))}</div>
                <div class="sub">{format!("annual ${}", money(estimate.annual))}</div>
            </div>
            <table class="env-summary">
                <tbody>
                    {summaries.into_iter().map(|s| view! {
                        <tr data-testid=format!("env-summary-{}", s.name)>
                            <td>{s.name.clone()}</td>
                            <td class="num">{format!("${}", s.monthly)}</td>
                            <td class="num muted">{format!("${}/yr", s.annual)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>

        <section>
            <h2>"By tier"</h2>
            <table class="tiers">
                <tbody>
                    {tiers.into_iter().map(|t| view! {
                        <tr data-testid=format!("tier-row-{}", t.tier)>
                            <td>{t.tier}</td>
                            <td class="bar"><span style=format!("width:{:.1}%", t.share_percent)></span></td>
                            <td class="num">{format!("${}", t.monthly)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>

        <section>
            <h2>"By component"</h2>
            <p class="hint">"Open a component to see its calculation: quantity × unit price for each cost line."</p>
            {components.into_iter().map(|c| view! {
                <details class="component" data-testid=format!("component-{}", c.id)>
                    <summary>
                        <span class="name">{c.name.clone()}</span>
                        <span class="kind">{format!("{} · {} tier", c.kind, c.tier)}</span>
                        {c.has_missing.then(|| view! { <span class="badge warn">"price missing"</span> })}
                        {(!c.problems.is_empty()).then(|| view! { <span class="badge error">"not offered in region"</span> })}
                        <span class="num" data-testid=format!("component-cost-{}", c.id)>{format!("${}", c.monthly)}</span>
                    </summary>
                    {(!c.problems.is_empty()).then(|| view! {
                        <ul class="problems">{c.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
                    })}
                    <table class="lines">
                        <thead><tr><th>"Line"</th><th class="num">"Quantity"</th><th>"Unit"</th><th class="num">"Unit price"</th><th class="num">"Monthly"</th></tr></thead>
                        <tbody>
                            {c.lines.into_iter().map(|l| view! {
                                <tr class:missing=l.missing>
                                    <td>{l.name}{l.note.map(|n| view! { <div class="note">{n}</div> })}</td>
                                    <td class="num">{l.quantity}</td>
                                    <td>{l.unit}</td>
                                    <td class="num">{l.unit_price}</td>
                                    <td class="num">{l.monthly}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            }).collect_view()}
        </section>

        {(!missing.is_empty()).then(|| view! {
            <section class="missing" data-testid="missing-prices">
                <h2>"Not priced"</h2>
                <p>"These prices are absent from the bundled catalog for this region, so they are not in any total:"</p>
                <ul>{missing.into_iter().map(|m| view! { <li>{format!("{} / {}: {}", m.component, m.line, m.price)}</li> }).collect_view()}</ul>
            </section>
        })}
    }
    .into_any()
}
