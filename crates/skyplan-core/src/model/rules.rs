//! The checks several kinds share: identifiers, CIDR blocks, min ≤ desired ≤
//! max, instance types in the catalog. Each kind's own checks are in its file.

use super::problem::{did_you_mean, Problem};
use crate::pricing::Catalog;

/// Lowercase letters, digits and '-', starting with a letter, at most 63 characters.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some('a'..='z'))
        && text.len() <= 63
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-'))
}

/// A parsed IPv4 CIDR block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    pub address: u32,
    pub prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Cidr> {
        let (address, prefix) = text.split_once('/')?;
        let prefix: u8 = prefix.parse().ok()?;
        if prefix > 32 {
            return None;
        }
        let octets: Vec<u8> = address.split('.').map(|o| o.parse().ok()).collect::<Option<_>>()?;
        let [a, b, c, d] = octets[..] else { return None };
        Some(Cidr { address: u32::from_be_bytes([a, b, c, d]), prefix })
    }

    pub fn host_bits_zero(self) -> bool {
        let mask = if self.prefix == 0 { 0 } else { u32::MAX << (32 - self.prefix) };
        self.address & !mask == 0
    }
}

/// The most instances a scaling group may plan for. AWS sets no size limit
/// on an Auto Scaling group or a node group below the account's vCPU quota,
/// so this is a planning bound: 10,000 instances is past any one group
/// skyplan's users run, and keeps the simulators' instance-minutes within
/// `u32` per hour (10,000 × 60) and a year's simulation bounded.
pub const MAX_GROUP_INSTANCES: u32 = 10_000;

pub(crate) fn order(min: u32, desired: u32, max: u32, path: &dyn Fn(&str) -> String, problems: &mut Vec<Problem>) {
    if max > MAX_GROUP_INSTANCES {
        problems.push(Problem::new(path("max"), format!("{max} instances is over skyplan's planning bound; expected at most {MAX_GROUP_INSTANCES} in one group")));
        return;
    }
    if min > max {
        problems.push(Problem::new(path("min"), format!("{min} is greater than max ({max}); expected min ≤ desired ≤ max")));
    } else if desired < min || desired > max {
        problems.push(Problem::new(path("desired"), format!("{desired} is outside min..max ({min}..{max}); expected min ≤ desired ≤ max")));
    }
    if max == 0 {
        problems.push(Problem::new(path("max"), "0 leaves the group without instances; expected at least 1"));
    }
}

pub(crate) fn check_instance_type(instance_type: &str, path: &str, catalog: &Catalog, problems: &mut Vec<Problem>) {
    if !catalog.ec2.contains_key(instance_type) {
        problems.push(Problem::new(
            path,
            format!(
                "\"{instance_type}\" is not an EC2 instance type in {}{}",
                catalog.region,
                did_you_mean(instance_type, catalog.ec2.keys().map(String::as_str))
            ),
        ));
    }
}
