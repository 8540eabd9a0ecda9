//! The Simulate view: the current environment's scaling groups against its
//! traffic (skyplan-sim). The traffic editor and the per-group policy editor
//! change the plan's `simulation` block through `edit::apply` (undo and
//! autosave follow; a refused value shows the core's message by its field).
//! The 1-minute run is a memo of the plan, period, seed and uploaded series,
//! so results follow every edit; the charts are drawn from memos of its
//! traces by effects that only paint canvases. Monte Carlo bands are run in
//! chunks on demand, so the page stays responsive and shows progress. Same
//! seed, same numbers as `skyplan simulate`.

use crate::catalog_loader::CatalogState;
use crate::chart_data::{self, BandPoint};
use crate::charts;
use crate::state::AnalysisState;
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use skyplan_core::model::edit::{Edit, Scope};
use skyplan_core::model::{Problems, Spec};
use skyplan_core::report::money;
use skyplan_core::ValidPlan;
use skyplan_sim::monte_carlo::TrialRun;
use skyplan_sim::{scenario, simulate_traced, MonteCarlo, Options, Period, Scenario, SimulationReport, Traces};
use std::sync::Arc;

/// Trials per chunk: a few milliseconds of work between repaints.
const CHUNK: u32 = 10;
/// Points per chart line: about one per pixel of a half-width chart.
const CHART_POINTS: usize = 420;

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

/// A value compared by identity: a new run is a change even when equal,
/// and comparing half a million steps after every edit is not needed.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The 1-minute run: report and traces.
pub struct Run {
    pub report: SimulationReport,
    pub traces: Traces,
}

/// An uploaded traffic series (not part of the plan, as `skyplan simulate --traffic FILE`).
#[derive(Debug, Clone, PartialEq)]
struct Series {
    name: String,
    rps: Arc<Vec<f64>>,
}

/// Monte Carlo bands, with the band after each chunk for the chart.
#[derive(Debug, Clone, PartialEq)]
struct Bands {
    /// What the trials ran against: the bands are stale once it changes.
    scenario: Arc<Scenario>,
    period: Period,
    seed: u64,
    trials: u32,
    history: Vec<BandPoint>,
    result: Option<MonteCarlo>,
}

/// Where an editor writes: an environment's traffic or a scaling group's model.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Traffic(String),
    Group(String),
}

impl Target {
    /// The JSON path of the settings in the plan (what the core's problems name).
    fn path(&self) -> String {
        match self {
            Target::Traffic(env) => format!("simulation.environments.{env}.traffic"),
            Target::Group(key) => format!("simulation.groups.{key}"),
        }
    }

    /// The settings as JSON, defaults filled in; `Null` for an environment without traffic.
    fn current(&self, plan: &ValidPlan) -> Value {
        // Through text: the plan's own (de)serializers, already in the app, do the work.
        fn json<T: serde::Serialize>(value: &T) -> Value {
            serde_json::to_string(value).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or(Value::Null)
        }
        let simulation = plan.plan().simulation.as_ref();
        match self {
            Target::Traffic(env) => simulation.and_then(|s| s.environments.get(env)).map(|e| json(&e.traffic)).unwrap_or(Value::Null),
            Target::Group(key) => match simulation.and_then(|s| s.groups.get(key)) {
                Some(group) => json(group),
                // GroupSimulation's serde defaults.
                None => json!({"launch_seconds": 120, "warmup_seconds": 300, "health_check_grace_seconds": 300, "cooldown_seconds": 300}),
            },
        }
    }

    /// The edit setting the value at `pointer` (`/capacity/rps_per_instance`)
    /// as a merge patch of its top-level key.
    fn edit(&self, pointer: &str, value: Value) -> Edit {
        let mut parts = pointer.trim_start_matches('/').split('/');
        let key = parts.next().unwrap_or_default().to_string();
        let nested: Vec<&str> = parts.collect();
        let value = nested.iter().rev().fold(value, |inner, part| {
            let mut object = Map::new();
            object.insert((*part).to_string(), inner);
            Value::Object(object)
        });
        match self {
            Target::Traffic(env) => Edit::SetTraffic { environment: env.clone(), key, value },
            Target::Group(group) => Edit::SetGroupSimulation { group: group.clone(), key, value },
        }
    }

    fn error_key(&self, pointer: &str) -> String {
        format!("{}{}", self.path(), pointer.replace('/', "."))
    }
}

/// A typed number as JSON (a string when it is not one, so the core names
/// what was expected); empty removes the setting.
fn parse_value(text: &str) -> Value {
    let text = text.trim();
    match text {
        "" => Value::Null,
        "true" | "false" => Value::Bool(text == "true"),
        _ => serde_json::from_str::<serde_json::Number>(text).map(Value::Number).unwrap_or_else(|_| Value::String(text.to_string())),
    }
}

