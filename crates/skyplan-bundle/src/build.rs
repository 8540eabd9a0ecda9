//! One environment of a plan → its resource graph, mirroring what
//! skyplan-terraform's `env.rs` and `modules/*.rs` write for the same
//! environment: the same resources, counts, names, ports and settings.
//!
//! Left out, and said so in the bundle's notes, are the export's extras
//! that the engine does not cover: VPC flow logs (log group, role,
//! policy), the default security group's lockdown, EKS add-ons (EKS
//! installs vpc-cni, CoreDNS and kube-proxy itself), the EKS control-plane
//! log group, Pod Identity for workloads, the monitoring application log
//! group, dashboard and email subscriptions, CloudFront's response headers
//! policy, WAF logging, and the EventBridge schedules that stop a
//! part-time database.
//!
//! Scaling follows the export, not the plan's `simulation` block: CPU
//! target tracking at 60 % and, behind a load balancer, 1000 requests per
//! target; scheduled actions start and stop a part-time environment.

use crate::address::{Address, ApplyValue, Attribute, Ref};
use crate::graph::{Resource, ResourceGraph};
use crate::names;
use crate::resources::*;
use skyplan_core::aws::{CacheEngine, DbEngine, Geography};
use skyplan_core::model::{
    AlarmMetric, AlbScheme, BucketEncryption, Capacity, ComponentView, EnvironmentView, Kind, NatGateways, Spec, ValidPlan, WafScope,
};
use std::collections::{BTreeMap, BTreeSet};

/// TLS 1.3 and 1.2 only (skyplan-terraform's `alb::SSL_POLICY`).
pub const SSL_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/// Average CPU the groups scale to keep (the export's `cpu_target_percent`).
pub const CPU_TARGET_PERCENT: u32 = 60;
/// ALB requests per target the groups scale to keep (the export's `requests_per_target`).
pub const REQUESTS_PER_TARGET: u32 = 1000;

/// What the plan does not say and the graph needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphOptions {
    /// The Owner tag.
    pub owner: String,
    /// The CostCenter tag.
    pub cost_center: String,
    /// ACM certificate of the load balancers; None leaves it an input of the apply.
    pub certificate_arn: Option<String>,
    /// IANA time zone of a part-time schedule's start and stop times.
    pub schedule_time_zone: String,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            owner: "unassigned".into(),
            cost_center: "unassigned".into(),
            certificate_arn: None,
            schedule_time_zone: "UTC".into(),
        }
    }
}

/// Why a graph cannot be built (the export refuses the same plans).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("the plan has no environment \"{0}\"")]
    NoEnvironment(String),
    #[error("cannot build the resource graph: {0}")]
    Unsupported(String),
}

struct Ctx<'a> {
    plan: &'a ValidPlan,
    env: &'a EnvironmentView,
    idents: BTreeMap<String, String>,
    prefix: String,
    production: bool,
    plan_id: &'a str,
    options: &'a GraphOptions,
    resources: Vec<Resource>,
    notes: Vec<String>,
}

/// A resource about to be added.
struct New {
    address: Address,
    properties: Properties,
    name_tag: Option<String>,
    extra_tags: Vec<(String, String)>,
    after: Vec<Address>,
    optional: bool,
}

fn new(address: &Address, properties: Properties) -> New {
    New {
        address: address.clone(),
        properties,
        name_tag: None,
        extra_tags: Vec::new(),
        after: Vec::new(),
        optional: false,
    }
}

impl New {
    fn named(mut self, name: impl Into<String>) -> New {
        self.name_tag = Some(name.into());
        self
    }
    fn tag(mut self, key: &str, value: &str) -> New {
        self.extra_tags.push((key.into(), value.into()));
        self
    }
    fn after(mut self, address: &Address) -> New {
        self.after.push(address.clone());
        self
    }
    fn optional(mut self, optional: bool) -> New {
        self.optional = optional;
        self
    }
}

impl<'a> Ctx<'a> {
    fn component(&self, id: &str) -> Option<&'a ComponentView> {
        self.env.components.iter().find(|c| c.id == id)
    }

    fn ident(&self, id: &str) -> String {
        self.idents.get(id).cloned().unwrap_or_else(|| names::snake(id))
    }

    /// The export's module name of a component: `<plan>-<env>-<id>`, cut to `max`.
    fn name(&self, id: &str, max: usize) -> String {
        names::resource_name(&[&self.prefix, &self.env.name, id], max)
    }

    fn vpc(&self) -> Option<&'a ComponentView> {
        self.env.components.iter().find(|c| c.spec.kind() == Kind::Vpc)
    }

    fn has(&self, kind: Kind) -> bool {
        self.env.components.iter().any(|c| c.spec.kind() == kind)
    }

    fn note(&mut self, text: String) {
        self.notes.push(text);
    }

    fn connections_to(&self, id: &str) -> Vec<(&'a ComponentView, u16)> {
        self.plan
            .plan()
            .connections
            .iter()
            .filter(|c| c.to == id)
            .filter_map(|c| self.component(&c.from).map(|f| (f, c.port)))
            .collect()
    }

    fn connections_from(&self, id: &str) -> Vec<(&'a ComponentView, u16)> {
        self.plan
            .plan()
            .connections
            .iter()
            .filter(|c| c.from == id)
            .filter_map(|c| self.component(&c.to).map(|t| (t, c.port)))
            .collect()
    }

    fn kms(&self) -> Option<&'a ComponentView> {
        self.env.components.iter().find(|c| c.spec.kind() == Kind::Kms)
    }

    /// The ARN of the plan's key for `purpose`, or None without a kms component.
    fn key(&self, purpose: &str) -> Option<Ref> {
        self.kms().map(|k| Ref::arn(&Address::keyed(&k.id, "aws_kms_key", "this", purpose)))
    }

    fn base_tags(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("Environment".to_string(), self.env.name.clone()),
            ("Project".to_string(), names::project_tag(&self.plan.plan().name)),
            ("Owner".to_string(), self.options.owner.clone()),
            ("CostCenter".to_string(), self.options.cost_center.clone()),
            ("ManagedBy".to_string(), "skyplan".to_string()),
            (crate::PLAN_ID_TAG.to_string(), self.plan_id.to_string()),
        ])
    }

    /// Tags of what a template or group launches: the base tags and a Name.
    fn launched_tags(&self, name: &str) -> BTreeMap<String, String> {
        let mut tags = self.base_tags();
        tags.insert("Name".into(), name.into());
        tags
    }

    fn add(&mut self, n: New) -> Address {
        let mut tags = BTreeMap::new();
        if n.properties.taggable() {
            tags = self.base_tags();
            tags.insert(crate::ADDRESS_TAG.to_string(), n.address.tag_value());
            if let Some(name) = n.name_tag {
                tags.insert("Name".into(), name);
            }
            tags.extend(n.extra_tags);
        }
        let mut resource = Resource {
            address: n.address.clone(),
            properties: n.properties,
            tags,
            depends_on: n.after,
            optional: n.optional,
        };
        resource.depends_on.extend(resource.references().into_iter().map(|r| r.address));
        self.resources.push(resource);
        n.address
    }

    fn schedule(&self) -> Option<skyplan_terraform::Crons> {
        skyplan_terraform::crons(self.env.schedule)
    }
}


fn sg_address(id: &str) -> Address {
    Address::new(id, "aws_security_group", "this")
}

