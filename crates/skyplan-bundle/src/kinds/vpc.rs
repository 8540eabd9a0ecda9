//! The AWS resources a vpc component implies, as the Terraform export's module makes them.

use super::BundleKind;
use crate::ctx::*;
use crate::BuildError;
use skyplan_core::kinds::Vpc as Settings;
use crate::address::{Address, Ref};
use crate::names;
use crate::resources::*;
use skyplan_core::model::{
    ComponentView, Kind, NatGateways,
};
use std::collections::BTreeSet;

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    /// The VPC's resources are made first, by [`network`], since every
    /// in-VPC component needs them; nothing more is made in turn.
    fn resources(&self, _ctx: &mut Ctx, _component: &ComponentView, _network: Option<&Network>) {}
}

fn cidr_subnet(base: skyplan_core::model::rules::Cidr, newbits: u32, netnum: u32) -> String {
    let prefix = u32::from(base.prefix) + newbits;
    let mask = if base.prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(base.prefix))
    };
    let address = (base.address & mask) | (netnum << (32 - prefix));
    let [a, b, c, d] = address.to_be_bytes();
    format!("{a}.{b}.{c}.{d}/{prefix}")
}

/// Subnet `index` of a tier sits in zone `index mod azs` (as the export's
/// `count.index % az_count`); its key is the zone, with `-2`, `-3`, ...
/// for the second and later subnets of the tier in that zone.
fn subnet_key(zones: &[String], index: usize) -> String {
    let zone = &zones[index % zones.len()];
    match index / zones.len() {
        0 => zone.clone(),
        n => format!("{zone}-{}", n + 1),
    }
}

