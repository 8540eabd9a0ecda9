//! The four disaster-recovery strategies of AWS's whitepaper "Disaster
//! Recovery of Workloads on AWS: Recovery in the Cloud"
//! (<https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html>:
//! backup & restore, RPO/RTO in hours; pilot light, tens of minutes; warm
//! standby, minutes; multi-site active/active, near zero), and their RPO and
//! RTO for the loss of the primary region, derived from the plan's
//! components.
//!
//! What each strategy keeps in the DR region:
//! - **backup & restore**: copies of the database backups (an AWS Backup plan
//!   copying every `backup_interval_hours`) and S3 replicas (Cross-Region
//!   Replication with Replication Time Control). Nothing runs.
//! - **pilot light**: a cross-region read replica of each database, the S3
//!   replicas, the network and an idle EKS control plane; scaling groups at 0,
//!   no cache.
//! - **warm standby**: as pilot light, plus one instance per scaling group and
//!   a one-node cache: a small copy that serves at once.
//! - **multi-site active/active**: a full copy serving half the traffic.
//!
//! RPO is the largest loss over the data stores (databases: the backup
//! interval plus the copy of what changed in it, or the replica lag; S3: the
//! replication time); ElastiCache holds a cache, rebuilt from the database,
//! so it loses no data of record.
//!
//! RTO adds up the phases; phases that run at once count as their longest:
//! - backup & restore: detection + decision + max(database restore,
//!   network and EKS creation + max(instance launch, cache creation)) + DNS TTL;
//! - pilot light: detection + decision + max(replica promotion, instance
//!   launch, cache creation) + DNS TTL;
//! - warm standby: detection + decision + replica promotion + DNS TTL (it
//!   serves at once at its small size; scaling out shows as overload in the
//!   region-loss scenario);
//! - multi-site: detection + replica promotion + DNS TTL (failover is
//!   automated: no decision).
//!
//! By construction a stronger strategy's every phase is no longer than a
//! weaker one's (a restore's base time exceeds a promotion's), so its RPO and
//! RTO are never larger.

use crate::times::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;
use skyplan_core::model::Quantity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    BackupRestore,
    PilotLight,
    WarmStandby,
    MultiSite,
}

impl Strategy {
    /// Weakest first.
    pub const ALL: [Strategy; 4] = [Strategy::BackupRestore, Strategy::PilotLight, Strategy::WarmStandby, Strategy::MultiSite];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::BackupRestore => "backup_restore",
            Strategy::PilotLight => "pilot_light",
            Strategy::WarmStandby => "warm_standby",
            Strategy::MultiSite => "multi_site",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Strategy::BackupRestore => "Backup & restore",
            Strategy::PilotLight => "Pilot light",
            Strategy::WarmStandby => "Warm standby",
            Strategy::MultiSite => "Multi-site active/active",
        }
    }
}

/// What recovery depends on in one environment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inventory {
    pub databases: Vec<Database>,
    pub caches: Vec<Cache>,
    pub buckets: Vec<String>,
    /// Each scaling group's key and launch time (to in service), seconds.
    pub groups: Vec<(String, u32)>,
    pub has_eks: bool,
    /// Data stores that replicate by themselves (their kind says how).
    pub stores: Vec<Store>,
}

/// A data store that is neither an RDS database nor a bucket: what its
/// kind says of its copy in the DR region.
#[derive(Debug, Clone, PartialEq)]
pub struct Store {
    pub id: String,
    /// What backup & restore copies of it, GB (and restores).
    pub backup_gb: Decimal,
    /// Its replication to the DR region, as an RPO term, under the
    /// strategies that replicate (and under backup & restore too when it
    /// replicates already).
    pub replication: Term,
    pub replicates_already: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Database {
    pub id: String,
    pub storage_gb: Decimal,
    pub multi_az: bool,
    pub backup_retention_days: u8,
    /// Percent of the database changing per day.
    pub daily_change_percent: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cache {
    pub id: String,
    pub nodes: u32,
}

/// The plan's recovery settings (its `resilience` block or the defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    pub dns_ttl_seconds: u64,
    pub backup_interval_hours: u32,
    pub restore_gb_per_hour: Decimal,
    pub decision_seconds: u64,
}

/// One term of an RPO or RTO: what, how long, and where the figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub what: String,
    pub seconds: u64,
    pub source: String,
}

