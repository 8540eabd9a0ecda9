//! A WAFv2 web ACL with the plan's rules (rate limits per IP, AWS managed
//! rule groups), metrics and sampled requests, and logging to CloudWatch.

use super::shared::{common_variables, kms_variable, ModuleFiles};
use crate::dsl::*;

fn visibility(metric: hcl::Expression) -> B {
    B::new("visibility_config")
        .attr("cloudwatch_metrics_enabled", true)
        .attr("metric_name", metric)
        .attr("sampled_requests_enabled", true)
}

pub fn files() -> ModuleFiles {
    let main = File::new()
        .block(
            B::resource("aws_wafv2_web_acl", "this")
                .comment("checkov:skip=CKV_AWS_192:The web ACL has the plan's rules; add AWSManagedRulesKnownBadInputsRuleSet to them to block Log4j lookups")
                .attr("name", var("name"))
                .attr("description", tmpl("Web ACL of ${var.name}"))
                .attr("scope", var("scope"))
                .block(B::new("default_action").block(B::new("allow")))
                .block(
                    B::new("dynamic").label("rule").attr("for_each", var("rate_limit_rules")).block(
                        B::new("content")
                            .attr("name", r("rule.key"))
                            .attr("priority", r("rule.value.priority"))
                            .block(B::new("action").block(B::new("block")))
                            .block(
                                B::new("statement").block(
                                    B::new("rate_based_statement")
                                        .attr("limit", r("rule.value.limit"))
                                        .attr("aggregate_key_type", s("IP")),
                                ),
                            )
                            .block(visibility(r("rule.key"))),
                    ),
                )
                .block(
                    B::new("dynamic").label("rule").attr("for_each", var("managed_rules")).block(
                        B::new("content")
                            .attr("name", r("rule.key"))
                            .attr("priority", r("rule.value.priority"))
                            .block(B::new("override_action").block(B::new("none")))
                            .block(
                                B::new("statement").block(
                                    B::new("managed_rule_group_statement")
                                        .attr("name", r("rule.value.name"))
                                        .attr("vendor_name", s("AWS")),
                                ),
                            )
                            .block(visibility(r("rule.key"))),
                    ),
                )
                .block(visibility(var("name")))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_cloudwatch_log_group", "this")
                .comment("WAF only logs to groups whose name starts with aws-waf-logs-.")
                .attr("name", tmpl("aws-waf-logs-${var.name}"))
                .attr("retention_in_days", var("log_retention_days"))
                .attr("kms_key_id", var("kms_key_arn"))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_wafv2_web_acl_logging_configuration", "this")
                .attr("resource_arn", r("aws_wafv2_web_acl.this.arn"))
                .attr("log_destination_configs", list(vec![r("aws_cloudwatch_log_group.this.arn")])),
        )
        .block(
            B::resource("aws_wafv2_web_acl_association", "this")
                .comment("Regional ACLs attach here; a CloudFront distribution names its ACL itself.")
                .attr("for_each", var("associated_resource_arns"))
                .attr("resource_arn", r("each.value"))
                .attr("web_acl_arn", r("aws_wafv2_web_acl.this.arn")),
        );

    let variables = File::new()
        .blocks(common_variables())
        .block(
            variable("scope", ty("string"), "CLOUDFRONT (created in us-east-1) or REGIONAL.", None).block(
                B::new("validation")
                    .attr("condition", call("contains", vec![strings(&["CLOUDFRONT", "REGIONAL"]), var("scope")]))
                    .attr("error_message", s("scope must be CLOUDFRONT or REGIONAL.")),
            ),
        )
        .block(variable(
            "rate_limit_rules",
            map_of(object_of(vec![("priority", ty("number")), ("limit", ty("number"))])),
            "Rules blocking an IP that sends more than limit requests in 5 minutes, by rule name.",
            Some(obj(vec![])),
        ))
        .block(variable(
            "managed_rules",
            map_of(object_of(vec![("priority", ty("number")), ("name", ty("string"))])),
            "AWS managed rule groups, by rule name.",
            Some(obj(vec![])),
        ))
        .block(variable(
            "associated_resource_arns",
            map_of(ty("string")),
            "ARNs of the regional resources to protect (load balancers), by name.",
            Some(obj(vec![])),
        ))
        .block(variable("log_retention_days", ty("number"), "Days to keep the WAF logs.", Some(num(365u64))))
        .block(kms_variable());

    let outputs = File::new()
        .block(output("web_acl_arn", r("aws_wafv2_web_acl.this.arn"), "ARN of the web ACL."))
        .block(output("web_acl_id", r("aws_wafv2_web_acl.this.id"), "ID of the web ACL."));

    ModuleFiles { main, variables, outputs }
}
