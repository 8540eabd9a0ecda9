//! Plan bundles: one environment of a plan resolved into the AWS resources
//! it implies, with the plan, its estimate and a SHA-256 digest, so that a
//! reviewed bundle is exactly what `skyplan apply` creates.
//!
//! No IO, no clock; builds for `wasm32-unknown-unknown` (the web app makes
//! bundles in the browser). The AWS engine (`skyplan-aws`) reads the graph;
//! this crate knows no AWS SDK.
//!
//! # The resource graph ([`ResourceGraph`])
//!
//! - [`Resource`]: `address` ([`Address`], e.g.
//!   `network.aws_subnet.private["us-east-1a"]`), `properties`
//!   ([`Properties`], a serde enum tagged `type` with one struct per AWS
//!   resource type, named after the Terraform type: `aws_vpc`, `aws_lb`,
//!   ...), `tags`, `depends_on` (sorted addresses) and `optional`
//!   (CloudFront/WAF: an engine may report them unsupported).
//! - Values AWS assigns (ids, ARNs, names) are [`Ref`]s
//!   `{"ref": "<address>", "attribute": "id" | "arn" | "name" | ...}`;
//!   every reference is also in `depends_on`. Values known only at apply
//!   time are [`ApplyValue`]s (an SSM public parameter for AMIs, an input
//!   such as the certificate ARN) or typed statements the engine renders
//!   with the account and partition ([`resources::KeyPolicyStatement`],
//!   [`resources::AwsManagedPolicy`]).
//! - [`ResourceGraph::check`] (unique addresses, dependencies resolve,
//!   references listed, no cycle), [`ResourceGraph::topological_order`]
//!   (deterministic: ties by address; destroy in reverse),
//!   [`Resource::canonical`] (canonical JSON of properties and tags: equal
//!   strings mean nothing to change).
//! - Tags: every taggable resource carries `skyplan:plan-id` (the bundle's
//!   plan id) and `skyplan:address` ([`Address::tag_value`]: AWS tag
//!   values allow no quotes or brackets), plus the export's `Environment`,
//!   `Project`, `Owner`, `CostCenter`, `ManagedBy` (`skyplan`) and `Name`.
//!
//! [`graph_of`] builds the graph of one environment of a `ValidPlan`,
//! mirroring what `skyplan-terraform` writes for that environment, with the
//! same names.
//!
//! # The bundle ([`Bundle`])
//!
//! [`build`] (plan, environment, catalog, options → bundle: pure, no IO),
//! [`to_json`] (canonical JSON, the file's bytes), [`verify`] (bytes →
//! bundle, or a [`BundleError`] saying what is wrong: truncated, invalid
//! JSON, newer format, modified after it was made, unknown or mistyped
//! fields with their JSON path, an invalid plan). The [`bundle`] module
//! documents the format, the digest and the plan id.

pub mod address;
mod build;
mod ctx;
pub mod kinds;
pub mod bundle;
pub mod canonical;
pub mod graph;
mod names;
pub mod resources;

pub use address::{Address, ApplyValue, Attribute, Ref};
pub use build::graph_of;
pub use ctx::{BuildError, GraphOptions, CPU_TARGET_PERCENT, REQUESTS_PER_TARGET, SSL_POLICY};
pub use bundle::{build, digest_of, plan_id, to_json, verify, BuildBundleError, Bundle, BundleError, FORMAT_VERSION};
pub use graph::{GraphError, Resource, ResourceGraph};
pub use resources::Properties;

/// The tag carrying the bundle's plan id on every taggable resource.
pub const PLAN_ID_TAG: &str = "skyplan:plan-id";
/// The tag carrying a resource's address, as [`Address::tag_value`] writes it.
pub const ADDRESS_TAG: &str = "skyplan:address";
