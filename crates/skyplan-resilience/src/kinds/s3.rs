//! The bucket in resilience: the S3 SLA, a replica bucket in the DR region under every strategy, its ingest replicated (with Replication Time Control).

use super::{standby_usage, Availability, ResilienceKind};
use crate::sla::{self, fixed};
use crate::strategy::{replica_bucket_name, Inventory, Strategy};
use rust_decimal::Decimal;
use skyplan_core::model::Spec;
use skyplan_core::kinds::S3Bucket;

impl ResilienceKind for S3Bucket {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Ok(fixed(sla::S3))
    }

    /// Replicated under every strategy, backup & restore included.
    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        Some(Spec::S3(Self {
            bucket: replica_bucket_name(&self.bucket),
            versioning: true,
            read_requests: standby_usage(strategy)(self.read_requests),
            ..self.clone()
        }))
    }

    fn recovery_role(&self, id: &str, inventory: &mut Inventory) {
        inventory.buckets.push(id.to_string());
    }

    fn replicated_gb(&self) -> Decimal {
        self.monthly_ingest_gb.get()
    }

    fn time_controlled_replication_gb(&self) -> Option<Decimal> {
        Some(self.monthly_ingest_gb.get())
    }
}
