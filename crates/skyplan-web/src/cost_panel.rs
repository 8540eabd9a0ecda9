//! Live cost: totals for the environment and for all environments, by tier
//! and by component, and a component's calculation line by line.

use crate::state::{AppState, Pricing};
use crate::catalog_loader::CatalogState;
use crate::view_model::{calculation_row, component_rows, environment_summaries, price_dates, tier_rows};
use leptos::prelude::*;
use skyplan_core::report::total_usd;

#[component]
pub fn CostPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ready = Memo::new(move |_| matches!(state.pricing.get(), Pricing::Ready(_)));
    // Rows are keyed, so an edit re-renders only the rows whose figures changed.
    let rows = Memo::new(move |_| match state.pricing.get() {
        Pricing::Ready(priced) => {
            let env = state.environment.get();
            let problems: Vec<(String, skyplan_core::Problem)> =
                priced.problems.iter().flat_map(|(id, ps)| ps.iter().map(move |p| (id.clone(), p.clone()))).collect();
            priced.estimate.environment(&env).map(|e| component_rows(e, &priced.estimate.region, &problems)).unwrap_or_default()
        }
        _ => Vec::new(),
    });
    view! {
        <section class="panel cost" aria-label="Cost" data-testid="cost-panel">
            {move || match state.pricing.get() {
                Pricing::Waiting(message) => view! { <p class="status" data-testid="catalog-status">{message}</p> }.into_any(),
                Pricing::Failed(message) => view! { <p class="status error" role="alert" data-testid="catalog-status">{message}</p> }.into_any(),
                Pricing::Ready(priced) => {
                    let env_name = state.environment.get();
                    let estimate = &priced.estimate;
                    let Some(env) = estimate.environment(&env_name).cloned() else {
                        return view! { <p class="status">"No such environment."</p> }.into_any();
                    };
                    let summaries = environment_summaries(estimate);
                    let region = estimate.region.clone();
                    let part_time = summaries.iter().find(|s| s.name == env.name).and_then(|s| s.part_time_hours.clone());
                    view! {
                        <div class="totals">
                            <div class="total-card" class:incomplete=!env.complete>
                                <div class="label">{format!("{} · monthly", env.name)}</div>
                                <div class="amount" data-testid="total-monthly">{total_usd(env.monthly, env.complete, &region)}</div>
                                <div class="sub">"annual " <span data-testid="total-annual">{total_usd(env.annual, env.complete, &region)}</span>
                                    {part_time.map(|h| format!(" · part-time, {h} h/month"))}</div>
                            </div>
                            <div class="total-card small" class:incomplete=!estimate.complete>
                                <div class="label">"all environments"</div>
                                <div class="amount" data-testid="all-environments-monthly">{total_usd(estimate.monthly, estimate.complete, &region)}</div>
                                <div class="sub">{format!("annual {}", total_usd(estimate.annual, estimate.complete, &region))}</div>
                            </div>
                        </div>
                        <table class="env-summary">
                            <tbody>{summaries.into_iter().map(|s| view! {
                                <tr data-testid=format!("env-summary-{}", s.name)>
                                    <td>{s.name.clone()}</td><td class="num" class:incomplete=!s.complete>{s.monthly.clone()}</td><td class="num muted">{format!("{}/yr", s.annual)}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                        <h3>"By tier"</h3>
                        <table class="tiers"><tbody>{tier_rows(&env, &region).into_iter().map(|t| view! {
                            <tr data-testid=format!("tier-row-{}", t.tier)>
                                <td>{t.tier}</td>
                                <td class="bar"><span style=format!("width:{:.1}%", t.share_percent)></span></td>
                                <td class="num" class:incomplete=!t.complete data-testid=format!("tier-cost-{}", t.tier)>{t.monthly}</td>
                            </tr>
                        }).collect_view()}</tbody></table>
                    }.into_any()
                }
            }}
            <Show when=move || ready.get()>
                <h3>"By component"</h3>
                <table class="components"><tbody>
                    <For
                        each=move || rows.get()
                        key=|c| (c.id.clone(), c.name.clone(), c.monthly.clone(), c.has_missing, c.problems.clone())
                        let:c
                    >
                        {
                            let id = c.id.clone();
                            view! {
                                <tr data-testid=format!("component-row-{}", c.id) class:flagged=!c.problems.is_empty()>
                                    <td><button class="link" on:click=move |_| state.selected.set(Some(id.clone()))>{c.name.clone()}</button>
                                        {c.has_missing.then(|| view! { <span class="badge warn">"price missing"</span> })}
                                        {(!c.problems.is_empty()).then(|| view! { <span class="badge error" title=c.problems.join("\n")>"not offered in region"</span> })}
                                    </td>
                                    <td class="num" class:incomplete=c.has_missing data-testid=format!("component-cost-{}", c.id)>{c.monthly.clone()}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody></table>
            </Show>
            {move || {
                let Pricing::Ready(priced) = state.pricing.get() else { return None };
                let env = state.environment.get();
                let missing: Vec<_> = priced.estimate.missing_prices.iter().filter(|m| m.environment == env).cloned().collect();
                (!missing.is_empty()).then(|| view! {
                    <div class="missing" data-testid="missing-prices">
                        <h3>{format!("No price in {}", priced.estimate.region)}</h3>
                        <p>"Absent from the catalog for this region, so the totals above are lower bounds (\"at least\"):"</p>
                        <ul>{missing.into_iter().map(|m| view! { <li>{format!("{} / {}: {}", m.component, m.line, m.price)}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || {
                let CatalogState::Ready(catalog) = state.catalog.get() else { return None };
                let span = match (catalog.oldest_data(), catalog.newest_data()) {
                    (Some(oldest), Some(newest)) => format!("data of {oldest} to {newest}"),
                    _ => "undated".to_owned(),
                };
                Some(view! {
                    <details class="price-dates" data-testid="price-dates">
                        <summary>{format!("Prices: {} ({}), {span}", catalog.location, catalog.region)}</summary>
                        <table><tbody>{price_dates(&catalog).into_iter().map(|(table, dates)| view! {
                            <tr><td>{table}</td><td>{dates}</td></tr>
                        }).collect_view()}</tbody></table>
                    </details>
                })
            }}
        </section>
    }
}

/// "Show calculation": the cost lines of one component in the current environment.
#[component]
pub fn Calculation(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(id);
    view! {
        <details class="calculation" data-testid="calculation">
            <summary>"Show calculation"</summary>
            {move || {
                let Pricing::Ready(priced) = state.pricing.get() else { return None };
                let env = priced.estimate.environment(&state.environment.get())?.clone();
                let row = calculation_row(&env, &priced.estimate.region, &id.get_value())?;
                Some(view! {
                    <table class="lines">
                        <thead><tr><th>"Line"</th><th class="num">"Quantity"</th><th>"Unit"</th><th class="num">"Unit price"</th><th class="num">"Monthly"</th></tr></thead>
                        <tbody>{row.lines.into_iter().map(|l| view! {
                            <tr class:missing=l.missing>
                                <td>{l.name}{l.note.map(|n| view! { <div class="note">{n}</div> })}</td>
                                <td class="num">{l.quantity}</td><td>{l.unit}</td><td class="num">{l.unit_price}</td><td class="num">{l.monthly}</td>
                            </tr>
                        }).collect_view()}</tbody>
                        <tfoot><tr><td colspan="4">"Monthly"</td><td class="num" data-testid="calculation-total">{row.monthly}</td></tr></tfoot>
                    </table>
                })
            }}
        </details>
    }
}
