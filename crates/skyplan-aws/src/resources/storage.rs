//! S3 buckets and their configurations.
//!
//! `CreateBucket` takes no tags: the bucket is tagged right after with
//! `PutBucketTagging`. A bucket is found by its globally unique name:
//! `HeadBucket` succeeds only for a bucket this account can reach, and its
//! tags must then be this plan's and address's, or carry no skyplan tags
//! at all (killed between create and tagging: tagged now). A bucket's
//! configurations (versioning, encryption, public access block, ownership,
//! lifecycle, policy) belong to the bucket: each is read back from it and
//! put again when it differs, so they need no finding.

use super::shared::{check_owner, Ctx, Live, Props, TypeRules};
use crate::desired::DesiredResource;
use skyplan_bundle::resources as planned;
use crate::error::{sdk, AwsError};
use crate::state::ResourceState;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The types this module applies: the fields each changes in place (any
/// other change replaces it) and those set at creation that AWS or the
/// workload moves afterwards, never compared (as the Terraform modules'
/// `ignore_changes`).
pub(super) const TYPES: &[TypeRules] = &[
    TypeRules { name: "aws_s3_bucket", updatable: &[], ignored_after_create: &[] },
    TypeRules { name: "aws_s3_bucket_public_access_block", updatable: &["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"], ignored_after_create: &[] },
    TypeRules { name: "aws_s3_bucket_ownership_controls", updatable: &["object_ownership"], ignored_after_create: &[] },
    TypeRules { name: "aws_s3_bucket_versioning", updatable: &["status"], ignored_after_create: &[] },
    TypeRules { name: "aws_s3_bucket_server_side_encryption_configuration", updatable: &["sse_algorithm", "kms_master_key_id", "bucket_key_enabled"], ignored_after_create: &[] },
    TypeRules { name: "aws_s3_bucket_lifecycle_configuration", updatable: &["rules"], ignored_after_create: &[] },
    TypeRules { name: "aws_s3_bucket_policy", updatable: &["deny_insecure_transport", "cloudfront_readers"], ignored_after_create: &[] },
];

pub fn handles(kind: &str) -> bool {
    TYPES.iter().any(|t| t.name == kind)
}

fn not_found(action: &str, what: &str) -> AwsError {
    AwsError::new(action, Some("NotFound"), what.to_string())
}

async fn bucket_tags(ctx: &Ctx, bucket: &str) -> Result<BTreeMap<String, String>, AwsError> {
    match ctx.s3.get_bucket_tagging().bucket(bucket).send().await {
        Ok(out) => Ok(out
            .tag_set()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect()),
        Err(e) => {
            let e = crate::error::from_sdk("s3:GetBucketTagging", e);
            if e.code.as_deref() == Some("NoSuchTagSet") {
                Ok(BTreeMap::new())
            } else {
                Err(e)
            }
        }
    }
}

async fn put_tags(
    ctx: &Ctx,
    bucket: &str,
    tags: &BTreeMap<String, String>,
) -> Result<(), AwsError> {
    use aws_sdk_s3::types::{Tag, Tagging};
    let set: Vec<Tag> = tags
        .iter()
        .filter_map(|(k, v)| Tag::builder().key(k).value(v).build().ok())
        .collect();
    let tagging = Tagging::builder()
        .set_tag_set(Some(set))
        .build()
        .map_err(|e| AwsError::new("s3:PutBucketTagging", None, e.to_string()))?;
    ctx.s3
        .put_bucket_tagging()
        .bucket(bucket)
        .tagging(tagging)
        .send()
        .await
        .map_err(sdk("s3:PutBucketTagging"))?;
    Ok(())
}

async fn read_bucket(
    ctx: &Ctx,
    bucket: &str,
) -> Result<Option<(Live, BTreeMap<String, String>)>, AwsError> {
    match ctx.s3.head_bucket().bucket(bucket).send().await {
        Ok(_) => {}
        Err(e) => {
            let e = crate::error::from_sdk("s3:HeadBucket", e);
            // HEAD has no body: a missing bucket is a bare 404.
            if e.is_not_found()
                || e.message.contains("404")
                || e.code.as_deref() == Some("NotFound")
            {
                return Ok(None);
            }
            return Err(e);
        }
    }
    let tags = bucket_tags(ctx, bucket).await?;
    let live = Live::new(bucket)
        .attr("arn", format!("arn:{}:s3:::{bucket}", ctx.partition))
        .attr("name", bucket)
        .attr(
            "bucket_regional_domain_name",
            format!("{bucket}.s3.{}.amazonaws.com", ctx.region),
        )
        .observe("bucket", bucket)
        .observe("tags", json!(tags));
    Ok(Some((live, tags)))
}

/// A bucket configuration as it is now, in the bundle's form; None when unset.
async fn read_config(ctx: &Ctx, kind: &str, bucket: &str) -> Result<Option<Live>, AwsError> {
    let s3 = &ctx.s3;
    let id = bucket.to_string();
    let unset =
        |e: &AwsError, codes: &[&str]| e.code.as_deref().is_some_and(|c| codes.contains(&c));
    let live = Live::new(id).observe("bucket", bucket);
    Ok(Some(match kind {
        "aws_s3_bucket_public_access_block" => {
            match s3.get_public_access_block().bucket(bucket).send().await {
                Ok(out) => {
                    let c = out.public_access_block_configuration();
                    live.observe(
                        "block_public_acls",
                        c.and_then(|c| c.block_public_acls()).unwrap_or(false),
                    )
                    .observe(
                        "block_public_policy",
                        c.and_then(|c| c.block_public_policy()).unwrap_or(false),
                    )
                    .observe(
                        "ignore_public_acls",
                        c.and_then(|c| c.ignore_public_acls()).unwrap_or(false),
                    )
                    .observe(
                        "restrict_public_buckets",
                        c.and_then(|c| c.restrict_public_buckets()).unwrap_or(false),
                    )
                }
                Err(e) => {
                    let e = crate::error::from_sdk("s3:GetPublicAccessBlock", e);
                    if unset(&e, &["NoSuchPublicAccessBlockConfiguration"]) {
                        return Ok(None);
                    }
                    return Err(e);
                }
            }
        }
        "aws_s3_bucket_ownership_controls" => match s3
            .get_bucket_ownership_controls()
            .bucket(bucket)
            .send()
            .await
        {
            Ok(out) => {
                let rule = out
                    .ownership_controls()
                    .and_then(|c| c.rules().first())
                    .map(|r| r.object_ownership().as_str().to_string());
                live.observe("object_ownership", rule.unwrap_or_default())
            }
            Err(e) => {
                let e = crate::error::from_sdk("s3:GetBucketOwnershipControls", e);
                if unset(&e, &["OwnershipControlsNotFoundError"]) {
                    return Ok(None);
                }
                return Err(e);
            }
        },
        "aws_s3_bucket_versioning" => {
            match s3.get_bucket_versioning().bucket(bucket).send().await {
                Ok(out) => live.observe(
                    "status",
                    out.status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_else(|| "Disabled".into()),
                ),
                Err(e) => return Err(crate::error::from_sdk("s3:GetBucketVersioning", e)),
            }
        }
        "aws_s3_bucket_server_side_encryption_configuration" => {
            match s3.get_bucket_encryption().bucket(bucket).send().await {
                Ok(out) => {
                    let rule = out
                        .server_side_encryption_configuration()
                        .and_then(|c| c.rules().first());
                    let default = rule.and_then(|r| r.apply_server_side_encryption_by_default());
                    live.observe(
                        "sse_algorithm",
                        default
                            .map(|d| d.sse_algorithm().as_str().to_string())
                            .unwrap_or_default(),
                    )
                    .observe(
                        "kms_master_key_id",
                        default
                            .and_then(|d| d.kms_master_key_id())
                            .map(Value::from)
                            .unwrap_or(Value::Null),
                    )
                }
                Err(e) => {
                    let e = crate::error::from_sdk("s3:GetBucketEncryption", e);
                    if unset(&e, &["ServerSideEncryptionConfigurationNotFoundError"]) {
                        return Ok(None);
                    }
                    return Err(e);
                }
            }
        }
        "aws_s3_bucket_lifecycle_configuration" => match s3
            .get_bucket_lifecycle_configuration()
            .bucket(bucket)
            .send()
            .await
        {
            Ok(out) => {
                let ids: Vec<String> = out
                    .rules()
                    .iter()
                    .filter_map(|r| r.id().map(str::to_string))
                    .collect();
                live.observe("rule_ids", json!(ids))
            }
            Err(e) => {
                let e = crate::error::from_sdk("s3:GetBucketLifecycleConfiguration", e);
                if unset(&e, &["NoSuchLifecycleConfiguration"]) {
                    return Ok(None);
                }
                return Err(e);
            }
        },
        "aws_s3_bucket_policy" => match s3.get_bucket_policy().bucket(bucket).send().await {
            Ok(_) => live,
            Err(e) => {
                let e = crate::error::from_sdk("s3:GetBucketPolicy", e);
                if unset(&e, &["NoSuchBucketPolicy"]) {
                    return Ok(None);
                }
                return Err(e);
            }
        },
        other => return Err(super::shared::unsupported(other)),
    }))
}

fn bucket_policy(ctx: &Ctx, policy: &planned::S3BucketPolicy<String>) -> String {
    let arn = format!("arn:{}:s3:::{}", ctx.partition, policy.bucket);
    let mut statements = Vec::new();
    if policy.deny_insecure_transport {
        statements.push(json!({
            "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [arn.clone(), format!("{arn}/*")], "Condition": { "Bool": { "aws:SecureTransport": "false" } }
        }));
    }
    let readers = &policy.cloudfront_readers;
    if !readers.is_empty() {
        statements.push(json!({
            "Sid": "AllowCloudFrontRead", "Effect": "Allow", "Principal": { "Service": "cloudfront.amazonaws.com" }, "Action": "s3:GetObject",
            "Resource": format!("{arn}/*"), "Condition": { "StringEquals": { "AWS:SourceArn": readers } }
        }));
    }
    json!({ "Version": "2012-10-17", "Statement": statements }).to_string()
}

/// The bucket a resource of `kind` is (the bucket) or configures.
fn bucket_of(kind: &str, p: &Props<'_>) -> Result<String, AwsError> {
    Ok(match kind {
        "aws_s3_bucket" => p.typed::<planned::S3Bucket>()?.bucket,
        "aws_s3_bucket_public_access_block" => p.typed::<planned::S3BucketPublicAccessBlock<String>>()?.bucket,
        "aws_s3_bucket_ownership_controls" => p.typed::<planned::S3BucketOwnershipControls<String>>()?.bucket,
        "aws_s3_bucket_versioning" => p.typed::<planned::S3BucketVersioning<String>>()?.bucket,
        "aws_s3_bucket_server_side_encryption_configuration" => p.typed::<planned::S3BucketEncryption<String>>()?.bucket,
        "aws_s3_bucket_lifecycle_configuration" => p.typed::<planned::S3BucketLifecycle<String>>()?.bucket,
        "aws_s3_bucket_policy" => p.typed::<planned::S3BucketPolicy<String>>()?.bucket,
        other => return Err(super::shared::unsupported(other)),
    })
}

async fn put_config(ctx: &Ctx, kind: &str, p: &Props<'_>) -> Result<(), AwsError> {
    use aws_sdk_s3::types::*;
    let s3 = &ctx.s3;
    let bucket = bucket_of(kind, p)?;
    let bucket = bucket.as_str();
    let build_err = |e: aws_sdk_s3::error::BuildError| {
        AwsError::new("skyplan:read-bundle", None, e.to_string())
    };
    match kind {
        "aws_s3_bucket_public_access_block" => {
            let block: planned::S3BucketPublicAccessBlock<String> = p.typed()?;
            s3.put_public_access_block()
                .bucket(bucket)
                .public_access_block_configuration(
                    PublicAccessBlockConfiguration::builder()
                        .block_public_acls(block.block_public_acls)
                        .block_public_policy(block.block_public_policy)
                        .ignore_public_acls(block.ignore_public_acls)
                        .restrict_public_buckets(block.restrict_public_buckets)
                        .build(),
                )
                .send()
                .await
                .map_err(sdk("s3:PutPublicAccessBlock"))?;
        }
        "aws_s3_bucket_ownership_controls" => {
            let controls: planned::S3BucketOwnershipControls<String> = p.typed()?;
            let rule = OwnershipControlsRule::builder()
                .object_ownership(ObjectOwnership::from(controls.object_ownership.as_str()))
                .build()
                .map_err(build_err)?;
            s3.put_bucket_ownership_controls()
                .bucket(bucket)
                .ownership_controls(
                    OwnershipControls::builder()
                        .rules(rule)
                        .build()
                        .map_err(build_err)?,
                )
                .send()
                .await
                .map_err(sdk("s3:PutBucketOwnershipControls"))?;
        }
        "aws_s3_bucket_versioning" => {
            let versioning: planned::S3BucketVersioning<String> = p.typed()?;
            let status = versioning.status.as_str();
            // "Disabled" is a new bucket's state; a versioned bucket can only be suspended.
            let status = if status == "Disabled" {
                BucketVersioningStatus::Suspended
            } else {
                BucketVersioningStatus::from(status)
            };
            s3.put_bucket_versioning()
                .bucket(bucket)
                .versioning_configuration(VersioningConfiguration::builder().status(status).build())
                .send()
                .await
                .map_err(sdk("s3:PutBucketVersioning"))?;
        }
        "aws_s3_bucket_server_side_encryption_configuration" => {
            let encryption: planned::S3BucketEncryption<String> = p.typed()?;
            let default = ServerSideEncryptionByDefault::builder()
                .sse_algorithm(ServerSideEncryption::from(encryption.sse_algorithm.as_str()))
                .set_kms_master_key_id(encryption.kms_master_key_id.clone())
                .build()
                .map_err(build_err)?;
            let rule = ServerSideEncryptionRule::builder()
                .apply_server_side_encryption_by_default(default)
                .bucket_key_enabled(encryption.bucket_key_enabled)
                .build();
            s3.put_bucket_encryption()
                .bucket(bucket)
                .server_side_encryption_configuration(
                    ServerSideEncryptionConfiguration::builder()
                        .rules(rule)
                        .build()
                        .map_err(build_err)?,
                )
                .send()
                .await
                .map_err(sdk("s3:PutBucketEncryption"))?;
        }
        "aws_s3_bucket_lifecycle_configuration" => {
            let lifecycle: planned::S3BucketLifecycle<String> = p.typed()?;
            let mut rules = Vec::new();
            for rule in &lifecycle.rules {
                let transitions: Vec<Transition> = rule
                    .transitions
                    .iter()
                    .map(|t| {
                        Transition::builder()
                            .days(i32::try_from(t.days).unwrap_or(i32::MAX))
                            .storage_class(TransitionStorageClass::from(t.storage_class.as_str()))
                            .build()
                    })
                    .collect();
                let mut b = LifecycleRule::builder()
                    .id(&rule.id)
                    .status(if rule.enabled { ExpirationStatus::Enabled } else { ExpirationStatus::Disabled })
                    .filter(LifecycleRuleFilter::builder().prefix("").build())
                    .set_transitions(if transitions.is_empty() { None } else { Some(transitions) });
                let days = |d: u32| i32::try_from(d).unwrap_or(i32::MAX);
                if let Some(d) = rule.expiration_days {
                    b = b.expiration(LifecycleExpiration::builder().days(days(d)).build());
                }
                if let Some(d) = rule.noncurrent_version_expiration_days {
                    b = b.noncurrent_version_expiration(NoncurrentVersionExpiration::builder().noncurrent_days(days(d)).build());
                }
                if let Some(d) = rule.abort_incomplete_multipart_upload_days {
                    b = b.abort_incomplete_multipart_upload(AbortIncompleteMultipartUpload::builder().days_after_initiation(days(d)).build());
                }
                rules.push(b.build().map_err(build_err)?);
            }
            s3.put_bucket_lifecycle_configuration()
                .bucket(bucket)
                .lifecycle_configuration(
                    BucketLifecycleConfiguration::builder()
                        .set_rules(Some(rules))
                        .build()
                        .map_err(build_err)?,
                )
                .send()
                .await
                .map_err(sdk("s3:PutBucketLifecycleConfiguration"))?;
        }
        "aws_s3_bucket_policy" => {
            s3.put_bucket_policy()
                .bucket(bucket)
                .policy(bucket_policy(ctx, &p.typed()?))
                .send()
                .await
                .map_err(sdk("s3:PutBucketPolicy"))?;
        }
        other => return Err(super::shared::unsupported(other)),
    }
    Ok(())
}

pub async fn create(ctx: &Ctx, r: &DesiredResource, p: &Props<'_>) -> Result<Live, AwsError> {
    match r.kind.as_str() {
        "aws_s3_bucket" => {
            let bucket = bucket_of("aws_s3_bucket", p)?;
            let bucket = bucket.as_str();
            let mut call = ctx.s3.create_bucket().bucket(bucket);
            // us-east-1 is the one region that takes no location constraint.
            if ctx.region != "us-east-1" {
                call = call.create_bucket_configuration(
                    aws_sdk_s3::types::CreateBucketConfiguration::builder()
                        .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(
                            ctx.region.as_str(),
                        ))
                        .build(),
                );
            }
            call.send().await.map_err(sdk("s3:CreateBucket"))?;
            put_tags(ctx, bucket, &r.tags).await?;
            read_bucket(ctx, bucket)
                .await?
                .map(|(l, _)| l)
                .ok_or_else(|| not_found("s3:HeadBucket", bucket))
        }
        kind => {
            put_config(ctx, kind, p).await?;
            read_config(ctx, kind, &bucket_of(kind, p)?)
                .await?
                .ok_or_else(|| not_found("s3:GetBucket*", "the configuration just put"))
        }
    }
}

pub async fn read(
    ctx: &Ctx,
    r: &DesiredResource,
    rs: &ResourceState,
) -> Result<Option<Live>, AwsError> {
    match r.kind.as_str() {
        "aws_s3_bucket" => Ok(read_bucket(ctx, &rs.id).await?.map(|(l, _)| l)),
        kind => match read_bucket(ctx, &rs.id).await? {
            Some(_) => read_config(ctx, kind, &rs.id).await,
            None => Ok(None),
        },
    }
}

pub async fn find(ctx: &Ctx, r: &DesiredResource, p: &Props<'_>) -> Result<Option<Live>, AwsError> {
    let bucket = bucket_of(&r.kind, p)?;
    let bucket = bucket.as_str();
    if bucket == crate::desired::UNKNOWN {
        return Ok(None);
    }
    match r.kind.as_str() {
        "aws_s3_bucket" => match read_bucket(ctx, bucket).await? {
            Some((live, tags)) => {
                if tags.keys().any(|k| k.starts_with("skyplan:")) {
                    check_owner(r, bucket, &tags)?;
                }
                Ok(Some(live))
            }
            None => Ok(None),
        },
        kind => match read_bucket(ctx, bucket).await? {
            Some(_) => read_config(ctx, kind, bucket).await,
            None => Ok(None),
        },
    }
}

pub async fn update(
    ctx: &Ctx,
    r: &DesiredResource,
    live: &Live,
    p: &Props<'_>,
    _fields: &[&str],
) -> Result<Live, AwsError> {
    match r.kind.as_str() {
        "aws_s3_bucket" => {
            put_tags(ctx, &live.id, &r.tags).await?;
            read_bucket(ctx, &live.id)
                .await?
                .map(|(l, _)| l)
                .ok_or_else(|| not_found("s3:HeadBucket", &live.id))
        }
        _ => create(ctx, r, p).await,
    }
}

pub async fn delete(
    ctx: &Ctx,
    kind: &str,
    rs: &ResourceState,
    _p: &Props<'_>,
) -> Result<(), AwsError> {
    let s3 = &ctx.s3;
    let bucket = rs.id.as_str();
    match kind {
        "aws_s3_bucket" => {
            // A bucket with objects (or versions) cannot be deleted; skyplan
            // never deletes data it did not write: the error says so.
            s3.delete_bucket()
                .bucket(bucket)
                .send()
                .await
                .map_err(sdk("s3:DeleteBucket"))?;
        }
        "aws_s3_bucket_public_access_block" => {
            s3.delete_public_access_block()
                .bucket(bucket)
                .send()
                .await
                .map_err(sdk("s3:DeletePublicAccessBlock"))?;
        }
        "aws_s3_bucket_ownership_controls" => {
            s3.delete_bucket_ownership_controls()
                .bucket(bucket)
                .send()
                .await
                .map_err(sdk("s3:DeleteBucketOwnershipControls"))?;
        }
        "aws_s3_bucket_versioning" => {
            // Versioning cannot be removed, only suspended; leaving it is what Terraform does too.
        }
        "aws_s3_bucket_server_side_encryption_configuration" => {
            s3.delete_bucket_encryption()
                .bucket(bucket)
                .send()
                .await
                .map_err(sdk("s3:DeleteBucketEncryption"))?;
        }
        "aws_s3_bucket_lifecycle_configuration" => {
            s3.delete_bucket_lifecycle()
                .bucket(bucket)
                .send()
                .await
                .map_err(sdk("s3:DeleteBucketLifecycle"))?;
        }
        "aws_s3_bucket_policy" => {
            s3.delete_bucket_policy()
                .bucket(bucket)
                .send()
                .await
                .map_err(sdk("s3:DeleteBucketPolicy"))?;
        }
        other => return Err(super::shared::unsupported(other)),
    }
    Ok(())
}
