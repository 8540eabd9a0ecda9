//! The Resilience view: skyplan-resilience in the browser. The four DR
//! strategies of the current environment with their RPO and RTO drawn
//! against the plan's targets, what each costs in the DR region (priced with
//! that region's catalog, fetched like the main one), which meet the targets
//! and the recommendation; how each figure was derived, term by term with
//! its source; the loss of an AZ and of the region; and each environment's
//! composite availability with its weakest link and the priced changes that
//! would raise it. Targets and the DR region are edited in the plan's
//! `resilience` block through `edit::apply`. Same numbers as `skyplan dr`.
//!
//! The analysis runs simulations (an AZ lost, the region taken over under
//! each strategy), so it lives in memos of this view: it runs only while the
//! view is shown, and only when the plan, environment or catalogs change.
//! Target fields commit on change (Enter or leaving the field), so typing
//! computes nothing.

use crate::browser::now_ms;
use crate::catalog_loader::{fetch_catalog, CatalogState};
use crate::state::AnalysisState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use skyplan_core::aws::REGIONS;
use skyplan_core::model::edit::{Edit, Scope};
use skyplan_core::model::EnvironmentView;
use skyplan_core::report::money;
use skyplan_resilience::{analyze, dr_region, environment_availability, EnvironmentAvailability, Improvement, Options, ResilienceReport, StrategyRow, Term};
use std::collections::BTreeSet;
use std::sync::Arc;

/// A result of the view's memos: waiting for a catalog, refused, or computed
/// (with the milliseconds it took, shown for the benchmarks).
#[derive(Debug, Clone, PartialEq)]
pub enum Computed<T> {
    Waiting(String),
    Failed(String),
    Ready(Arc<T>, f64),
}

pub use skyplan_resilience::report::duration;

/// Ticks of the RPO/RTO axes, seconds.
const TICKS: [(u64, &str); 7] = [(60, "1 min"), (900, "15 min"), (3600, "1 h"), (4 * 3600, "4 h"), (24 * 3600, "24 h"), (72 * 3600, "72 h"), (7 * 24 * 3600, "1 wk")];
/// Width of a bar cell's drawing, px.
const BAR_WIDTH: f64 = 150.0;
/// Least room between two tick labels, px.
const LABEL_GAP: f64 = 30.0;

/// The end of a log axis from one minute that holds every value and the target.
pub fn axis_end(values: impl IntoIterator<Item = u64>, target: Option<u64>) -> u64 {
    let most = values.into_iter().chain(target).max().unwrap_or(3600).max(900);
    TICKS.iter().map(|(s, _)| *s).find(|s| *s as f64 >= most as f64 * 1.15).unwrap_or(most * 2)
}

/// Where `seconds` sits (0 to 1) on a log axis from one minute to `end`;
/// a minute or less is at the start.
pub fn log_position(seconds: u64, end: u64) -> f64 {
    let (lo, hi) = (60f64.ln(), (end.max(120) as f64).ln());
    (((seconds.max(60) as f64).ln() - lo) / (hi - lo)).clamp(0.0, 1.0)
}

fn percent(value: f64) -> String {
    format!("{value:.4} %")
}

fn short_percent(value: f64) -> String {
    let text = format!("{value:.3}");
    format!("{} %", text.trim_end_matches('0').trim_end_matches('.'))
}

fn verdict(value: Option<bool>) -> (&'static str, &'static str) {
    match value {
        Some(true) => ("yes", "ok"),
        Some(false) => ("no", "bad"),
        None => ("—", "none"),
    }
}

