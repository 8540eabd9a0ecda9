//! What the per-kind builders of an environment's graph share: the
//! environment being built ([`Ctx`]), the network the VPC gives the others
//! ([`Network`]), and the resources several kinds make alike (security
//! groups and their rules, IAM roles and attachments, bucket access,
//! instance metadata and root volumes).

use crate::address::{Address, Attribute, Ref};
use crate::graph::Resource;
use crate::names;
use crate::resources::*;
use skyplan_core::model::{
    BucketEncryption, ComponentView, EnvironmentView, Kind, Spec, ValidPlan,
};
use std::collections::BTreeMap;

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
#[non_exhaustive]
pub enum BuildError {
    #[error("the plan has no environment \"{0}\"")]
    NoEnvironment(String),
    #[error("cannot build the resource graph: {0}")]
    Unsupported(String),
}

pub struct Ctx<'a> {
    pub(crate) plan: &'a ValidPlan,
    pub(crate) env: &'a EnvironmentView,
    pub(crate) idents: BTreeMap<String, String>,
    pub(crate) prefix: String,
    pub(crate) production: bool,
    pub(crate) plan_id: &'a str,
    pub(crate) options: &'a GraphOptions,
    pub(crate) resources: Vec<Resource>,
    pub(crate) notes: Vec<String>,
}

/// A resource about to be added.
pub(crate) struct New {
    pub(crate) address: Address,
    pub(crate) properties: Properties,
    pub(crate) name_tag: Option<String>,
    pub(crate) extra_tags: Vec<(String, String)>,
    pub(crate) after: Vec<Address>,
    pub(crate) optional: bool,
}

pub(crate) fn new(address: &Address, properties: Properties) -> New {
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
    pub(crate) fn named(mut self, name: impl Into<String>) -> New {
        self.name_tag = Some(name.into());
        self
    }
    pub(crate) fn tag(mut self, key: &str, value: &str) -> New {
        self.extra_tags.push((key.into(), value.into()));
        self
    }
    pub(crate) fn after(mut self, address: &Address) -> New {
        self.after.push(address.clone());
        self
    }
    pub(crate) fn optional(mut self, optional: bool) -> New {
        self.optional = optional;
        self
    }
}

impl<'a> Ctx<'a> {
    pub(crate) fn component(&self, id: &str) -> Option<&'a ComponentView> {
        self.env.components.iter().find(|c| c.id == id)
    }

    pub(crate) fn ident(&self, id: &str) -> String {
        self.idents.get(id).cloned().unwrap_or_else(|| names::snake(id))
    }

    /// The export's module name of a component: `<plan>-<env>-<id>`, cut to `max`.
    pub(crate) fn name(&self, id: &str, max: usize) -> String {
        names::resource_name(&[&self.prefix, &self.env.name, id], max)
    }

    pub(crate) fn vpc(&self) -> Option<&'a ComponentView> {
        self.env.components.iter().find(|c| c.spec.kind() == Kind::Vpc)
    }

    pub(crate) fn has(&self, kind: Kind) -> bool {
        self.env.components.iter().any(|c| c.spec.kind() == kind)
    }

    pub(crate) fn note(&mut self, text: String) {
        self.notes.push(text);
    }

    pub(crate) fn connections_to(&self, id: &str) -> Vec<(&'a ComponentView, u16)> {
        self.plan
            .plan()
            .connections
            .iter()
            .filter(|c| c.to == id)
            .filter_map(|c| self.component(&c.from).map(|f| (f, c.port)))
            .collect()
    }

    pub(crate) fn connections_from(&self, id: &str) -> Vec<(&'a ComponentView, u16)> {
        self.plan
            .plan()
            .connections
            .iter()
            .filter(|c| c.from == id)
            .filter_map(|c| self.component(&c.to).map(|t| (t, c.port)))
            .collect()
    }

    pub(crate) fn kms(&self) -> Option<&'a ComponentView> {
        self.env.components.iter().find(|c| c.spec.kind() == Kind::Kms)
    }

    /// The ARN of the plan's key for `purpose`, or None without a kms component.
    pub(crate) fn key(&self, purpose: &str) -> Option<Ref> {
        self.kms().map(|k| Ref::arn(&Address::keyed(&k.id, "aws_kms_key", "this", purpose)))
    }

    pub(crate) fn base_tags(&self) -> BTreeMap<String, String> {
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
    pub(crate) fn launched_tags(&self, name: &str) -> BTreeMap<String, String> {
        let mut tags = self.base_tags();
        tags.insert("Name".into(), name.into());
        tags
    }

    pub(crate) fn add(&mut self, n: New) -> Address {
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

    pub(crate) fn schedule(&self) -> Option<skyplan_terraform::Crons> {
        skyplan_terraform::crons(self.env.schedule)
    }
}


pub(crate) fn sg_address(id: &str) -> Address {
    Address::new(id, "aws_security_group", "this")
}

/// What the other components need of the network.
pub struct Network {
    pub(crate) vpc: Address,
    pub(crate) cidr: String,
    pub(crate) public_subnets: Vec<Address>,
    pub(crate) private_subnets: Vec<Address>,
    pub(crate) has_nat: bool,
    pub(crate) s3_endpoint: Address,
    /// The private subnets' routes to NAT: instances and nodes launched in
    /// private subnets wait for them, since they must reach AWS APIs to
    /// start (an EKS node that cannot reach the cluster never joins).
    pub(crate) nat_routes: Vec<Address>,
}

pub(crate) fn rule(sg: &Address, description: String, port: u16) -> SecurityGroupRule {
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
pub(crate) fn security_group(ctx: &mut Ctx, component: &ComponentView, network: &Network, suffix: &str, description: &str, ingress: bool) -> Address {
    let id = component.id.as_str();
    let name = ctx.name(id, component.spec.kind().max_name_length());
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

pub(crate) fn fronted_by_cloudfront(ctx: &Ctx, id: &str) -> bool {
    ctx.env
        .components
        .iter()
        .any(|c| matches!(&c.spec, Spec::Cloudfront(cdn) if cdn.origins.iter().any(|o| o == id)))
        || ctx.connections_to(id).iter().any(|(from, _)| from.spec.kind() == Kind::Cloudfront)
}

pub(crate) fn role(ctx: &mut Ctx, id: &str, label: &str, name: String, service: &str) -> Address {
    ctx.add(new(
        &Address::new(id, "aws_iam_role", label),
        Properties::IamRole(IamRole {
            name,
            assumed_by_service: service.into(),
            assume_role_actions: vec!["sts:AssumeRole".into()],
        }),
    ))
}

pub(crate) fn attach(ctx: &mut Ctx, address: Address, role: &Address, path: &str, policy: &str) -> Address {
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
pub(crate) fn bucket_statements(ctx: &Ctx, id: &str) -> Vec<PolicyStatement> {
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

pub(crate) fn metadata() -> MetadataOptions {
    // IMDSv2 only; a hop limit of 1 keeps the credentials away from containers.
    MetadataOptions {
        http_tokens: "required".into(),
        http_put_response_hop_limit: 1,
    }
}

pub(crate) fn root_volume(size_gb: u32) -> RootVolume {
    RootVolume {
        device_name: "/dev/xvda".into(),
        size_gb,
        volume_type: "gp3".into(),
        encrypted: true,
        delete_on_termination: true,
    }
}
