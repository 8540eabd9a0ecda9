//! The properties panel: every setting of the selected component as a form,
//! with catalog-fed pickers, per-environment overrides, and the core's own
//! message next to a field whose edit was refused.

use crate::catalog_loader::CatalogState;
use crate::state::AppState;
use leptos::prelude::*;
use serde_json::Value;
use skyplan_core::model::edit::{Edit, Scope};
use skyplan_core::model::schema::{Field, Input};
use skyplan_core::model::{Schedule, Spec};
use skyplan_core::Catalog;

fn field_id(component: &str, key: &str) -> String {
    format!("{component}/{key}")
}

/// Turns what the user typed into the JSON value the setting takes.
pub fn parse_input(input: Input, text: &str) -> Result<Value, String> {
    let text = text.trim();
    match input {
        Input::Text | Input::Choice(_) | Input::InstanceType | Input::RdsClass | Input::CacheNodeType => Ok(Value::String(text.to_string())),
        Input::Bool => Ok(Value::Bool(text == "true")),
        Input::Integer { .. } => {
            if text.is_empty() {
                return Ok(Value::Null);
            }
            text.parse::<i64>().map(Value::from).map_err(|_| format!("\"{text}\" is not a whole number"))
        }
        Input::Amount => {
            if text.is_empty() {
                return Ok(Value::Null);
            }
            text.parse::<f64>().ok().filter(|v| v.is_finite()).map(Value::from).ok_or_else(|| format!("\"{text}\" is not a number"))
        }
        Input::Json => serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}")),
    }
}

fn display(value: Option<&Value>, input: Input) -> String {
    match (value, input) {
        (None, _) | (Some(Value::Null), _) => String::new(),
        (Some(Value::String(s)), _) => s.clone(),
        (Some(v), Input::Json) => serde_json::to_string_pretty(v).unwrap_or_default(),
        (Some(v), _) => v.to_string(),
    }
}

