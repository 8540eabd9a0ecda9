//! The Simulate view: the current environment's scaling groups against its
//! traffic (skyplan-sim), the purchase options and the optimizer's
//! recommendation, and Monte Carlo bands run in chunks so the page stays
//! responsive and shows progress. Same seed, same numbers as `skyplan simulate`.

use crate::catalog_loader::CatalogState;
use crate::state::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use skyplan_core::report::money;
use skyplan_sim::monte_carlo::TrialRun;
use skyplan_sim::{scenario, simulate, MonteCarlo, Options, Period, SimulationReport};
use std::sync::Arc;

/// Trials per chunk: a few milliseconds of work between repaints.
const CHUNK: u32 = 10;

fn dollars(value: Option<Decimal>) -> String {
    value.map(|v| format!("${}", money(v))).unwrap_or_else(|| "not priced".into())
}

/// Yields to the browser so it can repaint and handle input.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[component]
pub fn SimulateView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let period = RwSignal::new(Period::Month);
    let trials = RwSignal::new(200u32);
    let seed = RwSignal::new(1u64);
    let report = RwSignal::new(None::<Result<Arc<SimulationReport>, String>>);
    let bands = RwSignal::new(None::<MonteCarlo>);
    let progress = RwSignal::new(None::<(u32, u32)>);
    let generation = StoredValue::new(0u64);

    let run = move |_| {
        let CatalogState::Ready(catalog) = state.catalog.get_untracked() else {
            report.set(Some(Err("The region's prices are not loaded yet.".into())));
            return;
        };
        let plan = state.plan.get_untracked();
        let env = state.environment.get_untracked();
        let built = match scenario(&plan, &env, &catalog, None) {
            Ok(built) => built,
            Err(problems) => {
                report.set(Some(Err(problems.to_string())));
                return;
            }
        };
        let (period, seed, trials) = (period.get_untracked(), seed.get_untracked(), trials.get_untracked());
        report.set(Some(Ok(Arc::new(simulate(&built, Options { period, seed, step_minutes: 1 })))));
        bands.set(None);
        generation.update_value(|g| *g += 1);
        let this_run = generation.get_value();
        progress.set(Some((0, trials)));
        spawn_local(async move {
            let mut trial_run = TrialRun::new(&built, period, seed, trials);
            while !trial_run.is_finished() {
                trial_run.advance(&built, CHUNK);
                progress.set(Some((trial_run.done(), trials)));
                yield_to_browser().await;
                if generation.get_value() != this_run {
                    return; // a newer run replaced this one
                }
            }
            bands.set(Some(trial_run.finish()));
            progress.set(None);
        });
    };

    view! {
        <section class="simulate" aria-label="Simulate" data-testid="simulate-view">
            <h2>{move || format!("Simulate {} against its traffic", state.environment.get())}</h2>
            <p class="muted">"Each scaling group (Auto Scaling groups, EKS node groups) is run minute by minute against the plan's traffic model, with its scaling policy, scheduled actions, spot interruptions and purchase options; Monte Carlo trials vary noise, spikes and interruptions. The plan's " <code>"simulation"</code> " block holds the traffic, capacity and policies."</p>
            <div class="row inline controls">
                <label for="sim-period">"Period"</label>
                <select id="sim-period" data-testid="sim-period" on:change=move |ev| period.set(if event_target_value(&ev) == "year" { Period::Year } else { Period::Month })>
                    <option value="month" selected=true>"a month"</option>
                    <option value="year">"a year"</option>
                </select>
                <label for="sim-trials">"Trials"</label>
                <input id="sim-trials" type="number" min="1" max="5000" data-testid="sim-trials" prop:value=move || trials.get().to_string()
                    on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u32>() { trials.set(n.clamp(1, 5000)) } } />
                <label for="sim-seed">"Seed"</label>
                <input id="sim-seed" type="number" min="0" data-testid="sim-seed" prop:value=move || seed.get().to_string()
                    on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u64>() { seed.set(n) } } />
                <button data-testid="sim-run" on:click=run>"Run simulation"</button>
                {move || progress.get().map(|(done, total)| view! {
                    <progress data-testid="sim-progress" max=total value=done aria-label="Monte Carlo trials run"></progress>
                    <span class="muted">{format!("{done} / {total} trials")}</span>
                })}
            </div>
            {move || report.get().map(|result| match result {
                Err(message) => view! { <p class="status error" role="alert" data-testid="sim-error">{message}</p> }.into_any(),
                Ok(report) => report_view(&report).into_any(),
            })}
            {move || bands.get().map(|bands| view! {
                <h3>"Monte Carlo bands"</h3>
                <table class="bands" data-testid="sim-bands">
                    <thead><tr><th></th><th class="num">"P10"</th><th class="num">"P50"</th><th class="num">"P90"</th></tr></thead>
                    <tbody>
                        <tr><td>"Monthly cost of the scaling groups"</td>
                            {match bands.monthly_cost {
                                Some(p) => view! { <td class="num" data-testid="sim-cost-p10">{dollars(Some(p.p10))}</td><td class="num" data-testid="sim-cost-p50">{dollars(Some(p.p50))}</td><td class="num" data-testid="sim-cost-p90">{dollars(Some(p.p90))}</td> }.into_any(),
                                None => view! { <td colspan="3">"not priced"</td> }.into_any(),
                            }}
                        </tr>
                        <tr><td>"Overload minutes over the period"</td>
                            <td class="num">{bands.overload_minutes.p10.to_string()}</td><td class="num" data-testid="sim-overload-p50">{bands.overload_minutes.p50.to_string()}</td><td class="num">{bands.overload_minutes.p90.to_string()}</td></tr>
                    </tbody>
                </table>
                <p class="muted">{format!("{} trials at hourly steps, seed {}.", bands.trials, bands.seed)}</p>
            })}
        </section>
    }
}