impl Term {
    pub(crate) fn new(what: impl Into<String>, seconds: u64, source: impl Into<String>) -> Term {
        Term {
            what: what.into(),
            seconds,
            source: source.into(),
        }
    }
}

/// `gb` at `gb_per_hour`, in whole seconds (rounded up).
pub fn transfer_seconds(gb: Decimal, gb_per_hour: Decimal) -> u64 {
    if gb_per_hour <= Decimal::ZERO {
        return 0;
    }
    (gb * Decimal::from(3600) / gb_per_hour).ceil().to_u64().unwrap_or(u64::MAX)
}

/// The RPO of `strategy` (seconds) and what makes it up, one term per data store.
pub fn rpo(strategy: Strategy, inventory: &Inventory, recovery: &Recovery) -> (u64, Vec<Term>) {
    let mut terms = Vec::new();
    for db in &inventory.databases {
        terms.push(match strategy {
            Strategy::BackupRestore => {
                let interval = u64::from(recovery.backup_interval_hours) * 3600;
                let changed = db.storage_gb * db.daily_change_percent / Decimal::ONE_HUNDRED * Decimal::from(recovery.backup_interval_hours) / Decimal::from(24);
                let copy = transfer_seconds(changed, recovery.restore_gb_per_hour);
                Term::new(
                    format!(
                        "{}: backup every {} h + copying its {} GB of changes to the DR region",
                        db.id,
                        recovery.backup_interval_hours,
                        changed.round_dp(2).normalize()
                    ),
                    interval + copy,
                    format!(
                        "plan: resilience.backup_interval_hours, backup_daily_change_percent, restore_gb_per_hour ({} GB/h)",
                        recovery.restore_gb_per_hour.normalize()
                    ),
                )
            }
            _ => Term::new(
                format!("{}: cross-region read replica lag", db.id),
                RDS_REPLICA_LAG_SECONDS,
                "assumption (times::RDS_REPLICA_LAG_SECONDS): asynchronous, alarm on ReplicaLag",
            ),
        });
    }
    for store in &inventory.stores {
        terms.push(if strategy == Strategy::BackupRestore && !store.replicates_already {
            let interval = u64::from(recovery.backup_interval_hours) * 3600;
            Term::new(
                format!(
                    "{}: backup every {} h + copying its {} GB to the DR region",
                    store.id,
                    recovery.backup_interval_hours,
                    store.backup_gb.round_dp(2).normalize()
                ),
                interval + transfer_seconds(store.backup_gb, recovery.restore_gb_per_hour),
                format!("plan: resilience.backup_interval_hours, restore_gb_per_hour ({} GB/h)", recovery.restore_gb_per_hour.normalize()),
            )
        } else {
            store.replication.clone()
        });
    }
    for bucket in &inventory.buckets {
        terms.push(Term::new(
            format!("{bucket}: S3 Cross-Region Replication with Replication Time Control"),
            S3_RTC_SECONDS,
            "S3 RTC: 99.99 % of objects within 15 minutes",
        ));
    }
    (terms.iter().map(|t| t.seconds).max().unwrap_or(0), terms)
}

