//! The web ACL in resilience: the WAF SLA; a regional ACL is copied to the DR region, a CloudFront one is global.

use super::{standby_usage, Availability, ResilienceKind};
use crate::sla::{self, fixed};
use crate::strategy::Strategy;
use skyplan_core::model::{Spec, WafScope};
use skyplan_core::kinds::Waf;

impl ResilienceKind for Waf {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Ok(fixed(sla::WAF))
    }

    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        if strategy == Strategy::BackupRestore || self.scope == WafScope::Cloudfront {
            return None;
        }
        Some(Spec::Waf(Self { requests_millions: standby_usage(strategy)(self.requests_millions), ..self.clone() }))
    }
}
