//! The VPC in resilience: no published NAT gateway SLA; a single NAT gateway is the AZ loss that cuts egress.

use super::{standby_usage, Availability, ResilienceKind};
use crate::strategy::{Impact, Recovery, Strategy};
use crate::times::*;
use skyplan_core::model::{NatGateways, Spec};
use skyplan_core::kinds::Vpc;

impl ResilienceKind for Vpc {
    fn availability(&self, _azs: u32) -> Result<Availability, String> {
        Err(format!(
            "NAT gateways ({}): no published NAT gateway SLA was found, so none is assumed{}",
            self.nat_gateway_count(),
            if self.nat_gateway_count() == 1 && self.azs > 1 {
                "; a single NAT gateway serves every AZ: losing its AZ cuts the others' egress (see the AZ-loss scenario)"
            } else {
                ""
            }
        ))
    }

    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        if strategy == Strategy::BackupRestore {
            return None;
        }
        let mut vpc = self.clone();
        vpc.nat_data_processed_gb = standby_usage(strategy)(vpc.nat_data_processed_gb);
        Some(Spec::Vpc(vpc))
    }

    fn az_loss(&self, id: &str, azs: u32, _recovery: &Recovery) -> Option<Impact> {
        (self.nat_gateways == NatGateways::Single && azs >= 2).then(|| Impact {
            component: id.to_string(),
            what: "the single NAT gateway in the lost AZ: no egress from any AZ until one is created in another".into(),
            outage_seconds: NETWORK_CREATE_SECONDS,
            stops_service: false,
            data_lost_seconds: Some(0),
            source: "assumption (times::NETWORK_CREATE_SECONDS)".into(),
        })
    }
}
