//! Refresh, plan, apply, destroy and drift over a bundle's resource graph.
//!
//! **Refresh** reads every resource: by its id when the state has it, else
//! by its tags (`skyplan:plan-id` and `skyplan:address`) or, for what AWS
//! cannot tag, through the resource it belongs to or by its unique name
//! (see [`crate::resources`]). So a resource created by an apply that was
//! killed before it could record it is found and adopted, never duplicated.
//!
//! **Plan** compares each resource's properties (references resolved with
//! the attributes of what exists) with its current properties: the live
//! values the reader observes, over the values last applied (state) for
//! what the API does not return. A changed field the API can update makes
//! an update, any other a replacement (delete, then create). A value that
//! depends on something not yet created is "(known after apply)" and
//! re-compared when the apply reaches it.
//!
//! **Apply** deletes what left the bundle (dependents first), then creates,
//! updates and replaces in dependency order, independent resources
//! concurrently, recording the state after every single operation.
//!
//! Test hook: with `SKYPLAN_TEST_ABORT_AFTER=N` in the environment, the
//! process exits with status 137 (as if SIGKILLed) right after the N-th AWS
//! mutation returns and before the state records it: the worst moment to be
//! killed. The fault tests use it to prove that a re-run finishes the job
//! without duplicates.

use crate::dag::{self, Outcome};
use crate::desired::{self, DesiredGraph, DesiredResource, Known, UNKNOWN};
use crate::error::AwsError;
use crate::resources::{self, Ctx, Live};
use crate::state::{ResourceState, State};
use crate::store::StateStore;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    NoOp,
    Create,
    Update,
    Replace,
    Delete,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::NoOp => "no change",
            Action::Create => "create",
            Action::Update => "update",
            Action::Replace => "replace",
            Action::Delete => "delete",
        }
    }
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FieldChange {
    pub field: String,
    pub current: Option<Value>,
    pub desired: Value,
}

/// What apply would do to one address.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    pub address: String,
    pub kind: String,
    pub action: Action,
    pub fields: Vec<FieldChange>,
    /// Why, when it is not the fields: "deleted outside skyplan", "found by
    /// its tags, not in the state (adopted)".
    pub note: Option<String>,
    #[serde(skip)]
    pub live: Option<Live>,
}

/// The outcome of a refresh and comparison.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Bundle resources in dependency order, then deletions.
    pub changes: Vec<Change>,
    /// Resources whose live properties differ from the last applied ones.
    pub drift: Vec<Change>,
}

impl Plan {
    pub fn has_changes(&self) -> bool {
        self.changes.iter().any(|c| c.action != Action::NoOp) || self.adoptions() > 0
    }

    /// Resources found by tags that the state lacks: apply records them.
    pub fn adoptions(&self) -> usize {
        self.changes.iter().filter(|c| c.action == Action::NoOp && c.note.is_some()).count()
    }

    pub fn count(&self, action: Action) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }
}

/// Progress of an apply or destroy, for the terminal.
pub trait Progress: Send + Sync {
    fn started(&self, address: &str, action: Action);
    fn finished(&self, address: &str, action: Action, result: Result<&str, &str>, elapsed: Duration);
}

/// What an apply or destroy did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Report {
    pub done: BTreeMap<String, Action>,
    pub failed: Vec<(String, String)>,
    /// Address, and the failed address it depended on.
    pub skipped: Vec<(String, String)>,
}

