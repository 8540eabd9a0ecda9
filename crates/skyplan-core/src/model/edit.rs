//! Edits a user makes to a plan, applied so that the plan never becomes
//! invalid: an edit yields a new [`ValidPlan`] or the problems it would
//! cause, and the caller keeps the old plan.

use crate::kinds::{Kind, Spec, Tier};
use super::plan::{merge_patch, Component, Connection, Plan, Schedule, ValidPlan};
use super::problem::{Problem, Problems};
use serde_json::{json, Map, Value};

/// Which settings an edit changes: the component's own (every environment
/// that does not override them) or one environment's override.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Scope {
    AllEnvironments,
    Environment(String),
}

/// Serializable so that the web app's analysis views, a wasm module of
/// their own, can send their edits to the page, which applies them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Edit {
    /// Sets one top-level setting. In an environment scope, `Value::Null`
    /// removes that environment's override of it.
    SetSetting { component: String, scope: Scope, key: String, value: Value },
    Rename { component: String, name: String },
    AddComponent { kind: Kind },
    Duplicate { component: String },
    /// Deletes a component and every reference to it.
    Delete { component: String },
    /// Moves a component to `index` among the components of `tier`.
    Move { component: String, tier: Tier, index: usize },
    Connect { from: String, to: String, port: u16 },
    Disconnect { from: String, to: String },
    SetRegion { region: String },
    SetSchedule { environment: String, schedule: Option<Schedule> },
    SetOmitted { environment: String, component: String, omitted: bool },
    /// Copies one environment's component settings (overrides and omissions)
    /// onto another, so both resolve to the same settings.
    Promote { from: String, to: String },
    /// Sets one setting of an environment's traffic model in the plan's
    /// `simulation` block (creating the block with the base load first).
    SetTraffic { environment: String, key: String, value: Value },
    /// Sets one setting of a scaling group's model (capacity, policy,
    /// scheduled actions, timings, purchase options) in the plan's
    /// `simulation` block, as a JSON merge patch `{key: value}` on the
    /// group's settings (`Value::Null` removes the setting; a group without
    /// settings starts from the defaults). `group` is an ASG's id or
    /// `<eks id>/<node group name>`.
    SetGroupSimulation { group: String, key: String, value: Value },
    /// Sets one setting of the plan's `resilience` block (targets, DR
    /// region, yearly budget, recovery assumptions) as a JSON merge patch
    /// `{key: value}` on the block (`Value::Null` removes the setting; an
    /// absent block starts from its defaults, and a block left with nothing
    /// set is removed).
    SetResilience { key: String, value: Value },
    /// Replaces the whole plan (opening a file, a template or a share link).
    /// Never read from JSON: a plan is read by `parse_plan`, which validates it.
    #[serde(skip_deserializing)]
    Replace { plan: Box<Plan> },
}

fn problem(path: impl Into<String>, message: impl Into<String>) -> Problems {
    Problems(vec![Problem::new(path, message)])
}

fn index_of(plan: &Plan, id: &str) -> Result<usize, Problems> {
    plan.components.iter().position(|c| c.id == id).ok_or_else(|| problem("components", format!("no component \"{id}\"")))
}

fn environment_index(plan: &Plan, name: &str) -> Result<usize, Problems> {
    plan.environments.iter().position(|e| e.name == name).ok_or_else(|| problem("environments", format!("no environment \"{name}\"")))
}

/// An id not yet used in the plan, built from `stem`.
pub fn unique_id(plan: &Plan, stem: &str) -> String {
    let stem: String = stem.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>().to_ascii_lowercase();
    let stem = if stem.starts_with(|c: char| c.is_ascii_lowercase()) { stem } else { format!("c-{stem}") };
    let stem: String = stem.chars().take(56).collect();
    if plan.component(&stem).is_none() {
        return stem;
    }
    (2..).map(|n| format!("{stem}-{n}")).find(|id| plan.component(id).is_none()).unwrap_or(stem)
}

/// Settings a newly added component of `kind` starts with: small, valid, priced.
pub fn default_settings(kind: Kind, id: &str) -> Value {
    kind.default_settings(id)
}

