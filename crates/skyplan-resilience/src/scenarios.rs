//! Failure scenarios: the loss of one AZ and the loss of the region under
//! each strategy. Scaling groups go through the autoscaling simulator
//! ([`skyplan_sim::failure`]); the data tier's failovers and restores take
//! the times of [`crate::times`].

use crate::kinds;
pub use crate::strategy::Impact;
use crate::strategy::{self, standby_instances, Inventory, Recovery, Strategy};
use crate::times::*;
use serde::Serialize;
use skyplan_core::model::EnvironmentView;
use skyplan_sim::failure::{az_loss, region_takeover, AzLossOutcome, Takeover, TakeoverOutcome};
use skyplan_sim::Scenario;


#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AzLossReport {
    pub environment: String,
    pub azs: u32,
    /// Minute of the simulated week the AZ is lost (Tuesday 10:00 UTC).
    pub at_minute: u32,
    pub observed_minutes: u32,
    pub groups: Vec<AzLossOutcome>,
    pub impacts: Vec<Impact>,
    /// Overload the failure adds, over all groups.
    pub overload_minutes: u64,
    /// The longest outage of a component that stops the service.
    pub outage_seconds: u64,
    /// The most data of record lost; `None`: everything on a component without backups.
    pub data_lost_seconds: Option<u64>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionLossRow {
    pub strategy: Strategy,
    /// No service from the failure until the DR region takes the traffic (the RTO).
    pub outage_seconds: u64,
    /// Data lost (the RPO).
    pub data_lost_seconds: u64,
    /// Minutes the DR region could not serve all the traffic once it had it.
    pub overload_minutes: u64,
    pub groups: Vec<TakeoverOutcome>,
}

/// The loss of one of the environment's AZs at [`FAILURE_MINUTE`].
pub fn az_loss_report(view: &EnvironmentView, scenario: &Scenario, azs: u32, recovery: &Recovery, seed: u64) -> AzLossReport {
    let groups = az_loss(scenario, azs, FAILURE_MINUTE, OBSERVED_MINUTES, REPLACE_AFTER_MINUTES, seed);
    let mut impacts = Vec::new();
    let mut notes = Vec::new();
    if azs < 2 {
        notes.push("the environment runs in one AZ: losing it loses the environment, as the loss of the region does".into());
    }
    for c in &view.components {
        impacts.extend(kinds::az_loss(&c.spec, &c.id, azs, recovery));
    }
    let outage_seconds = impacts.iter().filter(|i| i.stops_service).map(|i| i.outage_seconds).max().unwrap_or(0);
    let data_lost_seconds = impacts.iter().try_fold(0u64, |most, i| i.data_lost_seconds.map(|s| most.max(s)));
    AzLossReport {
        environment: view.name.clone(),
        azs,
        at_minute: FAILURE_MINUTE,
        observed_minutes: OBSERVED_MINUTES,
        overload_minutes: groups.iter().map(|g| g.extra_overload_minutes).sum(),
        groups,
        impacts,
        outage_seconds,
        data_lost_seconds,
        notes,
    }
}


/// The loss of the region under `strategy`: the DR region's groups take the
/// traffic from their standby size when the RTO has passed.
pub fn region_loss_row(strategy: Strategy, scenario: &Scenario, inventory: &Inventory, recovery: &Recovery, seed: u64) -> RegionLossRow {
    let (rto, _) = strategy::rto(strategy, inventory, recovery);
    let (rpo, _) = strategy::rpo(strategy, inventory, recovery);
    let decided = DETECTION_SECONDS + if strategy == Strategy::MultiSite { 0 } else { recovery.decision_seconds };
    let infrastructure = match strategy {
        Strategy::BackupRestore if inventory.has_eks => EKS_CREATE_SECONDS,
        Strategy::BackupRestore => NETWORK_CREATE_SECONDS,
        _ => 0,
    };
    let takeover = Takeover {
        standby_instances: match strategy {
            Strategy::MultiSite => None,
            s => Some(standby_instances(s, 1)),
        },
        traffic_share_before: if strategy == Strategy::MultiSite { 0.5 } else { 0.0 },
        scale_at_minute: (decided + infrastructure).div_ceil(60) as u32,
        traffic_at_minute: rto.div_ceil(60) as u32,
    };
    let groups = region_takeover(scenario, FAILURE_MINUTE, OBSERVED_MINUTES, takeover, seed);
    RegionLossRow {
        strategy,
        outage_seconds: rto,
        data_lost_seconds: rpo,
        overload_minutes: groups.iter().map(|g| g.overload_minutes).sum(),
        groups,
    }
}
