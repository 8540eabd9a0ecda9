//! EKS: the control plane (always on) and each node group's instances and
//! gp3 disks (which follow a part-time schedule, like an ASG).
//!
//! An on-demand group launches its first instance type, as a managed node
//! group with a prioritised list does. A spot group is spread over its types
//! by the price-capacity-optimised strategy, so it is priced at the mean of
//! their spot prices. A type's spot price is the source's observed regional
//! mean where there is one, else on-demand less Spot Advisor's average saving
//! (the line says which).

use crate::model::quantity::Quantity;
use crate::aws::{AlarmMetric, MetricSource};
use super::kind::{ScalingGroup, Checking, ComponentKind, Tier, NoOwnPrices};
use crate::model::problem::Problem;
use crate::model::rules::{check_instance_type, is_identifier, order};
use crate::model::schema::{field, Field, Input};
use crate::pricing::Catalog;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use crate::cost::line::{Context, LineSpec, PriceSource, HOURS_PER_MONTH};
use crate::aws::VolumeType;
use crate::pricing::PriceKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    OnDemand,
    Spot,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeGroup {
    pub name: String,
    pub instance_types: Vec<String>,
    pub capacity: Capacity,
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    /// gp3 disk of each node, GB.
    pub disk_gb: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eks {
    pub kubernetes_version: String,
    pub node_groups: Vec<NodeGroup>,
}

impl ComponentKind for Eks {
    const LABEL: &'static str = "EKS cluster";
    const ICON: &'static str = "EKS";
    const DEFAULT_TIER: Tier = Tier::App;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Web, Tier::App];
    const FIELDS: &'static [Field] = &[
        field("kubernetes_version", "Kubernetes version", Input::Text),
        field("node_groups", "Node groups", Input::Json),
    ];
    const IN_VPC: bool = true;
    const MAX_NAME_LENGTH: usize = 38;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({ "kubernetes_version": "1.31", "node_groups": [
            { "name": "general", "instance_types": ["m5.large"], "capacity": "on_demand", "min": 2, "desired": 2, "max": 4, "disk_gb": 50 } ] })
    }

    fn default_port(&self) -> u16 {
        8080
    }

    fn summary(&self) -> String {
        let min: u32 = self.node_groups.iter().map(|g| g.min).sum();
        let max: u32 = self.node_groups.iter().map(|g| g.max).sum();
        let spot = self.node_groups.iter().any(|g| g.capacity == Capacity::Spot);
        format!("{} node group{} · {min}–{max} nodes{}", self.node_groups.len(), if self.node_groups.len() == 1 { "" } else { "s" }, if spot { " · spot" } else { "" })
    }

    fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
        let (eks, path) = (self, at.path);
        if !is_kubernetes_version(&eks.kubernetes_version) {
            problems.push(Problem::new(
                path("kubernetes_version"),
                format!("\"{}\" is not a Kubernetes minor version; expected e.g. \"1.31\"", eks.kubernetes_version),
            ));
        }
        let mut names = BTreeSet::new();
        for (g, group) in eks.node_groups.iter().enumerate() {
            let group_path = |field: &str| path(&format!("node_groups[{g}].{field}"));
            if !is_identifier(&group.name) {
                problems.push(Problem::new(group_path("name"), format!("\"{}\" is not a valid node group name; expected lowercase letters, digits and '-'", group.name)));
            }
            if !names.insert(group.name.as_str()) {
                problems.push(Problem::new(group_path("name"), format!("\"{}\" is used by another node group", group.name)));
            }
            if group.instance_types.is_empty() {
                problems.push(Problem::new(group_path("instance_types"), "is empty; expected at least one instance type"));
            }
            order(group.min, group.desired, group.max, &group_path, problems);
            if !(1..=16384).contains(&group.disk_gb) {
                problems.push(Problem::new(group_path("disk_gb"), format!("{} is out of range; expected 1 to 16384 GB", group.disk_gb)));
            }
        }
    }

    fn check_against_catalog(&self, catalog: &Catalog, path: &dyn Fn(&str) -> String, problems: &mut Vec<Problem>) {
        for (g, group) in self.node_groups.iter().enumerate() {
            for (t, instance_type) in group.instance_types.iter().enumerate() {
                check_instance_type(instance_type, &path(&format!("node_groups[{g}].instance_types[{t}]")), catalog, problems);
            }
        }
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn scaling_groups(&self) -> Vec<ScalingGroup<'_>> {
        self.node_groups
            .iter()
            .map(|group| ScalingGroup {
                name: Some(group.name.as_str()),
                instance_types: &group.instance_types,
                min: group.min,
                desired: group.desired,
                max: group.max,
                spot: group.capacity == Capacity::Spot,
            })
            .collect()
    }

    /// A node group's lines are named `Node group <name>: …` (see `node_group_lines`).
    fn scaling_group_of_line(line: &str) -> Option<Option<&str>> {
        let (name, _) = line.strip_prefix("Node group ")?.split_once(':')?;
        Some(Some(name))
    }

    /// Usage does not drive it: node groups scale with traffic in the simulators, not here.
    fn scale_usage(&mut self, _scale: &dyn Fn(Quantity) -> Quantity) {}

    /// Container Insights (the amazon-cloudwatch-observability add-on).
    fn alarm_metric(metric: AlarmMetric) -> Option<MetricSource> {
        match metric {
            AlarmMetric::CpuUtilization => Some(MetricSource { namespace: "ContainerInsights", metric_name: "node_cpu_utilization", dimension: "ClusterName" }),
            AlarmMetric::MemoryUtilization => Some(MetricSource { namespace: "ContainerInsights", metric_name: "node_memory_utilization", dimension: "ClusterName" }),
            AlarmMetric::DiskUtilization => Some(MetricSource { namespace: "ContainerInsights", metric_name: "node_filesystem_utilization", dimension: "ClusterName" }),
        }
    }
}

