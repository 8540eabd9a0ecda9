//! The AWS resources a s3 component implies, as the Terraform export's module makes them.

use super::BundleKind;
use crate::ctx::*;
use skyplan_core::kinds::S3Bucket as Settings;
use crate::address::{Address, Ref};
use crate::names;
use crate::resources::*;
use skyplan_core::model::{
    BucketEncryption, ComponentView, Spec,
};

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, _network: Option<&Network>) {
        let bucket = self;
        let id = component.id.as_str();
        let bucket_name = names::bucket_name(&bucket.bucket, &ctx.env.name);
        let this = ctx.add(
            new(
                &Address::new(id, "aws_s3_bucket", "this"),
                Properties::S3Bucket(S3Bucket { bucket: bucket_name.clone() }),
            )
            .named(&bucket_name),
        );
        let public_access = ctx.add(new(
            &Address::new(id, "aws_s3_bucket_public_access_block", "this"),
            Properties::S3BucketPublicAccessBlock(S3BucketPublicAccessBlock {
                bucket: Ref::id(&this),
                block_public_acls: true,
                block_public_policy: true,
                ignore_public_acls: true,
                restrict_public_buckets: true,
            }),
        ));
        ctx.add(new(
            &Address::new(id, "aws_s3_bucket_ownership_controls", "this"),
            Properties::S3BucketOwnershipControls(S3BucketOwnershipControls {
                bucket: Ref::id(&this),
                object_ownership: "BucketOwnerEnforced".into(),
            }),
        ));
        let versioning = ctx.add(new(
            &Address::new(id, "aws_s3_bucket_versioning", "this"),
            Properties::S3BucketVersioning(S3BucketVersioning {
                bucket: Ref::id(&this),
                status: if bucket.versioning { "Enabled" } else { "Disabled" }.into(),
            }),
        ));
        let kms = bucket.encryption == BucketEncryption::SseKms;
        ctx.add(new(
            &Address::new(id, "aws_s3_bucket_server_side_encryption_configuration", "this"),
            Properties::S3BucketEncryption(S3BucketEncryption {
                bucket: Ref::id(&this),
                sse_algorithm: if kms { "aws:kms" } else { "AES256" }.into(),
                kms_master_key_id: if kms { ctx.key("data") } else { None },
                // Bucket keys cut the KMS requests (and their cost) of SSE-KMS.
                bucket_key_enabled: kms,
            }),
        ));
        ctx.add(
            new(
                &Address::new(id, "aws_s3_bucket_lifecycle_configuration", "this"),
                Properties::S3BucketLifecycle(S3BucketLifecycle {
                    bucket: Ref::id(&this),
                    rules: vec![
                        LifecycleRule {
                            id: "plan-lifecycle".into(),
                            enabled: true,
                            transitions: bucket
                                .lifecycle
                                .transitions
                                .iter()
                                .map(|t| LifecycleTransition {
                                    days: t.after_days,
                                    storage_class: names::storage_class(t.storage_class).into(),
                                })
                                .collect(),
                            expiration_days: bucket.lifecycle.expire_after_days,
                            noncurrent_version_expiration_days: bucket.versioning.then_some(NONCURRENT_VERSION_DAYS),
                            abort_incomplete_multipart_upload_days: None,
                        },
                        LifecycleRule {
                            id: "abort-incomplete-uploads".into(),
                            enabled: true,
                            transitions: Vec::new(),
                            expiration_days: None,
                            noncurrent_version_expiration_days: None,
                            abort_incomplete_multipart_upload_days: Some(7),
                        },
                    ],
                }),
            )
            .after(&versioning),
        );
        let readers: Vec<Ref> = ctx
            .env
            .components
            .iter()
            .filter(|c| matches!(&c.spec, Spec::Cloudfront(cdn) if cdn.origins.iter().any(|o| o == id)))
            .map(|c| Ref::arn(&Address::new(&c.id, "aws_cloudfront_distribution", "this")))
            .collect();
        let optional = !readers.is_empty();
        ctx.add(
            new(
                &Address::new(id, "aws_s3_bucket_policy", "this"),
                Properties::S3BucketPolicy(S3BucketPolicy {
                    bucket: Ref::id(&this),
                    deny_insecure_transport: true,
                    cloudfront_readers: readers,
                }),
            )
            .after(&public_access)
            .optional(optional),
        );
    }
}

/// Days a replaced object version is kept (the export's `noncurrent_version_days`).
const NONCURRENT_VERSION_DAYS: u32 = 90;