/// Applies `edit` to `plan`. The result is valid, or the edit is refused.
pub fn apply(plan: &Plan, edit: &Edit) -> Result<ValidPlan, Problems> {
    let mut next = plan.clone();
    match edit {
        Edit::SetSetting { component, scope, key, value } => {
            let i = index_of(&next, component)?;
            match scope {
                Scope::AllEnvironments => {
                    let mut settings = Value::Object(next.components[i].spec.to_settings());
                    let mut patch = Map::new();
                    patch.insert(key.clone(), value.clone());
                    merge_patch(&mut settings, &Value::Object(patch));
                    next.components[i].spec = Spec::from_settings(next.components[i].kind(), &settings).map_err(|e| {
                        problem(super::plan::join_path(&format!("components[{i}]"), &e.path().to_string()), super::problem::describe_serde_error(&e.inner().to_string()))
                    })?;
                }
                Scope::Environment(name) => {
                    let e = environment_index(&next, name)?;
                    let overrides = &mut next.environments[e].overrides;
                    if value.is_null() {
                        if let Some(patch) = overrides.get_mut(component) {
                            patch.remove(key);
                            if patch.is_empty() {
                                overrides.remove(component);
                            }
                        }
                    } else {
                        overrides.entry(component.clone()).or_default().insert(key.clone(), value.clone());
                    }
                }
            }
        }
        Edit::Rename { component, name } => {
            let i = index_of(&next, component)?;
            next.components[i].name = Some(name.clone()).filter(|n| !n.trim().is_empty());
        }
        Edit::AddComponent { kind } => {
            let id = unique_id(&next, kind.as_str().replace('_', "-").as_str());
            let spec = Spec::from_settings(*kind, &default_settings(*kind, &id))
                .map_err(|e| problem("components", format!("default settings of {} are invalid: {}", kind.as_str(), e)))?;
            next.components.push(Component { id, name: None, tier: kind.default_tier(), spec });
        }
        Edit::Duplicate { component } => {
            let i = index_of(&next, component)?;
            let mut copy = next.components[i].clone();
            copy.id = unique_id(&next, &format!("{}-copy", copy.id));
            copy.name = copy.name.map(|n| format!("{n} (copy)"));
            copy.spec.duplicated();
            for env in &mut next.environments {
                if let Some(patch) = env.overrides.get(component).cloned() {
                    env.overrides.insert(copy.id.clone(), patch);
                }
            }
            if let Some(simulation) = &mut next.simulation {
                let nested = format!("{component}/");
                let copies: Vec<_> = simulation
                    .groups
                    .iter()
                    .filter_map(|(key, group)| {
                        let renamed = if key == component { Some(copy.id.clone()) } else { key.strip_prefix(&nested).map(|g| format!("{}/{g}", copy.id)) };
                        renamed.map(|k| (k, group.clone()))
                    })
                    .collect();
                simulation.groups.extend(copies);
            }
            next.components.insert(i + 1, copy);
        }
        Edit::Delete { component } => {
            let i = index_of(&next, component)?;
            next.components.remove(i);
            next.connections.retain(|c| c.from != *component && c.to != *component);
            if let Some(simulation) = &mut next.simulation {
                // Scaling groups are keyed `asg id` or `eks id/node group`.
                let nested = format!("{component}/");
                simulation.groups.retain(|key, _| key != component && !key.starts_with(&nested));
            }
            let kinds: std::collections::BTreeMap<String, Kind> = next.components.iter().map(|c| (c.id.clone(), c.kind())).collect();
            for env in &mut next.environments {
                env.overrides.remove(component);
                env.omit.retain(|id| id != component);
                for (id, patch) in env.overrides.iter_mut() {
                    if let Some(kind) = kinds.get(id) {
                        kind.forget_in_override(patch, component);
                    }
                }
            }
            for other in &mut next.components {
                other.spec.forget(component);
            }
        }
        Edit::Move { component, tier, index } => {
            let i = index_of(&next, component)?;
            let mut moving = next.components.remove(i);
            let kind = moving.kind();
            if !kind.allowed_tiers().contains(tier) {
                let lanes: Vec<&str> = kind.allowed_tiers().iter().map(|t| t.as_str()).collect();
                return Err(problem(
                    format!("components[{i}].tier"),
                    format!("a {} component cannot sit in the {} tier; it belongs in {}", kind.as_str(), tier.as_str(), lanes.join(" or ")),
                ));
            }
            moving.tier = *tier;
            // Position in the whole list: before the `index`-th member of the lane.
            let lane: Vec<usize> = next.components.iter().enumerate().filter(|(_, c)| c.tier == *tier).map(|(j, _)| j).collect();
            let at = match lane.get(*index) {
                Some(&j) => j,
                None => lane.last().map(|&j| j + 1).unwrap_or(next.components.len()),
            };
            next.components.insert(at, moving);
        }
        Edit::Connect { from, to, port } => {
            if next.connections.iter().any(|c| c.from == *from && c.to == *to && c.port == *port) {
                return Err(problem("connections", format!("{from} already connects to {to} on port {port}")));
            }
            next.connections.push(Connection { from: from.clone(), to: to.clone(), port: *port });
        }
        Edit::Disconnect { from, to } => next.connections.retain(|c| !(c.from == *from && c.to == *to)),
        Edit::SetRegion { region } => next.region = region.clone(),
        Edit::SetSchedule { environment, schedule } => {
            let e = environment_index(&next, environment)?;
            next.environments[e].schedule = *schedule;
        }
        Edit::SetOmitted { environment, component, omitted } => {
            let e = environment_index(&next, environment)?;
            let omit = &mut next.environments[e].omit;
            omit.retain(|id| id != component);
            if *omitted {
                omit.push(component.clone());
            }
        }
        Edit::Promote { from, to } => {
            let source = next.environments[environment_index(&next, from)?].clone();
            let target = environment_index(&next, to)?;
            next.environments[target].overrides = source.overrides;
            next.environments[target].omit = source.omit;
        }
        Edit::SetTraffic { environment, key, value } => {
            environment_index(&next, environment)?;
            let path = format!("simulation.environments.{environment}.traffic");
            let simulation = next.simulation.get_or_insert_with(Default::default);
            let mut traffic = match simulation.environments.get(environment) {
                Some(existing) => serde_json::to_value(&existing.traffic).unwrap_or_default(),
                None if key == "base_rps" => json!({}),
                None => return Err(problem(format!("{path}.base_rps"), "missing; set the base load (requests per second) first")),
            };
            let mut patch = Map::new();
            patch.insert(key.clone(), value.clone());
            merge_patch(&mut traffic, &Value::Object(patch));
            let traffic = serde_path_to_error::deserialize(&traffic).map_err(|e| {
                problem(super::plan::join_path(&path, &e.path().to_string()), super::problem::describe_serde_error(&e.inner().to_string()))
            })?;
            simulation.environments.insert(environment.clone(), super::simulation::EnvironmentSimulation { traffic });
        }
        Edit::SetGroupSimulation { group, key, value } => {
            let path = format!("simulation.groups.{group}");
            if !scaling_group_exists(&next, group) {
                return Err(problem(path, format!("\"{group}\" is not a scaling group of the plan; expected an asg id or <eks id>/<node group name>")));
            }
            let simulation = next.simulation.get_or_insert_with(Default::default);
            let mut settings = match simulation.groups.get(group) {
                Some(existing) => serde_json::to_value(existing).unwrap_or_default(),
                None => json!({}),
            };
            let mut patch = Map::new();
            patch.insert(key.clone(), value.clone());
            merge_patch(&mut settings, &Value::Object(patch));
            let settings = serde_path_to_error::deserialize(&settings).map_err(|e| {
                problem(super::plan::join_path(&path, &e.path().to_string()), super::problem::describe_serde_error(&e.inner().to_string()))
            })?;
            simulation.groups.insert(group.clone(), settings);
        }
        Edit::SetResilience { key, value } => {
            let mut settings = match &next.resilience {
                Some(existing) => serde_json::to_value(existing).unwrap_or_default(),
                None => json!({}),
            };
            let mut patch = Map::new();
            patch.insert(key.clone(), value.clone());
            merge_patch(&mut settings, &Value::Object(patch));
            let resilience: super::resilience::Resilience = serde_path_to_error::deserialize(&settings).map_err(|e| {
                problem(super::plan::join_path("resilience", &e.path().to_string()), super::problem::describe_serde_error(&e.inner().to_string()))
            })?;
            next.resilience = (resilience != super::resilience::Resilience::default()).then_some(resilience);
        }
        Edit::Replace { plan } => next = (**plan).clone(),
    }
    ValidPlan::new(next)
}