/// The graph of environment `env_name` of `plan`; resources are tagged
/// with `plan_id`. Also returns what the graph could not carry over.
pub fn graph_of(plan: &ValidPlan, env_name: &str, plan_id: &str, options: &GraphOptions) -> Result<(ResourceGraph, Vec<String>), BuildError> {
    let env = plan
        .environment(env_name)
        .ok_or_else(|| BuildError::NoEnvironment(env_name.to_string()))?;
    let idents = names::identifiers(plan.plan().components.iter().map(|c| c.id.as_str()));
    let mut ctx = Ctx {
        plan,
        env,
        idents,
        prefix: names::plan_slug(&plan.plan().name),
        production: skyplan_terraform::is_production(&env.name),
        plan_id,
        options,
        resources: Vec::new(),
        notes: Vec::new(),
    };
    let needs_vpc = env
        .components
        .iter()
        .any(|c| c.spec.kind().in_vpc());
    if needs_vpc && ctx.vpc().is_none() {
        return Err(BuildError::Unsupported(format!(
            "environment \"{}\" has load balancers, instances, clusters or databases but no vpc component to put them in",
            env.name
        )));
    }
    let mut network = None;
    if let Some(vpc) = ctx.vpc() {
        network = Some(vpc_resources(&mut ctx, vpc)?);
    }
    for component in &env.components {
        match &component.spec {
            Spec::Vpc(_) => {}
            Spec::Alb(_) => alb(&mut ctx, component, network.as_ref().expect("checked above")),
            Spec::Asg(_) => asg(&mut ctx, component, network.as_ref().expect("checked above")),
            Spec::Eks(_) => eks(&mut ctx, component, network.as_ref().expect("checked above")),
            Spec::Rds(_) => rds(&mut ctx, component, network.as_ref().expect("checked above")),
            Spec::Elasticache(_) => elasticache(&mut ctx, component, network.as_ref().expect("checked above")),
            Spec::S3(_) => s3(&mut ctx, component),
            Spec::Cloudfront(_) => cloudfront(&mut ctx, component),
            Spec::Waf(_) => waf(&mut ctx, component),
            Spec::Cloudwatch(_) => monitoring(&mut ctx, component),
            Spec::Kms(_) => kms(&mut ctx, component),
            Spec::Secrets(_) | Spec::DataTransfer(_) => {}
        }
    }
    let mut notes = ctx.notes;
    notes.sort();
    notes.dedup();
    Ok((ResourceGraph::new(ctx.resources), notes))
}

