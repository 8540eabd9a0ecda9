//! One bundle opened against one account and one state: what `plan`,
//! `apply`, `destroy` and `drift` share. Opening connects with the
//! bundle's region, reads its graph (leaving out the optional resources
//! this engine does not apply), resolves its apply-time values and finds
//! its state; the commands then lock that state (apply, destroy), load it
//! and plan from it.

use crate::desired::Known;
use crate::engine::{Engine, EngineError, Plan};
use crate::error::AwsError;
use crate::lock::LockError;
use crate::resources::Ctx;
use crate::state::{State, StateError, StateLocation};
use crate::store::{HeldLock, StateStore};
use std::collections::BTreeMap;
use std::time::Duration;

/// How to open a bundle.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub state: StateLocation,
    /// Values the bundle asks for at apply time, by name.
    pub inputs: BTreeMap<String, String>,
    /// Destroy may turn off a database's or table's deletion protection.
    pub disable_deletion_protection: bool,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    #[error("cannot connect to AWS: {0}")]
    Connect(AwsError),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Lock(#[from] LockError),
}

/// A verified bundle ready to plan, apply, destroy or check for drift.
pub struct Session {
    pub engine: Engine,
    pub known: Known,
    pub store: StateStore,
    /// Optional resources left out (`address (type)`).
    pub left_out: Vec<String>,
    pub plan_id: String,
}

impl Session {
    /// `bundle` must have passed `skyplan_bundle::verify`: what was
    /// reviewed is what is opened.
    pub async fn open(bundle: &skyplan_bundle::Bundle, options: OpenOptions) -> Result<Session, SessionError> {
        let (graph, left_out) = crate::bundle::desired_graph(&bundle.graph, &bundle.plan_id, &bundle.region, &bundle.digest);
        let mut ctx = Ctx::connect(&bundle.region).await.map_err(SessionError::Connect)?;
        ctx.disable_deletion_protection = options.disable_deletion_protection;
        let store = StateStore::new(&options.state, &ctx.s3);
        let (engine, known) = Engine::new(ctx, graph, options.inputs).await?;
        Ok(Session { engine, known, store, left_out, plan_id: bundle.plan_id.clone() })
    }

    /// Locks the state for `operation` (a DynamoDB `lock_table` for an S3
    /// state), waiting up to `timeout` for another run's lock.
    pub async fn lock(&self, operation: &str, lock_table: Option<&str>, timeout: Duration) -> Result<HeldLock, SessionError> {
        let table = lock_table.map(|table| (&self.engine.ctx.dynamodb, table));
        Ok(self.store.lock(operation, table, timeout).await?)
    }

    /// The state as it stands.
    pub async fn state(&self) -> Result<State, SessionError> {
        Ok(self.store.load(&self.plan_id).await?)
    }

    /// The state and the plan from it: what exists read back, compared
    /// with the bundle.
    pub async fn plan(&self, parallelism: usize) -> Result<(State, Plan), SessionError> {
        let state = self.state().await?;
        let plan = self.engine.plan(&state, &self.known, parallelism).await?;
        Ok((state, plan))
    }
}
