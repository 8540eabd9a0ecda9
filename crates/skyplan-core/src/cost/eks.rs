//! EKS: the control plane (always on) and each node group's instances and
//! gp3 disks (which follow a part-time schedule, like an ASG).
//!
//! An on-demand group launches its first instance type, as a managed node
//! group with a prioritised list does. A spot group is spread over its types
//! by the price-capacity-optimised strategy, so it is priced at the mean of
//! their spot prices. A type's spot price is the source's observed regional
//! mean where there is one, else on-demand less Spot Advisor's average saving
//! (the line says which).

use super::{Context, LineSpec, PriceSource, HOURS_PER_MONTH};
use crate::aws::VolumeType;
use crate::model::{Capacity, Eks, NodeGroup};
use crate::pricing::PriceKey;
use rust_decimal::Decimal;

pub fn lines(eks: &Eks, context: &Context) -> Vec<LineSpec> {
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
