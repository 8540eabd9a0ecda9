//! skyplan's AWS engine: applies a plan bundle's resource graph to an AWS
//! account with aws-sdk-rust. The only crate that knows the AWS SDK.
//!
//! - [`desired`]: the bundle graph as the engine reads it (JSON properties,
//!   references, apply-time values), dependency order;
//! - [`session`]: a bundle opened against an account and a state, as
//!   plan, apply, destroy and drift share it;
//! - [`engine`]: refresh, plan, apply, destroy, drift;
//! - [`resources`]: per service, create/read/find/update/delete of each type;
//! - [`state`], [`store`], [`lock`]: the state document, its local or S3
//!   home, and its lock (flock or DynamoDB);
//! - [`error`]: AWS errors classified (access denied names the action;
//!   eventual-consistency errors retried);
//! - [`dag`]: dependency-ordered, bounded-parallel execution.

pub mod audit;
pub mod bundle;
pub mod dag;
pub mod desired;
pub mod engine;
pub mod error;
mod kinds;
pub mod lock;
pub mod resources;
pub mod session;
pub mod state;
pub mod store;
