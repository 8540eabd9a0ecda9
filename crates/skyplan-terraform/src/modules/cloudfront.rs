//! A CloudFront distribution over the plan's origins: S3 buckets through
//! origin access control, load balancers over HTTPS only; HTTPS for viewers,
//! security headers, the web ACL attached.

use super::shared::{common_variables, ModuleFiles};
use crate::dsl::*;
use hcl::expr::BinaryOperator;

const ALL_METHODS: &[&str] = &["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
const READ_METHODS: &[&str] = &["GET", "HEAD", "OPTIONS"];

fn behavior(kind: &'static str, origin_is_alb: hcl::Expression, origin: hcl::Expression) -> B {
    B::new(kind)
        .attr("target_origin_id", origin)
        .attr("viewer_protocol_policy", s("redirect-to-https"))
        .attr("allowed_methods", cond(origin_is_alb.clone(), strings(ALL_METHODS), strings(READ_METHODS)))
        .attr("cached_methods", strings(&["GET", "HEAD"]))
        .attr("compress", true)
        .comment("Dynamic content from a load balancer is not cached and gets the viewer's headers.")
        .attr(
            "cache_policy_id",
            cond(origin_is_alb.clone(), r("data.aws_cloudfront_cache_policy.disabled.id"), r("data.aws_cloudfront_cache_policy.optimized.id")),
        )
        .attr("origin_request_policy_id", cond(origin_is_alb, r("data.aws_cloudfront_origin_request_policy.all_viewer.id"), null()))
        .attr("response_headers_policy_id", r("aws_cloudfront_response_headers_policy.security.id"))
}

pub fn files() -> ModuleFiles {
    let default_is_alb = || call("contains", vec![call("keys", vec![var("alb_origins")]), var("default_origin")]);
    let with_certificate = || ne(var("acm_certificate_arn"), null());
    let main = File::new()
        .block(B::data("aws_cloudfront_cache_policy", "optimized").attr("name", s("Managed-CachingOptimized")))
        .block(B::data("aws_cloudfront_cache_policy", "disabled").attr("name", s("Managed-CachingDisabled")))
        .block(B::data("aws_cloudfront_origin_request_policy", "all_viewer").attr("name", s("Managed-AllViewerExceptHostHeader")))
        .block(
            B::resource("aws_cloudfront_origin_access_control", "s3")
                .attr("count", cond(bin(call("length", vec![var("s3_origins")]), BinaryOperator::Greater, num(0u64)), num(1u64), num(0u64)))
                .attr("name", var("name"))
                .attr("description", s("CloudFront signs its requests to the S3 origins"))
                .attr("origin_access_control_origin_type", s("s3"))
                .attr("signing_behavior", s("always"))
                .attr("signing_protocol", s("sigv4")),
        )
        .block(
            B::resource("aws_cloudfront_response_headers_policy", "security")
                .attr("name", tmpl("${var.name}-security-headers"))
                .block(
                    B::new("security_headers_config")
                        .block(
                            B::new("strict_transport_security")
                                .attr("access_control_max_age_sec", num(31_536_000u64))
                                .attr("include_subdomains", true)
                                .attr("preload", true)
                                .attr("override", true),
                        )
                        .block(B::new("content_type_options").attr("override", true))
                        .block(B::new("frame_options").attr("frame_option", s("DENY")).attr("override", true))
                        .block(
                            B::new("referrer_policy")
                                .attr("referrer_policy", s("strict-origin-when-cross-origin"))
                                .attr("override", true),
                        )
                        .block(B::new("xss_protection").attr("protection", true).attr("mode_block", true).attr("override", true)),
                ),
        )
        .block(
            B::resource("aws_cloudfront_distribution", "this")
                .comment("checkov:skip=CKV_AWS_86:Standard logging needs an ACL-enabled log bucket the plan does not have; see README.md")
                .comment("checkov:skip=CKV_AWS_310:Origin failover needs a second origin of the same content, which the plan does not have")
                .comment("checkov:skip=CKV2_AWS_47:The web ACL has the plan's rules; add AWSManagedRulesKnownBadInputsRuleSet to them to block Log4j lookups")
                .comment("checkov:skip=CKV_AWS_374:The plan serves viewers in every geography it lists; restrict with geo_restriction if needed")
                .attr("enabled", true)
                .attr("is_ipv6_enabled", true)
                .attr("http_version", s("http2and3"))
                .attr("comment", var("name"))
                .attr("price_class", var("price_class"))
                .attr("web_acl_id", var("web_acl_arn"))
                .attr("default_root_object", cond(default_is_alb(), null(), s("index.html")))
                .attr("aliases", var("aliases"))
                .block(
                    B::new("dynamic").label("origin").attr("for_each", var("s3_origins")).block(
                        B::new("content")
                            .attr("origin_id", r("origin.key"))
                            .attr("domain_name", r("origin.value"))
                            .attr("origin_access_control_id", r("aws_cloudfront_origin_access_control.s3[0].id")),
                    ),
                )
                .block(
                    B::new("dynamic").label("origin").attr("for_each", var("alb_origins")).block(
                        B::new("content")
                            .attr("origin_id", r("origin.key"))
                            .attr("domain_name", r("origin.value"))
                            .block(
                                B::new("custom_origin_config")
                                    .attr("http_port", num(80u64))
                                    .attr("https_port", num(443u64))
                                    .attr("origin_protocol_policy", s("https-only"))
                                    .attr("origin_ssl_protocols", strings(&["TLSv1.2"])),
                            ),
                    ),
                )
                .block(behavior("default_cache_behavior", default_is_alb(), var("default_origin")))
                .block(
                    B::new("dynamic")
                        .label("ordered_cache_behavior")
                        .comment("Every other origin serves /<origin>/*.")
                        .attr(
                            "for_each",
                            hcl::Expression::from(
                                hcl::expr::ForExpr::new(id("origin"), call("concat", vec![call("keys", vec![var("s3_origins")]), call("keys", vec![var("alb_origins")])]), r("origin"))
                                    .with_cond_expr(ne(r("origin"), var("default_origin"))),
                            ),
                        )
                        .block(
                            behavior(
                                "content",
                                call("contains", vec![call("keys", vec![var("alb_origins")]), r("ordered_cache_behavior.value")]),
                                r("ordered_cache_behavior.value"),
                            )
                            .attr("path_pattern", tmpl("/${ordered_cache_behavior.value}/*")),
                        ),
                )
                .block(B::new("restrictions").block(B::new("geo_restriction").attr("restriction_type", s("none"))))
                .block(
                    B::new("viewer_certificate")
                        .comment("With a certificate of your own: SNI and TLS 1.2 at least.")
                        .attr("cloudfront_default_certificate", eq(var("acm_certificate_arn"), null()))
                        .attr("acm_certificate_arn", var("acm_certificate_arn"))
                        .attr("ssl_support_method", cond(with_certificate(), s("sni-only"), null()))
                        .attr("minimum_protocol_version", cond(with_certificate(), s("TLSv1.2_2021"), s("TLSv1"))),
                )
                .attr("tags", tags_with_name(var("name"))),
        );

    let variables = File::new()
        .blocks(common_variables())
        .block(variable("s3_origins", map_of(ty("string")), "S3 origins: origin id to bucket regional domain name.", Some(obj(vec![]))))
        .block(variable(
            "alb_origins",
            map_of(ty("string")),
            "Load balancer origins: origin id to a DNS name that the load balancer's certificate covers.",
            Some(obj(vec![])),
        ))
        .block(variable("default_origin", ty("string"), "Origin id of the default behavior.", None))
        .block(variable("price_class", ty("string"), "PriceClass_100, PriceClass_200 or PriceClass_All.", Some(s("PriceClass_All"))))
        .block(variable("web_acl_arn", ty("string"), "ARN of the WAF web ACL (scope CLOUDFRONT); null for none.", Some(null())))
        .block(variable(
            "acm_certificate_arn",
            ty("string"),
            "ACM certificate in us-east-1 for the aliases; null uses the cloudfront.net certificate.",
            Some(null()),
        ))
        .block(variable("aliases", list_of(ty("string")), "Domain names the distribution answers to (need acm_certificate_arn).", Some(list(vec![]))));

    let outputs = File::new()
        .block(output("distribution_arn", r("aws_cloudfront_distribution.this.arn"), "ARN of the distribution."))
        .block(output("distribution_id", r("aws_cloudfront_distribution.this.id"), "ID of the distribution."))
        .block(output("domain_name", r("aws_cloudfront_distribution.this.domain_name"), "Domain name of the distribution."));

    ModuleFiles { main, variables, outputs }
}
