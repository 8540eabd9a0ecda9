//! Data transfer in resilience: a volume, not a service; half of it moves to the DR region under multi-site.

use super::{Availability, ResilienceKind};
use crate::strategy::{half, Strategy};
use skyplan_core::model::Spec;
use skyplan_core::kinds::DataTransfer;

impl ResilienceKind for DataTransfer {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Err("a transfer volume, not a service".into())
    }

    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        (strategy == Strategy::MultiSite).then(|| {
            Spec::DataTransfer(Self {
                internet_out_gb: half(self.internet_out_gb),
                inter_az_gb: half(self.inter_az_gb),
                inter_region_gb: half(self.inter_region_gb),
            })
        })
    }
}
