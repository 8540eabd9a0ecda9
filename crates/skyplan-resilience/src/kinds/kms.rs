//! KMS keys in resilience: the KMS SLA; the keys exist in the DR region under every strategy (backups are encrypted with them).

use super::{standby_usage, Availability, ResilienceKind};
use crate::sla::{self, fixed};
use crate::strategy::Strategy;
use skyplan_core::model::Spec;
use skyplan_core::kinds::Kms;

impl ResilienceKind for Kms {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Ok(fixed(sla::KMS))
    }

    /// Kept under every strategy, backup & restore included: the copies are encrypted.
    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        Some(Spec::Kms(Self { keys: self.keys, requests: standby_usage(strategy)(self.requests) }))
    }
}
