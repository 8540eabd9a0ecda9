//! Auto Scaling group: `desired` on-demand Linux instances and their gp3
//! root volumes. A part-time environment scales the group to zero outside
//! its hours, which also deletes the root volumes, so both follow the
//! schedule. The simulators price the group over a traffic profile; a static
//! estimate, like infracost's, prices the desired count.

use super::{Context, LineSpec, PriceSource};
use crate::aws::VolumeType;
use crate::model::Asg;
use crate::pricing::PriceKey;
use rust_decimal::Decimal;

pub fn lines(asg: &Asg, context: &Context) -> Vec<LineSpec> {
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
