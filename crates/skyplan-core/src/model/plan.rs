//! The plan document (`format_version: 1`) and its validation.
//!
//! A plan is read in two passes. The first turns JSON into typed values,
//! component by component, so one bad component does not hide the next.
//! The second checks what types cannot (min ≤ desired ≤ max, references
//! between components, per-environment overrides) and yields a [`ValidPlan`]:
//! the only thing the cost engine accepts.

use crate::kinds::{Checking, Kind, Spec, Tier};
use crate::pricing::Catalog;
use super::problem::{describe_serde_error, did_you_mean, Problem, Problems};
use super::rules;
use super::resilience::{self, Resilience};
use super::simulation::{self, Simulation};
use crate::aws::REGIONS;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The plan format this build reads and writes.
pub const PLAN_FORMAT_VERSION: u32 = 1;

/// Plans larger than this are refused before parsing: a real plan is a few KB.
pub const MAX_PLAN_BYTES: usize = 5 * 1024 * 1024;

/// The most a plan holds of each: far past any architecture drawn on one
/// canvas (saas-3tier has 14 components, 8 connections, 3 environments),
/// and what keeps validation, the estimate and the bundle linear with small
/// constants (BENCHMARKS.md measures a plan at these limits).
pub const MAX_COMPONENTS: usize = 1_000;
pub const MAX_CONNECTIONS: usize = 10_000;
pub const MAX_ENVIRONMENTS: usize = 20;

/// How many unknown component ids in one plan get a "did you mean".
const MAX_SUGGESTIONS: u32 = 100;

/// The plan's arrays past their limits, each a problem at its path.
fn size_problems(components: usize, connections: usize, environments: usize) -> Vec<Problem> {
    [("components", components, MAX_COMPONENTS), ("connections", connections, MAX_CONNECTIONS), ("environments", environments, MAX_ENVIRONMENTS)]
        .into_iter()
        .filter(|(_, count, max)| count > max)
        .map(|(path, count, max)| Problem::new(path, format!("has {count} entries; a plan holds at most {max}")))
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub format_version: u32,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Primary region code, e.g. `us-east-1`.
    pub region: String,
    pub environments: Vec<Environment>,
    pub components: Vec<Component>,
    pub connections: Vec<Connection>,
    /// Inputs of `skyplan simulate` (traffic, scaling, purchase options);
    /// absent means defaults. Does not change the static estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulation: Option<Simulation>,
    /// Inputs of `skyplan dr` and `skyplan forecast` (targets, DR region,
    /// budget); absent means defaults. Does not change the static estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resilience: Option<Resilience>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub id: String,
    pub name: Option<String>,
    pub tier: Tier,
    pub spec: Spec,
}

impl Component {
    pub fn kind(&self) -> Kind {
        self.spec.kind()
    }

    /// The name to show: the given one, else the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

impl Serialize for Component {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Map::new();
        object.insert("id".into(), Value::String(self.id.clone()));
        object.insert("kind".into(), Value::String(self.kind().as_str().into()));
        if let Some(name) = &self.name {
            object.insert("name".into(), Value::String(name.clone()));
        }
        object.insert("tier".into(), Value::String(self.tier.as_str().into()));
        object.extend(self.spec.to_settings());
        object.serialize(serializer)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    pub name: String,
    /// Hours the environment runs; absent means around the clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// Settings that differ from the components' own, by component id.
    /// Applied as a JSON merge patch (RFC 7386) over the component's settings.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<String, Map<String, Value>>,
    /// Components this environment does without.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub omit: Vec<String>,
}

/// Part-time running, e.g. 10 hours a day on 5 days a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub hours_per_day: u8,
    pub days_per_week: u8,
}

impl Schedule {
    pub const ALWAYS: Schedule = Schedule { hours_per_day: 24, days_per_week: 7 };