impl Report {
    pub fn count(&self, action: Action) -> usize {
        self.done.values().filter(|&&a| a == action).count()
    }
    pub fn ok(&self) -> bool {
        self.failed.is_empty() && self.skipped.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    #[error("{0}")]
    Graph(String),
    #[error("reading {address}: {source}")]
    Read { address: String, source: AwsError },
    #[error("{0}")]
    State(#[from] crate::state::StateError),
    #[error("{0}")]
    Aws(AwsError),
}

/// Counts AWS mutations for the `SKYPLAN_TEST_ABORT_AFTER` hook.
static MUTATIONS: AtomicU64 = AtomicU64::new(0);

fn after_mutation() {
    let n = MUTATIONS.fetch_add(1, Ordering::SeqCst) + 1;
    if let Some(limit) = std::env::var("SKYPLAN_TEST_ABORT_AFTER").ok().and_then(|v| v.parse::<u64>().ok()) {
        if n >= limit {
            // No destructor, no state write: as abrupt as a SIGKILL.
            std::process::exit(137);
        }
    }
}

/// The engine over one bundle graph.
pub struct Engine {
    pub ctx: Arc<Ctx>,
    pub graph: Arc<DesiredGraph>,
    order: Vec<usize>,
}

impl Engine {
    /// Checks the graph (every type supported, dependencies present and
    /// acyclic) and resolves SSM parameters; every input must be given.
    pub async fn new(ctx: Ctx, graph: DesiredGraph, inputs: BTreeMap<String, String>) -> Result<(Engine, Known), EngineError> {
        let unsupported: BTreeSet<&str> = graph
            .resources
            .iter()
            .map(|r| r.kind.as_str())
            .filter(|k| !resources::supported(k))
            .collect();
        if !unsupported.is_empty() {
            return Err(EngineError::Graph(format!(
                "the bundle has resource types this engine does not apply: {}",
                unsupported.into_iter().collect::<Vec<_>>().join(", ")
            )));
        }
        let order = desired::topological_order(&graph.resources).map_err(EngineError::Graph)?;
        let mut values = Vec::new();
        for r in &graph.resources {
            desired::apply_values(&r.properties, &mut values);
        }
        let mut known = Known {
            inputs,
            ..Known::default()
        };
        let mut missing = Vec::new();
        for value in values {
            match value {
                desired::ApplyValue::SsmParameter(name) => {
                    let v = resources::ssm_parameter(&ctx, &name).await.map_err(EngineError::Aws)?;
                    known.ssm.insert(name, v);
                }
                desired::ApplyValue::Input { name, description } if !known.inputs.contains_key(&name) => {
                    missing.push(format!("{name} ({description})"));
                }
                _ => {}
            }
        }
        if !missing.is_empty() {
            return Err(EngineError::Graph(format!(
                "the bundle needs inputs that were not given (pass --input NAME=VALUE): {}",
                missing.join(", ")
            )));
        }
        Ok((
            Engine {
                ctx: Arc::new(ctx),
                graph: Arc::new(graph),
                order,
            },
            known,
        ))
    }

    /// Reads what exists and compares it with the bundle.
    pub async fn plan(&self, state: &State, known: &Known, parallelism: usize) -> Result<Plan, EngineError> {
        let resources = &self.graph.resources;
        let index: BTreeMap<&str, usize> = resources.iter().enumerate().map(|(i, r)| (r.address.as_str(), i)).collect();
        let deps: Vec<Vec<usize>> = resources
            .iter()
            .map(|r| r.depends_on.iter().map(|d| index[d.as_str()]).collect())
            .collect();
        let shared = Arc::new(Mutex::new((known.clone(), BTreeMap::<usize, Change>::new())));
        let outcomes = dag::run(&deps, parallelism, |i| {
            let ctx = self.ctx.clone();
            let graph = self.graph.clone();
            let shared = shared.clone();
            let recorded = state.resources.get(&graph.resources[i].address).cloned();
            async move {
                let resource = &graph.resources[i];
                let props = shared.lock().unwrap().0.resolve(&resource.properties);
                let live = match &recorded {
                    Some(rs) => resources::read(&ctx, resource, rs).await,
                    None => resources::find(&ctx, resource, &props).await,
                }
                .map_err(|source| EngineError::Read {
                    address: resource.address.clone(),
                    source,
                })?;
                let change = compare(resource, &props, recorded.as_ref(), live);
                let mut guard = shared.lock().unwrap();
                // A dependent sees this resource's attributes only when it
                // stays: what is created or replaced is known after apply.
                if matches!(change.action, Action::NoOp | Action::Update) {
                    if let Some(live) = &change.live {
                        guard.0.attributes.insert(resource.address.clone(), live.attributes_with_id());
                    }
                }
                guard.1.insert(i, change);
                Ok::<(), EngineError>(())
            }
        })
        .await;
        for outcome in outcomes {
            if let Outcome::Failed(error) = outcome {
                return Err(error);
            }
        }
        let mut by_index = std::mem::take(&mut shared.lock().unwrap().1);
        let mut changes: Vec<Change> = self
            .order
            .iter()
            .map(|i| by_index.remove(i).expect("every resource compared"))
            .collect();
        let drift = changes
            .iter()
            .filter_map(|c| {
                let recorded = state.resources.get(&c.address)?;
                drift_of(c, recorded)
            })
            .collect();
        // What the state has and the bundle no longer does.
        let deletions = self.removed(state, parallelism).await?;
        changes.extend(deletions);
        Ok(Plan { changes, drift })
    }

    async fn removed(&self, state: &State, _parallelism: usize) -> Result<Vec<Change>, EngineError> {
        let in_bundle: BTreeSet<&str> = self.graph.resources.iter().map(|r| r.address.as_str()).collect();
        let mut gone: Vec<(&String, &ResourceState)> = state.resources.iter().filter(|(a, _)| !in_bundle.contains(a.as_str())).collect();
        gone.sort_by_key(|(a, _)| a.as_str());
        let mut out = Vec::new();
        for (address, rs) in gone {
            let resource = DesiredResource {
                address: address.clone(),
                kind: rs.kind.clone(),
                properties: rs.properties.clone(),
                depends_on: rs.depends_on.clone(),
                tags: BTreeMap::new(),
            };
            let live = resources::read(&self.ctx, &resource, rs)
                .await
                .map_err(|source| EngineError::Read {
                    address: address.clone(),
                    source,
                })?;
            out.push(Change {
                address: address.clone(),
                kind: rs.kind.clone(),
                action: if live.is_some() { Action::Delete } else { Action::NoOp },
                fields: Vec::new(),
                note: Some(
                    if live.is_some() {
                        "no longer in the bundle"
                    } else {
                        "no longer in the bundle; already gone"
                    }
                    .into(),
                ),
                live,
            });
        }
        Ok(out)
    }

    /// Applies `plan`, recording every operation in `store`.
    pub async fn apply(
        &self,
        plan: &Plan,
        mut state: State,
        store: &StateStore,
        known: &Known,
        parallelism: usize,
        progress: Arc<dyn Progress>,
    ) -> Result<Report, EngineError> {
        state.bundle_digest = self.graph.digest.clone();
        let state = Arc::new(tokio::sync::Mutex::new(state));
        let report = Arc::new(Mutex::new(Report::default()));
        let store = Arc::new(store.clone());

        // Deletions of what left the bundle, dependents first.
        let deletions: Vec<&Change> = plan.changes.iter().filter(|c| c.action == Action::Delete).collect();
        if !deletions.is_empty() {
            let st = state.lock().await.clone();
            let removed: Vec<(String, ResourceState, Live)> = deletions
                .iter()
                .filter_map(|c| Some((c.address.clone(), st.resources.get(&c.address)?.clone(), c.live.clone()?)))
                .collect();
            self.delete_all(removed, state.clone(), &store, parallelism, progress.clone(), report.clone())
                .await;
        }
        // Gone-already entries leave the state.
        {
            let mut st = state.lock().await;
            let in_bundle: BTreeSet<&str> = self.graph.resources.iter().map(|r| r.address.as_str()).collect();
            let stale: Vec<String> = plan
                .changes
                .iter()
                .filter(|c| c.action == Action::NoOp && !in_bundle.contains(c.address.as_str()))
                .map(|c| c.address.clone())
                .collect();
            if !stale.is_empty() {
                for a in stale {
                    st.resources.remove(&a);
                }
                st.serial += 1;
                store.save(&st).await?;
            }
        }
        if !report.lock().unwrap().failed.is_empty() {
            let mut r = report.lock().unwrap().clone();
            for c in plan
                .changes
                .iter()
                .filter(|c| c.action != Action::Delete && !r.done.contains_key(&c.address))
            {
                r.skipped.push((c.address.clone(), "a deletion that failed".into()));
            }
            return Ok(r);
        }

        let resources = &self.graph.resources;
        let index: BTreeMap<&str, usize> = resources.iter().enumerate().map(|(i, r)| (r.address.as_str(), i)).collect();
        let deps: Vec<Vec<usize>> = resources
            .iter()
            .map(|r| r.depends_on.iter().map(|d| index[d.as_str()]).collect())
            .collect();
        let changes: Arc<BTreeMap<String, Change>> = Arc::new(
            plan.changes
                .iter()
                .filter(|c| index.contains_key(c.address.as_str()))
                .map(|c| (c.address.clone(), c.clone()))
                .collect(),
        );
        let known = Arc::new(Mutex::new(known.clone()));
        let outcomes = dag::run(&deps, parallelism, |i| {
            let ctx = self.ctx.clone();
            let graph = self.graph.clone();
            let changes = changes.clone();
            let known = known.clone();
            let state = state.clone();
            let store = store.clone();
            let progress = progress.clone();
            let report = report.clone();
            async move {
                let resource = &graph.resources[i];
                let change = &changes[&resource.address];
                let props = known.lock().unwrap().resolve(&resource.properties);
                if desired::has_unknown(&props) {
                    let missing = known.lock().unwrap().unresolved(&resource.properties);
                    let text = format!(
                        "cannot be created: the AWS API did not return {} of resources that exist",
                        missing.join(", ")
                    );
                    progress.finished(&resource.address, Action::Create, Err(&text), Duration::ZERO);
                    return Err(text);
                }
                let recorded = state.lock().await.resources.get(&resource.address).cloned();
                let started = Instant::now();
                // Re-compared with resolved values: a change planned as
                // "known after apply" may turn out to be none.
                let (action, fields) = match (&change.action, &change.live) {
                    (Action::Create, _) | (_, None) => (Action::Create, Vec::new()),
                    (_, Some(live)) => {
                        let again = compare(resource, &props, recorded.as_ref(), Some(live.clone()));
                        (again.action, again.fields)
                    }
                };
                if action != Action::NoOp {
                    progress.started(&resource.address, action);
                }
                let result: Result<Live, AwsError> = match action {
                    Action::NoOp => Ok(change.live.clone().expect("no-op has a live resource")),
                    Action::Create => resources::create(&ctx, resource, &props).await,
                    Action::Update => {
                        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
                        resources::update(
                            &ctx,
                            resource,
                            change.live.as_ref().expect("update has a live resource"),
                            &props,
                            &names,
                        )
                        .await
                    }
                    Action::Replace => {
                        let live = change.live.as_ref().expect("replace has a live resource");
                        match resources::delete(&ctx, &resource.kind, &live.to_state(&resource.kind, &props, resource)).await {
                            Ok(()) => {
                                after_mutation();
                                resources::create(&ctx, resource, &props).await
                            }
                            Err(e) => Err(e),
                        }
                    }
                    Action::Delete => unreachable!("deletions ran first"),
                };
                match result {
                    Ok(live) => {
                        if action != Action::NoOp {
                            after_mutation();
                        }
                        known
                            .lock()
                            .unwrap()
                            .attributes
                            .insert(resource.address.clone(), live.attributes_with_id());
                        let entry = live.to_state(&resource.kind, &props, resource);
                        let mut st = state.lock().await;
                        if st.resources.get(&resource.address) != Some(&entry) {
                            st.resources.insert(resource.address.clone(), entry);
                            st.serial += 1;
                            store.save(&st).await.map_err(|e| e.to_string())?;
                        }
                        drop(st);
                        if action != Action::NoOp {
                            progress.finished(&resource.address, action, Ok(&live.id), started.elapsed());
                        }
                        report.lock().unwrap().done.insert(resource.address.clone(), action);
                        Ok(())
                    }
                    Err(error) => {
                        let text = error.to_string();
                        progress.finished(&resource.address, action, Err(&text), started.elapsed());
                        Err(text)
                    }
                }
            }
        })
        .await;
        let mut report = report.lock().unwrap().clone();
        for (i, outcome) in outcomes.into_iter().enumerate() {
            match outcome {
                Outcome::Done => {}
                Outcome::Failed(e) => report.failed.push((resources[i].address.clone(), e)),
                Outcome::Skipped { because } => report
                    .skipped
                    .push((resources[i].address.clone(), resources[because].address.clone())),
            }
        }
        // The state records the bundle it reached.
        let mut st = state.lock().await;
        if report.ok() && st.bundle_digest != self.graph.digest {
            st.bundle_digest = self.graph.digest.clone();
        }
        st.serial += 1;
        store.save(&st).await?;
        Ok(report)
    }

    /// Deletes resources in reverse dependency order, recording each.
    async fn delete_all(
        &self,
        targets: Vec<(String, ResourceState, Live)>,
        state: Arc<tokio::sync::Mutex<State>>,
        store: &Arc<StateStore>,
        parallelism: usize,
        progress: Arc<dyn Progress>,
        report: Arc<Mutex<Report>>,
    ) {
        let index: BTreeMap<&str, usize> = targets.iter().enumerate().map(|(i, t)| (t.0.as_str(), i)).collect();
        // Reverse edges: a resource waits for everything that depends on it.
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); targets.len()];
        let bundle_deps: BTreeMap<&str, &Vec<String>> = self.graph.resources.iter().map(|r| (r.address.as_str(), &r.depends_on)).collect();
        for (i, (address, rs, _)) in targets.iter().enumerate() {
            let mut on: BTreeSet<&str> = rs.depends_on.iter().map(String::as_str).collect();
            if let Some(d) = bundle_deps.get(address.as_str()) {
                on.extend(d.iter().map(String::as_str));
            }
            for dep in on {
                if let Some(&d) = index.get(dep) {
                    deps[d].push(i);
                }
            }
        }
        let targets = Arc::new(targets);
        let outcomes = dag::run(&deps, parallelism, |i| {
            let ctx = self.ctx.clone();
            let targets = targets.clone();
            let state = state.clone();
            let store = store.clone();
            let progress = progress.clone();
            let report = report.clone();
            async move {
                let (address, rs, _) = &targets[i];
                progress.started(address, Action::Delete);
                let started = Instant::now();
                match resources::delete(&ctx, &rs.kind, rs).await {
                    Ok(()) => {
                        after_mutation();
                        let mut st = state.lock().await;
                        st.resources.remove(address);
                        st.serial += 1;
                        store.save(&st).await.map_err(|e| e.to_string())?;
                        drop(st);
                        progress.finished(address, Action::Delete, Ok(&rs.id), started.elapsed());
                        report.lock().unwrap().done.insert(address.clone(), Action::Delete);
                        Ok(())
                    }
                    Err(e) => {
                        let text = e.to_string();
                        progress.finished(address, Action::Delete, Err(&text), started.elapsed());
                        Err(text)
                    }
                }
            }
        })
        .await;
        let mut r = report.lock().unwrap();
        for (i, outcome) in outcomes.into_iter().enumerate() {
            match outcome {
                Outcome::Done => {}
                Outcome::Failed(e) => r.failed.push((targets[i].0.clone(), e)),
                Outcome::Skipped { because } => r.skipped.push((targets[i].0.clone(), targets[because].0.clone())),
            }
        }
    }

