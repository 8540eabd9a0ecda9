//! The distribution in resilience: the CloudFront SLA; global, so nothing of it runs in the DR region.

use super::{Availability, ResilienceKind};
use crate::sla::{self, fixed};
use crate::strategy::Strategy;
use skyplan_core::model::Spec;
use skyplan_core::kinds::CloudFront;

impl ResilienceKind for CloudFront {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Ok(fixed(sla::CLOUDFRONT))
    }

    /// Global: the same distribution serves whichever region is live.
    fn standby(&self, _strategy: Strategy) -> Option<Spec> {
        None
    }
}
