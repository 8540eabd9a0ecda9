//! The cloudwatch component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::ExportError;
use hcl::Expression;
use skyplan_core::aws::MetricSource;
use skyplan_core::model::{
    AlarmMetric, ComponentView,
};
use skyplan_core::kinds::CloudWatch;
use std::collections::BTreeMap;

const OWN_MODULE: Module = Module { dir: "monitoring", files: crate::modules::monitoring::files };

impl TerraformKind for CloudWatch {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let cw = self;
        let mut alarms: BTreeMap<String, Expression> = BTreeMap::new();
        for alarm in &cw.alarms {
            for target_id in &alarm.targets {
                let Some(target) = ctx.component(target_id) else { continue };
                let ident = ctx.ident(target_id).to_string();
                let (metric_key, label) = match alarm.metric {
                    AlarmMetric::CpuUtilization => ("cpu", "CPU"),
                    AlarmMetric::MemoryUtilization => ("memory", "memory"),
                    AlarmMetric::DiskUtilization => ("disk", "disk"),
                };
                let found = target.spec.kind().alarm_metric(alarm.metric).zip(super::alarm_dimension(&target.spec, &ident));
                let Some((MetricSource { namespace, metric_name, dimension }, value)) = found else {
                    ctx.note(format!(
                        "{}: no {label} alarm for {target_id}: {} publishes no {label} percentage",
                        component.id,
                        target.spec.kind().label()
                    ));
                    continue;
                };
                alarms.insert(
                    format!("{ident}_{metric_key}"),
                    obj(vec![
                        ("description", s(format!("{label} of {} at or above {} %", target.name, alarm.threshold_percent))),
                        ("namespace", s(namespace)),
                        ("metric_name", s(metric_name)),
                        ("dimensions", obj(vec![(dimension, value)])),
                        ("threshold", num(alarm.threshold_percent)),
                    ]),
                );
            }
        }
        if cw.custom_metrics > 0 {
            ctx.note(format!(
                "{}: the {} custom metrics are published by your applications and the CloudWatch agent, not created by Terraform",
                component.id, cw.custom_metrics
            ));
        }
        let dashboard = cw.dashboards > 0 && !alarms.is_empty();
        if cw.dashboards > 1 {
            ctx.note(format!("{}: one dashboard (of the alarms) is exported for the plan's {}", component.id, cw.dashboards));
        }
        let ty_expr = object_of(vec![("log_retention_days", ty("number")), ("dashboard", ty("bool"))]);
        let value = obj(vec![("log_retention_days", num(365u64)), ("dashboard", boolean(dashboard))]);
        let module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length()))
            .attr("alarms", obj_str(alarms.into_iter().collect()))
            .attr("alarm_emails", var("alarm_emails"))
            .attr("log_retention_days", setting(ctx, component, "log_retention_days"))
            .attr("dashboard", setting(ctx, component, "dashboard"))
            .attr("kms_key_arn", ctx.key("logs"));
        Ok(Part {
            module: Some(module),
            variable: Some((ty_expr, describe(component), value)),
            outputs: vec![out(ctx, component, "alarm_topic_arn", "SNS topic the alarms notify.")],
        })
    }
}

