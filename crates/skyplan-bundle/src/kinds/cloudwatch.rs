//! The AWS resources a cloudwatch component implies, as the Terraform export's module makes them.

use super::BundleKind;
use crate::ctx::*;
use skyplan_core::kinds::CloudWatch as Settings;
use crate::address::{Address, Attribute, Ref};
use crate::names;
use crate::resources::*;
use skyplan_core::aws::CacheEngine;
use skyplan_core::model::{
    AlarmMetric, ComponentView, Kind, Spec,
};
use std::collections::BTreeMap;

impl BundleKind for Settings {
    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, _network: Option<&Network>) {
        let cw = self;
        let id = component.id.as_str();
        let name = ctx.name(id, names::max_name_length(component.spec.kind()));
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
                let asg = || Ref::name(&Address::new(target_id, "aws_autoscaling_group", "this"));
                let cluster = || Ref::name(&Address::new(target_id, "aws_eks_cluster", "this"));
                let cache = |spec: &Spec| match spec {
                    Spec::Elasticache(c) if c.engine == CacheEngine::Memcached => {
                        Ref::id(&Address::new(target_id, "aws_elasticache_cluster", "memcached"))
                    }
                    _ => Ref::new(
                        &Address::new(target_id, "aws_elasticache_replication_group", "this"),
                        Attribute::FirstMemberClusterId,
                    ),
                };
                let found: Option<(&str, &str, &str, Ref)> = match (target.spec.kind(), alarm.metric) {
                    (Kind::Asg, AlarmMetric::CpuUtilization) => Some(("AWS/EC2", "CPUUtilization", "AutoScalingGroupName", asg())),
                    // Memory and disk come from the CloudWatch agent on the instances.
                    (Kind::Asg, AlarmMetric::MemoryUtilization) => Some(("CWAgent", "mem_used_percent", "AutoScalingGroupName", asg())),
                    (Kind::Asg, AlarmMetric::DiskUtilization) => Some(("CWAgent", "disk_used_percent", "AutoScalingGroupName", asg())),
                    // Container Insights (the amazon-cloudwatch-observability add-on).
                    (Kind::Eks, AlarmMetric::CpuUtilization) => Some(("ContainerInsights", "node_cpu_utilization", "ClusterName", cluster())),
                    (Kind::Eks, AlarmMetric::MemoryUtilization) => Some(("ContainerInsights", "node_memory_utilization", "ClusterName", cluster())),
                    (Kind::Eks, AlarmMetric::DiskUtilization) => Some(("ContainerInsights", "node_filesystem_utilization", "ClusterName", cluster())),
                    // A DB instance's id is its identifier.
                    (Kind::Rds, AlarmMetric::CpuUtilization) => Some((
                        "AWS/RDS",
                        "CPUUtilization",
                        "DBInstanceIdentifier",
                        Ref::id(&Address::new(target_id, "aws_db_instance", "this")),
                    )),
                    (Kind::Elasticache, AlarmMetric::CpuUtilization) => {
                        Some(("AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", cache(&target.spec)))
                    }
                    _ => None,
                };
                let Some((namespace, metric_name, dimension, value)) = found else {
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

