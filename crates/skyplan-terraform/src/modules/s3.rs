//! An S3 bucket: public access blocked, ACLs disabled, versioning, default
//! encryption (SSE-S3 or SSE-KMS), TLS-only bucket policy, read access for
//! the CloudFront distributions that front it, and lifecycle rules.

use super::shared::{common_variables, kms_variable, ModuleFiles};
use crate::dsl::*;

pub fn files() -> ModuleFiles {
    let main = File::new()
        .block(
            B::resource("aws_s3_bucket", "this")
                .comment("checkov:skip=CKV_AWS_18:Server access logs need a log bucket the plan does not have; add one with aws_s3_bucket_logging")
                .comment("checkov:skip=CKV_AWS_144:Cross-region replication needs a second region the plan does not have")
                .comment("checkov:skip=CKV2_AWS_62:Nothing in the plan consumes bucket events")
                .attr("bucket", var("bucket"))
                .attr("tags", tags_with_name(var("bucket"))),
        )
        .block(
            B::resource("aws_s3_bucket_public_access_block", "this")
                .attr("bucket", r("aws_s3_bucket.this.id"))
                .attr("block_public_acls", true)
                .attr("block_public_policy", true)
                .attr("ignore_public_acls", true)
                .attr("restrict_public_buckets", true),
        )
        .block(
            B::resource("aws_s3_bucket_ownership_controls", "this")
                .attr("bucket", r("aws_s3_bucket.this.id"))
                .block(B::new("rule").attr("object_ownership", s("BucketOwnerEnforced"))),
        )
        .block(
            B::resource("aws_s3_bucket_versioning", "this")
                .attr("bucket", r("aws_s3_bucket.this.id"))
                .block(
                    B::new("versioning_configuration")
                        .attr("status", cond(var("versioning"), s("Enabled"), s("Disabled"))),
                ),
        )
        .block(
            B::resource("aws_s3_bucket_server_side_encryption_configuration", "this")
                .attr("bucket", r("aws_s3_bucket.this.id"))
                .block(
                    B::new("rule")
                        .block(
                            B::new("apply_server_side_encryption_by_default")
                                .attr("sse_algorithm", var("sse_algorithm"))
                                .attr("kms_master_key_id", var("kms_key_arn")),
                        )
                        .comment("Bucket keys cut the KMS requests (and their cost) of SSE-KMS.")
                        .attr("bucket_key_enabled", eq(var("sse_algorithm"), s("aws:kms"))),
                ),
        )
        .block(
            B::resource("aws_s3_bucket_lifecycle_configuration", "this")
                .attr("bucket", r("aws_s3_bucket.this.id"))
                .block(
                    B::new("rule")
                        .attr("id", s("plan-lifecycle"))
                        .attr("status", s("Enabled"))
                        .block(B::new("filter"))
                        .block(
                            B::new("dynamic").label("transition").attr("for_each", var("transitions")).block(
                                B::new("content")
                                    .attr("days", r("transition.value.days"))
                                    .attr("storage_class", r("transition.value.storage_class")),
                            ),
                        )
                        .block(
                            B::new("dynamic")
                                .label("expiration")
                                .attr(
                                    "for_each",
                                    cond(eq(var("expire_after_days"), null()), list(vec![]), list(vec![var("expire_after_days")])),
                                )
                                .block(B::new("content").attr("days", r("expiration.value"))),
                        )
                        .block(
                            B::new("dynamic")
                                .label("noncurrent_version_expiration")
                                .attr("for_each", cond(var("versioning"), list(vec![var("noncurrent_version_days")]), list(vec![])))
                                .block(B::new("content").attr("noncurrent_days", r("noncurrent_version_expiration.value"))),
                        ),
                )
                .block(
                    B::new("rule")
                        .attr("id", s("abort-incomplete-uploads"))
                        .attr("status", s("Enabled"))
                        .block(B::new("filter"))
                        .block(B::new("abort_incomplete_multipart_upload").attr("days_after_initiation", num(7u64))),
                )
                .attr("depends_on", list(vec![r("aws_s3_bucket_versioning.this")])),
        )
        .block(
            B::data("aws_iam_policy_document", "this")
                .block(
                    B::new("statement")
                        .attr("sid", s("DenyInsecureTransport"))
                        .attr("effect", s("Deny"))
                        .attr("actions", strings(&["s3:*"]))
                        .attr("resources", list(vec![r("aws_s3_bucket.this.arn"), tmpl("${aws_s3_bucket.this.arn}/*")]))
                        .block(B::new("principals").attr("type", s("*")).attr("identifiers", strings(&["*"])))
                        .block(
                            B::new("condition")
                                .attr("test", s("Bool"))
                                .attr("variable", s("aws:SecureTransport"))
                                .attr("values", strings(&["false"])),
                        ),
                )
                .block(
                    B::new("dynamic")
                        .label("statement")
                        .attr(
                            "for_each",
                            cond(eq(call("length", vec![var("cloudfront_distribution_arns")]), num(0u64)), list(vec![]), list(vec![num(1u64)])),
                        )
                        .block(
                            B::new("content")
                                .attr("sid", s("CloudFrontReadsObjects"))
                                .attr("actions", strings(&["s3:GetObject"]))
                                .attr("resources", list(vec![tmpl("${aws_s3_bucket.this.arn}/*")]))
                                .block(
                                    B::new("principals")
                                        .attr("type", s("Service"))
                                        .attr("identifiers", strings(&["cloudfront.amazonaws.com"])),
                                )
                                .block(
                                    B::new("condition")
                                        .attr("test", s("StringEquals"))
                                        .attr("variable", s("AWS:SourceArn"))
                                        .attr("values", var("cloudfront_distribution_arns")),
                                ),
                        ),
                ),
        )
        .block(
            B::resource("aws_s3_bucket_policy", "this")
                .attr("bucket", r("aws_s3_bucket.this.id"))
                .attr("policy", r("data.aws_iam_policy_document.this.json"))
                .attr("depends_on", list(vec![r("aws_s3_bucket_public_access_block.this")])),
        );

    let variables = File::new()
        .blocks(common_variables())
        .block(variable("bucket", ty("string"), "Name of the bucket (globally unique).", None))
        .block(variable("versioning", ty("bool"), "Whether the bucket keeps object versions.", Some(true.into())))
        .block(variable(
            "noncurrent_version_days",
            ty("number"),
            "Days a replaced object version is kept when versioning is on.",
            Some(num(90u64)),
        ))
        .block(
            variable("sse_algorithm", ty("string"), "AES256 (SSE-S3) or aws:kms (SSE-KMS).", Some(s("AES256"))).block(
                B::new("validation")
                    .attr("condition", call("contains", vec![strings(&["AES256", "aws:kms"]), var("sse_algorithm")]))
                    .attr("error_message", s("sse_algorithm must be AES256 or aws:kms.")),
            ),
        )
        .block(variable(
            "transitions",
            list_of(object_of(vec![("days", ty("number")), ("storage_class", ty("string"))])),
            "Lifecycle transitions: days after creation and the storage class to move to.",
            Some(list(vec![])),
        ))
        .block(variable("expire_after_days", ty("number"), "Days after creation objects expire; null keeps them.", Some(null())))
        .block(variable(
            "cloudfront_distribution_arns",
            list_of(ty("string")),
            "CloudFront distributions (with origin access control) allowed to read objects.",
            Some(list(vec![])),
        ))
        .block(kms_variable());

    let outputs = File::new()
        .block(output("bucket_id", r("aws_s3_bucket.this.id"), "Name of the bucket."))
        .block(output("bucket_arn", r("aws_s3_bucket.this.arn"), "ARN of the bucket."))
        .block(output(
            "bucket_regional_domain_name",
            r("aws_s3_bucket.this.bucket_regional_domain_name"),
            "Regional domain name, for CloudFront origins.",
        ));

    ModuleFiles { main, variables, outputs }
}