    pub fn hours_per_week(self) -> u32 {
        u32::from(self.hours_per_day) * u32::from(self.days_per_week)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Connection {
    pub from: String,
    pub to: String,
    pub port: u16,
}

/// A component as one environment sees it: overrides applied.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentView {
    /// Index into [`Plan::components`].
    pub index: usize,
    pub id: String,
    pub name: String,
    pub tier: Tier,
    pub spec: Spec,
    /// Top-level settings this environment overrides.
    pub overridden: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnvironmentView {
    /// Index into [`Plan::environments`].
    pub index: usize,
    pub name: String,
    pub schedule: Schedule,
    pub components: Vec<ComponentView>,
}

impl EnvironmentView {
    /// The JSON path of a setting of a component as this environment sees it:
    /// inside the override when the environment overrides it.
    pub fn setting_path(&self, component: &ComponentView, setting_path: &str) -> String {
        let top = setting_path.split(['.', '[']).next().unwrap_or(setting_path);
        if component.overridden.iter().any(|key| key == top) {
            format!("environments[{}].overrides.{}.{}", self.index, component.id, setting_path)
        } else {
            format!("components[{}].{}", component.index, setting_path)
        }
    }
}

/// A plan that passed validation, with each environment's view resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPlan {
    plan: Plan,
    environments: Vec<EnvironmentView>,
}

impl ValidPlan {
    pub fn new(plan: Plan) -> Result<ValidPlan, Problems> {
        let (problems, environments) = validate(&plan);
        if problems.is_empty() {
            Ok(ValidPlan { plan, environments })
        } else {
            Err(Problems(problems))
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn into_plan(self) -> Plan {
        self.plan
    }

    pub fn environments(&self) -> &[EnvironmentView] {
        &self.environments
    }

    pub fn environment(&self, name: &str) -> Option<&EnvironmentView> {
        self.environments.iter().find(|env| env.name == name)
    }

    pub fn environment_names(&self) -> Vec<&str> {
        self.environments.iter().map(|env| env.name.as_str()).collect()
    }

    pub fn to_json_pretty(&self) -> String {
        self.plan.to_json_pretty()
    }
}

impl Plan {
    /// A plan with no components and the usual three environments.
    pub fn blank(region: &str) -> Plan {
        let environment = |name: &str| Environment { name: name.into(), schedule: None, overrides: BTreeMap::new(), omit: Vec::new() };
        Plan {
            format_version: PLAN_FORMAT_VERSION,
            name: "Untitled plan".into(),
            description: None,
            region: region.into(),
            environments: vec![environment("dev"), environment("staging"), environment("production")],
            components: Vec::new(),
            connections: Vec::new(),
            simulation: None,
            resilience: None,
        }
    }

    pub fn to_json_pretty(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }
}

/// Parses and validates a plan document.
pub fn parse_plan(text: &str) -> Result<ValidPlan, Problems> {
    if text.len() > MAX_PLAN_BYTES {
        return Err(Problems(vec![Problem::new(
            "$",
            format!(
                "the plan is {:.1} MB; plans larger than {} MB are refused",
                text.len() as f64 / 1_048_576.0,
                MAX_PLAN_BYTES / 1_048_576
            ),
        )]));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| Problems(vec![json_syntax_problem(&e)]))?;
    let plan = plan_from_value(&value)?;
    ValidPlan::new(plan)
}

fn json_syntax_problem(error: &serde_json::Error) -> Problem {
    let message = describe_serde_error(&error.to_string());
    let what = if error.is_eof() {
        "the JSON ends early (is the file truncated?)".to_string()
    } else {
        format!("invalid JSON: {message}")
    };
    Problem::new("$", format!("{what} at line {}, column {}", error.line(), error.column()))
}

const PLAN_FIELDS: &[&str] =
    &["format_version", "name", "description", "region", "environments", "components", "connections", "simulation", "resilience"];

/// The first pass: JSON value to typed plan, collecting every problem.
pub fn plan_from_value(value: &Value) -> Result<Plan, Problems> {
    let mut problems = Vec::new();
    let Some(root) = value.as_object() else {
        return Err(Problems(vec![Problem::new("$", format!("expected a JSON object, found {}", type_name(value)))]));
    };
    for key in root.keys() {
        if !PLAN_FIELDS.contains(&key.as_str()) {
            problems.push(Problem::new(
                key.clone(),
                format!("unknown field; expected one of {}{}", quoted(PLAN_FIELDS), did_you_mean(key, PLAN_FIELDS.iter().copied())),
            ));
        }
    }

    let format_version = match root.get("format_version") {
        None => {
            problems.push(Problem::new("format_version", format!("missing; expected {PLAN_FORMAT_VERSION}")));
            PLAN_FORMAT_VERSION
        }
        Some(v) => match v.as_u64() {
            Some(n) if n == u64::from(PLAN_FORMAT_VERSION) => PLAN_FORMAT_VERSION,
            Some(n) if n > u64::from(PLAN_FORMAT_VERSION) => {
                problems.push(Problem::new(
                    "format_version",
                    format!("{n} is newer than this skyplan reads ({PLAN_FORMAT_VERSION}); update skyplan to open this plan"),
                ));
                PLAN_FORMAT_VERSION
            }
            _ => {
                problems.push(Problem::new("format_version", format!("{v} is not a plan format version; expected {PLAN_FORMAT_VERSION}")));
                PLAN_FORMAT_VERSION
            }
        },
    };

    let name = read_string(root, "name", "name", &mut problems).unwrap_or_default();
    let description = match root.get("description") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            problems.push(Problem::new("description", format!("{other} is not text; expected a string")));
            None
        }
    };
    let region = read_string(root, "region", "region", &mut problems).unwrap_or_default();