fn report_view(report: &SimulationReport) -> impl IntoView {
    let totals = &report.totals;
    view! {
        <div class="totals">
            <div class="total-card"><div class="label">"as configured · monthly"</div><div class="amount" data-testid="sim-monthly">{dollars(totals.monthly_cost)}</div></div>
            <div class="total-card"><div class="label">"all on demand · monthly"</div><div class="amount">{dollars(totals.all_on_demand_monthly)}</div></div>
            <div class="total-card"><div class="label">"with recommendations · monthly"</div><div class="amount" data-testid="sim-recommended">{dollars(totals.recommended_monthly)}</div></div>
            <div class="total-card"><div class="label">"overload"</div><div class="amount" data-testid="sim-overload">{format!("{} min", totals.overload_minutes)}</div>
                <div class="sub">{format!("cost per million requests {}", dollars(totals.cost_per_million_requests))}</div></div>
        </div>
        <h3>"Scaling groups"</h3>
        <table class="groups" data-testid="sim-groups">
            <thead><tr><th>"Group"</th><th>"Policy"</th><th class="num">"Instance-hours"</th><th class="num">"Instances"</th><th class="num">"Util. avg / peak"</th><th class="num">"Overload"</th><th class="num">"Monthly"</th><th>"Recommendation"</th></tr></thead>
            <tbody>{report.groups.iter().map(|g| view! {
                <tr data-testid=format!("sim-group-{}", g.key.replace('/', "-"))>
                    <td>{format!("{} · {}", g.component, g.key)}<div class="note">{g.instance_type.clone()}</div></td>
                    <td>{g.policy.clone()}</td>
                    <td class="num">{g.instance_hours.round_dp(1).to_string()}</td>
                    <td class="num">{format!("{}–{}", g.fewest_instances, g.most_instances)}</td>
                    <td class="num">{format!("{} % / {} %", g.average_utilization_percent.round_dp(1), g.peak_utilization_percent.round_dp(1))}</td>
                    <td class="num">{format!("{} min", g.overload_minutes)}</td>
                    <td class="num">{dollars(g.monthly_cost)}<div class="note">{format!("all on demand {}", dollars(g.all_on_demand_monthly))}</div></td>
                    <td>{match &g.recommendation {
                        Some(r) => format!(
                            "{}{}: saves ${}/month ({} %), breaks even {}, {} % used",
                            r.option,
                            r.instances.map(|n| format!(" × {n}")).or_else(|| r.hourly_commitment.map(|c| format!(" at ${}/h", c.round_dp(3)))).unwrap_or_default(),
                            money(r.savings_monthly),
                            r.savings_percent.round_dp(1),
                            r.break_even_month.map(|m| format!("in month {m}")).unwrap_or_else(|| "never within the term".into()),
                            r.utilization_percent.round_dp(1)
                        ),
                        None => "stay on demand".into(),
                    }}
                    {(!g.unpriced_options.is_empty()).then(|| view! { <div class="note">{g.unpriced_options.iter().map(|u| format!("{}: {}", u.option, u.reason)).collect::<Vec<_>>().join("; ")}</div> })}
                    </td>
                </tr>
            }).collect_view()}</tbody>
        </table>
        {(!report.notes.is_empty()).then(|| view! { <ul class="notes">{report.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul> })}
    }
}