    /// What destroy would delete: every bundle address that exists (from
    /// the state, else found by its tags) and every state entry.
    pub async fn destroy_targets(&self, state: &State, known: &Known) -> Result<Vec<(String, ResourceState, Live)>, EngineError> {
        let mut out = Vec::new();
        let mut known = known.clone();
        for &i in &self.order {
            let resource = &self.graph.resources[i];
            let props = known.resolve(&resource.properties);
            let recorded = state.resources.get(&resource.address);
            let live = match recorded {
                Some(rs) => resources::read(&self.ctx, resource, rs).await,
                None => resources::find(&self.ctx, resource, &props).await,
            }
            .map_err(|source| EngineError::Read {
                address: resource.address.clone(),
                source,
            })?;
            if let Some(live) = live {
                known.attributes.insert(resource.address.clone(), live.attributes_with_id());
                let rs = match recorded {
                    Some(rs) => rs.clone(),
                    None => live.to_state(&resource.kind, &props, resource),
                };
                out.push((resource.address.clone(), rs, live));
            }
        }
        for (address, rs) in &state.resources {
            if out.iter().any(|(a, _, _)| a == address) {
                continue;
            }
            let resource = DesiredResource {
                address: address.clone(),
                kind: rs.kind.clone(),
                properties: rs.properties.clone(),
                depends_on: rs.depends_on.clone(),
                tags: BTreeMap::new(),
            };
            if let Some(live) = resources::read(&self.ctx, &resource, rs)
                .await
                .map_err(|source| EngineError::Read {
                    address: address.clone(),
                    source,
                })?
            {
                out.push((address.clone(), rs.clone(), live));
            }
        }
        Ok(out)
    }

