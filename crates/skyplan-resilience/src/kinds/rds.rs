//! The RDS database in resilience: Multi-AZ or Single-AZ SLA, the RPO's database, its backups and replicated changes, a failover or a restore when its AZ is lost.

use super::{Availability, ResilienceKind};
use crate::sla::{self, fixed};
use crate::strategy::{Database, Impact, Inventory, Recovery, Strategy};
use crate::times::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use skyplan_core::model::Spec;
use skyplan_core::kinds::Rds;

impl ResilienceKind for Rds {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Ok(fixed(if self.multi_az { sla::RDS_MULTI_AZ } else { sla::RDS_SINGLE_AZ }))
    }

    fn upgrade(&self, _azs: u32) -> Option<(String, Value)> {
        (!self.multi_az).then(|| ("Multi-AZ (a synchronous standby in a second AZ)".into(), json!({"multi_az": true})))
    }

    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        if strategy == Strategy::BackupRestore {
            return None;
        }
        Some(Spec::Rds(Self { multi_az: false, backup_retention_days: 0, read_replicas: 0, ..self.clone() }))
    }

    fn recovery_role(&self, id: &str, inventory: &mut Inventory) {
        inventory.databases.push(Database {
            id: id.to_string(),
            storage_gb: Decimal::from(self.storage_gb),
            multi_az: self.multi_az,
            backup_retention_days: self.backup_retention_days,
            daily_change_percent: self.backup_daily_change_percent.get(),
        });
    }

    /// A month of changes: storage × daily change × 30 days.
    fn replicated_gb(&self) -> Decimal {
        daily_change_gb(self) * Decimal::from(30)
    }

    fn backup_copies(&self) -> Option<(String, Decimal)> {
        let retained = Decimal::from(self.storage_gb) + daily_change_gb(self) * Decimal::from(self.backup_retention_days);
        Some((format!("Backup copies: a full {} GB snapshot + {} days of changes", self.storage_gb, self.backup_retention_days), retained))
    }

    fn az_loss(&self, id: &str, azs: u32, recovery: &Recovery) -> Option<Impact> {
        Some(if self.multi_az && azs >= 2 {
            Impact {
                component: id.to_string(),
                what: "Multi-AZ failover to the standby".into(),
                outage_seconds: RDS_MULTI_AZ_FAILOVER_SECONDS,
                stops_service: true,
                data_lost_seconds: Some(0),
                source: "RDS docs: failover typically 60–120 s; synchronous standby, nothing lost".into(),
            }
        } else {
            Impact {
                component: id.to_string(),
                what: format!(
                    "single-AZ instance in the lost AZ (the worst case): restored {} into another AZ",
                    if self.backup_retention_days > 0 {
                        "to its latest restorable time"
                    } else {
                        "from nothing: automated backups are off"
                    }
                ),
                outage_seconds: RDS_RESTORE_BASE_SECONDS + crate::strategy::transfer_seconds(Decimal::from(self.storage_gb), recovery.restore_gb_per_hour),
                stops_service: true,
                data_lost_seconds: (self.backup_retention_days > 0).then_some(RDS_PITR_SECONDS),
                source: "times::RDS_RESTORE_BASE_SECONDS + storage at resilience.restore_gb_per_hour; RDS PITR: logs uploaded every 5 minutes".into(),
            }
        })
    }

    /// Multi-AZ: the primary and its standby.
    fn parallel_copies(&self, _azs: u32) -> u32 {
        if self.multi_az { 2 } else { 1 }
    }
}

/// GB of the database that change in a day.
fn daily_change_gb(rds: &Rds) -> Decimal {
    Decimal::from(rds.storage_gb) * rds.backup_daily_change_percent.get() / Decimal::ONE_HUNDRED
}