    // Before reading them: what is past a limit is not worth reading.
    let length = |key: &str| root.get(key).and_then(Value::as_array).map_or(0, Vec::len);
    let too_large = size_problems(length("components"), length("connections"), length("environments"));
    if !too_large.is_empty() {
        return Err(Problems(too_large));
    }

    let components = read_array(root, "components", &mut problems)
        .iter()
        .enumerate()
        .filter_map(|(i, v)| component_from_value(i, v, &mut problems))
        .collect();

    let environments = read_array(root, "environments", &mut problems)
        .iter()
        .enumerate()
        .filter_map(|(i, v)| typed(v, &format!("environments[{i}]"), &mut problems))
        .collect();

    let connections = match root.get("connections") {
        None => Vec::new(),
        Some(_) => read_array(root, "connections", &mut problems)
            .iter()
            .enumerate()
            .filter_map(|(i, v)| typed(v, &format!("connections[{i}]"), &mut problems))
            .collect(),
    };

    let simulation = match root.get("simulation") {
        None | Some(Value::Null) => None,
        Some(v) => typed(v, "simulation", &mut problems),
    };

    let resilience = match root.get("resilience") {
        None | Some(Value::Null) => None,
        Some(v) => typed(v, "resilience", &mut problems),
    };

    if problems.is_empty() {
        Ok(Plan { format_version, name, description, region, environments, components, connections, simulation, resilience })
    } else {
        Err(Problems(problems))
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
}

fn read_string(object: &Map<String, Value>, key: &str, path: &str, problems: &mut Vec<Problem>) -> Option<String> {
    match object.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            problems.push(Problem::new(path, format!("{other} is {}; expected a string", type_name(other))));
            None
        }
        None => {
            problems.push(Problem::new(path, "missing; expected a string"));
            None
        }
    }
}

fn read_array<'a>(object: &'a Map<String, Value>, key: &str, problems: &mut Vec<Problem>) -> &'a [Value] {
    match object.get(key) {
        Some(Value::Array(items)) => items,
        Some(other) => {
            problems.push(Problem::new(key, format!("found {}; expected an array", type_name(other))));
            &[]
        }
        None => {
            problems.push(Problem::new(key, "missing; expected an array"));
            &[]
        }
    }
}

fn typed<T: serde::de::DeserializeOwned>(value: &Value, path: &str, problems: &mut Vec<Problem>) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(Problem::new(join_path(path, &e.path().to_string()), describe_serde_error(&e.inner().to_string())));
            None
        }
    }
}