/// A typed value as JSON (a string when it is not a number, so the core names
/// what was expected); empty removes the setting.
fn typed(text: &str) -> Value {
    let text = text.trim();
    if text.is_empty() {
        return Value::Null;
    }
    serde_json::from_str::<serde_json::Number>(text).map(Value::Number).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// Applies a resilience edit; a refusal is shown by the field.
fn commit(state: AnalysisState, field: &'static str, edit: Edit) {
    if let Err(problems) = state.edit(edit) {
        let message = problems.0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; ");
        state.field_errors.set([(field.to_string(), message)].into_iter().collect());
    }
}

/// The single setting an improvement's patch changes, when it changes one:
/// that is an `Edit::SetSetting` in the environment's scope.
fn single_setting(improvement: &Improvement) -> Option<(String, Value)> {
    let object = improvement.patch.as_object()?;
    (object.len() == 1).then(|| object.iter().next().map(|(k, v)| (k.clone(), v.clone()))).flatten()
}


fn azs(view: &EnvironmentView) -> u32 {
    skyplan_resilience::availability::azs_of(&view.components)
}

#[component]
pub fn ResilienceView() -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    let wanted_dr = Memo::new(move |_| state.plan.with(dr_region));
    let retry = RwSignal::new(0u32);

    // The DR region's catalog, fetched like the main one whenever the DR region changes.
    Effect::new(move |_| {
        retry.track();
        let wanted = wanted_dr.get();
        if matches!(state.dr_catalog.get_untracked(), CatalogState::Ready(ref c) if c.region == wanted) {
            return;
        }
        state.dr_catalog.set(CatalogState::Loading { region: wanted.clone() });
        spawn_local(async move {
            let loaded = match fetch_catalog(&wanted).await {
                Ok(catalog) => CatalogState::Ready(Arc::new(catalog)),
                Err(message) => CatalogState::Failed { region: wanted.clone(), message },
            };
            // The view may be gone; the plan's DR region is what counts.
            if state.plan.with_untracked(dr_region) == wanted {
                state.dr_catalog.set(loaded);
            }
        });
    });

    let primary = Memo::new(move |_| match state.catalog.get() {
        CatalogState::Ready(c) if state.plan.with(|p| p.plan().region == c.region) => Computed::Ready(c, 0.0),
        CatalogState::Failed { region, message } => Computed::Failed(format!("The {region} prices could not be loaded: {message}")),
        _ => Computed::Waiting(format!("Loading {} prices…", state.plan.with(|p| p.plan().region.clone()))),
    });
    let report = Memo::new(move |_| -> Computed<ResilienceReport> {
        let primary = match primary.get() {
            Computed::Ready(c, _) => c,
            Computed::Waiting(m) => return Computed::Waiting(m),
            Computed::Failed(m) => return Computed::Failed(m),
        };
        let wanted = wanted_dr.get();
        let dr = match state.dr_catalog.get() {
            CatalogState::Ready(c) if c.region == wanted => c,
            CatalogState::Failed { region, message } if region == wanted => {
                return Computed::Failed(format!("The DR region's ({region}) prices could not be loaded: {message}"))
            }
            _ => return Computed::Waiting(format!("Loading the DR region's ({wanted}) prices…")),
        };
        let env = state.environment.get();
        let start = now_ms();
        let result = state.plan.with(|plan| analyze(plan, &primary, &dr, &Options { environment: Some(env), seed: 1 }));
        match result {
            Ok(report) => Computed::Ready(Arc::new(report), now_ms() - start),
            Err(problems) => Computed::Failed(problems.to_string()),
        }
    });
    let availability = Memo::new(move |_| -> Computed<Vec<EnvironmentAvailability>> {
        let primary = match primary.get() {
            Computed::Ready(c, _) => c,
            Computed::Waiting(m) => return Computed::Waiting(m),
            Computed::Failed(m) => return Computed::Failed(m),
        };
        let start = now_ms();
        let result = state.plan.with(|plan| {
            plan.environment_names().into_iter().map(|env| environment_availability(plan, env, &primary)).collect::<Result<Vec<_>, _>>()
        });
        match result {
            Ok(list) => Computed::Ready(Arc::new(list), now_ms() - start),
            Err(problems) => Computed::Failed(problems.to_string()),
        }
    });

    view! {
        <section class="report resilience" aria-label="Resilience" data-testid="resilience-view">
            <header class="report-head">
                <h2>{move || format!("Resilience of {} · {}", state.plan.with(|p| p.plan().name.clone()), state.environment.get())}</h2>
                <p class="muted">"Disaster-recovery strategies with their RPO and RTO derived from the plan's components, what each runs and costs in the DR region, the loss of an AZ and of the region run through the autoscaling simulator, and each environment's availability from AWS's published SLAs. Targets and the DR region are kept in the plan's " <code>"resilience"</code> " block. Same figures as " <code>"skyplan dr"</code> "."</p>
            </header>
            <TargetsForm wanted_dr />
            {move || match report.get() {
                Computed::Waiting(message) => view! { <p class="status" data-testid="resilience-status">{message}</p> }.into_any(),
                Computed::Failed(message) => view! {
                    <div class="status error" role="alert" data-testid="resilience-status">{message}
                        " " <button data-testid="dr-retry" on:click=move |_| retry.update(|n| *n += 1)>"Retry"</button></div>
                }.into_any(),
                Computed::Ready(report, ms) => view! {
                    <Strategies report=report.clone() />
                    <Scenarios report=report.clone() />
                    <p class="note timing" data-testid="resilience-ms" data-ms=format!("{ms:.1}")>{format!("DR analysis computed in {ms:.0} ms (seed {}).", report.seed)}</p>
                }.into_any(),
            }}
            <h3>"Availability"</h3>
            {move || match availability.get() {
                Computed::Waiting(message) => view! { <p class="status">{message}</p> }.into_any(),
                Computed::Failed(message) => view! { <p class="status error" role="alert">{message}</p> }.into_any(),
                Computed::Ready(list, ms) => view! {
                    <p class="muted">"Composite availability from AWS's published SLAs: the components a request needs are in series (the product), redundant copies in parallel (1 − Π(1 − a)), never above the figure AWS publishes for the redundant deployment."</p>
                    <div class="availability">
                        {list.iter().cloned().map(|a| view! { <EnvironmentCard availability=a /> }).collect_view()}
                    </div>
                    <p class="note timing" data-testid="availability-ms">{format!("Availability computed in {ms:.0} ms.")}</p>
                }.into_any(),
            }}
            {move || match report.get() {
                Computed::Ready(report, _) => view! { <Assumptions report /> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn TargetsForm(wanted_dr: Memo<String>) -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    let targets = Memo::new(move |_| state.plan.with(|p| p.plan().resilience.clone().unwrap_or_default()));
    let error = move |field: &'static str| Memo::new(move |_| state.field_errors.with(|e| e.get(field).cloned()));
    let field = move |field: &'static str, key: &'static str, label: &'static str, unit: &'static str, testid: &'static str, value: Memo<String>| {
        let message = error(field);
        view! {
            <div class="target-field" class:invalid=move || message.get().is_some()>
                <label for=testid>{label}</label>
                <span class="with-unit">
                    <input id=testid data-testid=testid type="number" min="0" step="any" prop:value=move || value.get()
                        on:change=move |ev| {
                            let v = typed(&event_target_value(&ev));
                            commit(state, field, Edit::SetResilience { key: "targets".into(), value: json!({ key: v }) });
                        } />
                    <span class="unit">{unit}</span>
                </span>
                {move || message.get().map(|m| view! { <div class="field-error" role="alert" data-testid=format!("error-{testid}")>{m}</div> })}
            </div>
        }
    };
    let availability = Memo::new(move |_| targets.with(|t| t.targets.availability_percent.map(|a| a.to_string()).unwrap_or_default()));
    let rto = Memo::new(move |_| targets.with(|t| t.targets.rto_minutes.map(|a| a.to_string()).unwrap_or_default()));
    let rpo = Memo::new(move |_| targets.with(|t| t.targets.rpo_minutes.map(|a| a.to_string()).unwrap_or_default()));
    let dr_error = error("resilience.dr_region");
    let plan_region = Memo::new(move |_| state.plan.with(|p| p.plan().region.clone()));
    let chosen = Memo::new(move |_| targets.with(|t| t.dr_region.clone().unwrap_or_default()));
    view! {
        <form class="targets" aria-label="Targets" on:submit=|ev| ev.prevent_default()>
            {field("resilience.targets.availability_percent", "availability_percent", "Availability target", "%", "target-availability", availability)}
            {field("resilience.targets.rto_minutes", "rto_minutes", "RTO target", "min", "target-rto", rto)}
            {field("resilience.targets.rpo_minutes", "rpo_minutes", "RPO target", "min", "target-rpo", rpo)}
            <div class="target-field" class:invalid=move || dr_error.get().is_some()>
                <label for="dr-region">"DR region"</label>
                <select id="dr-region" data-testid="dr-region"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        commit(state, "resilience.dr_region", Edit::SetResilience { key: "dr_region".into(), value: if v.is_empty() { Value::Null } else { json!(v) } });
                    }>
                    <option value="" selected=move || chosen.get().is_empty()>{move || format!("default ({})", wanted_dr.get())}</option>
                    {move || REGIONS.iter().filter(|(code, _)| *code != plan_region.get()).map(|(code, name)| {
                        let code = *code;
                        view! { <option value=code selected=move || chosen.get() == code>{format!("{code} · {name}")}</option> }
                    }).collect_view()}
                </select>
                {move || dr_error.get().map(|m| view! { <div class="field-error" role="alert">{m}</div> })}
            </div>
            <div class="dr-status" data-testid="dr-catalog-status">{move || match state.dr_catalog.get() {
                CatalogState::Ready(c) if c.region == wanted_dr.get() => format!("{} prices {}", c.region, c.version),
                CatalogState::Failed { region, .. } => format!("{region} prices could not be loaded"),
                _ => format!("loading {} prices…", wanted_dr.get()),
            }}</div>
        </form>
    }
}

/// One bar of an RPO or RTO column: the value on a log axis, the target as a
/// dashed line; green when within the target.
fn bar(seconds: u64, end: u64, target: Option<u64>, meets: Option<bool>) -> impl IntoView {
    let width = (log_position(seconds, end) * BAR_WIDTH).max(3.0);
    let class = match meets {
        Some(true) => "bar ok",
        Some(false) => "bar bad",
        None => "bar",
    };
    view! {
        <svg class="rbar" width=BAR_WIDTH height="20" viewBox=format!("0 0 {BAR_WIDTH} 20") role="img" aria-label=duration(seconds)>
            {TICKS.iter().filter(|(s, _)| *s > 60 && *s < end).map(|(s, _)| {
                let x = log_position(*s, end) * BAR_WIDTH;
                view! { <line class="tick" x1=x y1="0" x2=x y2="20"></line> }
            }).collect_view()}
            <rect class=class x="0" y="4" width=width height="12" rx="2"></rect>
            {target.map(|t| {
                let x = (log_position(t, end) * BAR_WIDTH).clamp(1.0, BAR_WIDTH - 1.0);
                view! { <line class="target" x1=x y1="0" x2=x y2="20"></line> }
            })}
        </svg>
    }
}

/// The ticks of an axis to `end` that have room for their label: (x, label).
fn tick_labels(end: u64) -> Vec<(f64, &'static str)> {
    let mut shown: Vec<(f64, &'static str)> = Vec::new();
    for (s, label) in TICKS.iter().filter(|(s, _)| *s < end) {
        let x = log_position(*s, end) * BAR_WIDTH;
        if shown.last().is_none_or(|(last, _)| x - last >= LABEL_GAP) && x <= BAR_WIDTH - 22.0 {
            shown.push((x, label));
        }
    }
    shown
}

/// The tick labels over a bar column, with the target's.
fn axis(end: u64, target: Option<u64>, what: &'static str) -> impl IntoView {
    view! {
        <svg class="raxis" width=BAR_WIDTH height="30" viewBox=format!("0 0 {BAR_WIDTH} 30") aria-hidden="true">
            {tick_labels(end).into_iter().map(|(x, label)| view! { <text class="tick-label" x=x + 1.0 y="28">{label}</text> }).collect_view()}
            {target.map(|t| {
                let x = (log_position(t, end) * BAR_WIDTH).clamp(1.0, BAR_WIDTH - 1.0);
                let anchor = if x > BAR_WIDTH * 0.6 { "end" } else { "start" };
                view! { <text class="target-label" x=x y="12" text-anchor=anchor>{format!("{what} target {}", duration(t))}</text> }
            })}
        </svg>
    }
}

fn cost(row: &StrategyRow) -> impl IntoView {
    let c = &row.dr_cost;
    view! {
        <span class="amount" class:incomplete=!c.complete data-testid=format!("dr-cost-{}", row.strategy.as_str())>{skyplan_core::report::total_usd(c.monthly, c.complete, "the DR region")}</span>
        {(!c.complete).then(|| view! {
            <div class="note warn" title=c.missing_prices.join("\n")>{format!("lower bound: {} price(s) missing", c.missing_prices.len())}</div>
        })}
    }
}

fn terms(title: String, rows: &[Term]) -> impl IntoView {
    view! {
        <h5>{title}</h5>
        <table class="terms">
            <tbody>{rows.iter().map(|t| view! {
                <tr><td class="num">{duration(t.seconds)}</td><td>{t.what.clone()}<div class="note">{t.source.clone()}</div></td></tr>
            }).collect_view()}</tbody>
        </table>
    }
}

#[component]
fn Strategies(report: Arc<ResilienceReport>) -> impl IntoView {
    let expanded = RwSignal::new(BTreeSet::<&'static str>::new());
    let rto_target = report.targets.rto_minutes.map(|m| u64::from(m) * 60);
    let rpo_target = report.targets.rpo_minutes.map(|m| u64::from(m) * 60);
    let rpo_end = axis_end(report.strategies.iter().map(|s| s.rpo_seconds), rpo_target);
    let rto_end = axis_end(report.strategies.iter().map(|s| s.rto_seconds), rto_target);
    let rows = report.strategies.clone();
    let mut missing: Vec<String> = report.strategies.iter().flat_map(|s| s.dr_cost.missing_prices.iter().cloned()).collect();
    missing.sort();
    missing.dedup();
    view! {
        <h3>{format!("Disaster-recovery strategies · loss of {} → {}", report.region, report.dr_region)}</h3>
        <table class="strategies" data-testid="strategies">
            <thead><tr>
                <th>"Strategy"</th>
                <th class="bar-head">"RPO (data lost)"{axis(rpo_end, rpo_target, "RPO")}</th>
                <th class="bar-head">"RTO (time to recover)"{axis(rto_end, rto_target, "RTO")}</th>
                <th class="num">"DR cost / month"<div class="note">{format!("in {}", report.dr_region)}</div></th>
                <th>"Meets targets"</th>
            </tr></thead>
            {rows.into_iter().map(|s| {
                let key = s.strategy.as_str();
                let open = Memo::new(move |_| expanded.with(|e| e.contains(key)));
                let (meets, meets_class) = verdict(s.meets_targets());
                let detail = s.clone();
                view! {
                    <tbody class="strategy" class:recommended=s.recommended data-testid=format!("strategy-{key}")>
                        <tr>
                            <td>
                                <div class="strategy-name">{s.label.clone()}
                                    {s.recommended.then(|| view! { <span class="badge rec" data-testid="recommended">"recommended"</span> })}</div>
                                <button class="link derive" data-testid=format!("derive-{key}") aria-expanded=move || open.get().to_string()
                                    on:click=move |_| expanded.update(|e| { if !e.remove(key) { e.insert(key); } })>
                                    {move || if open.get() { "hide how derived" } else { "how derived" }}</button>
                            </td>
                            <td class="bar-cell">{bar(s.rpo_seconds, rpo_end, rpo_target, s.meets_rpo)}
                                <span class="bar-value" data-testid=format!("rpo-{key}")>{duration(s.rpo_seconds)}</span></td>
                            <td class="bar-cell">{bar(s.rto_seconds, rto_end, rto_target, s.meets_rto)}
                                <span class="bar-value" data-testid=format!("rto-{key}")>{duration(s.rto_seconds)}</span></td>
                            <td class="num">{cost(&s)}</td>
                            <td><span class=format!("verdict {meets_class}") data-testid=format!("meets-{key}")>{meets}</span>
                                <div class="note">{format!("RPO {} · RTO {}", verdict(s.meets_rpo).0, verdict(s.meets_rto).0)}</div></td>
                        </tr>
                        {move || open.get().then(|| view! {
                            <tr class="derivation" data-testid=format!("derivation-{key}")><td colspan="5">
                                <div class="derivation-grid">
                                    <div>{terms(format!("RPO {} = the largest of", duration(detail.rpo_seconds)), &detail.rpo_terms)}</div>
                                    <div>{terms(format!("RTO {} = the sum of", duration(detail.rto_seconds)), &detail.rto_terms)}</div>
                                    <div class="cost-lines">
                                        <h5>{format!("What it runs and copies: ${} a month{}", money(detail.dr_cost.monthly), if detail.dr_cost.complete { "" } else { " (a lower bound)" })}</h5>
                                        <table class="terms"><tbody>{detail.dr_cost.lines.iter().map(|l| view! {
                                            <tr class:missing=l.missing_price.is_some()>
                                                <td>{format!("{} · {}", l.component, l.line)}</td>
                                                <td class="note">{format!("{} {} in {}", l.quantity.round_dp(2).normalize(), l.unit, l.region)}
                                                    {l.missing_price.clone().map(|p| format!(" — price missing: {p}"))}</td>
                                                <td class="num">{l.monthly.map(|m| format!("${}", money(m))).unwrap_or_else(|| "not priced".into())}</td>
                                            </tr>
                                        }).collect_view()}</tbody></table>
                                    </div>
                                </div>
                            </td></tr>
                        })}
                    </tbody>
                }
            }).collect_view()}
        </table>
        <p class="recommendation" class:none=report.recommendation.is_none() data-testid="recommendation">{format!("→ {}", report.recommendation_note)}</p>
        {(!missing.is_empty()).then(|| view! {
            <p class="note warn missing-prices" data-testid="dr-missing-prices">
                {format!("Prices the catalogs lack (each DR cost above leaves them out, so it is a lower bound): {}.", missing.join("; "))}
            </p>
        })}
    }
}

#[component]
fn Scenarios(report: Arc<ResilienceReport>) -> impl IntoView {
    let az = report.az_loss.clone();
    let label = |s: skyplan_resilience::Strategy| s.label();
    view! {
        <h3>"Failure scenarios"</h3>
        <div class="scenarios">
            <div class="scenario" data-testid="az-loss">
                <h4>{format!("Loss of one AZ · {} AZs, Tuesday 10:00 UTC, {} min observed", az.azs, az.observed_minutes)}</h4>
                <div class="scenario-summary">
                    <div><span class="big" data-testid="az-outage">{duration(az.outage_seconds)}</span><span class="label">"service down"</span></div>
                    <div><span class="big">{format!("{} min", az.overload_minutes)}</span><span class="label">"extra overload"</span></div>
                    <div><span class="big">{az.data_lost_seconds.map(duration).unwrap_or_else(|| "all".into())}</span><span class="label">"data lost"</span></div>
                </div>
                <table>
                    <thead><tr><th>"Group"</th><th class="num">"Running"</th><th class="num">"Lost"</th><th class="num">"Extra overload"</th><th class="num">"Back in"</th></tr></thead>
                    <tbody>{az.groups.iter().map(|g| view! {
                        <tr><td>{g.key.clone()}</td><td class="num">{g.running_before}</td><td class="num">{g.lost}</td>
                            <td class="num">{format!("{} min", g.extra_overload_minutes)}</td>
                            <td class="num">{g.minutes_to_recover.map(|m| format!("{m} min")).unwrap_or_else(|| "not in window".into())}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                <ul class="impacts">{az.impacts.iter().map(|i| view! {
                    <li><strong>{i.component.clone()}</strong>{format!(": {} — {} {}, data lost {}", i.what, duration(i.outage_seconds), if i.stops_service { "down" } else { "degraded" }, i.data_lost_seconds.map(duration).unwrap_or_else(|| "all".into()))}
                        <div class="note">{i.source.clone()}</div></li>
                }).collect_view()}</ul>
                {az.notes.iter().map(|n| view! { <p class="note">{n.clone()}</p> }).collect_view()}
            </div>
            <div class="scenario" data-testid="region-loss">
                <h4>{format!("Loss of {} · traffic to {}", report.region, report.dr_region)}</h4>
                <table>
                    <thead><tr><th>"Strategy"</th><th class="num">"Outage"</th><th class="num">"Data lost"</th><th class="num">"Overload after takeover"</th></tr></thead>
                    <tbody>{report.region_loss.iter().map(|r| view! {
                        <tr data-testid=format!("region-loss-{}", r.strategy.as_str())><td>{label(r.strategy)}</td><td class="num">{duration(r.outage_seconds)}</td>
                            <td class="num">{duration(r.data_lost_seconds)}</td><td class="num">{format!("{} min", r.overload_minutes)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                <p class="note">"The DR region's scaling groups start from each strategy's standby size and scale with their own policy once the traffic arrives (skyplan-sim); outage is the strategy's RTO, data lost its RPO."</p>
            </div>
        </div>
    }
}

#[component]
fn EnvironmentCard(availability: EnvironmentAvailability) -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    let a = availability;
    let env = a.environment.clone();
    let weakest = a.weakest_link.as_ref().map(|w| w.component.clone()).unwrap_or_default();
    let copies: Vec<u32> = state.plan.with_untracked(|plan| {
        let view = plan.environment(&env);
        a.components
            .iter()
            .map(|c| view.and_then(|v| v.components.iter().find(|x| x.id == c.component).map(|x| skyplan_resilience::availability::parallel_copies(&x.spec, azs(v)))).unwrap_or(1))
            .collect()
    });
    let (meets, meets_class) = verdict(a.meets_target);
    let blocks = a.components.iter().zip(copies).map(|(c, n)| {
        let is_weakest = c.component == weakest;
        let parallel = n > 1;
        view! {
            <li class="block" class:parallel=parallel class:weakest=is_weakest title=format!("{} — {}", c.name, c.basis)
                data-testid=format!("block-{}-{}", a.environment, c.component)>
                <span class="block-name">{c.component.clone()}</span>
                <span class="block-pct">{short_percent(c.percent)}</span>
                {(n > 1).then(|| view! { <span class="block-copies">{format!("{n} in parallel")}</span> })}
            </li>
        }
    }).collect_view();
    let env_for_apply = a.environment.clone();
    view! {
        <article class="env-availability" class:fails=a.meets_target == Some(false) data-testid=format!("availability-{}", a.environment)>
            <header>
                <h4>{a.environment.clone()}</h4>
                <div class="avail-figures">
                    <div><span class="big" data-testid=format!("composite-{}", a.environment)>{percent(a.composite_percent)}</span><span class="label">"composite"</span></div>
                    <div><span class="big">{a.target_percent.map(short_percent).unwrap_or_else(|| "none".into())}</span><span class="label">"target"</span></div>
                    <div><span class="big">{format!("{:.0} min", a.downtime_minutes_per_month)}</span><span class="label">"downtime / month"</span></div>
                    <div><span class=format!("verdict big {meets_class}")>{meets}</span><span class="label">"meets target"</span></div>
                </div>
            </header>
            <ol class="rbd" aria-label="Components in series">{blocks}</ol>
            {a.weakest_link.clone().map(|w| view! {
                <div class="weakest-link" data-testid=format!("weakest-{}", a.environment)>
                    <strong>"Weakest link: "</strong>
                    <span data-testid=format!("weakest-component-{}", a.environment)>{w.component.clone()}</span>
                    {format!(" at {}", short_percent(w.percent))}
                    {match &w.improvement {
                        Some(i) => format!(" — {} raises it to {} (composite {}), {}", i.change, short_percent(i.percent_after), percent(i.composite_after_percent),
                            i.monthly_cost.map(|c| format!("+${} a month", money(c))).unwrap_or_else(|| format!("cost not priced: {}", i.missing_prices.join("; ")))),
                        None => format!(" — {}", w.note),
                    }}
                </div>
            })}
            {(!a.improvements.is_empty()).then(|| view! {
                <table class="improvements">
                    <thead><tr><th>"Change"</th><th class="num">"Component"</th><th class="num">"Composite after"</th><th class="num">"Cost / month"</th><th></th></tr></thead>
                    <tbody>{a.improvements.iter().map(|i| {
                        let single = single_setting(i);
                        let component = i.component.clone();
                        let env = env_for_apply.clone();
                        let testid = format!("apply-{}-{}", env, component);
                        view! {
                            <tr class:weakest=i.component == weakest>
                                <td><strong>{i.component.clone()}</strong>{format!(": {}", i.change)}</td>
                                <td class="num">{format!("{} → {}", short_percent(i.percent_before), short_percent(i.percent_after))}</td>
                                <td class="num">{percent(i.composite_after_percent)}</td>
                                <td class="num">{match i.monthly_cost {
                                    Some(c) if c >= Decimal::ZERO => format!("+${}", money(c)),
                                    Some(c) => format!("−${}", money(-c)),
                                    None => format!("not priced: {}", i.missing_prices.join("; ")),
                                }}</td>
                                <td>{match single {
                                    Some((key, value)) => view! {
                                        <button data-testid=testid title=format!("Set {key} = {value} for {component} in {env} only (undo with Ctrl+Z)")
                                            on:click=move |_| state.edit_or_notify(Edit::SetSetting { component: component.clone(), scope: Scope::Environment(env.clone()), key: key.clone(), value: value.clone() })>
                                            "Apply"</button>
                                    }.into_any(),
                                    None => view! { <span class="note">{format!("set {} in the properties panel", i.patch.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>().join(", ")).unwrap_or_default())}</span> }.into_any(),
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
            })}
            <details class="components-detail">
                <summary>"Components and their SLAs"</summary>
                <table>
                    <tbody>{a.components.iter().map(|c| view! {
                        <tr class:weakest=c.component == weakest><td>{c.component.clone()}</td><td class="num">{percent(c.percent)}</td>
                            <td>{c.basis.clone()}<div class="note">{c.sources.join(" · ")}</div></td></tr>
                    }).collect_view()}</tbody>
                </table>
                {(!a.not_counted.is_empty()).then(|| view! {
                    <p class="note">"Not counted: "</p>
                    <ul class="note">{a.not_counted.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                })}
            </details>
        </article>
    }
}

#[component]
fn Assumptions(report: Arc<ResilienceReport>) -> impl IntoView {
    view! {
        <details class="assumptions">
            <summary>{format!("Assumptions and sources ({}); prices {} {}, {} {}", report.assumptions.len(), report.region, report.catalog_version, report.dr_region, report.dr_catalog_version)}</summary>
            <table>
                <tbody>{report.assumptions.iter().map(|a| view! {
                    <tr><td>{a.name.clone()}</td><td class="num">{a.value.clone()}</td><td class="note">{a.source.clone()}</td></tr>
                }).collect_view()}</tbody>
            </table>
            {(!report.notes.is_empty()).then(|| view! { <ul class="notes">{report.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul> })}
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_the_cli_prints_them() {
        assert_eq!(duration(86_580), "24 h 3 min");
        assert_eq!(duration(1_650), "27 min 30 s");
        assert_eq!(duration(0), "0 s");
    }

    #[test]
    fn the_log_axis_holds_every_value_and_the_target() {
        assert_eq!(axis_end([900, 1650, 20_250], Some(7_200)), 24 * 3600);
        assert_eq!(axis_end([86_580], Some(900)), 72 * 3600);
        assert_eq!(log_position(60, 3600), 0.0);
        assert_eq!(log_position(3600, 3600), 1.0);
        assert!((log_position(900, 3600) - (15f64.ln() / 60f64.ln())).abs() < 1e-12);
        assert_eq!(log_position(30, 3600), 0.0, "under a minute sits at the start");
    }

    #[test]
    fn only_a_one_setting_patch_is_applied_in_one_edit() {
        let improvement = |patch: Value| Improvement {
            component: "db".into(),
            change: String::new(),
            patch,
            percent_before: 99.5,
            percent_after: 99.95,
            composite_after_percent: 0.0,
            monthly_cost: None,
            missing_prices: Vec::new(),
        };
        assert_eq!(single_setting(&improvement(json!({"multi_az": true}))), Some(("multi_az".into(), json!(true))));
        assert_eq!(single_setting(&improvement(json!({"min": 2, "desired": 2, "max": 2}))), None);
    }
}
