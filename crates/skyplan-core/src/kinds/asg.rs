//! Auto Scaling group: `desired` on-demand Linux instances and their gp3
//! root volumes. A part-time environment scales the group to zero outside
//! its hours, which also deletes the root volumes, so both follow the
//! schedule. The simulators price the group over a traffic profile; a static
//! estimate, like infracost's, prices the desired count.

use crate::model::quantity::Quantity;
use crate::aws::{AlarmMetric, MetricSource};
use super::kind::{ScalingGroup, Checking, ComponentKind, Tier, NoOwnPrices};
use crate::model::problem::Problem;
use crate::model::rules::{check_instance_type, order};
use crate::model::schema::{field, Field, Input, COUNT};
use crate::pricing::Catalog;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use crate::cost::line::{Context, LineSpec, PriceSource};
use crate::aws::VolumeType;
use crate::pricing::PriceKey;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asg {
    pub instance_type: String,
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    /// gp3 root volume of each instance, GB.
    pub root_volume_gb: u32,
}

impl ComponentKind for Asg {
    const LABEL: &'static str = "Auto Scaling group";
    const ICON: &'static str = "ASG";
    const DEFAULT_TIER: Tier = Tier::Web;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Web, Tier::App];
    const FIELDS: &'static [Field] = &[
        field("instance_type", "Instance type", Input::InstanceType),
        field("min", "Minimum", COUNT),
        field("desired", "Desired", COUNT),
        field("max", "Maximum", COUNT),
        field("root_volume_gb", "Root volume gp3 (GB)", Input::Integer { min: 1, max: 16384 }),
    ];
    const IN_VPC: bool = true;
    const MAX_NAME_LENGTH: usize = 40;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({ "instance_type": "t3.micro", "min": 1, "desired": 1, "max": 2, "root_volume_gb": 20 })
    }

    fn default_port(&self) -> u16 {
        8080
    }

    fn summary(&self) -> String {
        format!("{} × {}–{}", self.instance_type, self.min, self.max)
    }

    fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
        let (asg, path) = (self, at.path);
        order(asg.min, asg.desired, asg.max, path, problems);
        if !(1..=16384).contains(&asg.root_volume_gb) {
            problems.push(Problem::new(path("root_volume_gb"), format!("{} is out of range; expected 1 to 16384 GB", asg.root_volume_gb)));
        }
    }

    fn check_against_catalog(&self, catalog: &Catalog, path: &dyn Fn(&str) -> String, problems: &mut Vec<Problem>) {
        check_instance_type(&self.instance_type, &path("instance_type"), catalog, problems);
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn scaling_groups(&self) -> Vec<ScalingGroup<'_>> {
        vec![ScalingGroup {
            name: None,
            instance_types: std::slice::from_ref(&self.instance_type),
            min: self.min,
            desired: self.desired,
            max: self.max,
            spot: false,
        }]
    }

    /// Every line of the group is the group's.
    fn scaling_group_of_line(_line: &str) -> Option<Option<&str>> {
        Some(None)
    }

    /// Usage does not drive it: the group scales with traffic in the simulators, not here.
    fn scale_usage(&mut self, _scale: &dyn Fn(Quantity) -> Quantity) {}

    fn alarm_metric(metric: AlarmMetric) -> Option<MetricSource> {
        match metric {
            AlarmMetric::CpuUtilization => Some(MetricSource { namespace: "AWS/EC2", metric_name: "CPUUtilization", dimension: "AutoScalingGroupName" }),
            // Memory and disk come from the CloudWatch agent on the instances.
            AlarmMetric::MemoryUtilization => Some(MetricSource { namespace: "CWAgent", metric_name: "mem_used_percent", dimension: "AutoScalingGroupName" }),
            AlarmMetric::DiskUtilization => Some(MetricSource { namespace: "CWAgent", metric_name: "disk_used_percent", dimension: "AutoScalingGroupName" }),
        }
    }
}

fn lines(asg: &Asg, context: &Context) -> Vec<LineSpec> {
    let instances = Decimal::from(asg.desired);
    let mut instance_hours = LineSpec::new(
        format!("Instance {} × {}", asg.instance_type, asg.desired),
        instances * context.running_hours,
        "hours",
        PriceSource::Resolved(context.ec2_on_demand(&asg.instance_type)),
    );
    let mut volumes = LineSpec::key(
        format!("Root volume gp3 {} GB × {}", asg.root_volume_gb, asg.desired),
        instances * Decimal::from(asg.root_volume_gb) * context.running_share(),
        "GB-months",
        PriceKey::EbsStorageGbMonth(VolumeType::Gp3),
    );
    if context.is_part_time() {
        let note = format!("runs {} h a month on the environment's schedule", context.running_hours.round_dp(1));
        instance_hours = instance_hours.note(note.clone());
        volumes = volumes.note(note);
    }
    vec![instance_hours, volumes]
}