/// Joins a JSON path prefix and a serde_path_to_error path (`.` for the root).
pub(crate) fn join_path(prefix: &str, inner: &str) -> String {
    match inner {
        "" | "." => prefix.to_string(),
        _ if inner.starts_with('[') => format!("{prefix}{inner}"),
        _ => format!("{prefix}.{inner}"),
    }
}

const COMPONENT_FIELDS: &[&str] = &["id", "kind", "name", "tier"];

fn component_from_value(index: usize, value: &Value, problems: &mut Vec<Problem>) -> Option<Component> {
    let path = format!("components[{index}]");
    let Some(object) = value.as_object() else {
        problems.push(Problem::new(path, format!("found {}; expected an object", type_name(value))));
        return None;
    };
    let id = read_string(object, "id", &format!("{path}.id"), problems);
    let kind_text = read_string(object, "kind", &format!("{path}.kind"), problems)?;
    let Some(kind) = Kind::parse(&kind_text) else {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        problems.push(Problem::new(
            format!("{path}.kind"),
            format!(
                "\"{kind_text}\" is not a component kind; expected one of {}{}",
                quoted(&names),
                did_you_mean(&kind_text, names.iter().copied())
            ),
        ));
        return None;
    };
    let tier = match object.get("tier") {
        None => Some(kind.default_tier()),
        Some(Value::String(text)) => Tier::parse(text).or_else(|| {
            let names: Vec<&str> = Tier::ALL.iter().map(|t| t.as_str()).collect();
            problems.push(Problem::new(
                format!("{path}.tier"),
                format!("\"{text}\" is not a tier; expected one of {}", quoted(&names)),
            ));
            None
        }),
        Some(other) => {
            problems.push(Problem::new(format!("{path}.tier"), format!("{other} is {}; expected a string", type_name(other))));
            None
        }
    };
    let name = match object.get("name") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            problems.push(Problem::new(format!("{path}.name"), format!("{other} is {}; expected a string", type_name(other))));
            None
        }
    };
    let settings: Map<String, Value> =
        object.iter().filter(|(k, _)| !COMPONENT_FIELDS.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    let spec = match Spec::from_settings(kind, &Value::Object(settings)) {
        Ok(spec) => Some(spec),
        Err(e) => {
            problems.push(Problem::new(join_path(&path, &e.path().to_string()), describe_serde_error(&e.inner().to_string())));
            None
        }
    };
    Some(Component { id: id?, name, tier: tier?, spec: spec? })
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(patch_map) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            if let Value::Object(target_map) = target {
                for (key, value) in patch_map {
                    if value.is_null() {
                        target_map.remove(key);
                    } else {
                        merge_patch(target_map.entry(key.clone()).or_insert(Value::Null), value);
                    }
                }
            }
        }
        _ => *target = patch.clone(),
    }
}

