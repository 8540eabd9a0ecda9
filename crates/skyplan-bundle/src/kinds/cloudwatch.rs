//! The AWS resources a cloudwatch component implies, as the Terraform export's module makes them.

use super::BundleKind;
use crate::ctx::*;
use skyplan_core::kinds::CloudWatch as Settings;
use crate::address::{Address, Ref};
use crate::resources::*;
use skyplan_core::aws::MetricSource;
use skyplan_core::model::{
    AlarmMetric, ComponentView,
};
use std::collections::BTreeMap;

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, _network: Option<&Network>) {
        let cw = self;
        let id = component.id.as_str();
        let name = ctx.name(id, component.spec.kind().max_name_length());
        let topic = ctx.add(new(
            &Address::new(id, "aws_sns_topic", "alarms"),
            Properties::SnsTopic(SnsTopic {
                name: format!("{name}-alarms"),
                kms_master_key_id: ctx.key("logs"),
            }),
        ));
        for alarm in &cw.alarms {
            for target_id in &alarm.targets {
                let Some(target) = ctx.component(target_id) else { continue };
                let ident = ctx.ident(target_id);
                let (metric_key, label) = match alarm.metric {
                    AlarmMetric::CpuUtilization => ("cpu", "CPU"),
                    AlarmMetric::MemoryUtilization => ("memory", "memory"),
                    AlarmMetric::DiskUtilization => ("disk", "disk"),
                };
                let found = target.spec.kind().alarm_metric(alarm.metric).zip(super::alarm_dimension(&target.spec, target_id));
                let Some((MetricSource { namespace, metric_name, dimension }, value)) = found else {
                    ctx.note(format!(
                        "{id}: no {label} alarm for {target_id}: {} publishes no {label} percentage",
                        target.spec.kind().label()
                    ));
                    continue;
                };
                let key = format!("{ident}_{metric_key}");
                ctx.add(new(
                    &Address::keyed(id, "aws_cloudwatch_metric_alarm", "this", &key),
                    Properties::CloudWatchMetricAlarm(CloudWatchMetricAlarm {
                        alarm_name: format!("{name}-{key}"),
                        alarm_description: format!("{label} of {} at or above {} %", target.name, alarm.threshold_percent),
                        namespace: namespace.into(),
                        metric_name: metric_name.into(),
                        dimensions: BTreeMap::from([(dimension.to_string(), value)]),
                        statistic: "Average".into(),
                        period_seconds: 300,
                        evaluation_periods: 3,
                        threshold: u32::from(alarm.threshold_percent),
                        comparison_operator: "GreaterThanOrEqualToThreshold".into(),
                        // A part-time environment sends no data while stopped: that is not an alarm.
                        treat_missing_data: "notBreaching".into(),
                        alarm_actions: vec![Ref::arn(&topic)],
                        ok_actions: vec![Ref::arn(&topic)],
                    }),
                ));
            }
        }
        if cw.custom_metrics > 0 {
            ctx.note(format!(
                "{id}: the {} custom metrics are published by your applications and the CloudWatch agent, not created by apply",
                cw.custom_metrics
            ));
        }
        if cw.dashboards > 0 {
            ctx.note(format!(
                "{id}: dashboards, the application log group and alarm email subscriptions are not in the bundle"
            ));
        }
    }
}

