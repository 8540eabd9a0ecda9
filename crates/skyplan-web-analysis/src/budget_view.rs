//! The Budget view, for PMs: skyplan-forecast in the browser. 12 to 36
//! months of spend, for every environment or one, with or without the
//! optimizer's commitments: monthly spend stacked by tier, the cumulative
//! spend against the yearly budget with the month it is crossed, the
//! commitments' cash flow (upfront fees in the months they are bought), and
//! a table per month by tier or by environment; "Export CSV" gives
//! `skyplan forecast --format csv`'s file. The budget is the plan's
//! `resilience.annual_budget_usd`, edited through `edit::apply`.
//!
//! The forecast is a memo of this view (it runs only while the view is
//! shown, when the plan or a control changes); the charts are drawn by
//! effects that only paint canvases. Fields commit on change, so typing
//! computes nothing.

use crate::browser::{self, now_ms};
use crate::budget_charts;
use crate::catalog_loader::CatalogState;
use crate::resilience_view::Computed;
use crate::state::AnalysisState;
use leptos::html::Canvas;
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use skyplan_core::model::edit::Edit;
use skyplan_core::model::Tier;
use skyplan_core::report::money;
use skyplan_forecast::{forecast, Commitments, Forecast, Options, Renewal, MAX_MONTHS, MIN_MONTHS};
use std::sync::Arc;

/// What the monthly table's columns split the spend by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    Tier,
    Environment,
}

/// One month of the table: the split's columns, then the month's totals.
#[derive(Debug, Clone, PartialEq)]
struct MonthRow {
    month: u32,
    parts: Vec<Decimal>,
    amortized: Decimal,
    cash: Decimal,
    upfront: Decimal,
    cumulative: Decimal,
    budget: Option<Decimal>,
    over: bool,
}

/// The table's columns and rows, on the amortised or the cash basis.
fn table(f: &Forecast, split: Split, cash: bool) -> (Vec<String>, Vec<MonthRow>) {
    let basis = |r: &skyplan_forecast::ForecastRow| if cash { r.cash } else { r.amortized };
    let columns: Vec<String> = match split {
        Split::Tier => Tier::ALL.iter().filter(|t| f.rows.iter().any(|r| r.tier == **t && !basis(r).is_zero())).map(|t| t.as_str().to_string()).collect(),
        Split::Environment => f.environments.clone(),
    };
    let rows = f
        .totals
        .iter()
        .map(|t| {
            let parts = columns
                .iter()
                .map(|c| {
                    f.rows
                        .iter()
                        .filter(|r| r.month == t.month && if split == Split::Tier { r.tier.as_str() == c } else { r.environment == *c })
                        .map(basis)
                        .sum()
                })
                .collect();
            let cumulative = if cash { t.cumulative_cash } else { t.cumulative_amortized };
            MonthRow {
                month: t.month,
                parts,
                amortized: t.amortized,
                cash: t.cash,
                upfront: t.commitment_upfront,
                cumulative,
                budget: t.budget_cumulative,
                over: t.budget_cumulative.is_some_and(|b| cumulative > b),
            }
        })
        .collect();
    (columns, rows)
}

/// A forecast figure, marked as a lower bound when a price is missing.
fn at_least(forecast: &Forecast, figure: String) -> String {
    if forecast.complete { figure } else { format!("at least {figure}") }
}

fn dollars(value: Decimal) -> String {
    format!("${}", money(value))
}

fn file_stem(name: &str) -> String {
    let stem: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    stem.trim_matches('-').to_string()
}

