//! Monitoring in resilience: not on a request's path; a smaller copy in the DR region.

use super::{Availability, ResilienceKind};
use crate::strategy::{half, Strategy};
use skyplan_core::model::{Quantity, Spec};
use skyplan_core::kinds::CloudWatch;

impl ResilienceKind for CloudWatch {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Err("monitoring, not on a request's path".into())
    }

    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        match strategy {
            Strategy::BackupRestore | Strategy::PilotLight => None,
            Strategy::WarmStandby => Some(Spec::Cloudwatch(Self {
                custom_metrics: 0,
                log_ingest_gb: Quantity::ZERO,
                log_storage_gb: Quantity::ZERO,
                ..self.clone()
            })),
            Strategy::MultiSite => Some(Spec::Cloudwatch(Self {
                log_ingest_gb: half(self.log_ingest_gb),
                log_storage_gb: half(self.log_storage_gb),
                ..self.clone()
            })),
        }
    }
}
