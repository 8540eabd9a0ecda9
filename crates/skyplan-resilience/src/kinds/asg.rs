//! The Auto Scaling group in resilience: instances spread over AZs, a standby size per strategy.

use super::{Availability, ResilienceKind};
use crate::sla::spread;
use crate::strategy::{standby_instances, Strategy};
use serde_json::{json, Value};
use skyplan_core::model::Spec;
use skyplan_core::kinds::Asg;

impl ResilienceKind for Asg {
    fn availability(&self, azs: u32) -> Result<Availability, String> {
        Ok(spread(self.desired, azs))
    }

    fn upgrade(&self, azs: u32) -> Option<(String, Value)> {
        (self.desired.max(1).min(azs) < 2 && azs >= 2).then(|| {
            (
                "at least 2 instances, so the group spans 2 AZs".into(),
                json!({"min": self.min.max(2), "desired": self.desired.max(2), "max": self.max.max(2)}),
            )
        })
    }

    fn why_fixed() -> String {
        "the group already spans the environment's AZs, which the Region-Level SLA caps; a second region (multi-site) would raise it".into()
    }

    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        if strategy == Strategy::BackupRestore {
            return None;
        }
        let mut asg = self.clone();
        let standby = standby_instances(strategy, asg.desired);
        asg.min = if strategy == Strategy::MultiSite { asg.min } else { standby };
        asg.desired = standby;
        asg.max = asg.max.max(standby);
        Some(Spec::Asg(asg))
    }

    /// Instances spread over min(desired, AZs).
    fn parallel_copies(&self, azs: u32) -> u32 {
        self.desired.max(1).min(azs.max(1))
    }
}
