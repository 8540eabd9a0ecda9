//! Secrets Manager in resilience: its SLA; the secrets are copied to the DR region.

use super::{standby_usage, Availability, ResilienceKind};
use crate::sla::{self, fixed};
use crate::strategy::Strategy;
use skyplan_core::model::Spec;
use skyplan_core::kinds::Secrets;

impl ResilienceKind for Secrets {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Ok(fixed(sla::SECRETS_MANAGER))
    }

    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        if strategy == Strategy::BackupRestore {
            return None;
        }
        Some(Spec::Secrets(Self { secrets: self.secrets, requests: standby_usage(strategy)(self.requests) }))
    }
}
