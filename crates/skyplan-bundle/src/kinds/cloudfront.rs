//! The AWS resources a cloudfront component implies, as the Terraform export's module makes them.

use super::BundleKind;
use crate::ctx::*;
use skyplan_core::kinds::CloudFront as Settings;
use crate::address::{Address, ApplyValue, Attribute, Ref};
use crate::names;
use crate::resources::*;
use skyplan_core::aws::Geography;
use skyplan_core::aws::OriginKind;
use skyplan_core::model::{
    ComponentView, Spec, WafScope,
};
use std::collections::BTreeSet;

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, _network: Option<&Network>) {
        let cdn = self;
        let id = component.id.as_str();
        let name = ctx.name(id, component.spec.kind().max_name_length());
        let geographies: BTreeSet<Geography> = cdn
            .data_out_gb
            .keys()
            .chain(cdn.https_requests.keys())
            .chain(cdn.http_requests.keys())
            .copied()
            .collect();
        let mut present: Vec<&ComponentView> = Vec::new();
        for origin in &cdn.origins {
            match ctx.component(origin) {
                Some(found) => present.push(found),
                None => ctx.note(format!("{id}: origin {origin} is left out of this environment")),
            }
        }
        let Some(default_origin) = present.first().map(|c| c.id.clone()) else {
            ctx.note(format!("{id}: no origin in this environment, so no distribution"));
            return;
        };
        let access_control = present.iter().any(|c| c.spec.kind().origin() == Some(OriginKind::Bucket)).then(|| {
            ctx.add(
                new(
                    &Address::new(id, "aws_cloudfront_origin_access_control", "s3"),
                    Properties::CloudFrontOriginAccessControl(CloudFrontOriginAccessControl {
                        name: name.clone(),
                        description: "CloudFront signs its requests to the S3 origins".into(),
                        origin_type: "s3".into(),
                        signing_behavior: "always".into(),
                        signing_protocol: "sigv4".into(),
                    }),
                )
                .optional(true),
            )
        });
        let origins = present
            .iter()
            .map(|origin| match (origin.spec.kind().origin(), &access_control) {
                (Some(OriginKind::Bucket), Some(oac)) => CloudFrontOrigin::S3 {
                    origin_id: origin.id.clone(),
                    domain_name: Ref::new(&Address::new(&origin.id, "aws_s3_bucket", "this"), Attribute::BucketRegionalDomainName),
                    origin_access_control_id: Ref::id(oac),
                },
                _ => CloudFrontOrigin::LoadBalancer {
                    origin_id: origin.id.clone(),
                    domain_name: ApplyValue::Input {
                        name: format!("origin_domain.{}", origin.id),
                        description: format!("DNS name of {} that its load balancer's certificate covers", origin.id),
                    },
                },
            })
            .collect();
        let web_acl = ctx
            .env
            .components
            .iter()
            .find(|c| matches!(&c.spec, Spec::Waf(w) if w.scope == WafScope::Cloudfront))
            .map(|c| Ref::arn(&Address::new(&c.id, "aws_wafv2_web_acl", "this")));
        ctx.add(
            new(
                &Address::new(id, "aws_cloudfront_distribution", "this"),
                Properties::CloudFrontDistribution(CloudFrontDistribution {
                    comment: name.clone(),
                    price_class: names::price_class(&geographies).into(),
                    web_acl_arn: web_acl,
                    origins,
                    default_origin_id: default_origin,
                    http_version: "http2and3".into(),
                    is_ipv6_enabled: true,
                    viewer_protocol_policy: "redirect-to-https".into(),
                }),
            )
            .named(&name)
            .optional(true),
        );
    }
}

