//! VPC: NAT gateways, their public IPv4 addresses, and data they process.
//! Subnets, route tables and the internet gateway are free. NAT gateways
//! cannot be paused, so they bill all 730 hours whatever the schedule.

use super::{Context, LineSpec, HOURS_PER_MONTH};
use crate::model::Vpc;
use crate::pricing::PriceKey;
use rust_decimal::Decimal;

pub fn lines(vpc: &Vpc, _context: &Context) -> Vec<LineSpec> {
    let gateways = Decimal::from(vpc.nat_gateway_count());
    vec![
        LineSpec::key(format!("NAT gateway × {gateways}"), gateways * HOURS_PER_MONTH, "hours", PriceKey::NatGatewayHour),
        LineSpec::key(format!("NAT gateway public IPv4 × {gateways}"), gateways * HOURS_PER_MONTH, "hours", PriceKey::PublicIpv4Hour)
            .note("each NAT gateway holds an Elastic IP, billed as a public IPv4 address"),
        LineSpec::key("NAT gateway data processed", vpc.nat_data_processed_gb.get(), "GB", PriceKey::NatGatewayDataGb),
    ]
}
