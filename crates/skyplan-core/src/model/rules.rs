//! Checks that types cannot express: ranges, orderings, references between
//! components, and (separately) whether the region's catalog offers what the
//! plan asks for.

use super::components::{Kind, NatGateways, Spec, WafRule};
use super::plan::{Plan, ValidPlan};
use super::problem::{did_you_mean, Problem};
use crate::aws::{RdsStorageType, S3Class};
use crate::pricing::Catalog;
use std::collections::BTreeSet;

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

fn order(min: u32, desired: u32, max: u32, path: &dyn Fn(&str) -> String, problems: &mut Vec<Problem>) {
    if min > max {
        problems.push(Problem::new(path("min"), format!("{min} is greater than max ({max}); expected min ≤ desired ≤ max")));
    } else if desired < min || desired > max {
        problems.push(Problem::new(path("desired"), format!("{desired} is outside min..max ({min}..{max}); expected min ≤ desired ≤ max")));
    }
    if max == 0 {
        problems.push(Problem::new(path("max"), "0 leaves the group without instances; expected at least 1"));
    }
}

/// Checks one component's settings. `path` maps a setting path to the JSON
/// path the user should look at.
pub fn check_spec(spec: &Spec, ids: &[&str], plan: &Plan, path: &dyn Fn(&str) -> String, problems: &mut Vec<Problem>) {
    match spec {
        Spec::Vpc(vpc) => {
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
            let needed = match vpc.nat_gateways {
                NatGateways::PerAz => u32::from(vpc.azs),
                NatGateways::Single => 1,
                NatGateways::None => 0,
            };
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
        Spec::Alb(_) | Spec::Kms(_) | Spec::Secrets(_) | Spec::DataTransfer(_) => {}
        Spec::Asg(asg) => {
            order(asg.min, asg.desired, asg.max, path, problems);
            if !(1..=16384).contains(&asg.root_volume_gb) {
                problems.push(Problem::new(path("root_volume_gb"), format!("{} is out of range; expected 1 to 16384 GB", asg.root_volume_gb)));
            }
        }
        Spec::Eks(eks) => {
            if !is_kubernetes_version(&eks.kubernetes_version) {
                problems.push(Problem::new(
                    path("kubernetes_version"),
                    format!("\"{}\" is not a Kubernetes minor version; expected e.g. \"1.31\"", eks.kubernetes_version),
                ));
            }
            let mut names = BTreeSet::new();
            for (g, group) in eks.node_groups.iter().enumerate() {
                let group_path = |field: &str| path(&format!("node_groups[{g}].{field}"));
                if !is_identifier(&group.name) {
                    problems.push(Problem::new(group_path("name"), format!("\"{}\" is not a valid node group name; expected lowercase letters, digits and '-'", group.name)));
                }
                if !names.insert(group.name.as_str()) {
                    problems.push(Problem::new(group_path("name"), format!("\"{}\" is used by another node group", group.name)));
                }
                if group.instance_types.is_empty() {
                    problems.push(Problem::new(group_path("instance_types"), "is empty; expected at least one instance type"));
                }
                order(group.min, group.desired, group.max, &group_path, problems);
                if !(1..=16384).contains(&group.disk_gb) {
                    problems.push(Problem::new(group_path("disk_gb"), format!("{} is out of range; expected 1 to 16384 GB", group.disk_gb)));
                }
            }
        }
        Spec::Rds(rds) => {
            let (min_gb, max_gb) = match rds.storage_type {
                RdsStorageType::Io1 => (100, 65536),
                RdsStorageType::Gp2 | RdsStorageType::Gp3 => (20, 65536),
            };
            if !(min_gb..=max_gb).contains(&rds.storage_gb) {
                problems.push(Problem::new(
                    path("storage_gb"),
                    format!("{} is out of range for {}; expected {min_gb} to {max_gb} GB", rds.storage_gb, rds.storage_type),
                ));
            }
            match (rds.storage_type, rds.iops) {
                (RdsStorageType::Io1, None) => problems.push(Problem::new(path("iops"), "missing; io1 storage needs provisioned IOPS (1000 to 256000)")),
                (RdsStorageType::Io1, Some(iops)) if !(1000..=256_000).contains(&iops) => {
                    problems.push(Problem::new(path("iops"), format!("{iops} is out of range for io1; expected 1000 to 256000")))
                }
                (RdsStorageType::Gp3, Some(iops)) if rds.storage_gb < 400 && iops != 3000 => problems.push(Problem::new(
                    path("iops"),
                    format!("{iops} cannot be provisioned below 400 GB of gp3 storage (RDS fixes it at 3000); remove iops or raise storage_gb"),
                )),
                (RdsStorageType::Gp3, Some(iops)) if !(12_000..=64_000).contains(&iops) && rds.storage_gb >= 400 => problems.push(Problem::new(
                    path("iops"),
                    format!("{iops} is out of range for gp3 at 400 GB or more; expected 12000 to 64000"),
                )),
                (RdsStorageType::Gp2, Some(iops)) => {
                    problems.push(Problem::new(path("iops"), format!("{iops}: gp2 IOPS follow the size (3 per GB) and cannot be set; remove iops")))
                }
                _ => {}
            }
            if rds.backup_retention_days > 35 {
                problems.push(Problem::new(path("backup_retention_days"), format!("{} is out of range; expected 0 to 35 days", rds.backup_retention_days)));
            }
            if rds.read_replicas > 15 {
                problems.push(Problem::new(path("read_replicas"), format!("{} is out of range; expected 0 to 15", rds.read_replicas)));
            }
            if rds.read_replicas > 0 && rds.backup_retention_days == 0 {
                problems.push(Problem::new(path("backup_retention_days"), "0 disables backups, which read replicas need; expected 1 to 35"));
            }
            if !rds.instance_class.starts_with("db.") {
                problems.push(Problem::new(path("instance_class"), format!("\"{}\" is not an RDS instance class; expected e.g. \"db.r5.large\"", rds.instance_class)));
            }
        }
        Spec::Elasticache(cache) => {
            if cache.nodes == 0 || cache.nodes > 500 {
                problems.push(Problem::new(path("nodes"), format!("{} is out of range; expected 1 to 500", cache.nodes)));
            }
            if !cache.node_type.starts_with("cache.") {
                problems.push(Problem::new(path("node_type"), format!("\"{}\" is not an ElastiCache node type; expected e.g. \"cache.r5.large\"", cache.node_type)));
            }
        }
        Spec::S3(bucket) => {
            if !is_bucket_name(&bucket.bucket) {
                problems.push(Problem::new(
                    path("bucket"),
                    format!("\"{}\" is not a valid bucket name; expected 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit", bucket.bucket),
                ));
            }
            if bucket.average_object_mb.is_zero() {
                problems.push(Problem::new(path("average_object_mb"), "0 is not an object size; expected a size above 0 MB"));
            }
            let mut previous = 0;
            for (t, transition) in bucket.lifecycle.transitions.iter().enumerate() {
                let at = |field: &str| path(&format!("lifecycle.transitions[{t}].{field}"));
                if transition.storage_class == S3Class::Standard {
                    problems.push(Problem::new(at("storage_class"), "objects cannot transition into standard; expected a colder class"));
                }
                if matches!(transition.storage_class, S3Class::StandardIa | S3Class::OneZoneIa) && transition.after_days < 30 {
                    problems.push(Problem::new(at("after_days"), format!("{} is too early; S3 moves objects to {} after 30 days at the earliest", transition.after_days, transition.storage_class)));
                }
                if t > 0 && transition.after_days <= previous {
                    problems.push(Problem::new(at("after_days"), format!("{} is not after the previous transition ({previous}); expected increasing days", transition.after_days)));
                }
                previous = transition.after_days;
            }
            if let Some(expire) = bucket.lifecycle.expire_after_days {
                if expire == 0 || (expire <= previous && !bucket.lifecycle.transitions.is_empty()) {
                    problems.push(Problem::new(path("lifecycle.expire_after_days"), format!("{expire} is not after the last transition ({previous}); expected a later day")));
                }
            }
        }
        Spec::Cloudfront(cdn) => {
            for (o, origin) in cdn.origins.iter().enumerate() {
                match plan.component(origin) {
                    None => problems.push(Problem::new(path(&format!("origins[{o}]")), format!("\"{origin}\" is not a component id{}", did_you_mean(origin, ids.iter().copied())))),
                    Some(c) if !matches!(c.kind(), Kind::Alb | Kind::S3) => problems.push(Problem::new(
                        path(&format!("origins[{o}]")),
                        format!("\"{origin}\" is a {}; a CloudFront origin is an alb or an s3 bucket", c.kind().as_str()),
                    )),
                    Some(_) => {}
                }
            }
        }
        Spec::Waf(waf) => {
            let mut names = BTreeSet::new();
            for (r, rule) in waf.rules.iter().enumerate() {
                let (name, limit) = match rule {
                    WafRule::RateLimit { name, limit } => (name, Some(*limit)),
                    WafRule::Managed { name } => (name, None),
                };
                if name.is_empty() {
                    problems.push(Problem::new(path(&format!("rules[{r}]")), "has an empty name"));
                }
                if !names.insert(name.as_str()) {
                    problems.push(Problem::new(path(&format!("rules[{r}]")), format!("\"{name}\" is used by another rule; rule names must be unique")));
                }
                if let Some(limit) = limit {
                    if !(10..=2_000_000_000).contains(&limit) {
                        problems.push(Problem::new(path(&format!("rules[{r}].rate_limit.limit")), format!("{limit} is out of range; expected 10 to 2000000000 requests per 5 minutes")));
                    }
                }
            }
        }
        Spec::Cloudwatch(cw) => {
            for (a, alarm) in cw.alarms.iter().enumerate() {
                if !(1..=100).contains(&alarm.threshold_percent) {
                    problems.push(Problem::new(path(&format!("alarms[{a}].threshold_percent")), format!("{} is out of range; expected 1 to 100", alarm.threshold_percent)));
                }
                for (t, target) in alarm.targets.iter().enumerate() {
                    if !ids.contains(&target.as_str()) {
                        problems.push(Problem::new(
                            path(&format!("alarms[{a}].targets[{t}]")),
                            format!("\"{target}\" is not a component id{}", did_you_mean(target, ids.iter().copied())),
                        ));
                    }
                }
            }
        }
    }
}

fn is_kubernetes_version(text: &str) -> bool {
    matches!(text.split_once('.'), Some(("1", minor)) if !minor.is_empty() && minor.len() <= 3 && minor.chars().all(|c| c.is_ascii_digit()))
}

fn is_bucket_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (3..=63).contains(&bytes.len())
        && bytes.iter().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-'))
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && !name.contains("..")
}

