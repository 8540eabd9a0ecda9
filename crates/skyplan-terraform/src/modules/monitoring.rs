//! CloudWatch: an encrypted SNS topic for alarms, the plan's alarms, an
//! application log group and, if the plan has dashboards, an alarm dashboard.

use super::shared::{common_variables, kms_variable, ModuleFiles};
use crate::dsl::*;
use hcl::expr::ForExpr;

pub fn files() -> ModuleFiles {
    let main = File::new()
        .block(
            B::resource("aws_sns_topic", "alarms")
                .attr("name", tmpl("${var.name}-alarms"))
                .attr("kms_master_key_id", call("coalesce", vec![var("kms_key_arn"), s("alias/aws/sns")]))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_sns_topic_subscription", "email")
                .attr("for_each", call("toset", vec![var("alarm_emails")]))
                .attr("topic_arn", r("aws_sns_topic.alarms.arn"))
                .attr("protocol", s("email"))
                .attr("endpoint", r("each.value")),
        )
        .block(
            B::resource("aws_cloudwatch_metric_alarm", "this")
                .attr("for_each", var("alarms"))
                .attr("alarm_name", tmpl("${var.name}-${each.key}"))
                .attr("alarm_description", r("each.value.description"))
                .attr("namespace", r("each.value.namespace"))
                .attr("metric_name", r("each.value.metric_name"))
                .attr("dimensions", r("each.value.dimensions"))
                .attr("statistic", s("Average"))
                .attr("period", num(300u64))
                .attr("evaluation_periods", num(3u64))
                .attr("threshold", r("each.value.threshold"))
                .attr("comparison_operator", s("GreaterThanOrEqualToThreshold"))
                .comment("A part-time environment sends no data while stopped: that is not an alarm.")
                .attr("treat_missing_data", s("notBreaching"))
                .attr("alarm_actions", list(vec![r("aws_sns_topic.alarms.arn")]))
                .attr("ok_actions", list(vec![r("aws_sns_topic.alarms.arn")]))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_cloudwatch_log_group", "application")
                .attr("name", tmpl("/${var.name}/application"))
                .attr("retention_in_days", var("log_retention_days"))
                .attr("kms_key_id", var("kms_key_arn"))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_cloudwatch_dashboard", "this")
                .attr("count", cond(var("dashboard"), num(1u64), num(0u64)))
                .attr("dashboard_name", var("name"))
                .attr(
                    "dashboard_body",
                    call(
                        "jsonencode",
                        vec![obj(vec![(
                            "widgets",
                            list(vec![obj(vec![
                                ("type", s("alarm")),
                                ("x", num(0u64)),
                                ("y", num(0u64)),
                                ("width", num(24u64)),
                                ("height", num(6u64)),
                                (
                                    "properties",
                                    obj(vec![
                                        ("title", s("Alarms")),
                                        (
                                            "alarms",
                                            hcl::Expression::from(ForExpr::new(id("alarm"), r("aws_cloudwatch_metric_alarm.this"), r("alarm.arn"))),
                                        ),
                                    ]),
                                ),
                            ])]),
                        )])],
                    ),
                ),
        );

    let variables = File::new()
        .blocks(common_variables())
        .block(variable(
            "alarms",
            map_of(object_of(vec![
                ("description", ty("string")),
                ("namespace", ty("string")),
                ("metric_name", ty("string")),
                ("dimensions", map_of(ty("string"))),
                ("threshold", ty("number")),
            ])),
            "Alarms by name: metric, dimensions and the threshold (percent) at or above which they fire.",
            Some(obj(vec![])),
        ))
        .block(variable("alarm_emails", list_of(ty("string")), "Email addresses subscribed to the alarm topic.", Some(list(vec![]))))
        .block(variable("log_retention_days", ty("number"), "Days to keep application logs.", Some(num(365u64))))
        .block(variable("dashboard", ty("bool"), "Whether to create a dashboard of the alarms.", Some(false.into())))
        .block(kms_variable());

    let outputs = File::new()
        .block(output("alarm_topic_arn", r("aws_sns_topic.alarms.arn"), "SNS topic the alarms notify."))
        .block(output("log_group_name", r("aws_cloudwatch_log_group.application.name"), "Application log group."));

    ModuleFiles { main, variables, outputs }
}