/// Picker options from the catalog: (value, label), the current value first if the region lacks it.
fn picker_options(catalog: Option<&Catalog>, input: Input, spec: &Spec, current: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = match (catalog, input) {
        (Some(catalog), Input::InstanceType) => catalog
            .ec2
            .iter()
            .filter_map(|(name, i)| {
                i.on_demand_hourly.map(|price| (name.clone(), format!("{name} · {} vCPU · {} GiB · ${}/h", i.vcpu, i.memory_gib.normalize(), price.normalize())))
            })
            .collect(),
        (Some(catalog), Input::RdsClass) => match spec {
            Spec::Rds(rds) => catalog
                .rds
                .get(&rds.engine)
                .map(|classes| {
                    classes
                        .iter()
                        .map(|(name, p)| {
                            let price = p.single_az_hourly.map(|v| format!(" · ${}/h Single-AZ", v.normalize())).unwrap_or_default();
                            (name.clone(), format!("{name}{price}"))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        },
        (Some(catalog), Input::CacheNodeType) => match spec {
            Spec::Elasticache(cache) => catalog
                .elasticache
                .get(&cache.engine)
                .map(|nodes| nodes.iter().map(|(name, p)| (name.clone(), format!("{name} · ${}/h", p.hourly.normalize()))).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    if !current.is_empty() && !options.iter().any(|(v, _)| v == current) {
        options.insert(0, (current.to_string(), format!("{current} (not offered in this region)")));
    }
    options
}

#[component]
pub fn PropertiesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A memo, so an edit to the plan rebuilds the form only when the selected
    // component appears or goes: rebuilding it on every edit re-created every
    // field, the instance-type picker's ~1,000 options among them.
    let shown = Memo::new(move |_| state.selected.get().filter(|id| state.plan.with(|p| p.plan().component(id).is_some())));
    move || match shown.get() {
        Some(id) => view! { <ComponentForm id=id /> }.into_any(),
        None => view! { <EnvironmentForm /> }.into_any(),
    }
}

#[component]
fn ComponentForm(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let component_id = StoredValue::new(id.clone());
    let env = state.environment;
    let view_of = Memo::new(move |_| {
        let env = env.get();
        let id = component_id.get_value();
        state.plan.with(|plan| {
            let base = plan.plan().component(&id).cloned();
            let environment = plan.environment(&env);
            let resolved = environment.and_then(|e| e.components.iter().find(|c| c.id == id)).cloned();
            let omitted = resolved.is_none();
            (base, resolved, omitted)
        })
    });

    let header = move || {
        view_of.with(|(base, _, _)| {
            base.as_ref().map(|c| (c.display_name().to_string(), c.kind().label(), c.tier.as_str(), c.id.clone()))
        })
    };

    view! {
        <section class="panel properties" aria-label="Component properties" data-testid="properties">
            {move || header().map(|(name, kind, tier, id)| view! {
                <div class="panel-head">
                    <h2>{name.clone()}</h2>
                    <div class="muted">{format!("{kind} · {tier} tier · id {id}")}</div>
                </div>
            })}
            <label class="row">
                <span>"Name"</span>
                <input type="text" data-testid="field-name"
                    prop:value=move || view_of.with(|(b, _, _)| b.as_ref().and_then(|c| c.name.clone()).unwrap_or_default())
                    on:change=move |ev| state.edit_or_notify(Edit::Rename { component: component_id.get_value(), name: event_target_value(&ev) }) />
            </label>
            <fieldset class="scope">
                <legend>"Edits apply to"</legend>
                <label><input type="radio" name="scope" data-testid="scope-all" prop:checked=move || !state.edit_environment_only.get()
                    on:change=move |_| state.edit_environment_only.set(false) />" all environments"</label>
                <label><input type="radio" name="scope" data-testid="scope-env" prop:checked=move || state.edit_environment_only.get()
                    on:change=move |_| state.edit_environment_only.set(true) />{move || format!(" {} only", env.get())}</label>
            </fieldset>
            <label class="row check">
                <input type="checkbox" data-testid="field-omitted" prop:checked=move || view_of.with(|(_, _, omitted)| *omitted)
                    on:change=move |ev| state.edit_or_notify(Edit::SetOmitted { environment: env.get_untracked(), component: component_id.get_value(), omitted: event_target_checked(&ev) }) />
                <span>{move || format!("Left out of {}", env.get())}</span>
            </label>
            // Keyed by what each row shows, so an edit re-renders only the
            // rows whose value changed (the instance-type picker has ~1,000 options).
            // Pickers also by the catalog they list: a card selected while
            // its region's prices load gets its options once they are in.
            <For
                each=move || {
                    let catalog = match &*state.catalog.read() {
                        CatalogState::Ready(c) => format!("{}@{}", c.region, c.version),
                        _ => String::new(),
                    };
                    let (base, resolved, _) = view_of.get();
                    let Some(base) = base else { return Vec::new() };
                    let spec = resolved.as_ref().map(|r| r.spec.clone()).unwrap_or_else(|| base.spec.clone());
                    let settings = spec.to_settings();
                    let overridden: Vec<String> = resolved.map(|r| r.overridden).unwrap_or_default();
                    let engine = settings.get("engine").map(|e| e.to_string()).unwrap_or_default();
                    base.kind().fields()
                        .iter()
                        .map(|field| {
                            let value = display(settings.get(field.key), field.input);
                            let is_override = overridden.iter().any(|k| k == field.key);
                            let lists = matches!(field.input, Input::InstanceType | Input::RdsClass | Input::CacheNodeType) || field.key == "node_groups";
                            let listed = if lists { catalog.clone() } else { String::new() };
                            (*field, value, is_override, engine.clone(), listed, spec.clone())
                        })
                        .collect::<Vec<_>>()
                }
                key=|(field, value, is_override, engine, listed, _)| (field.key, value.clone(), *is_override, engine.clone(), listed.clone())
                let:item
            >
                {
                    let (field, value, is_override, _, _, spec) = item;
                    view! { <FieldRow field=field value=value is_override=is_override spec=spec component=component_id.get_value() /> }
                }
            </For>
            <div class="actions">
                <button data-testid="duplicate" on:click=move |_| state.edit_or_notify(Edit::Duplicate { component: component_id.get_value() })>"Duplicate"</button>
                <button data-testid="connect" on:click=move |_| state.connecting_from.set(Some(component_id.get_value()))>"Connect to…"</button>
                <button class="danger" data-testid="delete" on:click=move |_| state.edit_or_notify(Edit::Delete { component: component_id.get_value() })>"Delete"</button>
            </div>
            <ConnectionsList id=component_id.get_value() />
            <crate::cost_panel::Calculation id=component_id.get_value() />
        </section>
    }
}

#[component]
fn FieldRow(field: Field, value: String, is_override: bool, spec: Spec, component: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = field.key;
    let error_key = field_id(&component, key);
    let component = StoredValue::new(component);
    let error = Memo::new(move |_| state.field_errors.with(|errors| errors.get(&error_key).cloned()));
    let commit = move |text: String| {
        let component = component.get_value();
        let error_key = field_id(&component, key);
        let value = match parse_input(field.input, &text) {
            Ok(value) => value,
            Err(message) => {
                state.field_errors.update(|e| {
                    e.insert(error_key, message);
                });
                return;
            }
        };
        let env = state.environment.get_untracked();
        let scope = if is_override || state.edit_environment_only.get_untracked() { Scope::Environment(env) } else { Scope::AllEnvironments };
        if let Err(problems) = state.edit(Edit::SetSetting { component, scope, key: key.to_string(), value }) {
            state.field_errors.update(|e| {
                e.insert(error_key, problems.0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "));
            });
        }
    };
    let input_id = format!("field-{key}");
    let testid = input_id.clone();
    let catalog = state.catalog.get_untracked();
    let control = match field.input {
        Input::Bool => view! {
            <input id=input_id.clone() data-testid=testid type="checkbox" prop:checked=value == "true"
                on:change=move |ev| commit(event_target_checked(&ev).to_string()) />
        }.into_any(),
        Input::Choice(options) => view! {
            <select id=input_id.clone() data-testid=testid on:change=move |ev| commit(event_target_value(&ev))>
                {options.iter().map(|o| view! { <option value=*o selected=*o == value>{*o}</option> }).collect_view()}
            </select>
        }.into_any(),
        Input::InstanceType | Input::RdsClass | Input::CacheNodeType => {
            let catalog = match &catalog { CatalogState::Ready(c) => Some(c.clone()), _ => None };
            let options = picker_options(catalog.as_deref(), field.input, &spec, &value);
            view! {
                <select id=input_id.clone() data-testid=testid on:change=move |ev| commit(event_target_value(&ev))>
                    {options.into_iter().map(|(v, label)| { let selected = v == value; view! { <option value=v selected=selected>{label}</option> } }).collect_view()}
                </select>
            }.into_any()
        }
        Input::Json if key == "node_groups" => {
            let catalog = match &catalog { CatalogState::Ready(c) => Some(c.clone()), _ => None };
            let options = picker_options(catalog.as_deref(), Input::InstanceType, &spec, "");
            view! { <NodeGroupsEditor json=value.clone() options=options commit=commit /> }.into_any()
        }
        Input::Json => view! {
            <textarea id=input_id.clone() data-testid=testid rows="5" spellcheck="false" prop:value=value.clone()
                on:change=move |ev| commit(event_target_value(&ev))></textarea>
        }.into_any(),
        Input::Text | Input::Integer { .. } | Input::Amount => {
            let kind = if matches!(field.input, Input::Text) { "text" } else { "number" };
            view! {
                <input id=input_id.clone() data-testid=testid type=kind step="any" prop:value=value.clone()
                    on:change=move |ev| commit(event_target_value(&ev)) />
            }.into_any()
        }
    };
    view! {
        <div class="row field" class:override=is_override class:invalid=move || error.get().is_some()>
            <label for=input_id>{field.label}
                {is_override.then(|| view! {
                    <span class="badge override" title="This environment overrides the component's value">"override"</span>
                    <button class="link" data-testid=format!("reset-{key}") on:click=move |_| {
                        let component = component.get_value();
                        let env = state.environment.get_untracked();
                        state.edit_or_notify(Edit::SetSetting { component, scope: Scope::Environment(env), key: key.to_string(), value: Value::Null });
                    }>"reset"</button>
                })}
            </label>
            {control}
            {move || error.get().map(|message| view! { <div class="field-error" role="alert" data-testid=format!("error-{key}")>{message}</div> })}
        </div>
    }
}

#[component]
fn ConnectionsList(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let connections = Memo::new(move |_| {
        let id = id.get_value();
        state.plan.with(|p| p.plan().connections.iter().filter(|c| c.from == id || c.to == id).cloned().collect::<Vec<_>>())
    });
    view! {
        <div class="connections">
            <h3>"Connections"</h3>
            {move || {
                let list = connections.get();
                if list.is_empty() {
                    view! { <p class="muted">"None. Use “Connect to…” then click another card."</p> }.into_any()
                } else {
                    view! {
                        <ul>{list.into_iter().map(|c| {
                            let (from, to) = (c.from.clone(), c.to.clone());
                            view! { <li>{format!("{} → {} : {}", c.from, c.to, c.port)}
                                <button class="link" on:click=move |_| state.edit_or_notify(Edit::Disconnect { from: from.clone(), to: to.clone() })>"remove"</button></li> }
                        }).collect_view()}</ul>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// With nothing selected: the plan's name and the environment's schedule.
#[component]
fn EnvironmentForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let env = state.environment;
    let schedule = Memo::new(move |_| {
        let name = env.get();
        state.plan.with(|p| p.plan().environments.iter().find(|e| e.name == name).and_then(|e| e.schedule))
    });
    let set_schedule = move |hours: Option<u8>, days: Option<u8>| {
        let current = schedule.get_untracked().unwrap_or(Schedule::ALWAYS);
        let next = Schedule { hours_per_day: hours.unwrap_or(current.hours_per_day), days_per_week: days.unwrap_or(current.days_per_week) };
        let schedule = (next != Schedule::ALWAYS).then_some(next);
        state.edit_or_notify(Edit::SetSchedule { environment: env.get_untracked(), schedule });
    };
    view! {
        <section class="panel" aria-label="Environment settings" data-testid="environment-settings">
            <h2>{move || format!("Environment: {}", env.get())}</h2>
            <p class="muted">"Select a card to edit its settings. Stoppable resources (instances, nodes, RDS) follow the schedule."</p>
            <div class="row inline">
                <label for="hours">"Runs"</label>
                <input id="hours" type="number" min="1" max="24" data-testid="schedule-hours"
                    prop:value=move || schedule.get().unwrap_or(Schedule::ALWAYS).hours_per_day.to_string()
                    on:change=move |ev| set_schedule(event_target_value(&ev).parse().ok(), None) />
                <label for="days">"h a day,"</label>
                <input id="days" type="number" min="1" max="7" data-testid="schedule-days"
                    prop:value=move || schedule.get().unwrap_or(Schedule::ALWAYS).days_per_week.to_string()
                    on:change=move |ev| set_schedule(None, event_target_value(&ev).parse().ok()) />
                <span>"days a week"</span>
            </div>
        </section>
    }
}

/// EKS node groups as a form: each group's name, capacity, instance types
/// (picked from the region's catalog), sizes and disk. Every change commits
/// the whole list, so the core validates it like any other setting.
#[component]
fn NodeGroupsEditor(json: String, options: Vec<(String, String)>, commit: impl Fn(String) + Copy + Send + Sync + 'static) -> impl IntoView {
    use skyplan_core::model::{Capacity, NodeGroup};
    let groups: Vec<NodeGroup> = serde_json::from_str(&json).unwrap_or_default();
    let groups = StoredValue::new(groups);
    let options = StoredValue::new(options);
    let save = move |change: &dyn Fn(&mut Vec<NodeGroup>)| {
        let mut next = groups.get_value();
        change(&mut next);
        commit(serde_json::to_string(&next).unwrap_or_default());
    };
    let count = groups.with_value(Vec::len);
    view! {
        <div class="node-groups" data-testid="node-groups">
            {(0..count).map(|g| {
                let group = groups.with_value(|all| all[g].clone());
                let number = move |label: &'static str, value: u32, set: fn(&mut NodeGroup, u32)| view! {
                    <label class="mini">{label}
                        <input type="number" min="0" data-testid=format!("node-group-{g}-{}", label.to_lowercase()) prop:value=value.to_string()
                            on:change=move |ev| {
                                match event_target_value(&ev).trim().parse::<u32>() {
                                    Ok(v) => save(&|all: &mut Vec<NodeGroup>| set(&mut all[g], v)),
                                    Err(_) => save(&|_: &mut Vec<NodeGroup>| {}),
                                }
                            } />
                    </label>
                };
                view! {
                    <fieldset class="node-group">
                        <legend>{format!("Node group {}", group.name)}</legend>
                        <div class="row inline">
                            <label class="mini">"Name"
                                <input type="text" prop:value=group.name.clone() data-testid=format!("node-group-{g}-name")
                                    on:change=move |ev| { let name = event_target_value(&ev); save(&|all: &mut Vec<NodeGroup>| all[g].name = name.clone()) } />
                            </label>
                            <label class="mini">"Capacity"
                                <select data-testid=format!("node-group-{g}-capacity") on:change=move |ev| {
                                    let spot = event_target_value(&ev) == "spot";
                                    save(&|all: &mut Vec<NodeGroup>| all[g].capacity = if spot { Capacity::Spot } else { Capacity::OnDemand })
                                }>
                                    <option value="on_demand" selected=group.capacity == Capacity::OnDemand>"on-demand"</option>
                                    <option value="spot" selected=group.capacity == Capacity::Spot>"spot"</option>
                                </select>
                            </label>
                        </div>
                        <div class="chips" aria-label="Instance types">
                            {group.instance_types.iter().enumerate().map(|(t, name)| view! {
                                <span class="chip">{name.clone()}
                                    <button class="link" aria-label=format!("Remove {name}") on:click=move |_| save(&|all: &mut Vec<NodeGroup>| { all[g].instance_types.remove(t); })>"×"</button>
                                </span>
                            }).collect_view()}
                            <select aria-label="Add an instance type" data-testid=format!("node-group-{g}-add-type") on:change=move |ev| {
                                let chosen = event_target_value(&ev);
                                if !chosen.is_empty() {
                                    save(&|all: &mut Vec<NodeGroup>| all[g].instance_types.push(chosen.clone()));
                                }
                            }>
                                <option value="" selected=true>"add instance type…"</option>
                                {options.with_value(|o| o.iter().map(|(v, label)| view! { <option value=v.clone()>{label.clone()}</option> }).collect_view())}
                            </select>
                        </div>
                        <div class="row inline">
                            {number("Min", group.min, |n, v| n.min = v)}
                            {number("Desired", group.desired, |n, v| n.desired = v)}
                            {number("Max", group.max, |n, v| n.max = v)}
                            {number("Disk", group.disk_gb, |n, v| n.disk_gb = v)}
                        </div>
                        <button class="link danger" data-testid=format!("node-group-{g}-remove") on:click=move |_| save(&|all: &mut Vec<NodeGroup>| { all.remove(g); })>"Remove node group"</button>
                    </fieldset>
                }
            }).collect_view()}
            <button data-testid="node-group-add" on:click=move |_| save(&|all: &mut Vec<NodeGroup>| {
                let name = (1..).map(|n| format!("group-{n}")).find(|n| all.iter().all(|g| &g.name != n)).unwrap_or_default();
                all.push(NodeGroup { name, instance_types: vec!["m5.large".into()], capacity: Capacity::OnDemand, min: 1, desired: 1, max: 3, disk_gb: 50 });
            })>"Add node group"</button>
        </div>
    }
}