#[component]
pub fn BudgetView() -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    // Two budget years: the next renewal discussion.
    let months = RwSignal::new(24u32);
    let environment = RwSignal::new(String::new()); // empty: every environment
    let commitments = RwSignal::new(true);
    let renew = RwSignal::new(true);
    let cash_basis = RwSignal::new(false);
    let split = RwSignal::new(Split::Tier);

    let result = Memo::new(move |_| -> Computed<Forecast> {
        let catalog = match state.catalog.get() {
            CatalogState::Ready(c) if state.plan.with(|p| p.plan().region == c.region) => c,
            CatalogState::Failed { region, message } => return Computed::Failed(format!("The {region} prices could not be loaded: {message}")),
            _ => return Computed::Waiting(format!("Loading {} prices…", state.plan.with(|p| p.plan().region.clone()))),
        };
        let env = environment.get();
        let options = Options {
            months: months.get(),
            environment: (!env.is_empty()).then_some(env),
            commitments: if commitments.get() { Commitments::Recommended } else { Commitments::None },
            renewal: if renew.get() { Renewal::Renew } else { Renewal::Lapse },
            annual_budget: None, // the plan's
            seed: 1,
        };
        let start = now_ms();
        match state.plan.with(|plan| forecast(plan, &catalog, &options)) {
            Ok(f) => Computed::Ready(Arc::new(f), now_ms() - start),
            Err(problems) => Computed::Failed(problems.to_string()),
        }
    });
    let ready = Memo::new(move |_| match result.get() {
        Computed::Ready(f, _) => Some(f),
        _ => None,
    });
    let tiers = Memo::new(move |_| ready.get().map(|f| budget_charts::tier_bars(&f, cash_basis.get())));
    let cumulative = Memo::new(move |_| ready.get().map(|f| budget_charts::cumulative(&f)));
    let flow = Memo::new(move |_| ready.get().map(|f| budget_charts::cash_flow(&f)));
    let rows = Memo::new(move |_| ready.get().map(|f| table(&f, split.get(), cash_basis.get())));
    // An environment filter naming an environment the plan no longer has falls back to all.
    Effect::new(move |_| {
        let env = environment.get();
        if !env.is_empty() && state.plan.with(|p| p.environment(&env).is_none()) {
            environment.set(String::new());
        }
    });

    let tiers_canvas = NodeRef::<Canvas>::new();
    let cumulative_canvas = NodeRef::<Canvas>::new();
    let flow_canvas = NodeRef::<Canvas>::new();
    let paint = |canvas: &web_sys::HtmlCanvasElement, drawn: Result<(), String>| {
        let _ = canvas.set_attribute("data-drawn", if drawn.is_ok() { "yes" } else { "failed" });
        if let Err(message) = drawn {
            canvas.set_title(&message);
        }
    };
    Effect::new(move |_| {
        if let (Some(canvas), Some(data)) = (tiers_canvas.get(), tiers.get()) {
            paint(&canvas, budget_charts::draw_tiers(&canvas, &data));
        }
    });
    Effect::new(move |_| {
        if let (Some(canvas), Some(data)) = (cumulative_canvas.get(), cumulative.get()) {
            paint(&canvas, budget_charts::draw_cumulative(&canvas, &data));
        }
    });
    Effect::new(move |_| {
        if let (Some(canvas), Some(data)) = (flow_canvas.get(), flow.get()) {
            paint(&canvas, budget_charts::draw_cash_flow(&canvas, &data));
        }
    });

    let export = move |_| {
        let Some(f) = ready.get_untracked() else { return };
        let name = format!("{}-forecast-{}m.csv", file_stem(&f.plan), f.months);
        if let Err(message) = browser::download(&name, &skyplan_forecast::csv(&f), "text/csv") {
            state.notice(message);
        }
    };
    let budget_error = Memo::new(move |_| state.field_errors.with(|e| e.get("resilience.annual_budget_usd").cloned()));
    let budget_value = Memo::new(move |_| {
        state.plan.with(|p| p.plan().resilience.as_ref().and_then(|r| r.annual_budget_usd).map(|b| b.to_string()).unwrap_or_default())
    });
    let set_budget = move |ev| {
        let text = event_target_value(&ev);
        let text = text.trim().replace([',', '$'], "");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str::<serde_json::Number>(&text).map(Value::Number).unwrap_or(Value::String(text))
        };
        if let Err(problems) = state.edit(Edit::SetResilience { key: "annual_budget_usd".into(), value }) {
            let message = problems.0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; ");
            state.field_errors.set([("resilience.annual_budget_usd".to_string(), message)].into_iter().collect());
        }
    };
    let env_names = Memo::new(move |_| state.plan.with(|p| p.environment_names().into_iter().map(String::from).collect::<Vec<_>>()));

    view! {
        <section class="report budget" aria-label="Budget" data-testid="budget-view">
            <header class="report-head">
                <h2>{move || format!("Budget forecast of {}", state.plan.with(|p| p.plan().name.clone()))}</h2>
                <p class="muted">"Month 1 is the estimate; usage grows with each environment's traffic growth (the " <code>"simulation"</code> " block), scaling groups follow the simulator, and the optimizer's commitments are bought in month 1: amortised (upfront spread over the term) or in cash (upfront in the month paid). Same figures as " <code>"skyplan forecast"</code> "."</p>
            </header>
            <form class="budget-controls" aria-label="Forecast settings" on:submit=|ev| ev.prevent_default()>
                <label>"Months"
                    <select data-testid="budget-months" on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u32>() { months.set(n.clamp(MIN_MONTHS, MAX_MONTHS)) } }>
                        {(MIN_MONTHS..=MAX_MONTHS).map(|n| view! { <option value=n.to_string() selected=move || months.get() == n>{n.to_string()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Environment"
                    <select data-testid="budget-environment" on:change=move |ev| environment.set(event_target_value(&ev))>
                        <option value="" selected=move || environment.get().is_empty()>"all environments"</option>
                        {move || env_names.get().into_iter().map(|name| {
                            let chosen = name.clone();
                            view! { <option value=name.clone() selected=move || environment.get() == chosen>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="check"><input type="checkbox" data-testid="budget-commitments" prop:checked=move || commitments.get()
                    on:change=move |ev| commitments.set(event_target_checked(&ev)) />"buy the recommended commitments"</label>
                <label class="check"><input type="checkbox" data-testid="budget-renew" prop:checked=move || renew.get() disabled=move || !commitments.get()
                    on:change=move |ev| renew.set(event_target_checked(&ev)) />"renew at expiry"</label>
                <label>"Spend shown"
                    <select data-testid="budget-basis" on:change=move |ev| cash_basis.set(event_target_value(&ev) == "cash")>
                        <option value="amortized" selected=true>"amortised"</option>
                        <option value="cash">"cash"</option>
                    </select>
                </label>
                <label class:invalid=move || budget_error.get().is_some()>"Yearly budget (USD)"
                    <input type="number" min="0" step="any" data-testid="budget-annual" placeholder="none" prop:value=move || budget_value.get() on:change=set_budget />
                </label>
                <button type="button" data-testid="budget-export-csv" disabled=move || ready.with(Option::is_none) on:click=export>"Export CSV"</button>
            </form>
            {move || budget_error.get().map(|m| view! { <div class="field-error" role="alert" data-testid="error-budget-annual">{m}</div> })}
            {move || match result.get() {
                Computed::Waiting(message) => view! { <p class="status" data-testid="budget-status">{message}</p> }.into_any(),
                Computed::Failed(message) => view! { <p class="status error" role="alert" data-testid="budget-status">{message}</p> }.into_any(),
                Computed::Ready(f, ms) => summary(&f, ms).into_any(),
            }}
            <div class="charts budget-charts" class:hidden=move || ready.with(Option::is_none)>
                <figure class="chart wide"><canvas node_ref=tiers_canvas data-testid="chart-tiers" role="img" aria-label="Monthly spend stacked by tier"></canvas></figure>
                <figure class="chart"><canvas node_ref=cumulative_canvas data-testid="chart-cumulative" role="img" aria-label="Cumulative spend against the budget"></canvas></figure>
                <figure class="chart"><canvas node_ref=flow_canvas data-testid="chart-cash-flow" role="img" aria-label="Cash flow with the commitments' upfront fees"></canvas></figure>
            </div>
            {move || ready.get().map(|f| commitments_list(&f))}
            {move || rows.get().map(|(columns, rows)| view! {
                <div class="table-head">
                    <h3>{move || format!(
                        "Month by month ({}{})",
                        if cash_basis.get() { "cash" } else { "amortised" },
                        if ready.get().is_some_and(|f| !f.complete) { "; lower bounds: prices missing" } else { "" }
                    )}</h3>
                    <label>"Columns by "
                        <select data-testid="budget-split" on:change=move |ev| split.set(if event_target_value(&ev) == "environment" { Split::Environment } else { Split::Tier })>
                            <option value="tier" selected=move || split.get() == Split::Tier>"tier"</option>
                            <option value="environment" selected=move || split.get() == Split::Environment>"environment"</option>
                        </select>
                    </label>
                </div>
                <div class="table-scroll">
                    <table class="months" data-testid="budget-table">
                        <thead><tr>
                            <th class="num">"Month"</th>
                            {columns.iter().map(|c| view! { <th class="num">{c.clone()}</th> }).collect_view()}
                            <th class="num">"Amortised"</th><th class="num">"Cash"</th><th class="num">"Upfront"</th><th class="num">"Cumulative"</th><th class="num">"Budget to date"</th>
                        </tr></thead>
                        <tbody>{rows.into_iter().map(|r| view! {
                            <tr class:over=r.over data-testid=format!("budget-row-{}", r.month)>
                                <td class="num">{r.month}</td>
                                {r.parts.iter().map(|p| view! { <td class="num">{money(*p)}</td> }).collect_view()}
                                <td class="num strong">{money(r.amortized)}</td>
                                <td class="num">{money(r.cash)}</td>
                                <td class="num">{if r.upfront.is_zero() { String::new() } else { money(r.upfront) }}</td>
                                <td class="num">{money(r.cumulative)}</td>
                                <td class="num">{r.budget.map(money).unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            })}
            {move || ready.get().map(|f| view! {
                {(!f.complete).then(|| view! { <p class="note warn" data-testid="budget-missing-prices">{format!("No price in {} for: {}. Left out of every figure, so each is a lower bound (\"at least\").", f.region, f.missing_prices.join("; "))}</p> })}
                <ul class="notes">{f.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            })}
        </section>
    }
}

fn summary(f: &Forecast, ms: f64) -> impl IntoView {
    let first = f.totals.first();
    let last = f.totals.last();
    let growth: Vec<String> = f.growth.iter().map(|g| format!("{} {} %/month", g.environment, g.monthly_growth_percent.normalize())).collect();
    let crossing = match &f.budget {
        None => ("no budget".to_string(), "set a yearly budget to see when it is crossed".to_string(), "none"),
        Some(b) => match b.first_month_over {
            Some(m) => (format!("month {m}"), format!("amortised spend passes {}/yr{}", dollars(b.annual), b.first_month_over_cash.map(|c| format!("; cash in month {c}")).unwrap_or_default()), "bad"),
            None => ("within budget".to_string(), format!("{}/yr ({}/month){}", dollars(b.annual), dollars(b.monthly), b.first_month_over_cash.map(|c| format!("; cash passes it in month {c} (upfront fees)")).unwrap_or_default()), "ok"),
        },
    };
    view! {
        <div class="totals budget-totals">
            <div class="total-card"><div class="label">"month 1 (the estimate)"</div>
                <div class="amount" data-testid="budget-month1">{first.map(|t| at_least(f, dollars(t.on_demand))).unwrap_or_default()}</div>
                <div class="sub">{format!("amortised {}", first.map(|t| at_least(f, dollars(t.amortized))).unwrap_or_default())}</div></div>
            <div class="total-card"><div class="label">{format!("{} months · amortised", f.months)}</div>
                <div class="amount" data-testid="budget-horizon">{last.map(|t| at_least(f, dollars(t.cumulative_amortized))).unwrap_or_default()}</div>
                <div class="sub">{format!("cash {}", last.map(|t| at_least(f, dollars(t.cumulative_cash))).unwrap_or_default())}</div></div>
            <div class=format!("total-card verdict-card {}", crossing.2)><div class="label">"budget crossed"</div>
                <div class="amount" data-testid="budget-crossing">{crossing.0}</div>
                <div class="sub">{crossing.1}</div></div>
        </div>
        <p class="note timing" data-testid="budget-ms" data-ms=format!("{ms:.1}")>{format!("{} · growth {} · forecast computed in {ms:.0} ms", f.environments.join(", "), growth.join(", "))}</p>
    }
}

fn commitments_list(f: &Forecast) -> impl IntoView {
    (!f.commitments.is_empty()).then(|| {
        view! {
            <details class="commitments" data-testid="budget-commitments-list">
                <summary>{format!("Commitments ({}): {} upfront in total", f.commitments.len(), dollars(f.totals.iter().map(|t| t.commitment_upfront).sum()))}</summary>
                <table>
                    <thead><tr><th>"Group"</th><th>"Commitment"</th><th class="num">"Upfront"</th><th class="num">"Saves / month"</th><th>"Bought"</th><th>"Expires"</th></tr></thead>
                    <tbody>{f.commitments.iter().map(|c| view! {
                        <tr><td>{format!("{} · {}", c.environment, c.group)}</td>
                            <td>{format!("{}{}", c.option, c.instances.map(|n| format!(" × {n}")).or_else(|| c.hourly_commitment.map(|h| format!(" at ${}/h", h.round_dp(3)))).unwrap_or_default())}</td>
                            <td class="num">{dollars(c.upfront)}</td><td class="num">{dollars(c.monthly_saving)}</td>
                            <td>{c.purchase_months.iter().map(|m| format!("month {m}")).collect::<Vec<_>>().join(", ")}</td>
                            <td>{if c.expiry_months.is_empty() { "after the horizon".to_string() } else { c.expiry_months.iter().map(|m| format!("month {m}")).collect::<Vec<_>>().join(", ") }}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            </details>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_splits_each_month_by_tier_or_environment() {
        let plan = skyplan_core::templates::template("saas-3tier").unwrap().plan().unwrap();
        let catalog = skyplan_core::Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
        let f = forecast(&plan, &catalog, &Options { months: 12, ..Default::default() }).unwrap();
        for cash in [false, true] {
            for split in [Split::Tier, Split::Environment] {
                let (columns, rows) = table(&f, split, cash);
                assert_eq!(rows.len(), 12);
                if split == Split::Environment {
                    assert_eq!(columns, ["dev", "staging", "production"]);
                }
                for (row, total) in rows.iter().zip(&f.totals) {
                    let sum: Decimal = row.parts.iter().sum();
                    // Summed in another order: equal up to Decimal's last of 28 digits.
                    let expected = if cash { total.cash } else { total.amortized };
                    assert!((sum - expected).abs() < Decimal::new(1, 12), "month {} {split:?} cash {cash}: {sum} vs {expected}", row.month);
                }
            }
        }
        let (_, rows) = table(&f, Split::Tier, true);
        assert!(rows[0].over, "the upfront fees pass saas-3tier's budget in month 1 in cash");
        assert_eq!(file_stem("SaaS three-tier"), "saas-three-tier");
    }
}
