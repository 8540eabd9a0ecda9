//! An Application Load Balancer: HTTPS listener with a TLS 1.2+ policy, HTTP
//! redirected to HTTPS, one target group, and its security group.

use super::shared::{common_variables, sg_rule_resources, sg_rules_variable, ModuleFiles};
use crate::dsl::*;

/// TLS 1.3 and 1.2 only, forward secrecy only: AWS's recommended policy.
pub const SSL_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

pub fn files() -> ModuleFiles {
    let listener_rule = |label: &'static str, port: u64, what: &'static str| {
        B::resource("aws_vpc_security_group_ingress_rule", label)
            .attr("for_each", call("toset", vec![var("ingress_cidr_blocks")]))
            .attr("security_group_id", r("aws_security_group.this.id"))
            .attr("description", s(what))
            .attr("ip_protocol", s("tcp"))
            .attr("from_port", num(port))
            .attr("to_port", num(port))
            .attr("cidr_ipv4", r("each.value"))
            .attr("tags", var("tags"))
    };
    let main = File::new()
        .block(
            B::data("aws_ec2_managed_prefix_list", "cloudfront")
                .attr("count", cond(var("allow_cloudfront"), num(1u64), num(0u64)))
                .attr("name", s("com.amazonaws.global.cloudfront.origin-facing")),
        )
        .block(
            B::resource("aws_security_group", "this")
                .attr("name", tmpl("${var.name}-alb"))
                .attr("description", s("Load balancer: HTTPS from its allowed sources, out to its targets only"))
                .attr("vpc_id", var("vpc_id"))
                .attr("tags", tags_with_name(tmpl("${var.name}-alb"))),
        )
        .block(
            listener_rule("https", 443, "HTTPS from the internet")
                .comment("checkov:skip=CKV_AWS_260:Port 443 only, and only for an internet-facing load balancer that no CloudFront fronts"),
        )
        .block(
            listener_rule("http", 80, "HTTP from the internet, answered with a redirect to HTTPS")
                .comment("checkov:skip=CKV_AWS_260:Port 80 only answers with a redirect to HTTPS"),
        )
        .block(
            B::resource("aws_vpc_security_group_ingress_rule", "cloudfront")
                .comment("Only 443: the CloudFront prefix list weighs ~55 rules, two would pass the")
                .comment("default quota of 60 rules per security group.")
                .attr("count", cond(var("allow_cloudfront"), num(1u64), num(0u64)))
                .attr("security_group_id", r("aws_security_group.this.id"))
                .attr("description", s("HTTPS from CloudFront origin-facing servers"))
                .attr("ip_protocol", s("tcp"))
                .attr("from_port", num(443u64))
                .attr("to_port", num(443u64))
                .attr("prefix_list_id", r("data.aws_ec2_managed_prefix_list.cloudfront[0].id"))
                .attr("tags", var("tags")),
        )
        .blocks(sg_rule_resources().into_iter().skip(1))
        .block(
            B::resource("aws_lb", "this")
                .attr("name", var("name"))
                .attr("internal", var("internal"))
                .attr("load_balancer_type", s("application"))
                .attr("security_groups", list(vec![r("aws_security_group.this.id")]))
                .attr("subnets", var("subnet_ids"))
                .attr("drop_invalid_header_fields", true)
                .attr("enable_deletion_protection", var("deletion_protection"))
                .block(
                    B::new("dynamic")
                        .label("access_logs")
                        .attr("for_each", cond(eq(var("access_logs_bucket"), null()), list(vec![]), list(vec![var("access_logs_bucket")])))
                        .block(
                            B::new("content")
                                .attr("bucket", r("access_logs.value"))
                                .attr("prefix", var("name"))
                                .attr("enabled", true),
                        ),
                )
                .attr("tags", tags_with_name(var("name"))),
        )
        .block(
            B::resource("aws_lb_target_group", "this")
                .comment("checkov:skip=CKV_AWS_378:TLS ends at the load balancer; targets sit in private subnets and accept only its security group")
                .attr("name", var("name"))
                .attr("port", var("target_port"))
                .attr("protocol", s("HTTP"))
                .attr("vpc_id", var("vpc_id"))
                .attr("target_type", var("target_type"))
                .attr("deregistration_delay", num(30u64))
                .block(
                    B::new("health_check")
                        .attr("path", var("health_check_path"))
                        .attr("matcher", s("200-399"))
                        .attr("interval", num(15u64))
                        .attr("healthy_threshold", num(2u64))
                        .attr("unhealthy_threshold", num(3u64)),
                )
                .attr("tags", tags_with_name(var("name"))),
        )
        .block(
            B::resource("aws_lb_listener", "https")
                .attr("load_balancer_arn", r("aws_lb.this.arn"))
                .attr("port", num(443u64))
                .attr("protocol", s("HTTPS"))
                .attr("ssl_policy", s(SSL_POLICY))
                .attr("certificate_arn", var("certificate_arn"))
                .block(B::new("default_action").attr("type", s("forward")).attr("target_group_arn", r("aws_lb_target_group.this.arn")))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_lb_listener", "http")
                .comment("checkov:skip=CKV_AWS_2:This listener only redirects to HTTPS")
                .comment("checkov:skip=CKV_AWS_103:This listener only redirects to HTTPS; the HTTPS listener has the TLS policy")
                .attr("load_balancer_arn", r("aws_lb.this.arn"))
                .attr("port", num(80u64))
                .attr("protocol", s("HTTP"))
                .block(
                    B::new("default_action").attr("type", s("redirect")).block(
                        B::new("redirect")
                            .attr("port", s("443"))
                            .attr("protocol", s("HTTPS"))
                            .attr("status_code", s("HTTP_301")),
                    ),
                )
                .attr("tags", var("tags")),
        );

    let variables = File::new()
        .blocks(common_variables())
        .block(variable("vpc_id", ty("string"), "VPC of the load balancer.", None))
        .block(variable("subnet_ids", list_of(ty("string")), "Subnets of the load balancer (public when internet-facing), in two AZs at least.", None))
        .block(variable("internal", ty("bool"), "Whether the load balancer is internal rather than internet-facing.", None))
        .block(
            variable("certificate_arn", ty("string"), "ARN of the ACM certificate the HTTPS listener presents.", None).block(
                B::new("validation")
                    .attr("condition", call("can", vec![call("regex", vec![s("^arn:aws[a-z-]*:acm:"), var("certificate_arn")])]))
                    .attr("error_message", s("certificate_arn must be the ARN of an ACM certificate (arn:aws:acm:...).")),
            ),
        )
        .block(variable(
            "ingress_cidr_blocks",
            list_of(ty("string")),
            "CIDR blocks allowed to reach the listeners (443, and 80 for the redirect).",
            Some(list(vec![])),
        ))
        .block(variable(
            "allow_cloudfront",
            ty("bool"),
            "Whether CloudFront's origin-facing servers may reach the HTTPS listener.",
            Some(false.into()),
        ))
        .block(sg_rules_variable("egress", "Where the load balancer may connect, by target name."))
        .block(variable("target_port", ty("number"), "Port the targets listen on.", Some(num(80u64))))
        .block(variable("target_type", ty("string"), "instance (Auto Scaling groups) or ip.", Some(s("instance"))))
        .block(variable("health_check_path", ty("string"), "Path of the targets' health check.", Some(s("/"))))
        .block(variable("deletion_protection", ty("bool"), "Whether the load balancer refuses deletion.", Some(true.into())))
        .block(variable(
            "access_logs_bucket",
            ty("string"),
            "S3 bucket for access logs (it must allow the region's ELB log delivery); null disables them.",
            Some(null()),
        ));

    let outputs = File::new()
        .block(output("arn", r("aws_lb.this.arn"), "ARN of the load balancer."))
        .block(output("arn_suffix", r("aws_lb.this.arn_suffix"), "ARN suffix of the load balancer, for CloudWatch dimensions."))
        .block(output("dns_name", r("aws_lb.this.dns_name"), "DNS name of the load balancer."))
        .block(output("zone_id", r("aws_lb.this.zone_id"), "Route 53 zone of the load balancer, for alias records."))
        .block(output("security_group_id", r("aws_security_group.this.id"), "Security group of the load balancer."))
        .block(output("target_group_arn", r("aws_lb_target_group.this.arn"), "ARN of the target group."))
        .block(output(
            "request_count_label",
            tmpl("${aws_lb.this.arn_suffix}/${aws_lb_target_group.this.arn_suffix}"),
            "Resource label for ALBRequestCountPerTarget scaling.",
        ));

    ModuleFiles { main, variables, outputs }
}