/// What the other components need of the network.
struct Network {
    vpc: Address,
    cidr: String,
    public_subnets: Vec<Address>,
    private_subnets: Vec<Address>,
    has_nat: bool,
    s3_endpoint: Address,
    /// The private subnets' routes to NAT: instances and nodes launched in
    /// private subnets wait for them, since they must reach AWS APIs to
    /// start (an EKS node that cannot reach the cluster never joins).
    nat_routes: Vec<Address>,
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

fn vpc_resources(ctx: &mut Ctx, component: &ComponentView) -> Result<Network, BuildError> {
    let Spec::Vpc(vpc) = &component.spec else {
        unreachable!("dispatched by kind")
    };
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
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
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

fn rule(sg: &Address, description: String, port: u16) -> SecurityGroupRule {
    SecurityGroupRule {
        security_group_id: Ref::id(sg),
        description,
        ip_protocol: "tcp".into(),
        from_port: port,
        to_port: port,
        referenced_security_group_id: None,
        prefix_list_id: None,
        managed_prefix_list_name: None,
        cidr_ipv4: None,
    }
}

/// The security group of a component and the rules the plan's connections
/// give it (the export's `sg_rules`): ingress from each connected source
/// with a security group, egress to each connected destination with one,
/// HTTPS to S3 through the gateway endpoint; instances and nodes also
/// reach AWS APIs over HTTPS. `ingress` false: only egress (load balancers,
/// whose ingress is their listeners').
fn security_group(ctx: &mut Ctx, component: &ComponentView, network: &Network, suffix: &str, description: &str, ingress: bool) -> Address {
    let id = component.id.as_str();
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
    let group_name = format!("{name}-{suffix}");
    let sg = ctx.add(
        new(
            &sg_address(id),
            Properties::SecurityGroup(SecurityGroup {
                name: group_name.clone(),
                description: description.into(),
                vpc_id: Ref::id(&network.vpc),
            }),
        )
        .named(&group_name),
    );
    if ingress {
        for (from, port) in ctx.connections_to(id) {
            if from.spec.kind().in_vpc() {
                let key = format!("{}_{port}", ctx.ident(&from.id));
                let mut r = rule(&sg, format!("From {} on {port}", from.id), port);
                r.referenced_security_group_id = Some(Ref::id(&sg_address(&from.id)));
                ctx.add(
                    new(
                        &Address::keyed(id, "aws_vpc_security_group_ingress_rule", "this", &key),
                        Properties::SecurityGroupIngressRule(r),
                    )
                    .named(format!("{name}-{key}")),
                );
            }
        }
    }
    let mut egress: BTreeMap<String, SecurityGroupRule> = BTreeMap::new();
    for (to, port) in ctx.connections_from(id) {
        if to.spec.kind().in_vpc() {
            let mut r = rule(&sg, format!("To {} on {port}", to.id), port);
            r.referenced_security_group_id = Some(Ref::id(&sg_address(&to.id)));
            egress.insert(format!("{}_{port}", ctx.ident(&to.id)), r);
        } else if to.spec.kind() == Kind::S3 {
            let mut r = rule(&sg, "To S3 through the gateway endpoint".into(), 443);
            r.prefix_list_id = Some(Ref::new(&network.s3_endpoint, Attribute::PrefixListId));
            egress.insert("s3_443".into(), r);
        }
    }
    if matches!(component.spec.kind(), Kind::Asg | Kind::Eks) {
        let mut r = rule(&sg, "HTTPS to AWS APIs and package repositories".into(), 443);
        r.cidr_ipv4 = Some("0.0.0.0/0".into());
        egress.insert("internet_https".into(), r);
    }
    for (key, r) in egress {
        ctx.add(
            new(
                &Address::keyed(id, "aws_vpc_security_group_egress_rule", "this", &key),
                Properties::SecurityGroupEgressRule(r),
            )
            .named(format!("{name}-{key}")),
        );
    }
    sg
}


fn fronted_by_cloudfront(ctx: &Ctx, id: &str) -> bool {
    ctx.env
        .components
        .iter()
        .any(|c| matches!(&c.spec, Spec::Cloudfront(cdn) if cdn.origins.iter().any(|o| o == id)))
        || ctx.connections_to(id).iter().any(|(from, _)| from.spec.kind() == Kind::Cloudfront)
}

fn alb(ctx: &mut Ctx, component: &ComponentView, network: &Network) {
    let Spec::Alb(alb) = &component.spec else {
        unreachable!("dispatched by kind")
    };
    let id = component.id.as_str();
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
    let internal = alb.scheme == AlbScheme::Internal;
    let fronted = fronted_by_cloudfront(ctx, id);
    let sg = security_group(
        ctx,
        component,
        network,
        "alb",
        "Load balancer: HTTPS from its allowed sources, out to its targets only",
        false,
    );
    let cidrs: Vec<String> = if internal {
        vec![network.cidr.clone()]
    } else if fronted {
        Vec::new()
    } else {
        vec!["0.0.0.0/0".into()]
    };
    for cidr in &cidrs {
        for (label, port, what) in [
            ("https", 443, "HTTPS from the internet"),
            ("http", 80, "HTTP from the internet, answered with a redirect to HTTPS"),
        ] {
            let mut r = rule(&sg, what.into(), port);
            r.cidr_ipv4 = Some(cidr.clone());
            ctx.add(new(
                &Address::keyed(id, "aws_vpc_security_group_ingress_rule", label, cidr),
                Properties::SecurityGroupIngressRule(r),
            ));
        }
    }
    if fronted && !internal {
        let mut r = rule(&sg, "HTTPS from CloudFront origin-facing servers".into(), 443);
        r.managed_prefix_list_name = Some("com.amazonaws.global.cloudfront.origin-facing".into());
        ctx.add(new(
            &Address::new(id, "aws_vpc_security_group_ingress_rule", "cloudfront"),
            Properties::SecurityGroupIngressRule(r),
        ));
    }
    let targets: Vec<(&ComponentView, u16)> = ctx
        .connections_from(id)
        .into_iter()
        .filter(|(to, _)| to.spec.kind().in_vpc())
        .collect();
    let (target_port, target_type) = match targets.first() {
        Some((to, port)) => (*port, if to.spec.kind() == Kind::Asg { "instance" } else { "ip" }),
        None => (80, "instance"),
    };
    for (to, _) in targets.iter().skip(1) {
        ctx.note(format!(
            "{id}: only the first target ({}) is attached to the target group; attach {} yourself",
            targets[0].0.id, to.id
        ));
    }
    if let Some((to, _)) = targets.first() {
        if to.spec.kind() == Kind::Eks {
            ctx.note(format!(
                "{id}: the target group (type ip) of {} is filled by the AWS Load Balancer Controller's TargetGroupBinding, which the bundle does not install",
                to.id
            ));
        }
    }
    let subnets = if internal { &network.private_subnets } else { &network.public_subnets };
    let lb = ctx.add(
        new(
            &Address::new(id, "aws_lb", "this"),
            Properties::Lb(Lb {
                name: name.clone(),
                internal,
                load_balancer_type: "application".into(),
                security_groups: vec![Ref::id(&sg)],
                subnets: subnets.iter().map(Ref::id).collect(),
                drop_invalid_header_fields: true,
                enable_deletion_protection: ctx.production,
            }),
        )
        .named(&name),
    );
    let tg = ctx.add(
        new(
            &Address::new(id, "aws_lb_target_group", "this"),
            Properties::LbTargetGroup(LbTargetGroup {
                name: name.clone(),
                port: target_port,
                protocol: "HTTP".into(),
                vpc_id: Ref::id(&network.vpc),
                target_type: target_type.into(),
                deregistration_delay_seconds: 30,
                health_check: HealthCheck {
                    path: "/".into(),
                    matcher: "200-399".into(),
                    interval_seconds: 15,
                    healthy_threshold: 2,
                    unhealthy_threshold: 3,
                },
            }),
        )
        .named(&name),
    );
    let certificate = match &ctx.options.certificate_arn {
        Some(arn) => ApplyValue::Literal { value: arn.clone() },
        None => ApplyValue::Input {
            name: "certificate_arn".into(),
            description: "ARN of the ACM certificate (in the bundle's region) of the load balancer's domain".into(),
        },
    };
    ctx.add(new(
        &Address::new(id, "aws_lb_listener", "https"),
        Properties::LbListener(LbListener {
            load_balancer_arn: Ref::arn(&lb),
            port: 443,
            protocol: "HTTPS".into(),
            ssl_policy: Some(SSL_POLICY.into()),
            certificate_arn: Some(certificate),
            default_action: ListenerAction::Forward {
                target_group_arn: Ref::arn(&tg),
            },
        }),
    ));
    ctx.add(new(
        &Address::new(id, "aws_lb_listener", "http"),
        Properties::LbListener(LbListener {
            load_balancer_arn: Ref::arn(&lb),
            port: 80,
            protocol: "HTTP".into(),
            ssl_policy: None,
            certificate_arn: None,
            default_action: ListenerAction::Redirect {
                port: "443".into(),
                protocol: "HTTPS".into(),
                status_code: "HTTP_301".into(),
            },
        }),
    ));
}

fn role(ctx: &mut Ctx, id: &str, label: &str, name: String, service: &str) -> Address {
    ctx.add(new(
        &Address::new(id, "aws_iam_role", label),
        Properties::IamRole(IamRole {
            name,
            assumed_by_service: service.into(),
            assume_role_actions: vec!["sts:AssumeRole".into()],
        }),
    ))
}

fn attach(ctx: &mut Ctx, address: Address, role: &Address, path: &str, policy: &str) -> Address {
    ctx.add(new(
        &address,
        Properties::IamRolePolicyAttachment(IamRolePolicyAttachment {
            role: Ref::name(role),
            policy: AwsManagedPolicy {
                path: path.into(),
                name: policy.into(),
            },
        }),
    ))
}

/// Object access to the buckets a tier is connected to, and their keys
/// (the export's `bucket_access_document`).
fn bucket_statements(ctx: &Ctx, id: &str) -> Vec<PolicyStatement> {
    let mut buckets = Vec::new();
    let mut keys = Vec::new();
    for (to, _) in ctx.connections_from(id) {
        if let Spec::S3(bucket) = &to.spec {
            buckets.push(Address::new(&to.id, "aws_s3_bucket", "this"));
            if bucket.encryption == BucketEncryption::SseKms {
                if let Some(key) = ctx.key("data") {
                    keys.push(key);
                }
            }
        }
    }
    keys.dedup();
    if buckets.is_empty() {
        return Vec::new();
    }
    let pattern = |arn: Ref, suffix: &str| ArnPattern { arn, suffix: suffix.into() };
    let mut statements = vec![
        PolicyStatement {
            sid: "ListBuckets".into(),
            effect: "Allow".into(),
            actions: vec!["s3:ListBucket".into()],
            resources: buckets.iter().map(|b| pattern(Ref::arn(b), "")).collect(),
        },
        PolicyStatement {
            sid: "ReadWriteObjects".into(),
            effect: "Allow".into(),
            actions: vec!["s3:GetObject".into(), "s3:PutObject".into(), "s3:DeleteObject".into()],
            resources: buckets.iter().map(|b| pattern(Ref::arn(b), "/*")).collect(),
        },
    ];
    if !keys.is_empty() {
        statements.push(PolicyStatement {
            sid: "UseBucketKeys".into(),
            effect: "Allow".into(),
            actions: vec!["kms:Decrypt".into(), "kms:GenerateDataKey".into()],
            resources: keys.into_iter().map(|k| pattern(k, "")).collect(),
        });
    }
    statements
}

fn metadata() -> MetadataOptions {
    // IMDSv2 only; a hop limit of 1 keeps the credentials away from containers.
    MetadataOptions {
        http_tokens: "required".into(),
        http_put_response_hop_limit: 1,
    }
}

fn root_volume(size_gb: u32) -> RootVolume {
    RootVolume {
        device_name: "/dev/xvda".into(),
        size_gb,
        volume_type: "gp3".into(),
        encrypted: true,
        delete_on_termination: true,
    }
}

fn asg(ctx: &mut Ctx, component: &ComponentView, network: &Network) {
    let Spec::Asg(asg) = &component.spec else {
        unreachable!("dispatched by kind")
    };
    let id = component.id.as_str();
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
    let sg = security_group(
        ctx,
        component,
        network,
        "instances",
        "Instances: in from the plan's connections only",
        true,
    );
    let role_address = role(ctx, id, "this", format!("{name}-instance"), "ec2.amazonaws.com");
    attach(
        ctx,
        Address::new(id, "aws_iam_role_policy_attachment", "ssm"),
        &role_address,
        "/",
        "AmazonSSMManagedInstanceCore",
    );
    attach(
        ctx,
        Address::new(id, "aws_iam_role_policy_attachment", "cloudwatch_agent"),
        &role_address,
        "/",
        "CloudWatchAgentServerPolicy",
    );
    let statements = bucket_statements(ctx, id);
    if !statements.is_empty() {
        ctx.add(new(
            &Address::new(id, "aws_iam_role_policy", "buckets"),
            Properties::IamRolePolicy(IamRolePolicy {
                role: Ref::name(&role_address),
                name: "plan-buckets".into(),
                statements,
            }),
        ));
    }
    let profile = ctx.add(new(
        &Address::new(id, "aws_iam_instance_profile", "this"),
        Properties::IamInstanceProfile(IamInstanceProfile {
            name: format!("{name}-instance"),
            role: Ref::name(&role_address),
        }),
    ));
    let ami = if names::is_graviton(&asg.instance_type) {
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
    } else {
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    };
    // Without NAT gateways, instances reach the internet from public
    // subnets with public IPs; otherwise they stay private.
    let public = !network.has_nat;
    let template = ctx.add(new(
        &Address::new(id, "aws_launch_template", "this"),
        Properties::LaunchTemplate(LaunchTemplate {
            name: name.clone(),
            image_id: Some(ApplyValue::SsmParameter { name: ami.into() }),
            instance_type: Some(asg.instance_type.clone()),
            ebs_optimized: Some(true),
            iam_instance_profile: Some(Ref::arn(&profile)),
            associate_public_ip_address: Some(public),
            security_group_ids: vec![Ref::id(&sg)],
            metadata_options: metadata(),
            detailed_monitoring: true,
            root_volume: root_volume(asg.root_volume_gb),
            instance_tags: ctx.launched_tags(&name),
        }),
    ));
    let load_balancer = ctx
        .connections_to(id)
        .into_iter()
        .find(|(from, _)| from.spec.kind() == Kind::Alb)
        .map(|(from, _)| from.id.clone());
    let target_groups: Vec<Ref> = load_balancer
        .iter()
        .map(|lb| Ref::arn(&Address::new(lb, "aws_lb_target_group", "this")))
        .collect();
    let mut group = new(
        &Address::new(id, "aws_autoscaling_group", "this"),
        Properties::AutoscalingGroup(AutoscalingGroup {
            name: name.clone(),
            min_size: asg.min,
            max_size: asg.max,
            desired_capacity: asg.desired,
            vpc_zone_identifier: if public { &network.public_subnets } else { &network.private_subnets }
                .iter()
                .map(Ref::id)
                .collect(),
            health_check_type: if target_groups.is_empty() { "EC2" } else { "ELB" }.into(),
            target_group_arns: target_groups,
            health_check_grace_period_seconds: 300,
            launch_template_id: Ref::id(&template),
            instance_refresh_min_healthy_percentage: 90,
            propagated_tags: ctx.launched_tags(&name),
        }),
    )
    .named(&name);
    if !public {
        for route in &network.nat_routes {
            group = group.after(route);
        }
    }
    let group = ctx.add(group);
    ctx.add(new(
        &Address::new(id, "aws_autoscaling_policy", "cpu"),
        Properties::AutoscalingPolicy(AutoscalingPolicy {
            name: format!("{name}-cpu"),
            autoscaling_group_name: Ref::name(&group),
            policy_type: "TargetTrackingScaling".into(),
            predefined_metric_type: "ASGAverageCPUUtilization".into(),
            resource_label: None,
            target_value: CPU_TARGET_PERCENT,
        }),
    ));
    if let Some(lb) = &load_balancer {
        ctx.add(new(
            &Address::new(id, "aws_autoscaling_policy", "requests"),
            Properties::AutoscalingPolicy(AutoscalingPolicy {
                name: format!("{name}-requests"),
                autoscaling_group_name: Ref::name(&group),
                policy_type: "TargetTrackingScaling".into(),
                predefined_metric_type: "ALBRequestCountPerTarget".into(),
                resource_label: Some(RequestCountLabel {
                    load_balancer: Ref::new(&Address::new(lb, "aws_lb", "this"), Attribute::ArnSuffix),
                    target_group: Ref::new(&Address::new(lb, "aws_lb_target_group", "this"), Attribute::ArnSuffix),
                }),
                target_value: REQUESTS_PER_TARGET,
            }),
        ));
    }
    if let Some(crons) = ctx.schedule() {
        let zone = ctx.options.schedule_time_zone.clone();
        for (label, recurrence, (min, max, desired)) in [
            ("start", crons.asg_start, (asg.min, asg.max, asg.desired)),
            ("stop", crons.asg_stop, (0, 0, 0)),
        ] {
            ctx.add(new(
                &Address::new(id, "aws_autoscaling_schedule", label),
                Properties::AutoscalingSchedule(AutoscalingSchedule {
                    scheduled_action_name: format!("{name}-{label}"),
                    autoscaling_group_name: Ref::name(&group),
                    recurrence,
                    time_zone: zone.clone(),
                    min_size: min,
                    max_size: max,
                    desired_capacity: desired,
                }),
            ));
        }
    }
}

/// The managed policies a node needs to join, pull images, run the VPC
/// CNI, be reached by Session Manager and publish Container Insights.
const NODE_POLICIES: &[&str] = &[
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AmazonSSMManagedInstanceCore",
    "CloudWatchAgentServerPolicy",
];

fn eks(ctx: &mut Ctx, component: &ComponentView, network: &Network) {
    let Spec::Eks(eks) = &component.spec else {
        unreachable!("dispatched by kind")
    };
    let id = component.id.as_str();
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
    let sg = security_group(
        ctx,
        component,
        network,
        "workloads",
        "Nodes and pods: in from the plan's connections only",
        true,
    );
    let secrets_key = match ctx.key("eks") {
        Some(key) => key,
        None => {
            let key = ctx.add(new(
                &Address::new(id, "aws_kms_key", "secrets"),
                Properties::KmsKey(KmsKey {
                    description: format!("{name} Kubernetes secrets"),
                    enable_key_rotation: true,
                    deletion_window_in_days: 30,
                    policy: vec![KeyPolicyStatement::AccountAdministersThroughIam],
                }),
            ));
            Ref::arn(&key)
        }
    };
    let cluster_role = role(ctx, id, "cluster", format!("{name}-cluster"), "eks.amazonaws.com");
    let cluster_policy = attach(
        ctx,
        Address::new(id, "aws_iam_role_policy_attachment", "cluster"),
        &cluster_role,
        "/",
        "AmazonEKSClusterPolicy",
    );
    let cluster = ctx.add(
        new(
            &Address::new(id, "aws_eks_cluster", "this"),
            Properties::EksCluster(EksCluster {
                name: name.clone(),
                version: eks.kubernetes_version.clone(),
                role_arn: Ref::arn(&cluster_role),
                subnet_ids: network.private_subnets.iter().map(Ref::id).collect(),
                endpoint_private_access: true,
                endpoint_public_access: false,
                enabled_cluster_log_types: ["api", "audit", "authenticator", "controllerManager", "scheduler"]
                    .map(String::from)
                    .to_vec(),
                secrets_kms_key_arn: secrets_key,
                authentication_mode: "API".into(),
                bootstrap_cluster_creator_admin_permissions: true,
            }),
        )
        .after(&cluster_policy),
    );
    let node_role = role(ctx, id, "node", format!("{name}-node"), "ec2.amazonaws.com");
    let node_policies: Vec<Address> = NODE_POLICIES
        .iter()
        .map(|policy| {
            attach(
                ctx,
                Address::keyed(id, "aws_iam_role_policy_attachment", "node", policy),
                &node_role,
                "/",
                policy,
            )
        })
        .collect();
    if !bucket_statements(ctx, id).is_empty() {
        ctx.note(format!(
            "{id}: bucket access for pods (Pod Identity, as the Terraform export sets up) is not in the bundle; grant it yourself"
        ));
    }
    for group in &eks.node_groups {
        let template = ctx.add(new(
            &Address::keyed(id, "aws_launch_template", "node", &group.name),
            Properties::LaunchTemplate(LaunchTemplate {
                name: format!("{name}-{}", group.name),
                image_id: None,
                instance_type: None,
                ebs_optimized: None,
                iam_instance_profile: None,
                associate_public_ip_address: None,
                // The cluster's own group keeps node-to-control-plane traffic working.
                security_group_ids: vec![Ref::new(&cluster, Attribute::ClusterSecurityGroupId), Ref::id(&sg)],
                metadata_options: metadata(),
                detailed_monitoring: true,
                root_volume: root_volume(group.disk_gb),
                instance_tags: ctx.launched_tags(&format!("{name}-{}", group.name)),
            }),
        ));
        let arm = group.instance_types.iter().all(|t| names::is_graviton(t));
        let capacity_type = if group.capacity == Capacity::Spot { "SPOT" } else { "ON_DEMAND" };
        let mut node_group = new(
            &Address::keyed(id, "aws_eks_node_group", "this", &group.name),
            Properties::EksNodeGroup(EksNodeGroup {
                cluster_name: Ref::name(&cluster),
                node_group_name: group.name.clone(),
                node_role_arn: Ref::arn(&node_role),
                subnet_ids: network.private_subnets.iter().map(Ref::id).collect(),
                capacity_type: capacity_type.into(),
                instance_types: group.instance_types.clone(),
                ami_type: if arm { "AL2023_ARM_64_STANDARD" } else { "AL2023_x86_64_STANDARD" }.into(),
                min_size: group.min,
                desired_size: group.desired,
                max_size: group.max,
                max_unavailable: 1,
                launch_template_id: Ref::id(&template),
                labels: BTreeMap::from([("capacity".to_string(), capacity_type.to_lowercase())]),
            }),
        );
        for dependency in node_policies.iter().chain(&network.nat_routes) {
            node_group = node_group.after(dependency);
        }
        let node_group = ctx.add(node_group);
        if let Some(crons) = ctx.schedule() {
            let zone = ctx.options.schedule_time_zone.clone();
            for (label, recurrence, (min, max, desired)) in [
                ("start", crons.asg_start.clone(), (group.min, group.max, group.desired)),
                ("stop", crons.asg_stop.clone(), (0, 0, 0)),
            ] {
                ctx.add(new(
                    &Address::keyed(id, "aws_autoscaling_schedule", label, &group.name),
                    Properties::AutoscalingSchedule(AutoscalingSchedule {
                        scheduled_action_name: format!("{name}-{}-{label}", group.name),
                        autoscaling_group_name: Ref::new(&node_group, Attribute::AutoscalingGroupName),
                        recurrence,
                        time_zone: zone.clone(),
                        min_size: min,
                        max_size: max,
                        desired_capacity: desired,
                    }),
                ));
            }
        }
    }
}

fn rds(ctx: &mut Ctx, component: &ComponentView, network: &Network) {
    let Spec::Rds(rds) = &component.spec else {
        unreachable!("dispatched by kind")
    };
    let id = component.id.as_str();
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
    let subnet_group = ctx.add(new(
        &Address::new(id, "aws_db_subnet_group", "this"),
        Properties::DbSubnetGroup(DbSubnetGroup {
            name: name.clone(),
            subnet_ids: network.private_subnets.iter().map(Ref::id).collect(),
        }),
    ));
    let sg = security_group(ctx, component, network, "db", "Database: in from the plan's connections only", true);
    // Performance Insights is not offered on the smallest burstable classes.
    let small = ["db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"].contains(&rds.instance_class.as_str());
    let (parameters, logs, iam_auth): (Vec<(&str, &str)>, &[&str], bool) = match rds.engine {
        DbEngine::Postgres => (
            vec![("rds.force_ssl", "1"), ("log_statement", "ddl"), ("log_min_duration_statement", "1000")],
            &["postgresql", "upgrade"],
            true,
        ),
        DbEngine::Mysql => (
            vec![("require_secure_transport", "1"), ("slow_query_log", "1"), ("long_query_time", "1")],
            &["error", "slowquery"],
            true,
        ),
        // MariaDB has no IAM database authentication on RDS.
        DbEngine::Mariadb => (
            vec![("require_secure_transport", "1"), ("slow_query_log", "1"), ("long_query_time", "1")],
            &["error", "slowquery"],
            false,
        ),
    };
    let family = names::parameter_group_family(rds.engine, &rds.engine_version);
    let parameter_group = ctx.add(new(
        &Address::new(id, "aws_db_parameter_group", "this"),
        Properties::DbParameterGroup(DbParameterGroup {
            name: format!("{name}-{}", family.replace('.', "-")),
            family,
            parameters: parameters.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            apply_method: "pending-reboot".into(),
        }),
    ));
    let monitoring_role = role(ctx, id, "monitoring", format!("{name}-monitoring"), "monitoring.rds.amazonaws.com");
    let monitoring_policy = attach(
        ctx,
        Address::new(id, "aws_iam_role_policy_attachment", "monitoring"),
        &monitoring_role,
        "/service-role/",
        "AmazonRDSEnhancedMonitoringRole",
    );
    let key = ctx.key("data");
    let logs: Vec<String> = logs.iter().map(|s| s.to_string()).collect();
    let primary = ctx.add(
        new(
            &Address::new(id, "aws_db_instance", "this"),
            Properties::DbInstance(DbInstance {
                identifier: name.clone(),
                replicate_source_db: None,
                engine: Some(rds.engine.as_str().into()),
                engine_version: Some(rds.engine_version.clone()),
                instance_class: rds.instance_class.clone(),
                allocated_storage_gb: Some(rds.storage_gb),
                storage_type: Some(rds.storage_type.as_str().into()),
                iops: rds.iops,
                storage_encrypted: true,
                kms_key_id: key.clone(),
                db_name: Some("app".into()),
                username: Some("app_admin".into()),
                manage_master_user_password: true,
                master_user_secret_kms_key_id: key.clone(),
                iam_database_authentication_enabled: iam_auth,
                multi_az: rds.multi_az,
                db_subnet_group_name: Some(Ref::name(&subnet_group)),
                vpc_security_group_ids: vec![Ref::id(&sg)],
                parameter_group_name: Ref::name(&parameter_group),
                publicly_accessible: false,
                backup_retention_period_days: Some(u32::from(rds.backup_retention_days)),
                backup_window: Some("03:00-04:00".into()),
                maintenance_window: Some("sun:04:30-sun:05:30".into()),
                copy_tags_to_snapshot: true,
                auto_minor_version_upgrade: true,
                deletion_protection: ctx.production,
                final_snapshot_identifier: ctx.production.then(|| format!("{name}-final")),
                performance_insights_enabled: !small,
                performance_insights_kms_key_id: if small { None } else { key.clone() },
                monitoring_interval_seconds: 60,
                monitoring_role_arn: Ref::arn(&monitoring_role),
                enabled_cloudwatch_logs_exports: logs.clone(),
            }),
        )
        .named(&name)
        .after(&monitoring_policy),
    );
    for i in 0..rds.read_replicas {
        let replica_name = format!("{name}-replica-{i}");
        ctx.add(
            new(
                &Address::keyed(id, "aws_db_instance", "replica", &i.to_string()),
                Properties::DbInstance(DbInstance {
                    identifier: replica_name.clone(),
                    replicate_source_db: Some(Ref::id(&primary)),
                    engine: None,
                    engine_version: None,
                    instance_class: rds.instance_class.clone(),
                    allocated_storage_gb: None,
                    storage_type: None,
                    iops: None,
                    storage_encrypted: true,
                    kms_key_id: key.clone(),
                    db_name: None,
                    username: None,
                    manage_master_user_password: false,
                    master_user_secret_kms_key_id: None,
                    iam_database_authentication_enabled: iam_auth,
                    multi_az: rds.multi_az,
                    db_subnet_group_name: None,
                    vpc_security_group_ids: vec![Ref::id(&sg)],
                    parameter_group_name: Ref::name(&parameter_group),
                    publicly_accessible: false,
                    backup_retention_period_days: None,
                    backup_window: None,
                    maintenance_window: None,
                    copy_tags_to_snapshot: true,
                    auto_minor_version_upgrade: true,
                    deletion_protection: ctx.production,
                    final_snapshot_identifier: None,
                    performance_insights_enabled: !small,
                    performance_insights_kms_key_id: if small { None } else { key.clone() },
                    monitoring_interval_seconds: 60,
                    monitoring_role_arn: Ref::arn(&monitoring_role),
                    enabled_cloudwatch_logs_exports: logs.clone(),
                }),
            )
            .named(replica_name),
        );
    }
    if ctx.schedule().is_some() {
        ctx.note(format!(
            "{id}: the part-time schedule does not stop the database (the Terraform export's EventBridge schedules are not in the bundle)"
        ));
    }
}

fn elasticache(ctx: &mut Ctx, component: &ComponentView, network: &Network) {
    let Spec::Elasticache(cache) = &component.spec else {
        unreachable!("dispatched by kind")
    };
    let id = component.id.as_str();
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
    // The plan names no engine version: the current major of each engine.
    let (version, parameter_group, port) = match cache.engine {
        CacheEngine::Redis => ("7.1", "default.redis7", 6379),
        CacheEngine::Valkey => ("8.0", "default.valkey8", 6379),
        CacheEngine::Memcached => ("1.6.22", "default.memcached1.6", 11211),
    };
    let subnet_group = ctx.add(new(
        &Address::new(id, "aws_elasticache_subnet_group", "this"),
        Properties::ElastiCacheSubnetGroup(ElastiCacheSubnetGroup {
            name: name.clone(),
            subnet_ids: network.private_subnets.iter().map(Ref::id).collect(),
        }),
    ));
    let sg = security_group(ctx, component, network, "cache", "Cache: in from the plan's connections only", true);
    let key = ctx.key("data");
    let token = cache.encryption_in_transit.then(|| {
        ctx.add(new(
            &Address::new(id, "aws_secretsmanager_secret", "auth_token"),
            Properties::SecretsManagerSecret(SecretsManagerSecret {
                name: format!("{name}-auth-token"),
                description: format!("AUTH token of the {name} cache"),
                kms_key_id: key.clone(),
                recovery_window_in_days: 7,
                // AUTH tokens allow printable ASCII except a few symbols; letters and digits are safe.
                generated_value: GeneratedSecret {
                    length: 64,
                    exclude_punctuation: true,
                },
            }),
        ))
    });
    if cache.engine == CacheEngine::Memcached {
        ctx.add(
            new(
                &Address::new(id, "aws_elasticache_cluster", "memcached"),
                Properties::ElastiCacheCluster(ElastiCacheCluster {
                    cluster_id: name.clone(),
                    engine: "memcached".into(),
                    engine_version: version.into(),
                    parameter_group_name: parameter_group.into(),
                    node_type: cache.node_type.clone(),
                    num_cache_nodes: cache.nodes,
                    port,
                    az_mode: if cache.nodes > 1 { "cross-az" } else { "single-az" }.into(),
                    subnet_group_name: Ref::name(&subnet_group),
                    security_group_ids: vec![Ref::id(&sg)],
                    transit_encryption_enabled: cache.encryption_in_transit,
                }),
            )
            .named(&name),
        );
        return;
    }
    // Failover needs a replica to promote: on with two nodes or more.
    let failover = cache.nodes > 1;
    ctx.add(
        new(
            &Address::new(id, "aws_elasticache_replication_group", "this"),
            Properties::ElastiCacheReplicationGroup(ElastiCacheReplicationGroup {
                replication_group_id: name.clone(),
                description: format!("{name} ({})", cache.engine.as_str()),
                engine: cache.engine.as_str().into(),
                engine_version: version.into(),
                parameter_group_name: parameter_group.into(),
                node_type: cache.node_type.clone(),
                num_cache_clusters: cache.nodes,
                port,
                subnet_group_name: Ref::name(&subnet_group),
                security_group_ids: vec![Ref::id(&sg)],
                automatic_failover_enabled: failover,
                multi_az_enabled: failover,
                at_rest_encryption_enabled: cache.encryption_at_rest,
                kms_key_id: if cache.encryption_at_rest { key } else { None },
                transit_encryption_enabled: cache.encryption_in_transit,
                auth_token: token.map(|t| Ref::new(&t, Attribute::SecretString)),
                snapshot_retention_limit_days: 7,
                snapshot_window: "03:00-04:00".into(),
                maintenance_window: "sun:05:00-sun:06:00".into(),
                auto_minor_version_upgrade: true,
            }),
        )
        .named(&name),
    );
}


/// Days a replaced object version is kept (the export's `noncurrent_version_days`).
const NONCURRENT_VERSION_DAYS: u32 = 90;

fn s3(ctx: &mut Ctx, component: &ComponentView) {
    let Spec::S3(bucket) = &component.spec else {
        unreachable!("dispatched by kind")
    };
    let id = component.id.as_str();
    let bucket_name = names::bucket_name(&bucket.bucket, &ctx.env.name);
    let this = ctx.add(
        new(
            &Address::new(id, "aws_s3_bucket", "this"),
            Properties::S3Bucket(S3Bucket { bucket: bucket_name.clone() }),
        )
        .named(&bucket_name),
    );
    let public_access = ctx.add(new(
        &Address::new(id, "aws_s3_bucket_public_access_block", "this"),
        Properties::S3BucketPublicAccessBlock(S3BucketPublicAccessBlock {
            bucket: Ref::id(&this),
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
        }),
    ));
    ctx.add(new(
        &Address::new(id, "aws_s3_bucket_ownership_controls", "this"),
        Properties::S3BucketOwnershipControls(S3BucketOwnershipControls {
            bucket: Ref::id(&this),
            object_ownership: "BucketOwnerEnforced".into(),
        }),
    ));
    let versioning = ctx.add(new(
        &Address::new(id, "aws_s3_bucket_versioning", "this"),
        Properties::S3BucketVersioning(S3BucketVersioning {
            bucket: Ref::id(&this),
            status: if bucket.versioning { "Enabled" } else { "Disabled" }.into(),
        }),
    ));
    let kms = bucket.encryption == BucketEncryption::SseKms;
    ctx.add(new(
        &Address::new(id, "aws_s3_bucket_server_side_encryption_configuration", "this"),
        Properties::S3BucketEncryption(S3BucketEncryption {
            bucket: Ref::id(&this),
            sse_algorithm: if kms { "aws:kms" } else { "AES256" }.into(),
            kms_master_key_id: if kms { ctx.key("data") } else { None },
            // Bucket keys cut the KMS requests (and their cost) of SSE-KMS.
            bucket_key_enabled: kms,
        }),
    ));
    ctx.add(
        new(
            &Address::new(id, "aws_s3_bucket_lifecycle_configuration", "this"),
            Properties::S3BucketLifecycle(S3BucketLifecycle {
                bucket: Ref::id(&this),
                rules: vec![
                    LifecycleRule {
                        id: "plan-lifecycle".into(),
                        enabled: true,
                        transitions: bucket
                            .lifecycle
                            .transitions
                            .iter()
                            .map(|t| LifecycleTransition {
                                days: t.after_days,
                                storage_class: names::storage_class(t.storage_class).into(),
                            })
                            .collect(),
                        expiration_days: bucket.lifecycle.expire_after_days,
                        noncurrent_version_expiration_days: bucket.versioning.then_some(NONCURRENT_VERSION_DAYS),
                        abort_incomplete_multipart_upload_days: None,
                    },
                    LifecycleRule {
                        id: "abort-incomplete-uploads".into(),
                        enabled: true,
                        transitions: Vec::new(),
                        expiration_days: None,
                        noncurrent_version_expiration_days: None,
                        abort_incomplete_multipart_upload_days: Some(7),
                    },
                ],
            }),
        )
        .after(&versioning),
    );
    let readers: Vec<Ref> = ctx
        .env
        .components
        .iter()
        .filter(|c| matches!(&c.spec, Spec::Cloudfront(cdn) if cdn.origins.iter().any(|o| o == id)))
        .map(|c| Ref::arn(&Address::new(&c.id, "aws_cloudfront_distribution", "this")))
        .collect();
    let optional = !readers.is_empty();
    ctx.add(
        new(
            &Address::new(id, "aws_s3_bucket_policy", "this"),
            Properties::S3BucketPolicy(S3BucketPolicy {
                bucket: Ref::id(&this),
                deny_insecure_transport: true,
                cloudfront_readers: readers,
            }),
        )
        .after(&public_access)
        .optional(optional),
    );
}

/// The cheapest price class with edge locations in every geography served
/// (skyplan-terraform's `env::price_class`).

fn cloudfront(ctx: &mut Ctx, component: &ComponentView) {
    let Spec::Cloudfront(cdn) = &component.spec else {
        unreachable!("dispatched by kind")
    };
    let id = component.id.as_str();
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
    let geographies: BTreeSet<Geography> = cdn
        .data_out_gb
        .keys()
        .chain(cdn.https_requests.keys())
        .chain(cdn.http_requests.keys())
        .copied()
        .collect();
    let mut present: Vec<&ComponentView> = Vec::new();
    for origin in &cdn.origins {
        match ctx.component(origin) {
            Some(found) => present.push(found),
            None => ctx.note(format!("{id}: origin {origin} is left out of this environment")),
        }
    }
    let Some(default_origin) = present.first().map(|c| c.id.clone()) else {
        ctx.note(format!("{id}: no origin in this environment, so no distribution"));
        return;
    };
    let access_control = present.iter().any(|c| c.spec.kind() == Kind::S3).then(|| {
        ctx.add(
            new(
                &Address::new(id, "aws_cloudfront_origin_access_control", "s3"),
                Properties::CloudFrontOriginAccessControl(CloudFrontOriginAccessControl {
                    name: name.clone(),
                    description: "CloudFront signs its requests to the S3 origins".into(),
                    origin_type: "s3".into(),
                    signing_behavior: "always".into(),
                    signing_protocol: "sigv4".into(),
                }),
            )
            .optional(true),
        )
    });
    let origins = present
        .iter()
        .map(|origin| match (origin.spec.kind(), &access_control) {
            (Kind::S3, Some(oac)) => CloudFrontOrigin::S3 {
                origin_id: origin.id.clone(),
                domain_name: Ref::new(&Address::new(&origin.id, "aws_s3_bucket", "this"), Attribute::BucketRegionalDomainName),
                origin_access_control_id: Ref::id(oac),
            },
            _ => CloudFrontOrigin::LoadBalancer {
                origin_id: origin.id.clone(),
                domain_name: ApplyValue::Input {
                    name: format!("origin_domain.{}", origin.id),
                    description: format!("DNS name of {} that its load balancer's certificate covers", origin.id),
                },
            },
        })
        .collect();
    let web_acl = ctx
        .env
        .components
        .iter()
        .find(|c| matches!(&c.spec, Spec::Waf(w) if w.scope == WafScope::Cloudfront))
        .map(|c| Ref::arn(&Address::new(&c.id, "aws_wafv2_web_acl", "this")));
    ctx.add(
        new(
            &Address::new(id, "aws_cloudfront_distribution", "this"),
            Properties::CloudFrontDistribution(CloudFrontDistribution {
                comment: name.clone(),
                price_class: names::price_class(&geographies).into(),
                web_acl_arn: web_acl,
                origins,
                default_origin_id: default_origin,
                http_version: "http2and3".into(),
                is_ipv6_enabled: true,
                viewer_protocol_policy: "redirect-to-https".into(),
            }),
        )
        .named(&name)
        .optional(true),
    );
}

fn waf(ctx: &mut Ctx, component: &ComponentView) {
    let Spec::Waf(waf) = &component.spec else {
        unreachable!("dispatched by kind")
    };
    let id = component.id.as_str();
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
    let mut used = BTreeSet::new();
    let rules = waf
        .rules
        .iter()
        .enumerate()
        .map(|(priority, rule)| {
            let rule_name = match rule {
                skyplan_core::model::WafRule::RateLimit { name, .. } | skyplan_core::model::WafRule::Managed { name } => name,
            };
            let base = names::loose_identifier(rule_name);
            let mut key = base.clone();
            let mut n = 2;
            while !used.insert(key.clone()) {
                key = format!("{base}_{n}");
                n += 1;
            }
            match rule {
                skyplan_core::model::WafRule::RateLimit { limit, .. } => WafRule::RateLimit {
                    name: key,
                    priority: priority as u32,
                    limit: *limit,
                },
                skyplan_core::model::WafRule::Managed { name } => WafRule::Managed {
                    name: key,
                    priority: priority as u32,
                    rule_group: name.clone(),
                },
            }
        })
        .collect();
    let cloudfront = waf.scope == WafScope::Cloudfront;
    let acl = ctx.add(
        new(
            &Address::new(id, "aws_wafv2_web_acl", "this"),
            Properties::WafWebAcl(WafWebAcl {
                name: name.clone(),
                description: format!("Web ACL of {name}"),
                scope: if cloudfront { "CLOUDFRONT" } else { "REGIONAL" }.into(),
                rules,
            }),
        )
        .optional(true),
    );
    if !cloudfront {
        let albs: Vec<String> = ctx
            .env
            .components
            .iter()
            .filter(|c| c.spec.kind() == Kind::Alb)
            .map(|c| c.id.clone())
            .collect();
        for alb in albs {
            let key = ctx.ident(&alb);
            ctx.add(
                new(
                    &Address::keyed(id, "aws_wafv2_web_acl_association", "this", &key),
                    Properties::WafWebAclAssociation(WafWebAclAssociation {
                        resource_arn: Ref::arn(&Address::new(&alb, "aws_lb", "this")),
                        web_acl_arn: Ref::arn(&acl),
                    }),
                )
                .optional(true),
            );
        }
    }
}

fn monitoring(ctx: &mut Ctx, component: &ComponentView) {
    let Spec::Cloudwatch(cw) = &component.spec else {
        unreachable!("dispatched by kind")
    };
    let id = component.id.as_str();
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
    let topic = ctx.add(new(
        &Address::new(id, "aws_sns_topic", "alarms"),
        Properties::SnsTopic(SnsTopic {
            name: format!("{name}-alarms"),
            kms_master_key_id: ctx.key("logs"),
        }),
    ));
    for alarm in &cw.alarms {
        for target_id in &alarm.targets {
            let Some(target) = ctx.component(target_id) else { continue };
            let ident = ctx.ident(target_id);
            let (metric_key, label) = match alarm.metric {
                AlarmMetric::CpuUtilization => ("cpu", "CPU"),
                AlarmMetric::MemoryUtilization => ("memory", "memory"),
                AlarmMetric::DiskUtilization => ("disk", "disk"),
            };
            let asg = || Ref::name(&Address::new(target_id, "aws_autoscaling_group", "this"));
            let cluster = || Ref::name(&Address::new(target_id, "aws_eks_cluster", "this"));
            let cache = |spec: &Spec| match spec {
                Spec::Elasticache(c) if c.engine == CacheEngine::Memcached => {
                    Ref::id(&Address::new(target_id, "aws_elasticache_cluster", "memcached"))
                }
                _ => Ref::new(
                    &Address::new(target_id, "aws_elasticache_replication_group", "this"),
                    Attribute::FirstMemberClusterId,
                ),
            };
            let found: Option<(&str, &str, &str, Ref)> = match (target.spec.kind(), alarm.metric) {
                (Kind::Asg, AlarmMetric::CpuUtilization) => Some(("AWS/EC2", "CPUUtilization", "AutoScalingGroupName", asg())),
                // Memory and disk come from the CloudWatch agent on the instances.
                (Kind::Asg, AlarmMetric::MemoryUtilization) => Some(("CWAgent", "mem_used_percent", "AutoScalingGroupName", asg())),
                (Kind::Asg, AlarmMetric::DiskUtilization) => Some(("CWAgent", "disk_used_percent", "AutoScalingGroupName", asg())),
                // Container Insights (the amazon-cloudwatch-observability add-on).
                (Kind::Eks, AlarmMetric::CpuUtilization) => Some(("ContainerInsights", "node_cpu_utilization", "ClusterName", cluster())),
                (Kind::Eks, AlarmMetric::MemoryUtilization) => Some(("ContainerInsights", "node_memory_utilization", "ClusterName", cluster())),
                (Kind::Eks, AlarmMetric::DiskUtilization) => Some(("ContainerInsights", "node_filesystem_utilization", "ClusterName", cluster())),
                // A DB instance's id is its identifier.
                (Kind::Rds, AlarmMetric::CpuUtilization) => Some((
                    "AWS/RDS",
                    "CPUUtilization",
                    "DBInstanceIdentifier",
                    Ref::id(&Address::new(target_id, "aws_db_instance", "this")),
                )),
                (Kind::Elasticache, AlarmMetric::CpuUtilization) => {
                    Some(("AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", cache(&target.spec)))
                }
                _ => None,
            };
            let Some((namespace, metric_name, dimension, value)) = found else {
                ctx.note(format!(
                    "{id}: no {label} alarm for {target_id}: {} publishes no {label} percentage",
                    target.spec.kind().label()
                ));
                continue;
            };
            let key = format!("{ident}_{metric_key}");
            ctx.add(new(
                &Address::keyed(id, "aws_cloudwatch_metric_alarm", "this", &key),
                Properties::CloudWatchMetricAlarm(CloudWatchMetricAlarm {
                    alarm_name: format!("{name}-{key}"),
                    alarm_description: format!("{label} of {} at or above {} %", target.name, alarm.threshold_percent),
                    namespace: namespace.into(),
                    metric_name: metric_name.into(),
                    dimensions: BTreeMap::from([(dimension.to_string(), value)]),
                    statistic: "Average".into(),
                    period_seconds: 300,
                    evaluation_periods: 3,
                    threshold: u32::from(alarm.threshold_percent),
                    comparison_operator: "GreaterThanOrEqualToThreshold".into(),
                    // A part-time environment sends no data while stopped: that is not an alarm.
                    treat_missing_data: "notBreaching".into(),
                    alarm_actions: vec![Ref::arn(&topic)],
                    ok_actions: vec![Ref::arn(&topic)],
                }),
            ));
        }
    }
    if cw.custom_metrics > 0 {
        ctx.note(format!(
            "{id}: the {} custom metrics are published by your applications and the CloudWatch agent, not created by apply",
            cw.custom_metrics
        ));
    }
    if cw.dashboards > 0 {
        ctx.note(format!(
            "{id}: dashboards, the application log group and alarm email subscriptions are not in the bundle"
        ));
    }
}

fn kms(ctx: &mut Ctx, component: &ComponentView) {
    let Spec::Kms(keys) = &component.spec else {
        unreachable!("dispatched by kind")
    };
    let id = component.id.as_str();
    let name = ctx.name(id, names::max_name_length(component.spec.kind()));
    let mut purposes = vec!["data", "logs"];
    if ctx.has(Kind::Eks) {
        purposes.push("eks");
    }
    if keys.keys as usize != purposes.len() {
        ctx.note(format!(
            "{id}: {} keys are created (one per purpose: {}) where the plan prices {}",
            purposes.len(),
            purposes.join(", "),
            keys.keys
        ));
    }
    for purpose in purposes {
        let key = ctx.add(
            new(
                &Address::keyed(id, "aws_kms_key", "this", purpose),
                Properties::KmsKey(KmsKey {
                    description: format!("{name} {purpose}"),
                    enable_key_rotation: true,
                    deletion_window_in_days: 30,
                    policy: vec![
                        KeyPolicyStatement::AccountAdministersThroughIam,
                        KeyPolicyStatement::CloudWatchLogsEncrypts,
                        KeyPolicyStatement::CloudWatchAlarmsPublishToEncryptedTopics,
                    ],
                }),
            )
            .named(format!("{name}-{purpose}")),
        );
        ctx.add(new(
            &Address::keyed(id, "aws_kms_alias", "this", purpose),
            Properties::KmsAlias(KmsAlias {
                name: format!("alias/{name}-{purpose}"),
                target_key_id: Ref::id(&key),
            }),
        ));
    }
}