/// The RTO of `strategy` (seconds) and its phases.
pub fn rto(strategy: Strategy, inventory: &Inventory, recovery: &Recovery) -> (u64, Vec<Term>) {
    let launch = inventory.groups.iter().map(|(_, s)| u64::from(*s)).max().unwrap_or(0);
    let has_db = !inventory.databases.is_empty();
    let has_cache = !inventory.caches.is_empty();
    let promote = if has_db { RDS_PROMOTE_SECONDS } else { 0 };
    let cache_create = if has_cache { ELASTICACHE_CREATE_SECONDS } else { 0 };
    let mut terms = vec![Term::new(
        "detection: Route 53 health checks, 3 failures 30 s apart",
        DETECTION_SECONDS,
        "Route 53 defaults (times::DETECTION_SECONDS)",
    )];
    if strategy != Strategy::MultiSite {
        terms.push(Term::new("decision to fail over", recovery.decision_seconds, "plan: resilience.failover_decision_minutes"));
    }
    match strategy {
        Strategy::BackupRestore => {
            let restore = inventory
                .databases
                .iter()
                .map(|db| RDS_RESTORE_BASE_SECONDS + transfer_seconds(db.storage_gb, recovery.restore_gb_per_hour))
                .max()
                .unwrap_or(0);
            let infrastructure = if inventory.has_eks {
                EKS_CREATE_SECONDS.max(NETWORK_CREATE_SECONDS)
            } else {
                NETWORK_CREATE_SECONDS
            };
            let stack = infrastructure + launch.max(cache_create);
            // Stores restore from their copied backups alongside the rest.
            let store_restore = inventory
                .stores
                .iter()
                .filter(|store| !store.replicates_already)
                .map(|store| transfer_seconds(store.backup_gb, recovery.restore_gb_per_hour))
                .max();
            let stores_text = store_restore.map_or_else(String::new, |seconds| format!(", store restore {seconds} s"));
            let data_restore = restore.max(store_restore.unwrap_or(0));
            let data_gb: Decimal = inventory.databases.iter().map(|db| db.storage_gb).max().unwrap_or_default();
            terms.push(Term::new(
                format!(
                    "max(database restore {} s = {} s instance + {} GB at {} GB/h{}, stack {} s = {} {} s + max(instance launch {} s, cache creation {} s))",
                    restore,
                    RDS_RESTORE_BASE_SECONDS,
                    data_gb.normalize(),
                    recovery.restore_gb_per_hour.normalize(),
                    stores_text,
                    stack,
                    if inventory.has_eks { "EKS control plane" } else { "network and load balancer" },
                    infrastructure,
                    launch,
                    cache_create
                ),
                data_restore.max(stack),
                "times::RDS_RESTORE_BASE_SECONDS, EKS_CREATE_SECONDS, NETWORK_CREATE_SECONDS, ELASTICACHE_CREATE_SECONDS; plan: restore_gb_per_hour, launch_seconds",
            ));
        }
        Strategy::PilotLight => {
            terms.push(Term::new(
                format!("max(replica promotion {promote} s, instance launch {launch} s, cache creation {cache_create} s)"),
                promote.max(launch).max(cache_create),
                "times::RDS_PROMOTE_SECONDS, ELASTICACHE_CREATE_SECONDS; plan: launch_seconds",
            ));
        }
        Strategy::WarmStandby | Strategy::MultiSite => {
            terms.push(Term::new(
                "replica promotion",
                promote,
                "RDS docs: promotion takes several minutes (times::RDS_PROMOTE_SECONDS)",
            ));
        }
    }
    terms.push(Term::new(
        "DNS TTL: clients leave the old region",
        recovery.dns_ttl_seconds,
        "plan: resilience.dns_ttl_seconds",
    ));
    (terms.iter().map(|t| t.seconds).sum(), terms)
}

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

/// Instances of a scaling group that runs `desired` in production, kept
/// running in the DR region: none for backup & restore and pilot light, one
/// for warm standby (the smallest copy that serves), all for multi-site.
pub fn standby_instances(strategy: Strategy, desired: u32) -> u32 {
    match strategy {
        Strategy::BackupRestore | Strategy::PilotLight => 0,
        Strategy::WarmStandby => desired.min(1),
        Strategy::MultiSite => desired,
    }
}

/// Half of a usage figure: what each region serves when both do.
pub fn half(q: Quantity) -> Quantity {
    Quantity::rounded(q.get() / Decimal::TWO).unwrap_or_default()
}

/// The name of a bucket's replica in the DR region.
pub fn replica_bucket_name(name: &str) -> String {
    let base: String = name.chars().take(60).collect();
    format!("{}-dr", base.trim_end_matches(['-', '.']))
}