/// Whether `key` names a scaling group: an ASG's id, or an EKS cluster's id
/// and the name of one of its node groups (in its own settings or in an
/// environment's override).
fn scaling_group_exists(plan: &Plan, key: &str) -> bool {
    let (id, node_group) = match key.split_once('/') {
        Some((id, name)) => (id, Some(name)),
        None => (key, None),
    };
    let Some(component) = plan.component(id) else { return false };
    let holds = |spec: &Spec| spec.scaling_groups().iter().any(|group| group.name == node_group);
    if holds(&component.spec) {
        return true;
    }
    // An environment's override may add the group (a node group of its own).
    plan.environments.iter().filter_map(|env| env.overrides.get(id)).any(|patch| {
        let mut settings = Value::Object(component.spec.to_settings());
        merge_patch(&mut settings, &Value::Object(patch.clone()));
        Spec::from_settings(component.kind(), &settings).is_ok_and(|spec| holds(&spec))
    })
}


/// One setting that differs between two environments.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Difference {
    pub component: String,
    /// A top-level setting, or `(present)` when one environment omits the component.
    pub setting: String,
    pub a: Option<Value>,
    pub b: Option<Value>,
}

/// Every difference between what two environments run (their parity).
pub fn environment_diff(plan: &ValidPlan, a: &str, b: &str) -> Vec<Difference> {
    let (Some(env_a), Some(env_b)) = (plan.environment(a), plan.environment(b)) else {
        return Vec::new();
    };
    let mut differences = Vec::new();
    if env_a.schedule != env_b.schedule {
        let describe = |s: super::plan::Schedule| json!(format!("{} h × {} days", s.hours_per_day, s.days_per_week));
        differences.push(Difference { component: "(environment)".into(), setting: "schedule".into(), a: Some(describe(env_a.schedule)), b: Some(describe(env_b.schedule)) });
    }
    for component in &plan.plan().components {
        let in_a = env_a.components.iter().find(|c| c.id == component.id);
        let in_b = env_b.components.iter().find(|c| c.id == component.id);
        match (in_a, in_b) {
            (Some(ca), Some(cb)) => {
                let sa = ca.spec.to_settings();
                let sb = cb.spec.to_settings();
                let mut keys: Vec<&String> = sa.keys().chain(sb.keys()).collect();
                keys.sort();
                keys.dedup();
                for key in keys {
                    if sa.get(key) != sb.get(key) {
                        differences.push(Difference { component: component.id.clone(), setting: key.clone(), a: sa.get(key).cloned(), b: sb.get(key).cloned() });
                    }
                }
            }
            (None, None) => {}
            (a, b) => differences.push(Difference {
                component: component.id.clone(),
                setting: "(present)".into(),
                a: Some(Value::Bool(a.is_some())),
                b: Some(Value::Bool(b.is_some())),
            }),
        }
    }
    differences
}

/// Undo and redo over snapshots of a value.
#[derive(Debug, Clone, PartialEq)]
pub struct History<T> {
    past: Vec<T>,
    present: T,
    future: Vec<T>,
    limit: usize,
}

impl<T: Clone> History<T> {
    pub fn new(present: T, limit: usize) -> History<T> {
        History { past: Vec::new(), present, future: Vec::new(), limit: limit.max(1) }
    }

    pub fn present(&self) -> &T {
        &self.present
    }

    /// Records a new present; the redo branch is dropped.
    pub fn push(&mut self, next: T) {
        self.past.push(std::mem::replace(&mut self.present, next));
        if self.past.len() > self.limit {
            self.past.remove(0);
        }
        self.future.clear();
    }

    pub fn undo(&mut self) -> bool {
        match self.past.pop() {
            Some(previous) => {
                self.future.push(std::mem::replace(&mut self.present, previous));
                true
            }
            None => false,
        }
    }

    pub fn redo(&mut self) -> bool {
        match self.future.pop() {
            Some(next) => {
                self.past.push(std::mem::replace(&mut self.present, next));
                true
            }
            None => false,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}
