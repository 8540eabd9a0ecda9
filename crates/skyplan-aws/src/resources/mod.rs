//! One module per AWS service: how each resource type is created, read,
//! found without a state, updated and deleted.
//!
//! **Finding a resource without a state** (crash recovery):
//! - taggable resources are created with their tags in the create call
//!   itself (EC2 `TagSpecifications`, `Tags` parameters), so an object that
//!   exists always carries `skyplan:address`, and is found with a tag filter
//!   (EC2, ELBv2, Auto Scaling) or by its unique name (IAM roles, instance
//!   profiles, EKS clusters and node groups, RDS and ElastiCache identifiers,
//!   KMS aliases, secrets, SNS topics, alarms, launch templates), whose tags
//!   are then checked to be this plan's: a same-named object of another plan
//!   is an error, never adopted;
//! - S3 buckets take tags only after creation (`PutBucketTagging`): a
//!   bucket is found by its globally unique name (`HeadBucket` succeeds only
//!   for a bucket this account owns) and its tags are observed and set again;
//! - what AWS cannot tag (routes, route table associations, policy
//!   attachments, inline policies, scaling policies, scheduled actions, a
//!   bucket's configurations) is found through the resource it belongs to,
//!   by its content (a route by destination, an association by subnet, an
//!   attachment by policy ARN) or its name within that parent.
//!
//! Finding changes nothing (`plan` is read-only): a two-step create cut
//! short (an internet gateway not yet attached, an instance profile without
//! its role, a bucket not yet tagged) reads back with that part missing, and
//! the plan shows the update that completes it.

pub mod compute;
pub mod data;
pub mod ec2;
pub mod iam;
mod shared;
pub mod storage;

pub use shared::{check_owner, json_strs, sorted, ssm_parameter, Ctx, Live, Props, TypeRules};
pub(crate) use shared::unsupported;

use crate::desired::DesiredResource;
use crate::error::AwsError;
use crate::state::ResourceState;
use serde_json::Value;
use crate::kinds;

/// The types several kinds share, by service module (a kind's own types
/// are in its file of `kinds/`).
const SERVICES: &[&[TypeRules]] = &[ec2::TYPES, iam::TYPES, compute::TYPES, data::TYPES, storage::TYPES];

fn all_rules() -> impl Iterator<Item = &'static TypeRules> {
    SERVICES.iter().chain(kinds::TYPES).flat_map(|types| types.iter())
}

fn rules(kind: &str) -> Option<&'static TypeRules> {
    all_rules().find(|t| t.name == kind)
}

/// Every resource type this engine applies.
pub fn supported_types() -> impl Iterator<Item = &'static str> {
    all_rules().map(|t| t.name)
}

pub fn supported(kind: &str) -> bool {
    rules(kind).is_some()
}

/// Whether a changed `field` of `kind` is updated in place (else the
/// resource is replaced). Tags always are.
pub fn updatable(kind: &str, field: &str) -> bool {
    field == "tags" || rules(kind).is_some_and(|t| t.updatable.contains(&field))
}

/// Fields set at creation only that AWS or the workload moves afterwards:
/// never compared.
pub fn ignored_after_create(kind: &str, field: &str) -> bool {
    rules(kind).is_some_and(|t| t.ignored_after_create.contains(&field))
}

// ------------------------------------------------------------- dispatch

pub async fn create(ctx: &Ctx, r: &DesiredResource, props: &Value) -> Result<Live, AwsError> {
    let p = Props::new(&r.address, props);
    match r.kind.as_str() {
        k if ec2::handles(k) => ec2::create(ctx, r, &p).await,
        k if iam::handles(k) => iam::create(ctx, r, &p).await,
        k if compute::handles(k) => compute::create(ctx, r, &p).await,
        k if data::handles(k) => data::create(ctx, r, &p).await,
        k if storage::handles(k) => storage::create(ctx, r, &p).await,
        k if kinds::handles(k) => kinds::create(ctx, r, props).await,
        other => Err(unsupported(other)),
    }
}

pub async fn read(
    ctx: &Ctx,
    r: &DesiredResource,
    rs: &ResourceState,
) -> Result<Option<Live>, AwsError> {
    let result = match r.kind.as_str() {
        k if ec2::handles(k) => ec2::read(ctx, r, rs).await,
        k if iam::handles(k) => iam::read(ctx, r, rs).await,
        k if compute::handles(k) => compute::read(ctx, r, rs).await,
        k if data::handles(k) => data::read(ctx, r, rs).await,
        k if storage::handles(k) => storage::read(ctx, r, rs).await,
        k if kinds::handles(k) => kinds::read(ctx, r, rs).await,
        other => Err(unsupported(other)),
    };
    match result {
        Err(e) if e.is_not_found() => Ok(None),
        other => other,
    }
}

pub async fn find(ctx: &Ctx, r: &DesiredResource, props: &Value) -> Result<Option<Live>, AwsError> {
    let p = Props::new(&r.address, props);
    let result = match r.kind.as_str() {
        k if ec2::handles(k) => ec2::find(ctx, r, &p).await,
        k if iam::handles(k) => iam::find(ctx, r, &p).await,
        k if compute::handles(k) => compute::find(ctx, r, &p).await,
        k if data::handles(k) => data::find(ctx, r, &p).await,
        k if storage::handles(k) => storage::find(ctx, r, &p).await,
        k if kinds::handles(k) => kinds::find(ctx, r, props).await,
        other => Err(unsupported(other)),
    };
    match result {
        Err(e) if e.is_not_found() => Ok(None),
        other => other,
    }
}

pub async fn update(
    ctx: &Ctx,
    r: &DesiredResource,
    live: &Live,
    props: &Value,
    fields: &[&str],
) -> Result<Live, AwsError> {
    let p = Props::new(&r.address, props);
    match r.kind.as_str() {
        k if ec2::handles(k) => ec2::update(ctx, r, live, &p, fields).await,
        k if iam::handles(k) => iam::update(ctx, r, live, &p, fields).await,
        k if compute::handles(k) => compute::update(ctx, r, live, &p, fields).await,
        k if data::handles(k) => data::update(ctx, r, live, &p, fields).await,
        k if storage::handles(k) => storage::update(ctx, r, live, &p, fields).await,
        k if kinds::handles(k) => kinds::update(ctx, r, live, props, fields).await,
        other => Err(unsupported(other)),
    }
}

pub async fn delete(ctx: &Ctx, kind: &str, rs: &ResourceState) -> Result<(), AwsError> {
    let p = Props::new("(state)", &rs.properties);
    let result = match kind {
        k if ec2::handles(k) => ec2::delete(ctx, k, rs, &p).await,
        k if iam::handles(k) => iam::delete(ctx, k, rs, &p).await,
        k if compute::handles(k) => compute::delete(ctx, k, rs, &p).await,
        k if data::handles(k) => data::delete(ctx, k, rs, &p).await,
        k if storage::handles(k) => storage::delete(ctx, k, rs, &p).await,
        k if kinds::handles(k) => kinds::delete(ctx, k, rs).await,
        other => Err(unsupported(other)),
    };
    match result {
        // Already gone is what a delete wants.
        Err(e) if e.is_not_found() => Ok(()),
        other => other,
    }
}