/// The second pass. Returns every problem and, for a valid plan, each
/// environment's resolved view.
fn validate(plan: &Plan) -> (Vec<Problem>, Vec<EnvironmentView>) {
    let too_large = size_problems(plan.components.len(), plan.connections.len(), plan.environments.len());
    if !too_large.is_empty() {
        return (too_large, Vec::new());
    }
    let mut problems = Vec::new();
    if plan.format_version != PLAN_FORMAT_VERSION {
        problems.push(Problem::new("format_version", format!("{} is not supported; expected {PLAN_FORMAT_VERSION}", plan.format_version)));
    }
    if plan.name.trim().is_empty() {
        problems.push(Problem::new("name", "is empty; expected the plan's name"));
    }
    if !REGIONS.iter().any(|(code, _)| *code == plan.region) {
        problems.push(Problem::new(
            "region",
            format!(
                "\"{}\" is not a region skyplan has prices for; expected one of {}{}",
                plan.region,
                quoted(&REGIONS.iter().map(|(c, _)| *c).collect::<Vec<_>>()),
                did_you_mean(&plan.region, REGIONS.iter().map(|(c, _)| *c))
            ),
        ));
    }

    let ids: Vec<&str> = plan.components.iter().map(|c| c.id.as_str()).collect();
    let kind_of = |id: &str| plan.component(id).map(|c| c.kind());
    // A suggestion compares the id with every component id: the first few
    // unknown references get one, so that thousands of them (10,000
    // connections to 1,000 components took 25 s) stay a linear check.
    let suggestions_left = std::cell::Cell::new(MAX_SUGGESTIONS);
    let suggest = |id: &str| {
        if suggestions_left.get() == 0 {
            return String::new();
        }
        suggestions_left.set(suggestions_left.get() - 1);
        did_you_mean(id, ids.iter().copied())
    };
    let mut seen = BTreeSet::new();
    for (i, component) in plan.components.iter().enumerate() {
        if !rules::is_identifier(&component.id) {
            problems.push(Problem::new(
                format!("components[{i}].id"),
                format!("\"{}\" is not a valid id; expected lowercase letters, digits and '-', starting with a letter, at most 63 characters", component.id),
            ));
        }
        if !seen.insert(component.id.as_str()) {
            problems.push(Problem::new(format!("components[{i}].id"), format!("\"{}\" is used by another component; ids must be unique", component.id)));
        }
        let kind = component.kind();
        if !kind.allowed_tiers().contains(&component.tier) {
            let lanes: Vec<&str> = kind.allowed_tiers().iter().map(|t| t.as_str()).collect();
            problems.push(Problem::new(
                format!("components[{i}].tier"),
                format!("\"{}\" is not a tier for a {} component; expected {}", component.tier.as_str(), kind.as_str(), quoted(&lanes)),
            ));
        }
        let checking = Checking { ids: &ids, kind_of: &kind_of, path: &|setting| format!("components[{i}].{setting}") };
        component.spec.check(&checking, &mut problems);
    }

    for (i, connection) in plan.connections.iter().enumerate() {
        for (field, id) in [("from", &connection.from), ("to", &connection.to)] {
            if !ids.contains(&id.as_str()) {
                problems.push(Problem::new(
                    format!("connections[{i}].{field}"),
                    format!("\"{id}\" is not a component id{}", suggest(id)),
                ));
            }
        }
        if connection.from == connection.to {
            problems.push(Problem::new(format!("connections[{i}].to"), "a component cannot connect to itself"));
        }
        if connection.port == 0 {
            problems.push(Problem::new(format!("connections[{i}].port"), "0 is not a port; expected 1 to 65535"));
        }
    }

    if plan.environments.is_empty() {
        problems.push(Problem::new("environments", "is empty; expected at least one environment (e.g. \"production\")"));
    }
    let mut env_names = BTreeSet::new();
    let mut views = Vec::new();
    for (e, env) in plan.environments.iter().enumerate() {
        let path = format!("environments[{e}]");
        if !rules::is_identifier(&env.name) {
            problems.push(Problem::new(format!("{path}.name"), format!("\"{}\" is not a valid environment name; expected lowercase letters, digits and '-'", env.name)));
        }
        if !env_names.insert(env.name.as_str()) {
            problems.push(Problem::new(format!("{path}.name"), format!("\"{}\" is used by another environment; names must be unique", env.name)));
        }
        let schedule = env.schedule.unwrap_or(Schedule::ALWAYS);
        if !(1..=24).contains(&schedule.hours_per_day) {
            problems.push(Problem::new(format!("{path}.schedule.hours_per_day"), format!("{} is out of range; expected 1 to 24", schedule.hours_per_day)));
        }
        if !(1..=7).contains(&schedule.days_per_week) {
            problems.push(Problem::new(format!("{path}.schedule.days_per_week"), format!("{} is out of range; expected 1 to 7", schedule.days_per_week)));
        }
        for id in env.overrides.keys().chain(env.omit.iter()) {
            if !ids.contains(&id.as_str()) {
                let field = if env.overrides.contains_key(id) { format!("overrides.{id}") } else { "omit".to_string() };
                problems.push(Problem::new(
                    format!("{path}.{field}"),
                    format!("\"{id}\" is not a component id{}", suggest(id)),
                ));
            }
        }

        let mut components = Vec::new();
        for (i, component) in plan.components.iter().enumerate() {
            if env.omit.contains(&component.id) {
                continue;
            }
            let (spec, overridden) = match env.overrides.get(&component.id) {
                None => (component.spec.clone(), Vec::new()),
                Some(patch) => {
                    let override_path = format!("{path}.overrides.{}", component.id);
                    // A null in a merge patch removes the setting: one the kind requires
                    // is the override's doing, and is reported there.
                    let kind = component.kind();
                    let removed: Vec<&str> =
                        kind.fields().iter().filter(|f| !f.optional && patch.get(f.key).is_some_and(Value::is_null)).map(|f| f.key).collect();
                    if !removed.is_empty() {
                        for key in removed {
                            problems.push(Problem::new(
                                format!("{override_path}.{key}"),
                                format!("null removes {key}, which {} components require; expected a value, or no {key} here to keep the component's", kind.as_str()),
                            ));
                        }
                        continue;
                    }
                    let mut settings = Value::Object(component.spec.to_settings());
                    merge_patch(&mut settings, &Value::Object(patch.clone()));
                    match Spec::from_settings(component.kind(), &settings) {
                        Ok(spec) => {
                            let base_path = format!("components[{i}]");
                            let mut base_problems = Vec::new();
                            component.spec.check(&Checking { ids: &ids, kind_of: &kind_of, path: &|setting| format!("{base_path}.{setting}") }, &mut base_problems);
                            let mut env_problems = Vec::new();
                            spec.check(&Checking { ids: &ids, kind_of: &kind_of, path: &|setting| format!("{override_path}.{setting}") }, &mut env_problems);
                            // Problems the base component has are reported once, above;
                            // the others come of the override (a max below the base's
                            // desired), and are reported where it can be fixed.
                            problems.extend(env_problems.into_iter().filter(|p| {
                                let in_base = Problem::new(p.path.replacen(&override_path, &base_path, 1), p.message.clone());
                                !base_problems.contains(&in_base)
                            }));
                            (spec, patch.keys().cloned().collect())
                        }
                        Err(error) => {
                            let inner = error.path().to_string();
                            let top = inner.trim_start_matches('.').split(['.', '[']).next().unwrap_or("");
                            let at = if patch.contains_key(top) { override_path.clone() } else { format!("components[{i}]") };
                            problems.push(Problem::new(join_path(&at, &inner), describe_serde_error(&error.inner().to_string())));
                            continue;
                        }
                    }
                }
            };
            components.push(ComponentView {
                index: i,
                id: component.id.clone(),
                name: component.display_name().to_string(),
                tier: component.tier,
                spec,
                overridden,
            });
        }
        views.push(EnvironmentView { index: e, name: env.name.clone(), schedule, components });
    }
    if let Some(sim) = &plan.simulation {
        simulation::check(sim, &mut problems);
    }
    if let Some(block) = &plan.resilience {
        resilience::check(block, &plan.region, &mut problems);
    }
    problems.dedup();
    (problems, views)
}

/// Whether the region's catalog offers every instance type, class and node
/// type the plan uses, in every environment. Prices themselves may still be
/// missing; the estimate names those.
pub fn check_against_catalog(plan: &ValidPlan, catalog: &Catalog) -> Vec<Problem> {
    let mut problems = Vec::new();
    let region = &catalog.region;
    if plan.plan().region != *region {
        problems.push(Problem::new("region", format!("\"{}\" is priced with the {region} catalog; expected the plan's own region", plan.plan().region)));
    }
    for env in plan.environments() {
        for component in &env.components {
            component.spec.check_against_catalog(catalog, &|setting| env.setting_path(component, setting), &mut problems);
        }
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    problems.dedup();
    problems
}
