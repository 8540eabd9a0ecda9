//! The load balancer in resilience: the ELB SLA.

use super::{standby_usage, Availability, ResilienceKind};
use crate::sla::{self, fixed};
use crate::strategy::Strategy;
use skyplan_core::model::Spec;
use skyplan_core::kinds::Alb;

impl ResilienceKind for Alb {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Ok(fixed(sla::ELB))
    }

    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        if strategy == Strategy::BackupRestore {
            return None;
        }
        Some(Spec::Alb(Self { lcus: standby_usage(strategy)(self.lcus), ..self.clone() }))
    }
}
