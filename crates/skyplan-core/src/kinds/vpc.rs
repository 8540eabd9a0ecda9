//! VPC: NAT gateways, their public IPv4 addresses, and data they process.
//! Subnets, route tables and the internet gateway are free. NAT gateways
//! cannot be paused, so they bill all 730 hours whatever the schedule.

use super::kind::{Checking, ComponentKind, Tier, NoOwnPrices};
use crate::model::problem::Problem;
use crate::model::quantity::Quantity;
use crate::model::rules::Cidr;
use crate::model::schema::{field, optional, Field, Input};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use crate::cost::line::{Context, LineSpec, HOURS_PER_MONTH};
use crate::pricing::PriceKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NatGateways {
    /// One NAT gateway in each AZ: no cross-AZ dependency.
    PerAz,
    /// One NAT gateway shared by every AZ: cheaper, one AZ's outage cuts egress.
    Single,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    pub cidr: String,
    pub azs: u8,
    /// Public subnets in total, spread over the AZs.
    pub public_subnets: u8,
    /// Private subnets in total, spread over the AZs.
    pub private_subnets: u8,
    pub nat_gateways: NatGateways,
    /// GB per month processed by the NAT gateways (all of them together).
    #[serde(default)]
    pub nat_data_processed_gb: Quantity,
}

impl Vpc {
    pub fn nat_gateway_count(&self) -> u32 {
        match self.nat_gateways {
            NatGateways::PerAz => u32::from(self.azs),
            NatGateways::Single => 1,
            NatGateways::None => 0,
        }
    }
}

impl ComponentKind for Vpc {
    const LABEL: &'static str = "VPC";
    const ICON: &'static str = "VPC";
    const DEFAULT_TIER: Tier = Tier::Network;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Network];
    const FIELDS: &'static [Field] = &[
        field("cidr", "CIDR block", Input::Text),
        field("azs", "Availability zones", Input::Integer { min: 1, max: 6 }),
        field("public_subnets", "Public subnets", Input::Integer { min: 0, max: 24 }),
        field("private_subnets", "Private subnets", Input::Integer { min: 0, max: 24 }),
        field("nat_gateways", "NAT gateways", Input::Choice(&["per_az", "single", "none"])),
        optional("nat_data_processed_gb", "NAT data processed (GB/month)", Input::Amount),
    ];
    const IN_VPC: bool = false;
    const MAX_NAME_LENGTH: usize = 48;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({ "cidr": "10.0.0.0/16", "azs": 2, "public_subnets": 2, "private_subnets": 2, "nat_gateways": "single" })
    }

    fn summary(&self) -> String {
        let nat = match self.nat_gateways {
            NatGateways::PerAz => "NAT per AZ",
            NatGateways::Single => "1 NAT",
            NatGateways::None => "no NAT",
        };
        format!("{} · {} AZs · {nat}", self.cidr, self.azs)
    }

    fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
        let (vpc, path) = (self, at.path);
        match Cidr::parse(&vpc.cidr) {
            None => problems.push(Problem::new(path("cidr"), format!("\"{}\" is not an IPv4 CIDR block; expected e.g. \"10.0.0.0/16\"", vpc.cidr))),
            Some(cidr) if !(16..=28).contains(&cidr.prefix) => problems.push(Problem::new(
                path("cidr"),
                format!("\"{}\" has a /{} prefix; a VPC's is /16 to /28", vpc.cidr, cidr.prefix),
            )),
            Some(cidr) if !cidr.host_bits_zero() => problems.push(Problem::new(
                path("cidr"),
                format!("\"{}\" has host bits set; expected the network address of the block", vpc.cidr),
            )),
            Some(_) => {}
        }
        if !(1..=6).contains(&vpc.azs) {
            problems.push(Problem::new(path("azs"), format!("{} is out of range; expected 1 to 6 availability zones", vpc.azs)));
        }
        let needed = vpc.nat_gateway_count();
        if u32::from(vpc.public_subnets) < needed {
            problems.push(Problem::new(
                path("public_subnets"),
                format!("{} public subnet(s) cannot hold {needed} NAT gateway(s); expected at least {needed}", vpc.public_subnets),
            ));
        }
        if vpc.public_subnets == 0 && vpc.private_subnets == 0 {
            problems.push(Problem::new(path("private_subnets"), "a VPC without subnets can run nothing; expected at least one subnet"));
        }
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
        self.nat_data_processed_gb = scale(self.nat_data_processed_gb);
    }
}

fn lines(vpc: &Vpc, _context: &Context) -> Vec<LineSpec> {
    let gateways = Decimal::from(vpc.nat_gateway_count());
    vec![
        LineSpec::key(format!("NAT gateway × {gateways}"), gateways * HOURS_PER_MONTH, "hours", PriceKey::NatGatewayHour),
        LineSpec::key(format!("NAT gateway public IPv4 × {gateways}"), gateways * HOURS_PER_MONTH, "hours", PriceKey::PublicIpv4Hour)
            .note("each NAT gateway holds an Elastic IP, billed as a public IPv4 address"),
        LineSpec::key("NAT gateway data processed", vpc.nat_data_processed_gb.get(), "GB", PriceKey::NatGatewayDataGb),
    ]
}
