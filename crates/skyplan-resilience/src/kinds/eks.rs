//! The EKS cluster in resilience: the control plane's SLA in series with its nodes spread over AZs; recovery must rebuild the cluster.

use super::{Availability, ResilienceKind};
use crate::sla::{self, series, spread};
use crate::strategy::{standby_instances, Inventory, Strategy};
use serde_json::{json, Value};
use skyplan_core::model::Spec;
use skyplan_core::kinds::Eks;

impl ResilienceKind for Eks {
    fn availability(&self, azs: u32) -> Result<Availability, String> {
        let nodes: u32 = self.node_groups.iter().map(|g| g.desired).sum();
        let (pool, basis, mut sources) = spread(nodes, azs);
        sources.push(sla::EKS.source.into());
        Ok((series(&[sla::EKS.fraction, pool]), format!("control plane 99.95 % × nodes ({basis})"), sources))
    }

    fn upgrade(&self, azs: u32) -> Option<(String, Value)> {
        if !(self.node_groups.iter().map(|g| g.desired).sum::<u32>().max(1).min(azs) < 2 && azs >= 2 && !self.node_groups.is_empty()) {
            return None;
        }
        let mut groups = serde_json::to_value(&self.node_groups).ok()?;
        let first = groups.get_mut(0)?.as_object_mut()?;
        let (min, desired, max) = (self.node_groups[0].min.max(2), self.node_groups[0].desired.max(2), self.node_groups[0].max.max(2));
        first.insert("min".into(), json!(min));
        first.insert("desired".into(), json!(desired));
        first.insert("max".into(), json!(max));
        Some((
            format!("at least 2 nodes in node group {}, so the cluster spans 2 AZs", self.node_groups[0].name),
            json!({"node_groups": groups}),
        ))
    }

    fn why_fixed() -> String {
        "the group already spans the environment's AZs, which the Region-Level SLA caps; a second region (multi-site) would raise it".into()
    }

    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        if strategy == Strategy::BackupRestore {
            return None;
        }
        let mut eks = self.clone();
        for group in &mut eks.node_groups {
            let standby = standby_instances(strategy, group.desired);
            group.min = if strategy == Strategy::MultiSite { group.min } else { standby };
            group.desired = standby;
            group.max = group.max.max(standby);
        }
        Some(Spec::Eks(eks))
    }

    fn recovery_role(&self, _id: &str, inventory: &mut Inventory) {
        inventory.has_eks = true;
    }

    /// Nodes spread over min(nodes, AZs).
    fn parallel_copies(&self, azs: u32) -> u32 {
        self.node_groups.iter().map(|g| g.desired).sum::<u32>().max(1).min(azs.max(1))
    }
}