pub(crate) fn network(vpc: &Settings, ctx: &mut Ctx, component: &ComponentView) -> Result<Network, BuildError> {
    let id = component.id.as_str();
    let kinds: BTreeSet<Kind> = ctx.env.components.iter().map(|c| c.spec.kind()).collect();
    let needs_two_public = kinds.contains(&Kind::Alb);
    let needs_two_private = kinds.contains(&Kind::Rds) || kinds.contains(&Kind::Elasticache) || kinds.contains(&Kind::Eks);
    let mut azs = u32::from(vpc.azs);
    let mut public = u32::from(vpc.public_subnets);
    let mut private = u32::from(vpc.private_subnets);
    if needs_two_public && public < 2 {
        ctx.note(format!(
            "{id}: a second public subnet (in a second AZ) because a load balancer needs two AZs"
        ));
        public = 2;
    }
    if needs_two_private && private < 2 {
        ctx.note(format!(
            "{id}: a second private subnet (in a second AZ) because RDS, ElastiCache and EKS need two AZs"
        ));
        private = 2;
    }
    if (needs_two_public || needs_two_private) && azs < 2 {
        azs = 2;
    }
    let region = ctx.plan.plan().region.clone();
    let letters = names::zone_letters(&region);
    if azs as usize > letters.len() {
        return Err(BuildError::Unsupported(format!(
            "{id}: {region} has {} availability zones for general use, not {azs}",
            letters.len()
        )));
    }
    let zones: Vec<String> = letters.iter().take(azs as usize).map(|l| format!("{region}{l}")).collect();
    let total = public + private;
    let newbits = (32 - (total.max(2) - 1).leading_zeros()).max(1);
    let base = skyplan_core::model::rules::Cidr::parse(&vpc.cidr)
        .ok_or_else(|| BuildError::Unsupported(format!("{id}: \"{}\" is not an IPv4 CIDR block", vpc.cidr)))?;
    if u32::from(base.prefix) + newbits > 28 {
        return Err(BuildError::Unsupported(format!(
            "{id}: a /{} VPC cannot hold {total} subnets of /28 or larger",
            base.prefix
        )));
    }
    let name = ctx.name(id, component.spec.kind().max_name_length());
    let vpc_address = ctx.add(
        new(
            &Address::new(id, "aws_vpc", "this"),
            Properties::Vpc(Vpc {
                cidr_block: vpc.cidr.clone(),
                enable_dns_support: true,
                enable_dns_hostnames: true,
            }),
        )
        .named(&name),
    );
    let mut public_subnets = Vec::new();
    for i in 0..public as usize {
        let address = Address::keyed(id, "aws_subnet", "public", &subnet_key(&zones, i));
        public_subnets.push(
            ctx.add(
                new(
                    &address,
                    Properties::Subnet(Subnet {
                        vpc_id: Ref::id(&vpc_address),
                        tier: SubnetTier::Public,
                        cidr_block: cidr_subnet(base, newbits, i as u32),
                        availability_zone: zones[i % zones.len()].clone(),
                        map_public_ip_on_launch: false,
                    }),
                )
                .named(format!("{name}-public-{i}"))
                .tag("kubernetes.io/role/elb", "1"),
            ),
        );
    }
    let mut private_subnets = Vec::new();
    for i in 0..private as usize {
        let address = Address::keyed(id, "aws_subnet", "private", &subnet_key(&zones, i));
        private_subnets.push(
            ctx.add(
                new(
                    &address,
                    Properties::Subnet(Subnet {
                        vpc_id: Ref::id(&vpc_address),
                        tier: SubnetTier::Private,
                        cidr_block: cidr_subnet(base, newbits, public + i as u32),
                        availability_zone: zones[i % zones.len()].clone(),
                        map_public_ip_on_launch: false,
                    }),
                )
                .named(format!("{name}-private-{i}"))
                .tag("kubernetes.io/role/internal-elb", "1"),
            ),
        );
    }
    let mut route_tables = Vec::new();
    let mut igw = None;
    if public > 0 {
        let gateway = ctx.add(
            new(
                &Address::new(id, "aws_internet_gateway", "this"),
                Properties::InternetGateway(InternetGateway {
                    vpc_id: Ref::id(&vpc_address),
                }),
            )
            .named(&name),
        );
        let table = ctx.add(
            new(
                &Address::new(id, "aws_route_table", "public"),
                Properties::RouteTable(RouteTable {
                    vpc_id: Ref::id(&vpc_address),
                }),
            )
            .named(format!("{name}-public")),
        );
        ctx.add(new(
            &Address::new(id, "aws_route", "public_internet"),
            Properties::Route(Route {
                route_table_id: Ref::id(&table),
                destination_cidr_block: "0.0.0.0/0".into(),
                gateway_id: Some(Ref::id(&gateway)),
                nat_gateway_id: None,
            }),
        ));
        for (i, subnet) in public_subnets.iter().enumerate() {
            ctx.add(new(
                &Address::keyed(id, "aws_route_table_association", "public", &subnet_key(&zones, i)),
                Properties::RouteTableAssociation(RouteTableAssociation {
                    subnet_id: Ref::id(subnet),
                    route_table_id: Ref::id(&table),
                }),
            ));
        }
        route_tables.push(table);
        igw = Some(gateway);
    }
    // per_az: one NAT gateway in each AZ that has a public subnet to hold it.
    let nat_count = match vpc.nat_gateways {
        NatGateways::None => 0,
        NatGateways::Single => 1.min(public as usize),
        NatGateways::PerAz => (azs as usize).min(public as usize),
    };
    let mut nats = Vec::new();
    let mut nat_routes = Vec::new();
    for (i, subnet) in public_subnets.iter().enumerate().take(nat_count) {
        let zone = &zones[i % zones.len()];
        let eip =
            ctx.add(new(&Address::keyed(id, "aws_eip", "nat", zone), Properties::Eip(Eip { domain: "vpc".into() })).named(format!("{name}-nat-{i}")));
        let mut nat = new(
            &Address::keyed(id, "aws_nat_gateway", "this", zone),
            Properties::NatGateway(NatGateway {
                allocation_id: Ref::id(&eip),
                subnet_id: Ref::id(subnet),
            }),
        )
        .named(format!("{name}-{i}"));
        if let Some(gateway) = &igw {
            nat = nat.after(gateway);
        }
        nats.push(ctx.add(nat));
    }
    for (i, subnet) in private_subnets.iter().enumerate() {
        let key = subnet_key(&zones, i);
        let table = ctx.add(
            new(
                &Address::keyed(id, "aws_route_table", "private", &key),
                Properties::RouteTable(RouteTable {
                    vpc_id: Ref::id(&vpc_address),
                }),
            )
            .named(format!("{name}-private-{i}")),
        );
        if !nats.is_empty() {
            // The NAT gateway of the subnet's own AZ where there is one, else the first.
            let nat = &nats[(i % zones.len()).min(nats.len() - 1)];
            nat_routes.push(ctx.add(new(
                &Address::keyed(id, "aws_route", "private_nat", &key),
                Properties::Route(Route {
                    route_table_id: Ref::id(&table),
                    destination_cidr_block: "0.0.0.0/0".into(),
                    gateway_id: None,
                    nat_gateway_id: Some(Ref::id(nat)),
                }),
            )));
        }
        ctx.add(new(
            &Address::keyed(id, "aws_route_table_association", "private", &key),
            Properties::RouteTableAssociation(RouteTableAssociation {
                subnet_id: Ref::id(subnet),
                route_table_id: Ref::id(&table),
            }),
        ));
        route_tables.push(table);
    }
    // The export lists private tables, then the public one.
    if public > 0 {
        route_tables.rotate_left(1);
    }
    let s3_endpoint = ctx.add(
        new(
            &Address::new(id, "aws_vpc_endpoint", "s3"),
            Properties::VpcEndpoint(VpcEndpoint {
                vpc_id: Ref::id(&vpc_address),
                service_name: format!("com.amazonaws.{region}.s3"),
                vpc_endpoint_type: "Gateway".into(),
                route_table_ids: route_tables.iter().map(Ref::id).collect(),
            }),
        )
        .named(format!("{name}-s3")),
    );
    Ok(Network {
        vpc: vpc_address,
        cidr: vpc.cidr.clone(),
        public_subnets,
        private_subnets,
        has_nat: nat_count > 0,
        s3_endpoint,
        nat_routes,
    })
}