fn is_kubernetes_version(text: &str) -> bool {
    matches!(text.split_once('.'), Some(("1", minor)) if !minor.is_empty() && minor.len() <= 3 && minor.chars().all(|c| c.is_ascii_digit()))
}

fn lines(eks: &Eks, context: &Context) -> Vec<LineSpec> {
    let mut lines = vec![LineSpec::key("EKS control plane", HOURS_PER_MONTH, "hours", PriceKey::EksClusterHour)];
    for group in &eks.node_groups {
        lines.extend(node_group_lines(group, context));
    }
    lines
}

fn node_group_lines(group: &NodeGroup, context: &Context) -> Vec<LineSpec> {
    let nodes = Decimal::from(group.desired);
    let (label, price, note) = match group.capacity {
        Capacity::OnDemand => {
            let instance_type = group.instance_types.first().map(String::as_str).unwrap_or_default();
            (format!("{instance_type} on-demand"), context.ec2_on_demand(instance_type), None)
        }
        Capacity::Spot => {
            let (price, note) = mean_spot_price(&group.instance_types, context);
            (format!("{} spot", group.instance_types.join(" / ")), price, Some(note))
        }
    };
    let mut instance_hours = LineSpec::new(
        format!("Node group {}: {label} × {}", group.name, group.desired),
        nodes * context.running_hours,
        "hours",
        PriceSource::Resolved(price),
    );
    let mut schedule_note = note;
    if context.is_part_time() {
        let runs = format!("runs {} h a month on the environment's schedule", context.running_hours.round_dp(1));
        schedule_note = Some(match schedule_note {
            Some(n) => format!("{n}; {runs}"),
            None => runs,
        });
    }
    if let Some(note) = schedule_note {
        instance_hours = instance_hours.note(note);
    }
    let disks = LineSpec::key(
        format!("Node group {}: gp3 disk {} GB × {}", group.name, group.disk_gb, group.desired),
        nodes * Decimal::from(group.disk_gb) * context.running_share(),
        "GB-months",
        PriceKey::EbsStorageGbMonth(VolumeType::Gp3),
    );
    vec![instance_hours, disks]
}

fn mean_spot_price(instance_types: &[String], context: &Context) -> (Result<Decimal, String>, String) {
    let mut sum = Decimal::ZERO;
    let mut explained = Vec::new();
    for instance_type in instance_types {
        let Some(instance) = context.catalog.instance(instance_type) else {
            return (Err(format!("EC2 spot {instance_type} in {}", context.catalog.region)), String::new());
        };
        let spot = instance.spot.as_ref();
        let price = match (spot.and_then(|s| s.observed_hourly), spot, instance.on_demand_hourly) {
            (Some(observed), _, _) => {
                explained.push(format!("{instance_type} {} observed", observed.normalize()));
                observed
            }
            (None, Some(spot), Some(on_demand)) => {
                let price = on_demand * (Decimal::ONE_HUNDRED - spot.savings_percent) / Decimal::ONE_HUNDRED;
                explained.push(format!(
                    "{instance_type} {} = on-demand {} − {} % Spot Advisor saving",
                    price.normalize(),
                    on_demand.normalize(),
                    spot.savings_percent.normalize()
                ));
                price
            }
            _ => return (Err(format!("EC2 spot {instance_type} in {}", context.catalog.region)), String::new()),
        };
        sum += price;
    }
    let count = Decimal::from(instance_types.len().max(1));
    (Ok(sum / count), format!("mean spot price of {}", explained.join("; ")))
}