    pub async fn destroy(
        &self,
        targets: Vec<(String, ResourceState, Live)>,
        state: State,
        store: &StateStore,
        parallelism: usize,
        progress: Arc<dyn Progress>,
    ) -> Result<Report, EngineError> {
        let found: BTreeSet<String> = targets.iter().map(|t| t.0.clone()).collect();
        let state = Arc::new(tokio::sync::Mutex::new(state));
        let report = Arc::new(Mutex::new(Report::default()));
        let store = Arc::new(store.clone());
        self.delete_all(targets, state.clone(), &store, parallelism, progress, report.clone())
            .await;
        let mut st = state.lock().await;
        // State entries whose object is already gone.
        st.resources.retain(|a, _| found.contains(a) && !report.lock().unwrap().done.contains_key(a));
        st.serial += 1;
        store.save(&st).await?;
        let r = report.lock().unwrap().clone();
        Ok(r)
    }
}

fn current_of(recorded: Option<&ResourceState>, live: &Live) -> Map<String, Value> {
    let mut current = match recorded.map(|r| &r.properties) {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    for (k, v) in &live.observed {
        current.insert(k.clone(), v.clone());
    }
    current
}

/// Equal, lists of strings compared as sets: AWS returns subnets, groups,
/// ARNs and types in an order of its own.
fn same(a: &Value, b: &Value) -> bool {
    fn sorted_strings(v: &Value) -> Option<Vec<&str>> {
        let mut items: Vec<&str> = v.as_array()?.iter().map(Value::as_str).collect::<Option<_>>()?;
        items.sort_unstable();
        Some(items)
    }
    match (sorted_strings(a), sorted_strings(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Compares one resource's resolved properties with what exists.
fn compare(resource: &DesiredResource, props: &Value, recorded: Option<&ResourceState>, live: Option<Live>) -> Change {
    let base = |action, note: Option<&str>, fields, live| Change {
        address: resource.address.clone(),
        kind: resource.kind.clone(),
        action,
        fields,
        note: note.map(str::to_string),
        live,
    };
    let Some(live) = live else {
        let note = recorded.map(|_| "deleted outside skyplan: will be created again");
        return base(Action::Create, note, Vec::new(), None);
    };
    let current = current_of(recorded, &live);
    let mut fields = Vec::new();
    if let Value::Object(desired) = props {
        for (field, want) in desired {
            if resources::ignored_after_create(&resource.kind, field) {
                continue;
            }
            match current.get(field) {
                Some(have) if same(have, want) => {}
                Some(have) => fields.push(FieldChange {
                    field: field.clone(),
                    current: Some(have.clone()),
                    desired: want.clone(),
                }),
                // Adopted without a state: only what the reader sees is compared.
                None if recorded.is_none() => {}
                None => fields.push(FieldChange {
                    field: field.clone(),
                    current: None,
                    desired: want.clone(),
                }),
            }
        }
    }
    // Tags the reader observes (S3 buckets, tagged after creation) are put
    // back when they differ, e.g. after a crash between create and tagging.
    if let Some(have) = live.observed.get("tags") {
        let want = serde_json::to_value(&resource.tags).expect("tags serialise");
        if !resource.tags.is_empty() && *have != want {
            fields.push(FieldChange {
                field: "tags".into(),
                current: Some(have.clone()),
                desired: want,
            });
        }
    }
    let adopted = recorded.is_none().then_some("found by its tags, not in the state: adopted");
    if fields.is_empty() {
        return base(Action::NoOp, adopted, fields, Some(live));
    }
    let replace = fields.iter().any(|f| !resources::updatable(&resource.kind, &f.field));
    base(if replace { Action::Replace } else { Action::Update }, adopted, fields, Some(live))
}

/// Live values that differ from the last applied ones.
fn drift_of(change: &Change, recorded: &ResourceState) -> Option<Change> {
    let Some(live) = &change.live else {
        return Some(Change {
            address: change.address.clone(),
            kind: change.kind.clone(),
            action: Action::Delete,
            fields: Vec::new(),
            note: Some("deleted outside skyplan".into()),
            live: None,
        });
    };
    let Value::Object(applied) = &recorded.properties else {
        return None;
    };
    let fields: Vec<FieldChange> = live
        .observed
        .iter()
        .filter(|(k, _)| !resources::ignored_after_create(&change.kind, k))
        .filter_map(|(k, v)| {
            let was = applied.get(k)?;
            (!same(was, v) && !desired::has_unknown(was)).then(|| FieldChange {
                field: k.clone(),
                current: Some(v.clone()),
                desired: was.clone(),
            })
        })
        .collect();
    (!fields.is_empty()).then(|| Change {
        address: change.address.clone(),
        kind: change.kind.clone(),
        action: Action::Update,
        fields,
        note: Some("changed outside skyplan".into()),
        live: Some(live.clone()),
    })
}

/// Text of a value in plan output.
pub fn show(value: &Value) -> String {
    match value {
        Value::String(s) if s == UNKNOWN => s.clone(),
        other => other.to_string(),
    }
}