fn show_value(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Whether error `key` is about the field at `path` (or inside it).
fn concerns(key: &str, path: &str) -> bool {
    key.strip_prefix(path).is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// Applies an edit; a refusal is shown by the fields its problems name, and
/// by `field` when none of them is inside it.
fn commit(state: AnalysisState, field: &str, edit: Edit) {
    if let Err(problems) = state.edit(edit) {
        show_refusal(state, field, &problems);
    }
}

fn show_refusal(state: AnalysisState, field: &str, problems: &Problems) {
    let mut errors: std::collections::BTreeMap<String, String> = problems.0.iter().map(|p| (p.path.clone(), p.message.clone())).collect();
    if !problems.0.iter().any(|p| concerns(&p.path, field)) {
        errors.insert(field.to_string(), problems.0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "));
    }
    state.field_errors.set(errors);
}

/// The messages of the errors about `path`.
fn error_at(state: AnalysisState, path: String) -> Memo<Option<String>> {
    Memo::new(move |_| {
        state.field_errors.with(|errors| {
            let messages: Vec<&str> = errors.iter().filter(|(k, _)| concerns(k, &path)).map(|(_, m)| m.as_str()).collect();
            (!messages.is_empty()).then(|| messages.join("; "))
        })
    })
}

#[component]
pub fn SimulateView() -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    let period = RwSignal::new(Period::Month);
    let trials = RwSignal::new(200u32);
    let seed = RwSignal::new(1u64);
    let series = RwSignal::new(None::<Series>);
    let series_error = RwSignal::new(None::<String>);
    let bands = RwSignal::new(None::<Bands>);
    let progress = RwSignal::new(None::<(u32, u32)>);
    let generation = StoredValue::new(0u64);
    let group = RwSignal::new(0usize);
    let week = RwSignal::new(0u32);

    let scenario = Memo::new(move |_| -> Result<Arc<Scenario>, String> {
        let CatalogState::Ready(catalog) = state.catalog.get() else {
            return Err("The region's prices are not loaded yet.".into());
        };
        let env = state.environment.get();
        let rps = series.with(|s| s.as_ref().map(|s| s.rps.as_ref().clone()));
        state.plan.with(|plan| scenario(plan, &env, &catalog, rps)).map(Arc::new).map_err(|problems| problems.to_string())
    });
    let run = Memo::new(move |_| -> Result<Shared<Run>, String> {
        let scenario = scenario.get()?;
        let (report, traces) = simulate_traced(&scenario, Options { period: period.get(), seed: seed.get(), step_minutes: 1 });
        Ok(Shared(Arc::new(Run { report, traces })))
    });
    let group_keys = Memo::new(move |_| scenario.with(|s| s.as_ref().map(|s| s.groups.iter().map(|g| g.model.key.clone()).collect::<Vec<_>>()).unwrap_or_default()));
    let weeks = Memo::new(move |_| run.with(|r| r.as_ref().map(|r| chart_data::weeks(r.0.traces.demand.len(), r.0.traces.step_minutes)).unwrap_or(1)));
    let week_chart = Memo::new(move |_| {
        let (g, w) = (group.get(), week.get());
        run.with(|r| r.as_ref().ok().and_then(|r| chart_data::week_chart(&r.0.traces, g, w, CHART_POINTS)))
    });
    let instances = Memo::new(move |_| {
        run.with(|r| {
            r.as_ref().ok().map(|r| {
                let days = (r.0.traces.demand.len() * r.0.traces.step_minutes as usize) as f64 / 1440.0;
                (chart_data::instances_over_time(&r.0.traces, CHART_POINTS), days)
            })
        })
    });
    let mix = Memo::new(move |_| run.with(|r| r.as_ref().ok().map(|r| chart_data::purchase_mix(&r.0.report))));
    let stale = Memo::new(move |_| {
        bands.with(|b| match (b, scenario.get()) {
            (Some(b), Ok(s)) => *b.scenario != *s || b.period != period.get() || b.seed != seed.get(),
            _ => false,
        })
    });

    let run_monte_carlo = move |_| {
        let Ok(built) = scenario.get_untracked() else { return };
        let (period, seed, trials) = (period.get_untracked(), seed.get_untracked(), trials.get_untracked());
        generation.update_value(|g| *g += 1);
        let this_run = generation.get_value();
        bands.set(Some(Bands { scenario: built.clone(), period, seed, trials, history: Vec::new(), result: None }));
        progress.set(Some((0, trials)));
        spawn_local(async move {
            let mut trial_run = TrialRun::new(&built, period, seed, trials);
            while !trial_run.is_finished() {
                trial_run.advance(&built, CHUNK);
                let so_far = trial_run.clone().finish();
                progress.set(Some((trial_run.done(), trials)));
                bands.update(|b| {
                    if let Some(b) = b {
                        b.history.extend(chart_data::band_point(&so_far));
                    }
                });
                yield_to_browser().await;
                if generation.get_value() != this_run {
                    return; // a newer run replaced this one
                }
            }
            let result = trial_run.finish();
            bands.update(|b| {
                if let Some(b) = b {
                    b.result = Some(result);
                }
            });
            progress.set(None);
        });
    };

    // Charts: effects that only paint the canvases when their data changes,
    // each in a task of its own after the results are on screen, so that a
    // year's run never holds the page for the whole of its drawing.
    let week_canvas = NodeRef::<Canvas>::new();
    let instances_canvas = NodeRef::<Canvas>::new();
    let band_canvas = NodeRef::<Canvas>::new();
    let mix_canvas = NodeRef::<Canvas>::new();
    fn paint_later(canvas: Option<web_sys::HtmlCanvasElement>, draw: impl FnOnce(&web_sys::HtmlCanvasElement) -> Option<Result<(), String>> + 'static) {
        let Some(canvas) = canvas else { return };
        set_timeout(
            move || {
                if let Some(drawn) = draw(&canvas) {
                    let _ = canvas.set_attribute("data-drawn", if drawn.is_ok() { "yes" } else { "failed" });
                    if let Err(message) = drawn {
                        canvas.set_title(&message);
                    }
                }
            },
            std::time::Duration::ZERO,
        );
    }
    Effect::new(move |_| {
        week_chart.track();
        paint_later(week_canvas.get(), move |c| week_chart.get_untracked().map(|data| charts::draw_week(c, &data)));
    });
    Effect::new(move |_| {
        instances.track();
        paint_later(instances_canvas.get(), move |c| instances.get_untracked().map(|(series, days)| charts::draw_instances(c, &series, days)));
    });
    Effect::new(move |_| {
        run.track();
        bands.track();
        paint_later(band_canvas.get(), move |c| {
            let configured = run.with_untracked(|r| r.as_ref().ok().and_then(|r| r.0.report.totals.monthly_cost).map(skyplan_sim::to_f64));
            bands.with_untracked(|b| b.as_ref().map(|b| charts::draw_band(c, &b.history, configured, b.trials)))
        });
    });
    Effect::new(move |_| {
        mix.track();
        paint_later(mix_canvas.get(), move |c| mix.get_untracked().map(|bars| charts::draw_mix(c, &bars)));
    });

    let file_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let on_series = move |_| {
        let Some(input) = file_input.get_untracked() else { return };
        spawn_local(async move {
            let input: web_sys::HtmlInputElement = input;
            let name = input.files().and_then(|f| f.get(0)).map(|f| f.name()).unwrap_or_default();
            match crate::browser::read_chosen_file(&input).await.and_then(|text| skyplan_sim::traffic::parse_series(&text)) {
                Ok(rps) => {
                    series_error.set(None);
                    series.set(Some(Series { name, rps: Arc::new(rps) }));
                }
                Err(message) => series_error.set(Some(format!("{name}: {message}"))),
            }
            input.set_value("");
        });
    };

    view! {
        <section class="simulate" aria-label="Simulate" data-testid="simulate-view">
            <h2>{move || format!("Simulate {} against its traffic", state.environment.get())}</h2>
            <p class="muted">"Each scaling group (Auto Scaling groups, EKS node groups) runs minute by minute against the traffic below, with its scaling policy, scheduled actions, spot interruptions and purchase options. Results follow every edit; Monte Carlo trials vary noise, spikes and interruptions. Settings are kept in the plan's " <code>"simulation"</code> " block."</p>
            <div class="row inline controls">
                <label for="sim-period">"Period"</label>
                <select id="sim-period" data-testid="sim-period" on:change=move |ev| { week.set(0); period.set(if event_target_value(&ev) == "year" { Period::Year } else { Period::Month }) }>
                    <option value="month" selected=true>"a month"</option>
                    <option value="year">"a year"</option>
                </select>
                <label for="sim-seed">"Seed"</label>
                <input id="sim-seed" type="number" min="0" data-testid="sim-seed" prop:value=move || seed.get().to_string()
                    on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u64>() { seed.set(n) } } />
                <label for="sim-trials">"Trials"</label>
                <input id="sim-trials" type="number" min="1" max="5000" data-testid="sim-trials" prop:value=move || trials.get().to_string()
                    on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u32>() { trials.set(n.clamp(1, 5000)) } } />
                <button data-testid="sim-run" on:click=run_monte_carlo disabled=move || scenario.with(|s| s.is_err())>"Run Monte Carlo"</button>
                {move || progress.get().map(|(done, total)| view! {
                    <progress data-testid="sim-progress" max=total value=done aria-label="Monte Carlo trials run"></progress>
                    <span class="muted">{format!("{done} / {total} trials")}</span>
                })}
            </div>
            <div class="sim-editors">
                <details open=true class="editor" data-testid="traffic-editor">
                    <summary>{move || format!("Traffic · {}", state.environment.get())}</summary>
                    {move || view! { <TrafficEditor target=Target::Traffic(state.environment.get()) /> }}
                    <div class="row inline series">
                        <button data-testid="series-upload" on:click=move |_| { if let Some(input) = file_input.get_untracked() { input.click(); } }>"Upload a CSV series…"</button>
                        <input type="file" accept=".csv,text/csv" class="hidden" data-testid="series-file" aria-label="Traffic series (CSV of timestamp, requests per second)" node_ref=file_input on:change=on_series />
                        {move || match series.get() {
                            Some(s) => view! {
                                <span data-testid="series-name">{format!("{}: {} minutes, replaces base × shape × growth (not saved in the plan)", s.name, s.rps.len())}</span>
                                <button class="link" data-testid="series-remove" on:click=move |_| series.set(None)>"remove"</button>
                            }.into_any(),
                            None => view! { <span class="muted">"timestamp,requests_per_second per line, as " <code>"skyplan simulate --traffic"</code></span> }.into_any(),
                        }}
                    </div>
                    {move || series_error.get().map(|m| view! { <div class="field-error" role="alert" data-testid="series-error">{m}</div> })}
                </details>
                <details open=true class="editor" data-testid="policy-editor">
                    <summary>"Scaling group"</summary>
                    {move || {
                        let keys = group_keys.get();
                        if keys.is_empty() {
                            return view! { <p class="muted">"This environment has no scaling groups (Auto Scaling groups or EKS node groups)."</p> }.into_any();
                        }
                        let chosen = group.get().min(keys.len() - 1);
                        let key = keys[chosen].clone();
                        view! {
                            <div class="row field">
                                <label for="sim-group">"Group"</label>
                                <select id="sim-group" data-testid="sim-group" on:change=move |ev| { if let Ok(i) = event_target_value(&ev).parse::<usize>() { group.set(i) } }>
                                    {keys.iter().enumerate().map(|(i, k)| view! { <option value=i.to_string() selected=i == chosen>{k.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <GroupBounds key=key.clone() scenario=scenario />
                            <PolicyEditor target=Target::Group(key) />
                        }.into_any()
                    }}
                </details>
            </div>
            {move || run.with(|r| match r {
                Err(message) => view! { <p class="status error" role="alert" data-testid="sim-error">{message.clone()}</p> }.into_any(),
                Ok(r) => report_view(&r.0.report).into_any(),
            })}
            <div class="charts">
                <figure class="chart">
                    <div class="row inline chart-controls">
                        <label for="sim-week">"Week"</label>
                        <input id="sim-week" type="range" min="1" data-testid="sim-week" prop:max=move || weeks.get().to_string() prop:value=move || (week.get() + 1).to_string()
                            on:input=move |ev| { if let Ok(w) = event_target_value(&ev).parse::<u32>() { week.set(w.saturating_sub(1)) } } />
                        <span class="muted" data-testid="sim-week-label">{move || format!("{} of {}", week.get().min(weeks.get().saturating_sub(1)) + 1, weeks.get())}</span>
                    </div>
                    <canvas node_ref=week_canvas data-testid="chart-week" aria-label="Demand against capacity over the chosen week"></canvas>
                </figure>
                <figure class="chart"><canvas node_ref=instances_canvas data-testid="chart-instances" aria-label="Instances running over the period"></canvas></figure>
                <figure class="chart"><canvas node_ref=mix_canvas data-testid="chart-mix" aria-label="Monthly cost on demand against the recommended purchase mix"></canvas></figure>
                <figure class="chart" class:hidden=move || bands.with(Option::is_none)>
                    <canvas node_ref=band_canvas data-testid="chart-band" aria-label="Monte Carlo P10 to P90 band of the monthly cost"></canvas>
                </figure>
            </div>
            {move || bands.get().and_then(|b| b.result).map(|bands| view! {
                <h3>"Monte Carlo bands"</h3>
                {move || stale.get().then(|| view! { <p class="notice info" data-testid="sim-bands-stale">"The plan, period or seed changed since these trials: run Monte Carlo again to update them."</p> })}
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

/// A number (or text) setting bound to a JSON pointer of the target's settings.
#[component]
fn SimField(
    target: StoredValue<Target>,
    pointer: &'static str,
    label: &'static str,
    testid: &'static str,
    #[prop(optional)] placeholder: Option<String>,
    #[prop(optional)] text: bool,
) -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    let value = Memo::new(move |_| state.plan.with(|p| show_value(target.with_value(|t| t.current(p)).pointer(pointer))));
    let error_key = target.with_value(|t| t.error_key(pointer));
    let error = error_at(state, error_key.clone());
    let on_change = move |ev| {
        let typed = event_target_value(&ev);
        let value = if text { Value::String(typed.trim().to_string()) } else { parse_value(&typed) };
        commit(state, &error_key, target.with_value(|t| t.edit(pointer, value)));
    };
    view! {
        <div class="row field" class:invalid=move || error.get().is_some()>
            <label for=testid>{label}</label>
            <input id=testid data-testid=testid type=if text { "text" } else { "number" } step="any" placeholder=placeholder.unwrap_or_default()
                prop:value=move || { state.revision.track(); value.get() } on:change=on_change />
            {move || error.get().map(|m| view! { <div class="field-error" role="alert" data-testid=format!("error-{testid}")>{m}</div> })}
        </div>
    }
}

/// A choice bound to a JSON pointer; `options` are (value, label).
#[component]
fn SimChoice(target: StoredValue<Target>, pointer: &'static str, label: &'static str, testid: &'static str, options: &'static [(&'static str, &'static str)]) -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    // Absent: the model's default, the first option.
    let value = Memo::new(move |_| {
        let shown = state.plan.with(|p| show_value(target.with_value(|t| t.current(p)).pointer(pointer)));
        if shown.is_empty() { options[0].0.to_string() } else { shown }
    });
    let error_key = target.with_value(|t| t.error_key(pointer));
    let error = error_at(state, error_key.clone());
    view! {
        <div class="row field" class:invalid=move || error.get().is_some()>
            <label for=testid>{label}</label>
            <select id=testid data-testid=testid prop:value=move || value.get()
                on:change=move |ev| commit(state, &error_key, target.with_value(|t| t.edit(pointer, parse_value(&event_target_value(&ev)))))>
                {options.iter().map(|(v, l)| view! { <option value=*v selected=move || value.get() == *v>{*l}</option> }).collect_view()}
            </select>
            {move || error.get().map(|m| view! { <div class="field-error" role="alert" data-testid=format!("error-{testid}")>{m}</div> })}
        </div>
    }
}

/// How a list column is typed.
#[derive(Clone, Copy)]
enum Cell {
    Number,
    /// A number the row may leave out (empty removes it).
    Optional,
    Text,
    Choice(&'static [&'static str]),
}

struct Column {
    key: &'static str,
    label: &'static str,
    cell: Cell,
}

/// A list of objects (spikes, steps, scheduled actions, commitments) bound
/// to a JSON pointer: each change writes the whole list.
#[component]
fn RowsEditor(target: StoredValue<Target>, pointer: &'static str, testid: &'static str, columns: &'static [Column], new_row: fn() -> Value) -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    let rows = Memo::new(move |_| {
        state.plan.with(|p| target.with_value(|t| t.current(p)).pointer(pointer).and_then(Value::as_array).cloned().unwrap_or_default())
    });
    let path = target.with_value(|t| t.error_key(pointer));
    let list_error = {
        let path = path.clone();
        Memo::new(move |_| state.field_errors.with(|e| e.get(&path).cloned()))
    };
    let path = StoredValue::new(path);
    let save = move |next: Vec<Value>, field: String| commit(state, &field, target.with_value(|t| t.edit(pointer, Value::Array(next))));
    view! {
        <div class="rows" data-testid=testid>
            {move || {
                state.revision.track();
                let list = rows.get();
                (!list.is_empty()).then(|| view! {
                    <table class="rows-table">
                        <thead><tr>{columns.iter().map(|c| view! { <th>{c.label}</th> }).collect_view()}<th></th></tr></thead>
                        <tbody>{list.iter().enumerate().map(|(i, row)| {
                            let row_path = format!("{}[{i}]", path.get_value());
                            let error = error_at(state, row_path.clone());
                            view! {
                                <tr class:invalid=move || error.get().is_some()>
                                    {columns.iter().map(|column| {
                                        let shown = show_value(row.get(column.key));
                                        let cell_id = format!("{testid}-{i}-{}", column.key);
                                        let field = format!("{row_path}.{}", column.key);
                                        let change = move |ev| {
                                            let text = event_target_value(&ev);
                                            let mut next = rows.get_untracked();
                                            if let Some(Value::Object(object)) = next.get_mut(i) {
                                                match (column.cell, parse_value(&text)) {
                                                    (Cell::Text, _) => { object.insert(column.key.into(), Value::String(text.trim().to_string())); }
                                                    (Cell::Optional, Value::Null) => { object.remove(column.key); }
                                                    (_, value) => { object.insert(column.key.into(), value); }
                                                }
                                            }
                                            save(next, field.clone());
                                        };
                                        let control = match column.cell {
                                            Cell::Choice(options) => view! {
                                                <select data-testid=cell_id aria-label=column.label on:change=change>
                                                    {options.iter().map(|o| view! { <option value=*o selected=*o == shown>{*o}</option> }).collect_view()}
                                                </select>
                                            }.into_any(),
                                            Cell::Text => view! { <input type="text" data-testid=cell_id aria-label=column.label prop:value=shown on:change=change /> }.into_any(),
                                            Cell::Number | Cell::Optional => view! { <input type="number" step="any" data-testid=cell_id aria-label=column.label prop:value=shown on:change=change /> }.into_any(),
                                        };
                                        view! { <td>{control}</td> }
                                    }).collect_view()}
                                    <td><button class="link danger" data-testid=format!("{testid}-{i}-remove") aria-label="Remove this row"
                                        on:click=move |_| { let mut next = rows.get_untracked(); next.remove(i); save(next, path.get_value()); }>"remove"</button></td>
                                </tr>
                                {move || error.get().map(|m| view! { <tr><td colspan="9"><div class="field-error" role="alert">{m}</div></td></tr> })}
                            }
                        }).collect_view()}</tbody>
                    </table>
                })
            }}
            <button data-testid=format!("{testid}-add") on:click=move |_| { let mut next = rows.get_untracked(); next.push(new_row()); save(next, path.get_value()); }>"Add"</button>
            {move || list_error.get().map(|m| view! { <div class="field-error" role="alert">{m}</div> })}
        </div>
    }
}

const SPIKE_COLUMNS: &[Column] = &[
    Column { key: "multiplier", label: "× traffic", cell: Cell::Number },
    Column { key: "duration_minutes", label: "minutes", cell: Cell::Number },
    Column { key: "at_minute", label: "at minute (from Mon 00:00)", cell: Cell::Optional },
    Column { key: "per_month", label: "or random, per month", cell: Cell::Optional },
];

/// One item of an editor's form (rendered by [`form`]: one loop, not a view
/// per field, keeps the app's code small).
enum Item {
    Heading(&'static str),
    Sub(&'static str),
    Field { pointer: &'static str, label: &'static str, testid: &'static str },
    Choice { pointer: &'static str, label: &'static str, testid: &'static str, options: &'static [(&'static str, &'static str)] },
    Rows { pointer: &'static str, testid: &'static str, columns: &'static [Column], new_row: fn() -> Value },
}

fn form(target: StoredValue<Target>, items: &'static [Item]) -> impl IntoView {
    let views: Vec<AnyView> = items
        .iter()
        .map(|item| match *item {
            Item::Heading(text) => view! { <h4>{text}</h4> }.into_any(),
            Item::Sub(text) => view! { <h5>{text}</h5> }.into_any(),
            Item::Field { pointer, label, testid } => view! { <SimField target pointer label testid /> }.into_any(),
            Item::Choice { pointer, label, testid, options } => view! { <SimChoice target pointer label testid options /> }.into_any(),
            Item::Rows { pointer, testid, columns, new_row } => view! { <RowsEditor target pointer testid columns new_row /> }.into_any(),
        })
        .collect();
    view! { <div class="form">{views}</div> }
}

const SHAPES: &[(&str, &str)] =
    &[("flat", "flat"), ("business_hours", "business hours (weekdays 08–18 UTC)"), ("evening_peak", "evening peak"), ("weekend_dip", "weekend dip")];

const TRAFFIC: &[Item] = &[
    Item::Field { pointer: "/base_rps", label: "Base load (requests/s at the shape's peak)", testid: "traffic-base_rps" },
    Item::Choice { pointer: "/shape", label: "Hour-of-week shape", testid: "traffic-shape", options: SHAPES },
    Item::Field { pointer: "/monthly_growth_percent", label: "Growth per month (%)", testid: "traffic-monthly_growth_percent" },
    Item::Field { pointer: "/noise_percent", label: "Noise (% std. dev. per minute)", testid: "traffic-noise_percent" },
    Item::Heading("Spikes"),
    Item::Rows { pointer: "/spikes", testid: "spikes", columns: SPIKE_COLUMNS, new_row: || json!({"multiplier": 10, "duration_minutes": 120, "per_month": 1}) },
];

#[component]
fn TrafficEditor(target: Target) -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    let target = StoredValue::new(target);
    let has_traffic = Memo::new(move |_| state.plan.with(|p| !target.with_value(|t| t.current(p)).is_null()));
    view! {
        {move || (!has_traffic.get()).then(|| view! { <p class="muted" data-testid="traffic-default">"No traffic model for this environment: the simulation assumes a flat load its groups serve at 70 % CPU. Set the base load to start one."</p> })}
        {form(target, TRAFFIC)}
    }
}

const STEP_OUT_COLUMNS: &[Column] = &[Column { key: "above", label: "metric above threshold by", cell: Cell::Number }, Column { key: "add", label: "add instances", cell: Cell::Number }];
const STEP_IN_COLUMNS: &[Column] = &[Column { key: "below", label: "metric below threshold by", cell: Cell::Number }, Column { key: "remove", label: "remove instances", cell: Cell::Number }];
const SCHEDULED_COLUMNS: &[Column] = &[
    Column { key: "cron", label: "cron (UTC: min hour * * weekday)", cell: Cell::Text },
    Column { key: "min", label: "min", cell: Cell::Optional },
    Column { key: "max", label: "max", cell: Cell::Optional },
    Column { key: "desired", label: "desired", cell: Cell::Optional },
];
const RESERVED_COLUMNS: &[Column] = &[
    Column { key: "offering_class", label: "class", cell: Cell::Choice(&["standard", "convertible"]) },
    Column { key: "term_years", label: "years", cell: Cell::Choice(&["1", "3"]) },
    Column { key: "purchase_option", label: "payment", cell: Cell::Choice(&["no_upfront", "partial_upfront", "all_upfront"]) },
    Column { key: "count", label: "instances (empty: optimize)", cell: Cell::Optional },
];
const SAVINGS_PLAN_COLUMNS: &[Column] = &[
    Column { key: "kind", label: "kind", cell: Cell::Choice(&["compute", "ec2_instance"]) },
    Column { key: "term_years", label: "years", cell: Cell::Choice(&["1", "3"]) },
    Column { key: "discount_percent", label: "discount %", cell: Cell::Optional },
    Column { key: "hourly_commitment", label: "$/hour (empty: optimize)", cell: Cell::Optional },
];
const METRICS: &[(&str, &str)] = &[("cpu", "average CPU (%)"), ("alb_requests_per_target", "ALB requests per target per minute")];

const CAPACITY: &[Item] = &[
    Item::Heading("Capacity"),
    Item::Field { pointer: "/capacity/rps_per_instance", label: "Requests/s one instance serves at 100 % CPU", testid: "group-rps_per_instance" },
    Item::Field { pointer: "/capacity/traffic_share_percent", label: "Share of the environment's requests (%)", testid: "group-traffic_share_percent" },
    Item::Heading("Scaling policy"),
];

const TARGET_TRACKING: &[Item] = &[
    Item::Choice { pointer: "/policy/target_tracking/metric", label: "Metric", testid: "group-tt-metric", options: METRICS },
    Item::Field { pointer: "/policy/target_tracking/target", label: "Target value", testid: "group-tt-target" },
    Item::Choice {
        pointer: "/policy/target_tracking/disable_scale_in",
        label: "Scale in",
        testid: "group-tt-disable_scale_in",
        options: &[("false", "yes"), ("true", "no (disable scale-in)")],
    },
];

const STEP: &[Item] = &[
    Item::Choice { pointer: "/policy/step/metric", label: "Metric", testid: "group-step-metric", options: METRICS },
    Item::Field { pointer: "/policy/step/datapoints", label: "Alarm datapoints (1-minute)", testid: "group-step-datapoints" },
    Item::Field { pointer: "/policy/step/scale_out_threshold", label: "Scale out at or above", testid: "group-step-scale_out_threshold" },
    Item::Field { pointer: "/policy/step/scale_in_threshold", label: "Scale in at or below", testid: "group-step-scale_in_threshold" },
    Item::Sub("Scale-out steps"),
    Item::Rows { pointer: "/policy/step/steps_out", testid: "steps-out", columns: STEP_OUT_COLUMNS, new_row: || json!({"above": 40, "add": 5}) },
    Item::Sub("Scale-in steps"),
    Item::Rows { pointer: "/policy/step/steps_in", testid: "steps-in", columns: STEP_IN_COLUMNS, new_row: || json!({"below": 20, "remove": 2}) },
];

const SCHEDULE_TIMINGS_PURCHASE: &[Item] = &[
    Item::Heading("Scheduled actions"),
    Item::Rows { pointer: "/scheduled", testid: "scheduled", columns: SCHEDULED_COLUMNS, new_row: || json!({"cron": "0 8 * * 1-5", "min": 2}) },
    Item::Heading("Timings (seconds)"),
    Item::Field { pointer: "/launch_seconds", label: "Launch (pending → in service)", testid: "group-launch_seconds" },
    Item::Field { pointer: "/warmup_seconds", label: "Instance warm-up", testid: "group-warmup_seconds" },
    Item::Field { pointer: "/cooldown_seconds", label: "Cooldown (step scaling)", testid: "group-cooldown_seconds" },
    Item::Field { pointer: "/health_check_grace_seconds", label: "Health-check grace", testid: "group-health_check_grace_seconds" },
    Item::Heading("Purchase options"),
    Item::Field { pointer: "/purchase/spot/spot_percent", label: "Spot share above the base (%)", testid: "group-spot_percent" },
    Item::Field { pointer: "/purchase/spot/on_demand_base", label: "On-demand base (instances)", testid: "group-on_demand_base" },
    Item::Sub("Reserved Instances to compare (none: every offer in the catalog)"),
    Item::Rows {
        pointer: "/purchase/reserved",
        testid: "reserved",
        columns: RESERVED_COLUMNS,
        new_row: || json!({"offering_class": "standard", "term_years": 1, "purchase_option": "no_upfront"}),
    },
    Item::Sub("Savings Plans (the catalog has no rates: give the discount)"),
    Item::Rows {
        pointer: "/purchase/savings_plans",
        testid: "savings-plans",
        columns: SAVINGS_PLAN_COLUMNS,
        new_row: || json!({"kind": "compute", "term_years": 1, "discount_percent": 28}),
    },
];

#[component]
fn PolicyEditor(target: Target) -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    let target = StoredValue::new(target);
    let kind = Memo::new(move |_| {
        state.plan.with(|p| match target.with_value(|t| t.current(p)).get("policy") {
            Some(Value::Object(o)) if o.contains_key("target_tracking") => "target_tracking",
            Some(Value::Object(o)) if o.contains_key("step") => "step",
            _ => "none",
        })
    });
    let policy_error_key = target.with_value(|t| t.error_key("/policy"));
    let policy_error = error_at(state, policy_error_key.clone());
    let set_kind = move |ev| {
        let value = match event_target_value(&ev).as_str() {
            "target_tracking" => json!({"step": null, "target_tracking": {"metric": "cpu", "target": 70}}),
            "step" => json!({"target_tracking": null, "step": {"metric": "cpu", "scale_out_threshold": 70, "scale_in_threshold": 30,
                "steps_out": [{"above": 0, "add": 1}, {"above": 20, "add": 3}], "steps_in": [{"below": 0, "remove": 1}]}}),
            _ => Value::Null,
        };
        commit(state, &policy_error_key, target.with_value(|t| t.edit("/policy", value)));
    };
    const KINDS: [(&str, &str); 3] = [("none", "none (desired count; scheduled actions only)"), ("target_tracking", "target tracking"), ("step", "step scaling")];
    view! {
        {form(target, CAPACITY)}
        <div class="row field" class:invalid=move || policy_error.get().is_some()>
            <label for="group-policy">"Policy"</label>
            <select id="group-policy" data-testid="group-policy" on:change=set_kind>
                {KINDS.iter().map(|(value, label)| view! { <option value=*value selected=move || kind.get() == *value>{*label}</option> }).collect_view()}
            </select>
            {move || policy_error.get().map(|m| view! { <div class="field-error" role="alert" data-testid="error-group-policy">{m}</div> })}
        </div>
        {move || form(target, match kind.get() {
            "target_tracking" => TARGET_TRACKING,
            "step" => STEP,
            _ => &[],
        })}
        {form(target, SCHEDULE_TIMINGS_PURCHASE)}
    }
}

/// A group's min, desired and max: the component's own settings (the ASG's,
/// or the EKS node group's), edited for every environment or, with "this
/// environment only" or an existing override, for the current one.
#[component]
fn GroupBounds(key: String, scenario: Memo<Result<Arc<Scenario>, String>>) -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    let key = StoredValue::new(key);
    let bounds = Memo::new(move |_| {
        scenario.with(|s| {
            let s = s.as_ref().ok()?;
            let model = &s.groups.iter().find(|g| key.with_value(|k| g.model.key == *k))?.model;
            Some((model.min, model.desired, model.max))
        })
    });
    let field = move |name: &'static str, label: &'static str| {
        let error_key = format!("{}.{name}", key.with_value(|k| format!("group-bounds.{k}")));
        let error = error_at(state, error_key.clone());
        let testid = format!("group-{name}");
        let value = move || bounds.get().map(|(min, desired, max)| match name {
            "min" => min,
            "desired" => desired,
            _ => max,
        }.to_string()).unwrap_or_default();
        view! {
            <div class="row field" class:invalid=move || error.get().is_some()>
                <label for=testid.clone()>{label}</label>
                <input id=testid.clone() data-testid=testid type="number" min="0" prop:value=value
                    on:change=move |ev| {
                        let edit = bounds_edit(state, &key.get_value(), name, parse_value(&event_target_value(&ev)));
                        match edit {
                            Ok(edit) => commit(state, &error_key, edit),
                            Err(message) => state.field_errors.set([(error_key.clone(), message)].into_iter().collect()),
                        }
                    } />
                {move || error.get().map(|m| view! { <div class="field-error" role="alert">{m}</div> })}
            </div>
        }
    };
    view! {
        <div class="grid-fields bounds">
            {field("min", "Min")}
            {field("desired", "Desired")}
            {field("max", "Max")}
        </div>
    }
}

/// The edit setting `name` (min, desired, max) of scaling group `key`.
fn bounds_edit(state: AnalysisState, key: &str, name: &str, value: Value) -> Result<Edit, String> {
    let env = state.environment.get_untracked();
    let plan = state.plan.get_untracked();
    let (id, node_group) = match key.split_once('/') {
        Some((id, ng)) => (id, Some(ng)),
        None => (key, None),
    };
    let setting = if node_group.is_some() { "node_groups" } else { name };
    let overridden = plan.environment(&env).and_then(|e| e.components.iter().find(|c| c.id == id)).is_some_and(|c| c.overridden.iter().any(|k| k == setting));
    let scope = if overridden || state.edit_environment_only.get_untracked() { Scope::Environment(env.clone()) } else { Scope::AllEnvironments };
    let Some(node_group) = node_group else {
        return Ok(Edit::SetSetting { component: id.to_string(), scope, key: name.to_string(), value });
    };
    // A node group's bounds live in the cluster's list: the list as the scope sees it, with the one value changed.
    let spec = match &scope {
        Scope::AllEnvironments => plan.plan().component(id).map(|c| c.spec.clone()),
        Scope::Environment(_) => plan.environment(&env).and_then(|e| e.components.iter().find(|c| c.id == id)).map(|c| c.spec.clone()),
    };
    let Some(Spec::Eks(eks)) = spec else { return Err(format!("{id} is not an EKS cluster")) };
    let mut groups: Value = serde_json::to_string(&eks.node_groups).ok().and_then(|text| serde_json::from_str(&text).ok()).ok_or("the node groups could not be read")?;
    let entry = groups.as_array_mut().and_then(|list| list.iter_mut().find(|g| g.get("name").and_then(Value::as_str) == Some(node_group)));
    let Some(Value::Object(entry)) = entry else { return Err(format!("{id} has no node group {node_group} in this scope")) };
    entry.insert(name.to_string(), value);
    Ok(Edit::SetSetting { component: id.to_string(), scope, key: "node_groups".into(), value: groups })
}

fn report_view(report: &SimulationReport) -> impl IntoView {
    let totals = &report.totals;
    view! {
        <div class="totals">
            <div class="total-card"><div class="label">"as configured · monthly"</div><div class="amount" data-testid="sim-monthly">{dollars(totals.monthly_cost)}</div></div>
            <div class="total-card"><div class="label">"all on demand · monthly"</div><div class="amount" data-testid="sim-all-on-demand">{dollars(totals.all_on_demand_monthly)}</div></div>
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
                    <td class="num" data-testid=format!("sim-hours-{}", g.key.replace('/', "-"))>{g.instance_hours.round_dp(1).to_string()}</td>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_becomes_a_merge_patch_of_its_top_level_key() {
        let edit = Target::Group("web".into()).edit("/policy/target_tracking/target", json!(60));
        assert_eq!(edit, Edit::SetGroupSimulation { group: "web".into(), key: "policy".into(), value: json!({"target_tracking": {"target": 60}}) });
        let edit = Target::Traffic("production".into()).edit("/shape", json!("flat"));
        assert_eq!(edit, Edit::SetTraffic { environment: "production".into(), key: "shape".into(), value: json!("flat") });
        assert_eq!(Target::Group("platform/general".into()).error_key("/capacity/rps_per_instance"), "simulation.groups.platform/general.capacity.rps_per_instance");
    }

    #[test]
    fn a_group_without_settings_shows_the_models_defaults() {
        let defaults: skyplan_core::model::simulation::GroupSimulation = serde_json::from_value(json!({})).unwrap();
        let plan = skyplan_core::templates::template("saas-3tier").unwrap().plan().unwrap();
        assert_eq!(Target::Group("nowhere".into()).current(&plan), serde_json::to_value(defaults).unwrap());
        assert_eq!(Target::Traffic("dev".into()).current(&plan), Value::Null);
        assert_eq!(Target::Traffic("production".into()).current(&plan)["base_rps"], json!(1500));
    }

    #[test]
    fn the_shape_presets_are_the_models() {
        let shapes: Vec<&str> = skyplan_core::model::simulation::Shape::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(SHAPES.iter().map(|s| s.0).collect::<Vec<_>>(), shapes);
    }

    #[test]
    fn typed_values_become_json_and_errors_find_their_fields() {
        assert_eq!(parse_value(" 12.5 "), json!(12.5));
        assert_eq!(parse_value(""), Value::Null);
        assert_eq!(parse_value("true"), json!(true));
        assert_eq!(parse_value("ten"), json!("ten"));
        assert!(concerns("simulation.groups.web.scheduled[0].cron", "simulation.groups.web.scheduled"));
        assert!(concerns("simulation.groups.web.scheduled[0].cron", "simulation.groups.web.scheduled[0]"));
        assert!(!concerns("simulation.groups.web2.launch_seconds", "simulation.groups.web"));
    }
}
