//! An Auto Scaling group of instances from a launch template (IMDSv2 only,
//! encrypted gp3 root volume, no SSH: Session Manager instead), with
//! target-tracking policies on CPU and on ALB requests per target, and
//! scheduled actions for a part-time environment.

use super::shared::{common_variables, sg_rule_resources, sg_rules_variable, ModuleFiles};
use crate::dsl::*;

pub fn files() -> ModuleFiles {
    let main = File::new()
        .block(B::data("aws_partition", "current"))
        .block(B::data("aws_ssm_parameter", "ami").attr("name", var("ami_ssm_parameter")))
        .block(
            B::resource("aws_security_group", "this")
                .attr("name", tmpl("${var.name}-instances"))
                .attr("description", s("Instances: in from the plan's connections only"))
                .attr("vpc_id", var("vpc_id"))
                .attr("tags", tags_with_name(tmpl("${var.name}-instances"))),
        )
        .blocks(sg_rule_resources())
        .block(super::shared::assume_role_policy("assume", "ec2.amazonaws.com"))
        .block(
            B::resource("aws_iam_role", "this")
                .attr("name", tmpl("${var.name}-instance"))
                .attr("assume_role_policy", r("data.aws_iam_policy_document.assume.json"))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_iam_role_policy_attachment", "ssm")
                .comment("Session Manager replaces SSH: no port 22, no key pairs.")
                .attr("role", r("aws_iam_role.this.name"))
                .attr("policy_arn", tmpl("arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore")),
        )
        .block(
            B::resource("aws_iam_role_policy_attachment", "cloudwatch_agent")
                .comment("The CloudWatch agent publishes the memory and disk metrics the alarms watch.")
                .attr("role", r("aws_iam_role.this.name"))
                .attr("policy_arn", tmpl("arn:${data.aws_partition.current.partition}:iam::aws:policy/CloudWatchAgentServerPolicy")),
        )
        .block(super::shared::bucket_access_document("buckets", "kms_key_arns"))
        .block(
            B::resource("aws_iam_role_policy", "buckets")
                .comment("Least privilege: object access to the buckets the plan connects this tier to.")
                .attr("count", cond(eq(call("length", vec![var("s3_bucket_arns")]), num(0u64)), num(0u64), num(1u64)))
                .attr("name", s("plan-buckets"))
                .attr("role", r("aws_iam_role.this.id"))
                .attr("policy", r("data.aws_iam_policy_document.buckets.json")),
        )
        .block(
            B::resource("aws_iam_instance_profile", "this")
                .attr("name", tmpl("${var.name}-instance"))
                .attr("role", r("aws_iam_role.this.name"))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_launch_template", "this")
                .attr("name_prefix", tmpl("${var.name}-"))
                .attr("image_id", r("data.aws_ssm_parameter.ami.insecure_value"))
                .attr("instance_type", var("instance_type"))
                .attr("update_default_version", true)
                .attr("ebs_optimized", true)
                .block(B::new("iam_instance_profile").attr("arn", r("aws_iam_instance_profile.this.arn")))
                .block(
                    B::new("network_interfaces")
                        .attr("associate_public_ip_address", var("associate_public_ip_address"))
                        .attr("security_groups", list(vec![r("aws_security_group.this.id")]))
                        .attr("delete_on_termination", true),
                )
                .block(
                    B::new("metadata_options")
                        .comment("IMDSv2 only; a hop limit of 1 keeps the credentials away from containers.")
                        .attr("http_endpoint", s("enabled"))
                        .attr("http_tokens", s("required"))
                        .attr("http_put_response_hop_limit", num(1u64)),
                )
                .block(B::new("monitoring").attr("enabled", true))
                .block(
                    B::new("block_device_mappings").attr("device_name", s("/dev/xvda")).block(
                        B::new("ebs")
                            .comment("The AWS-managed EBS key: a customer key would need a grant to the Auto")
                            .comment("Scaling service-linked role before the first launch.")
                            .attr("volume_size", var("root_volume_gb"))
                            .attr("volume_type", s("gp3"))
                            .attr("encrypted", true)
                            .attr("delete_on_termination", true),
                    ),
                )
                .block(
                    B::new("tag_specifications").attr("resource_type", s("instance")).attr("tags", tags_with_name(var("name"))),
                )
                .block(B::new("tag_specifications").attr("resource_type", s("volume")).attr("tags", tags_with_name(var("name"))))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_autoscaling_group", "this")
                .attr("name", var("name"))
                .attr("min_size", var("min_size"))
                .attr("max_size", var("max_size"))
                .attr("desired_capacity", var("desired_capacity"))
                .attr("vpc_zone_identifier", var("subnet_ids"))
                .attr("target_group_arns", var("target_group_arns"))
                .attr(
                    "health_check_type",
                    cond(eq(call("length", vec![var("target_group_arns")]), num(0u64)), s("EC2"), s("ELB")),
                )
                .attr("health_check_grace_period", num(300u64))
                .block(
                    B::new("launch_template")
                        .attr("id", r("aws_launch_template.this.id"))
                        .attr("version", r("aws_launch_template.this.latest_version")),
                )
                .block(
                    B::new("instance_refresh")
                        .attr("strategy", s("Rolling"))
                        .block(B::new("preferences").attr("min_healthy_percentage", num(90u64))),
                )
                .block(B::new("tag").attr("key", s("Name")).attr("value", var("name")).attr("propagate_at_launch", true))
                .block(
                    B::new("dynamic").label("tag").attr("for_each", var("tags")).block(
                        B::new("content")
                            .attr("key", r("tag.key"))
                            .attr("value", r("tag.value"))
                            .attr("propagate_at_launch", true),
                    ),
                )
                .block(
                    B::new("lifecycle")
                        .comment("Scaling policies and scheduled actions move the desired capacity.")
                        .attr("ignore_changes", list(vec![r("desired_capacity")])),
                ),
        )
        .block(
            B::resource("aws_autoscaling_policy", "cpu")
                .attr("name", tmpl("${var.name}-cpu"))
                .attr("autoscaling_group_name", r("aws_autoscaling_group.this.name"))
                .attr("policy_type", s("TargetTrackingScaling"))
                .block(
                    B::new("target_tracking_configuration")
                        .attr("target_value", var("cpu_target_percent"))
                        .block(B::new("predefined_metric_specification").attr("predefined_metric_type", s("ASGAverageCPUUtilization"))),
                ),
        )
        .block(
            B::resource("aws_autoscaling_policy", "requests")
                .attr("count", cond(var("scale_on_requests"), num(1u64), num(0u64)))
                .attr("name", tmpl("${var.name}-requests"))
                .attr("autoscaling_group_name", r("aws_autoscaling_group.this.name"))
                .attr("policy_type", s("TargetTrackingScaling"))
                .block(
                    B::new("target_tracking_configuration").attr("target_value", var("requests_per_target")).block(
                        B::new("predefined_metric_specification")
                            .attr("predefined_metric_type", s("ALBRequestCountPerTarget"))
                            .attr("resource_label", var("request_count_label")),
                    ),
                ),
        )
        .block(schedule_action("start", var("min_size"), var("max_size"), var("desired_capacity")))
        .block(schedule_action("stop", num(0u64), num(0u64), num(0u64)));

    let variables = File::new()
        .blocks(common_variables())
        .block(variable("vpc_id", ty("string"), "VPC of the instances.", None))
        .block(variable("subnet_ids", list_of(ty("string")), "Subnets the group launches into.", None))
        .block(variable(
            "associate_public_ip_address",
            ty("bool"),
            "Whether instances get a public IP (only for a VPC without NAT gateways).",
            Some(false.into()),
        ))
        .block(variable("instance_type", ty("string"), "EC2 instance type.", None))
        .block(variable(
            "ami_ssm_parameter",
            ty("string"),
            "SSM parameter holding the AMI ID (Amazon Linux 2023 by default).",
            Some(s("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")),
        ))
        .block(variable("min_size", ty("number"), "Fewest instances.", None))
        .block(variable("desired_capacity", ty("number"), "Instances at launch and when the schedule starts the group.", None))
        .block(variable("max_size", ty("number"), "Most instances.", None))
        .block(variable("root_volume_gb", ty("number"), "gp3 root volume of each instance, GB.", None))
        .block(variable("target_group_arns", list_of(ty("string")), "Load balancer target groups to register with.", Some(list(vec![]))))
        .block(variable("cpu_target_percent", ty("number"), "Average CPU the group scales to keep.", Some(num(60u64))))
        .block(variable(
            "scale_on_requests",
            ty("bool"),
            "Whether to scale on ALB requests per target too (needs request_count_label).",
            Some(false.into()),
        ))
        .block(variable(
            "request_count_label",
            ty("string"),
            "ALB resource label (app/<lb>/<id>/targetgroup/<tg>/<id>) for request scaling.",
            Some(null()),
        ))
        .block(variable("requests_per_target", ty("number"), "Requests per target the group scales to keep.", Some(num(1000u64))))
        .block(variable(
            "schedule",
            object_of(vec![("start", ty("string")), ("stop", ty("string")), ("time_zone", ty("string"))]),
            "Part-time running: cron recurrences to start and stop the group; null runs it around the clock.",
            Some(null()),
        ))
        .block(sg_rules_variable("ingress", "Who may connect to the instances, by source name."))
        .block(sg_rules_variable("egress", "Where the instances may connect, by destination name."))
        .block(variable("s3_bucket_arns", list_of(ty("string")), "Buckets the instances read and write.", Some(list(vec![]))))
        .block(variable("kms_key_arns", list_of(ty("string")), "KMS keys of those buckets.", Some(list(vec![]))));

    let outputs = File::new()
        .block(output("asg_name", r("aws_autoscaling_group.this.name"), "Name of the Auto Scaling group."))
        .block(output("security_group_id", r("aws_security_group.this.id"), "Security group of the instances."))
        .block(output("role_arn", r("aws_iam_role.this.arn"), "IAM role of the instances."));

    ModuleFiles { main, variables, outputs }
}

fn schedule_action(which: &'static str, min: hcl::Expression, max: hcl::Expression, desired: hcl::Expression) -> B {
    let (name, recurrence) = match which {
        "start" => (tmpl("${var.name}-start"), r("var.schedule.start")),
        _ => (tmpl("${var.name}-stop"), r("var.schedule.stop")),
    };
    B::resource("aws_autoscaling_schedule", which)
        .attr("count", cond(eq(var("schedule"), null()), num(0u64), num(1u64)))
        .attr("scheduled_action_name", name)
        .attr("autoscaling_group_name", r("aws_autoscaling_group.this.name"))
        .attr("recurrence", recurrence)
        .attr("time_zone", r("var.schedule.time_zone"))
        .attr("min_size", min)
        .attr("max_size", max)
        .attr("desired_capacity", desired)
}
