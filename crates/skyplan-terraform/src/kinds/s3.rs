//! The s3 component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::names::{bucket_name, storage_class};
use crate::ExportError;
use hcl::Expression;
use skyplan_core::model::{
    BucketEncryption, ComponentView, Spec,
};
use skyplan_core::kinds::S3Bucket;

const OWN_MODULE: Module = Module { dir: "s3", files: crate::modules::s3::files };

impl TerraformKind for S3Bucket {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let bucket = self;
        let kms = ctx.kms_ident().is_some();
        let sse = match bucket.encryption {
            BucketEncryption::SseS3 => "AES256",
            BucketEncryption::SseKms => "aws:kms",
        };
        let transitions = list(
            bucket
                .lifecycle
                .transitions
                .iter()
                .map(|t| obj(vec![("days", num(t.after_days)), ("storage_class", s(storage_class(t.storage_class)))]))
                .collect(),
        );
        let ty_expr = object_of(vec![
            ("bucket", ty("string")),
            ("versioning", ty("bool")),
            ("sse_algorithm", ty("string")),
            ("transitions", list_of(object_of(vec![("days", ty("number")), ("storage_class", ty("string"))]))),
            ("expire_after_days", ty("number")),
        ]);
        let value = obj(vec![
            ("bucket", s(bucket_name(&bucket.bucket, &ctx.env.name))),
            ("versioning", boolean(bucket.versioning)),
            ("sse_algorithm", s(sse)),
            ("transitions", transitions),
            ("expire_after_days", bucket.lifecycle.expire_after_days.map(num).unwrap_or(Expression::Null)),
        ]);
        let distributions: Vec<Expression> = ctx
            .env
            .components
            .iter()
            .filter(|c| matches!(&c.spec, Spec::Cloudfront(cdn) if cdn.origins.contains(&component.id)))
            .map(|c| module_out(ctx.ident(&c.id), "distribution_arn"))
            .collect();
        let mut module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length()));
        for field in ["bucket", "versioning", "sse_algorithm", "transitions", "expire_after_days"] {
            module = module.attr(field, setting(ctx, component, field));
        }
        module = module
            .attr("kms_key_arn", if bucket.encryption == BucketEncryption::SseKms && kms { ctx.key("data") } else { null() })
            .attr("cloudfront_distribution_arns", list(distributions));
        Ok(Part {
            module: Some(module),
            variable: Some((ty_expr, describe(component), value)),
            outputs: vec![out(ctx, component, "bucket_id", "Name of the bucket.")],
        })
    }
}

