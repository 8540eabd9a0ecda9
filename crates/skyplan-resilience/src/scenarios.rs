//! Failure scenarios: the loss of one AZ and the loss of the region under
//! each strategy. Scaling groups go through the autoscaling simulator
//! ([`skyplan_sim::failure`]); the data tier's failovers and restores take
//! the times of [`crate::times`].

use crate::footprint::standby_instances;
use crate::strategy::{self, Inventory, Recovery, Strategy};
use crate::times::*;
use serde::Serialize;
use skyplan_core::aws::CacheEngine;
use skyplan_core::model::{EnvironmentView, NatGateways, Spec};
use skyplan_sim::failure::{az_loss, region_takeover, AzLossOutcome, Takeover, TakeoverOutcome};
use skyplan_sim::Scenario;

/// What the loss of an AZ does to one stateful component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Impact {
    pub component: String,
    pub what: String,
    /// Seconds the component is unavailable.
    pub outage_seconds: u64,
    /// Whether requests fail meanwhile (a database), or are only degraded (a cold cache, no egress).
    pub stops_service: bool,
    /// Data of record lost, seconds; `None`: everything (no backup to restore).
    pub data_lost_seconds: Option<u64>,
    pub source: String,
}

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
        match &c.spec {
            Spec::Rds(rds) if rds.multi_az && azs >= 2 => impacts.push(Impact {
                component: c.id.clone(),
                what: "Multi-AZ failover to the standby".into(),
                outage_seconds: RDS_MULTI_AZ_FAILOVER_SECONDS,
                stops_service: true,
                data_lost_seconds: Some(0),
                source: "RDS docs: failover typically 60–120 s; synchronous standby, nothing lost".into(),
            }),
            Spec::Rds(rds) => impacts.push(Impact {
                component: c.id.clone(),
                what: format!(
                    "single-AZ instance in the lost AZ (the worst case): restored {} into another AZ",
                    if rds.backup_retention_days > 0 {
                        "to its latest restorable time"
                    } else {
                        "from nothing: automated backups are off"
                    }
                ),
                outage_seconds: RDS_RESTORE_BASE_SECONDS + strategy::transfer_seconds(rds_storage(rds), recovery.restore_gb_per_hour),
                stops_service: true,
                data_lost_seconds: (rds.backup_retention_days > 0).then_some(RDS_PITR_SECONDS),
                source: "times::RDS_RESTORE_BASE_SECONDS + storage at resilience.restore_gb_per_hour; RDS PITR: logs uploaded every 5 minutes".into(),
            }),
            Spec::Elasticache(cache) if cache.engine != CacheEngine::Memcached && cache.nodes >= 2 && azs >= 2 => impacts.push(Impact {
                component: c.id.clone(),
                what: "Multi-AZ failover to a replica".into(),
                outage_seconds: ELASTICACHE_FAILOVER_SECONDS,
                stops_service: false,
                data_lost_seconds: Some(0),
                source: "assumption (times::ELASTICACHE_FAILOVER_SECONDS); a cache holds no data of record".into(),
            }),
            Spec::Elasticache(_) => impacts.push(Impact {
                component: c.id.clone(),
                what: "node lost with its AZ: replaced empty, requests go to the database meanwhile".into(),
                outage_seconds: ELASTICACHE_CREATE_SECONDS,
                stops_service: false,
                data_lost_seconds: Some(0),
                source: "assumption (times::ELASTICACHE_CREATE_SECONDS); a cache holds no data of record".into(),
            }),
            Spec::Vpc(vpc) if vpc.nat_gateways == NatGateways::Single && azs >= 2 => impacts.push(Impact {
                component: c.id.clone(),
                what: "the single NAT gateway in the lost AZ: no egress from any AZ until one is created in another".into(),
                outage_seconds: NETWORK_CREATE_SECONDS,
                stops_service: false,
                data_lost_seconds: Some(0),
                source: "assumption (times::NETWORK_CREATE_SECONDS)".into(),
            }),
            _ => {}
        }
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

fn rds_storage(rds: &skyplan_core::model::Rds) -> rust_decimal::Decimal {
    rust_decimal::Decimal::from(rds.storage_gb)
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