/// Whether the region's catalog offers every instance type, class and node
/// type the plan uses, in every environment. Prices themselves may still be
/// missing; the estimate names those.
pub fn check_against_catalog(plan: &ValidPlan, catalog: &Catalog) -> Vec<Problem> {
    let mut problems = Vec::new();
    let region = &catalog.region;
    if plan.plan().region != *region {
        problems.push(Problem::new("region", format!("\"{}\" is priced with the {region} catalog; expected the plan's own region", plan.plan().region)));
    }
    for env in plan.environments() {
        for component in &env.components {
            match &component.spec {
                Spec::Asg(asg) => check_instance_type(&asg.instance_type, &env.setting_path(component, "instance_type"), catalog, &mut problems),
                Spec::Eks(eks) => {
                    for (g, group) in eks.node_groups.iter().enumerate() {
                        for (t, instance_type) in group.instance_types.iter().enumerate() {
                            let at = env.setting_path(component, &format!("node_groups[{g}].instance_types[{t}]"));
                            check_instance_type(instance_type, &at, catalog, &mut problems);
                        }
                    }
                }
                Spec::Rds(rds) => {
                    let classes = catalog.rds.get(&rds.engine);
                    if !classes.is_some_and(|c| c.contains_key(&rds.instance_class)) {
                        let names = classes.map(|c| c.keys().map(String::as_str).collect::<Vec<_>>()).unwrap_or_default();
                        problems.push(Problem::new(
                            env.setting_path(component, "instance_class"),
                            format!("\"{}\" is not an RDS {} instance class in {region}{}", rds.instance_class, rds.engine, did_you_mean(&rds.instance_class, names)),
                        ));
                    }
                }
                Spec::Elasticache(cache) => {
                    let nodes = catalog.elasticache.get(&cache.engine);
                    if !nodes.is_some_and(|n| n.contains_key(&cache.node_type)) {
                        let names = nodes.map(|n| n.keys().map(String::as_str).collect::<Vec<_>>()).unwrap_or_default();
                        problems.push(Problem::new(
                            env.setting_path(component, "node_type"),
                            format!("\"{}\" is not an ElastiCache {} node type in {region}{}", cache.node_type, cache.engine, did_you_mean(&cache.node_type, names)),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    problems.dedup();
    problems
}

fn check_instance_type(instance_type: &str, path: &str, catalog: &Catalog, problems: &mut Vec<Problem>) {
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
