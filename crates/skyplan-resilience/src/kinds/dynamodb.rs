//! The DynamoDB table in resilience: the standard or global-table SLA; a
//! replica in the DR region under the strategies that replicate, with an
//! RPO of about a second; its backups copied under backup & restore.
//! DynamoDB spreads every table over three AZs itself, so losing one loses
//! nothing.

use super::{standby_usage, Availability, ResilienceKind};
use crate::sla::{fixed, Sla};
use crate::strategy::{Inventory, Store, Strategy, Term};
use rust_decimal::Decimal;
use skyplan_core::kinds::{DynamoDb, TableCapacity};
use skyplan_core::model::{Quantity, Spec};

/// DynamoDB standard tables: 99.99 %.
const STANDARD: Sla = Sla {
    fraction: 0.9999,
    covers: "DynamoDB SLA, standard tables (one region)",
    source: "https://aws.amazon.com/dynamodb/sla/ (Amazon DynamoDB Service Level Agreement: 99.99 % for standard tables, 99.999 % for global tables)",
};

/// DynamoDB global tables: 99.999 %.
const GLOBAL: Sla = Sla {
    fraction: 0.99999,
    covers: "DynamoDB SLA, global tables (replicas in two or more regions)",
    source: "https://aws.amazon.com/dynamodb/sla/ (Amazon DynamoDB Service Level Agreement: 99.99 % for standard tables, 99.999 % for global tables)",
};

/// Global tables replicate asynchronously, "typically within a second".
const REPLICATION_SECONDS: u64 = 1;
const REPLICATION_SOURCE: &str =
    "DynamoDB docs, Global tables: changes propagate to the other replicas typically within a second (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html)";

impl ResilienceKind for DynamoDb {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Ok(fixed(if self.replica_regions.is_empty() { STANDARD } else { GLOBAL }))
    }

    fn why_fixed() -> String {
        "DynamoDB spreads a table over three AZs itself; only a replica in another region (replica_regions: a global table, 99.999 %) raises its SLA, and which region is yours to choose".into()
    }

    /// A replica in the DR region (a global table) under every strategy but
    /// backup & restore; it takes every write and serves reads only under
    /// multi-site.
    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        if strategy == Strategy::BackupRestore {
            return None;
        }
        Some(Spec::Dynamodb(Self {
            read_request_units: standby_usage(strategy)(self.read_request_units),
            on_demand_backup_gb: Quantity::ZERO,
            stream: false,
            stream_read_request_units: Quantity::ZERO,
            replica_regions: Vec::new(),
            ..self.clone()
        }))
    }

    fn recovery_role(&self, id: &str, inventory: &mut Inventory) {
        inventory.stores.push(Store {
            id: id.to_string(),
            backup_gb: self.storage_gb.get(),
            replication: Term::new(format!("{id}: DynamoDB global table replication"), REPLICATION_SECONDS, REPLICATION_SOURCE),
            replicates_already: !self.replica_regions.is_empty(),
        });
    }

    /// A month of writes, 1 KB each (on demand; provisioned capacity says
    /// only how much could be written, so it counts none).
    fn replicated_gb(&self) -> Decimal {
        match self.capacity {
            TableCapacity::OnDemand => self.write_request_units.get() / Decimal::from(1024 * 1024),
            TableCapacity::Provisioned => Decimal::ZERO,
        }
    }

    fn backup_copies(&self) -> Option<(String, Decimal)> {
        Some((format!("Backup copies: the table's {} GB", self.storage_gb), self.storage_gb.get()))
    }
}
