//! One Terraform root per environment: `main.tf` calls the modules with the
//! environment's values, `variables.tf` declares them, `terraform.tfvars`
//! holds them, plus `versions.tf`, `backend.tf`, `providers.tf` and
//! `outputs.tf`. Everything that differs between environments (sizes,
//! counts, instance types, omitted components, the schedule, production's
//! protections) is decided here; the modules stay generic.

use crate::dsl::*;
use crate::modules::Module;
use crate::names::{self, bucket_name, is_graviton, parameter_group_family, plan_slug, price_class, storage_class, zone_letters};
use crate::{ExportError, ExportOptions};
use hcl::Expression;
use skyplan_core::aws::{CacheEngine, DbEngine, Geography};
use skyplan_core::model::{
    AlarmMetric, AlbScheme, BucketEncryption, Capacity, ComponentView, EnvironmentView, Kind, NatGateways, Schedule, Spec,
    ValidPlan, WafRule, WafScope,
};
use std::collections::{BTreeMap, BTreeSet};

/// The Terraform and provider versions the export is written for. `~> 5.80`
/// accepts every 5.x from 5.80 on (5.100.0 included) and no 6.x, whose
/// breaking changes the modules were not written for.
pub const TERRAFORM_VERSION: &str = ">= 1.6.0";
pub const AWS_PROVIDER_VERSION: &str = "~> 5.80";
/// Modules only state the oldest provider they work with; roots pin.
pub const MODULE_PROVIDER_VERSION: &str = ">= 5.80";

/// Part-time environments start at this hour (in `schedule_time_zone`).
pub const SCHEDULE_START_HOUR: u32 = 8;

const DAYS: [&str; 7] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

/// The module of a kind. Data transfer and secrets price something but
/// create nothing of their own: data transfer is a consequence of traffic,
/// and the secrets the export needs (database password, cache token) are
/// made by the modules that use them.
pub fn module_of(kind: Kind) -> Option<Module> {
    Some(match kind {
        Kind::Vpc => Module::Vpc,
        Kind::Alb => Module::Alb,
        Kind::Asg => Module::Asg,
        Kind::Eks => Module::Eks,
        Kind::Rds => Module::Rds,
        Kind::Elasticache => Module::Elasticache,
        Kind::S3 => Module::S3,
        Kind::Cloudfront => Module::Cloudfront,
        Kind::Waf => Module::Waf,
        Kind::Cloudwatch => Module::Monitoring,
        Kind::Kms => Module::Kms,
        Kind::Secrets | Kind::DataTransfer => return None,
    })
}

/// Whether an environment gets production's protections (deletion
/// protection, final snapshots). Matched by name: the plan has no other
/// marker of it.
pub fn is_production(name: &str) -> bool {
    matches!(name, "production" | "prod" | "prd") || name.starts_with("production-") || name.starts_with("prod-")
}


/// Something the export could not carry over, for the README.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub environment: String,
    pub text: String,
}

struct Ctx<'a> {
    plan: &'a ValidPlan,
    env: &'a EnvironmentView,
    idents: &'a BTreeMap<String, String>,
    prefix: String,
    production: bool,
    notes: Vec<Note>,
}

impl<'a> Ctx<'a> {
    fn component(&self, id: &str) -> Option<&'a ComponentView> {
        self.env.components.iter().find(|c| c.id == id)
    }

    fn ident<'b>(&'b self, id: &'b str) -> &'b str {
        self.idents.get(id).map(String::as_str).unwrap_or(id)
    }

    fn name(&self, id: &str, max: usize) -> String {
        names::resource_name(&[&self.prefix, &self.env.name, id], max)
    }

    fn vpc(&self) -> Option<&'a ComponentView> {
        self.env.components.iter().find(|c| c.spec.kind() == Kind::Vpc)
    }

    fn note(&mut self, text: String) {
        self.notes.push(Note { environment: self.env.name.clone(), text });
    }

    fn connections_to<'b>(&'b self, id: &'b str) -> impl Iterator<Item = (&'a ComponentView, u16)> + 'b {
        self.plan
            .plan()
            .connections
            .iter()
            .filter(move |c| c.to == id)
            .filter_map(|c| self.component(&c.from).map(|from| (from, c.port)))
    }

    fn connections_from<'b>(&'b self, id: &'b str) -> impl Iterator<Item = (&'a ComponentView, u16)> + 'b {
        self.plan
            .plan()
            .connections
            .iter()
            .filter(move |c| c.from == id)
            .filter_map(|c| self.component(&c.to).map(|to| (to, c.port)))
    }

    fn kms_ident(&self) -> Option<String> {
        self.env.components.iter().find(|c| c.spec.kind() == Kind::Kms).map(|c| self.ident(&c.id).to_string())
    }

    /// `module.<kms>.key_arns["<purpose>"]`, or null without a kms component.
    fn key(&self, purpose: &str) -> Expression {
        match self.kms_ident() {
            Some(kms) => index(module_out(&kms, "key_arns"), s(purpose)),
            None => null(),
        }
    }

    fn schedule(&self) -> Option<Crons> {
        crons(self.env.schedule)
    }
}

/// A component kind's security-group-owning modules.

/// Start and stop times of a part-time schedule, in the two cron dialects
/// AWS uses: Auto Scaling's five fields and EventBridge Scheduler's six.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crons {
    pub asg_start: String,
    pub asg_stop: String,
    pub scheduler_start: String,
    pub scheduler_stop: String,
}

/// The environment runs `hours_per_day` hours from [`SCHEDULE_START_HOUR`]
/// on its first `days_per_week` days from Monday; `None` when it runs
/// around the clock.
pub fn crons(schedule: Schedule) -> Option<Crons> {
    let (h, d) = (u32::from(schedule.hours_per_day), usize::from(schedule.days_per_week));
    if schedule.hours_per_week() >= 168 || h == 0 || d == 0 {
        return None;
    }
    let days = |offset: usize| -> String {
        if d >= 7 {
            "*".to_string()
        } else if d == 1 {
            DAYS[offset % 7].to_string()
        } else {
            format!("{}-{}", DAYS[offset % 7], DAYS[(offset + d - 1) % 7])
        }
    };
    let (start_hour, start_days, stop_hour, stop_days) = if h >= 24 {
        // Whole days: up on Monday at midnight, down after the last day.
        (0, DAYS[0].to_string(), 0, DAYS[d % 7].to_string())
    } else {
        let end = SCHEDULE_START_HOUR + h;
        (SCHEDULE_START_HOUR, days(0), end % 24, days((end / 24) as usize))
    };
    Some(Crons {
        asg_start: format!("0 {start_hour} * * {start_days}"),
        asg_stop: format!("0 {stop_hour} * * {stop_days}"),
        scheduler_start: format!("cron(0 {start_hour} ? * {start_days} *)"),
        scheduler_stop: format!("cron(0 {stop_hour} ? * {stop_days} *)"),
    })
}

/// What one component contributes to its environment's root.
struct Part {
    module: Option<B>,
    variable: Option<(Expression, String, Expression)>,
    outputs: Vec<B>,
}

/// The files of one environment, by file name.
pub fn environment(
    plan: &ValidPlan,
    env: &EnvironmentView,
    idents: &BTreeMap<String, String>,
    options: &ExportOptions,
) -> Result<(BTreeMap<&'static str, String>, Vec<Note>), ExportError> {
    let prefix = plan_slug(&plan.plan().name);
    let mut ctx = Ctx { plan, env, idents, prefix, production: is_production(&env.name), notes: Vec::new() };

    let needs_vpc = env.components.iter().any(|c| c.spec.kind().in_vpc());
    if needs_vpc && ctx.vpc().is_none() {
        return Err(ExportError::Unsupported(format!(
            "environment \"{}\" has load balancers, instances, clusters or databases but no vpc component to put them in",
            env.name
        )));
    }

    let mut parts = Vec::new();
    for component in &env.components {
        let part = match &component.spec {
            Spec::Vpc(_) => vpc(&mut ctx, component)?,
            Spec::Alb(_) => alb(&mut ctx, component),
            Spec::Asg(_) => asg(&mut ctx, component),
            Spec::Eks(_) => eks(&mut ctx, component),
            Spec::Rds(_) => rds(&mut ctx, component),
            Spec::Elasticache(_) => elasticache(&mut ctx, component),
            Spec::S3(_) => s3(&mut ctx, component),
            Spec::Cloudfront(_) => cloudfront(&mut ctx, component),
            Spec::Waf(_) => waf(&mut ctx, component),
            Spec::Cloudwatch(_) => monitoring(&mut ctx, component),
            Spec::Kms(_) => kms(&mut ctx, component),
            Spec::Secrets(_) | Spec::DataTransfer(_) => continue,
        };
        parts.push(part);
    }

    let has = |kind: Kind| env.components.iter().any(|c| c.spec.kind() == kind);
    let us_east_1_waf = env.components.iter().any(|c| matches!(&c.spec, Spec::Waf(w) if w.scope == WafScope::Cloudfront));

    // variables.tf and terraform.tfvars
    let mut variables = File::new()
        .block(variable("region", ty("string"), "AWS region of the environment.", None))
        .block(variable("environment", ty("string"), "Name of the environment (the Environment tag).", None))
        .block(variable("project", ty("string"), "Name of the plan (the Project tag).", None))
        .block(variable("name_prefix", ty("string"), "Prefix of resource names.", None))
        .block(variable("owner", ty("string"), "Team or person answerable for the resources (the Owner tag).", None))
        .block(variable("cost_center", ty("string"), "Cost center billed for the resources (the CostCenter tag).", None));
    let mut tfvars = File::new()
        .attr("region", s(&plan.plan().region))
        .attr("environment", s(&env.name))
        .attr("project", s(&plan.plan().name))
        .attr("name_prefix", s(format!("{}-{}", ctx.prefix, env.name)))
        .attr("owner", s(&options.owner))
        .attr("cost_center", s(&options.cost_center));
    if ctx.schedule().is_some() {
        variables.push(variable(
            "schedule_time_zone",
            ty("string"),
            "IANA time zone of the part-time schedule's start and stop times.",
            None,
        ));
        tfvars.push_attr("schedule_time_zone", s(&options.schedule_time_zone));
    }
    if has(Kind::Alb) {
        variables.push(variable("certificate_arn", ty("string"), "ACM certificate of the load balancers' HTTPS listeners.", None));
        tfvars = tfvars
            .comment("Replace: the ACM certificate (in this region) of the load balancer's domain.")
            .attr("certificate_arn", s(&options.certificate_arn));
    }
    if has(Kind::Cloudwatch) {
        variables.push(variable(
            "alarm_emails",
            list_of(ty("string")),
            "Email addresses that receive the alarms (each confirms its subscription).",
            None,
        ));
        tfvars.push_attr("alarm_emails", strings(&options.alarm_emails));
    }
    for part in &parts {
        if let Some((ty_expr, description, value)) = &part.variable {
            let ident = part_ident(part);
            variables.push(
                B::new("variable").label(ident.clone()).attr("type", ty_expr.clone()).attr("description", s(description.clone())),
            );
            tfvars.push_attr(&ident, value.clone());
        }
    }

    // main.tf
    let mut main = File::new().block(
        B::new("locals")
            .comment("The provider's default tags, repeated for what default_tags does not reach:")
            .comment("instances an Auto Scaling group or a node group launches.")
            .attr(
                "tags",
                obj(vec![
                    ("Environment", var("environment")),
                    ("Project", project_tag()),
                    ("Owner", var("owner")),
                    ("CostCenter", var("cost_center")),
                    ("ManagedBy", s("terraform")),
                ]),
            ),
    );
    let mut outputs = File::new();
    for part in parts {
        if let Some(module) = part.module {
            main.push(module);
        }
        for out in part.outputs {
            outputs.push(out);
        }
    }

    let versions = File::new().block(
        B::new("terraform").attr("required_version", s(TERRAFORM_VERSION)).block(
            B::new("required_providers")
                .attr("aws", obj(vec![("source", s("hashicorp/aws")), ("version", s(AWS_PROVIDER_VERSION))])),
        ),
    );

    let state_key = format!("{}/{}/terraform.tfstate", ctx.prefix, env.name);
    let backend = File::new()
        .comment("State in S3, encrypted, locked with DynamoDB. Create the bucket and the table")
        .comment("(partition key LockID, a string) once, before terraform init: see README.md.")
        .block(
            B::new("terraform").block(
                B::new("backend")
                    .label("s3")
                    .attr("bucket", s(options.state_bucket.clone().unwrap_or_else(|| default_state_bucket(plan))))
                    .attr("key", s(state_key))
                    .attr("region", s(&plan.plan().region))
                    .attr("dynamodb_table", s(options.lock_table.clone().unwrap_or_else(|| default_lock_table(plan))))
                    .attr("encrypt", true),
            ),
        );

    let default_tags = || {
        B::new("default_tags").attr(
            "tags",
            obj(vec![
                ("Environment", var("environment")),
                ("ManagedBy", s("terraform")),
                ("Owner", var("owner")),
                ("CostCenter", var("cost_center")),
                ("Project", project_tag()),
            ]),
        )
    };
    let mut providers = File::new().block(B::new("provider").label("aws").attr("region", var("region")).block(default_tags()));
    if us_east_1_waf {
        providers = providers.block(
            B::new("provider")
                .label("aws")
                .comment("CloudFront's web ACLs and their logs live in us-east-1, whatever the region.")
                .attr("alias", s("us_east_1"))
                .attr("region", s("us-east-1"))
                .block(default_tags()),
        );
    }

    let mut files = BTreeMap::new();
    files.insert("main.tf", crate::fmt::to_terraform(&main.into_body())?);
    files.insert("variables.tf", crate::fmt::to_terraform(&variables.into_body())?);
    files.insert("terraform.tfvars", crate::fmt::to_terraform(&tfvars.into_body())?);
    files.insert("outputs.tf", crate::fmt::to_terraform(&outputs.into_body())?);
    files.insert("versions.tf", crate::fmt::to_terraform(&versions.into_body())?);
    files.insert("backend.tf", crate::fmt::to_terraform(&backend.into_body())?);
    files.insert("providers.tf", crate::fmt::to_terraform(&providers.into_body())?);
    Ok((files, ctx.notes))
}

/// The Project tag: the plan's name with what AWS refuses in tag values
/// removed (tags allow letters, digits, spaces and `_ . : / = + - @`).
fn project_tag() -> Expression {
    call("replace", vec![var("project"), s("/[^\\p{L}\\p{N}\\p{Zs}_.:/=+@-]/"), s("")])
}

fn part_ident(part: &Part) -> String {
    part.module.as_ref().map(module_label).unwrap_or_default()
}

fn module_label(block: &B) -> String {
    block.clone().build().labels().first().map(|l| l.as_str().to_string()).unwrap_or_default()
}


pub fn default_state_bucket(plan: &ValidPlan) -> String {
    names::resource_name(&[&plan_slug(&plan.plan().name), "terraform-state"], 63)
}

pub fn default_lock_table(plan: &ValidPlan) -> String {
    names::resource_name(&[&plan_slug(&plan.plan().name), "terraform-locks"], 63)
}

/// `module "<ident>" { source = "../../modules/<dir>" ... }`.
fn module_block(ctx: &Ctx, component: &ComponentView, module: Module, name: String) -> B {
    B::new("module")
        .label(ctx.ident(&component.id).to_string())
        .attr("source", s(format!("../../modules/{}", module.dir())))
        .attr("name", s(name))
        .attr("tags", local("tags"))
}

fn setting(ctx: &Ctx, component: &ComponentView, field: &str) -> Expression {
    path(&["var", ctx.ident(&component.id), field])
}

fn describe(component: &ComponentView) -> String {
    format!("Settings of {} \"{}\" ({}) in this environment.", component.spec.kind().label(), component.name, component.id)
}

fn out(ctx: &Ctx, component: &ComponentView, output_name: &str, description: &'static str) -> B {
    let ident = ctx.ident(&component.id);
    output(&format!("{ident}_{output_name}"), module_out(ident, output_name), description)
}

/// Security group rules of a component from the plan's connections: ingress
/// from each connected source that has a security group, egress to each
/// connected destination that has one, HTTPS to S3 through the gateway
/// endpoint's prefix list.
fn sg_rules(ctx: &Ctx, component: &ComponentView) -> (Expression, Expression) {
    let mut ingress: BTreeMap<String, Expression> = BTreeMap::new();
    for (from, port) in ctx.connections_to(&component.id) {
        if from.spec.kind().in_vpc() {
            let key = format!("{}_{}", ctx.ident(&from.id), port);
            ingress.insert(
                key,
                obj(vec![
                    ("port", num(port)),
                    ("security_group_id", module_out(ctx.ident(&from.id), "security_group_id")),
                    ("description", s(format!("From {} on {port}", from.id))),
                ]),
            );
        }
    }
    let mut egress: BTreeMap<String, Expression> = BTreeMap::new();
    let vpc_ident = ctx.vpc().map(|v| ctx.ident(&v.id).to_string());
    for (to, port) in ctx.connections_from(&component.id) {
        if to.spec.kind().in_vpc() {
            egress.insert(
                format!("{}_{}", ctx.ident(&to.id), port),
                obj(vec![
                    ("port", num(port)),
                    ("security_group_id", module_out(ctx.ident(&to.id), "security_group_id")),
                    ("description", s(format!("To {} on {port}", to.id))),
                ]),
            );
        } else if to.spec.kind() == Kind::S3 {
            if let Some(vpc) = &vpc_ident {
                egress.insert(
                    "s3_443".to_string(),
                    obj(vec![
                        ("port", num(443u16)),
                        ("prefix_list_id", module_out(vpc, "s3_prefix_list_id")),
                        ("description", s("To S3 through the gateway endpoint")),
                    ]),
                );
            }
        }
    }
    if matches!(component.spec.kind(), Kind::Asg | Kind::Eks) {
        // Instances and nodes reach AWS APIs (Session Manager, ECR, the EKS
        // API) and package repositories over HTTPS, through NAT.
        egress.insert(
            "internet_https".to_string(),
            obj(vec![
                ("port", num(443u16)),
                ("cidr_ipv4", s("0.0.0.0/0")),
                ("description", s("HTTPS to AWS APIs and package repositories")),
            ]),
        );
    }
    let to_obj = |rules: BTreeMap<String, Expression>| obj_str(rules.into_iter().collect());
    (to_obj(ingress), to_obj(egress))
}

/// Buckets a component reaches per the plan, and the KMS keys they use.
fn connected_buckets(ctx: &Ctx, component: &ComponentView) -> (Expression, Expression) {
    let mut arns = Vec::new();
    let mut keys = Vec::new();
    for (to, _) in ctx.connections_from(&component.id) {
        if let Spec::S3(bucket) = &to.spec {
            arns.push(module_out(ctx.ident(&to.id), "bucket_arn"));
            if bucket.encryption == BucketEncryption::SseKms && ctx.kms_ident().is_some() {
                keys.push(ctx.key("data"));
            }
        }
    }
    keys.dedup();
    (list(arns), list(keys))
}

fn private_subnets(ctx: &Ctx) -> Expression {
    let vpc = ctx.vpc().map(|v| ctx.ident(&v.id).to_string()).unwrap_or_default();
    module_out(&vpc, "private_subnet_ids")
}

fn vpc_out(ctx: &Ctx, name: &str) -> Expression {
    let vpc = ctx.vpc().map(|v| ctx.ident(&v.id).to_string()).unwrap_or_default();
    module_out(&vpc, name)
}

fn vpc_has_nat(ctx: &Ctx) -> bool {
    matches!(ctx.vpc().map(|v| &v.spec), Some(Spec::Vpc(v)) if v.nat_gateways != NatGateways::None)
}

fn vpc(ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
    let Spec::Vpc(vpc) = &component.spec else { unreachable!("dispatched by kind") };
    // AWS needs two AZs for a load balancer's subnets, a database's or
    // cache's subnet group and an EKS cluster. A plan drawn in one AZ gets a
    // second subnet of the kind it lacks in a second AZ: subnets cost
    // nothing, and instances, NAT gateways and databases stay as planned.
    let kinds: BTreeSet<Kind> = ctx.env.components.iter().map(|c| c.spec.kind()).collect();
    let needs_two_public = kinds.contains(&Kind::Alb);
    let needs_two_private = kinds.contains(&Kind::Rds) || kinds.contains(&Kind::Elasticache) || kinds.contains(&Kind::Eks);
    let mut azs = u32::from(vpc.azs);
    let mut public = u32::from(vpc.public_subnets);
    let mut private = u32::from(vpc.private_subnets);
    if needs_two_public && public < 2 {
        ctx.note(format!("{}: a second public subnet (in a second AZ) because a load balancer needs two AZs", component.id));
        public = 2;
    }
    if needs_two_private && private < 2 {
        ctx.note(format!("{}: a second private subnet (in a second AZ) because RDS, ElastiCache and EKS need two AZs", component.id));
        private = 2;
    }
    if (needs_two_public || needs_two_private) && azs < 2 {
        azs = 2;
    }
    let letters = zone_letters(&ctx.plan.plan().region);
    if azs as usize > letters.len() {
        return Err(ExportError::Unsupported(format!(
            "{}: {} has {} availability zones for general use, not {azs}",
            component.id,
            ctx.plan.plan().region,
            letters.len()
        )));
    }
    let zones: Vec<String> = letters.iter().take(azs as usize).map(|l| format!("{}{l}", ctx.plan.plan().region)).collect();
    let total = public + private;
    let newbits = (32 - (total.max(2) - 1).leading_zeros()).max(1);
    let prefix = skyplan_core::model::rules::Cidr::parse(&vpc.cidr).map(|c| u32::from(c.prefix)).unwrap_or(16);
    if prefix + newbits > 28 {
        return Err(ExportError::Unsupported(format!(
            "{}: a /{prefix} VPC cannot hold {total} subnets of /28 or larger",
            component.id
        )));
    }
    let nat = match vpc.nat_gateways {
        NatGateways::PerAz => "per_az",
        NatGateways::Single => "single",
        NatGateways::None => "none",
    };
    let ty_expr = object_of(vec![
        ("cidr", ty("string")),
        ("availability_zones", list_of(ty("string"))),
        ("public_subnet_count", ty("number")),
        ("private_subnet_count", ty("number")),
        ("subnet_newbits", ty("number")),
        ("nat_gateways", ty("string")),
    ]);
    let value = obj(vec![
        ("cidr", s(&vpc.cidr)),
        ("availability_zones", strings(&zones)),
        ("public_subnet_count", num(public)),
        ("private_subnet_count", num(private)),
        ("subnet_newbits", num(newbits)),
        ("nat_gateways", s(nat)),
    ]);
    let mut module = module_block(ctx, component, Module::Vpc, ctx.name(&component.id, names::max_name_length(component.spec.kind())));
    for field in ["cidr", "availability_zones", "public_subnet_count", "private_subnet_count", "subnet_newbits", "nat_gateways"] {
        module = module.attr(field, setting(ctx, component, field));
    }
    module = module.attr("kms_key_arn", ctx.key("logs"));
    Ok(Part {
        module: Some(module),
        variable: Some((ty_expr, describe(component), value)),
        outputs: vec![
            out(ctx, component, "vpc_id", "ID of the VPC."),
            out(ctx, component, "private_subnet_ids", "Private subnets."),
            out(ctx, component, "public_subnet_ids", "Public subnets."),
        ],
    })
}

fn alb(ctx: &mut Ctx, component: &ComponentView) -> Part {
    let Spec::Alb(alb) = &component.spec else { unreachable!("dispatched by kind") };
    let fronted_by_cloudfront = ctx.env.components.iter().any(|c| matches!(&c.spec, Spec::Cloudfront(cdn) if cdn.origins.contains(&component.id)))
        || ctx.connections_to(&component.id).any(|(from, _)| from.spec.kind() == Kind::Cloudfront);
    let internal = alb.scheme == AlbScheme::Internal;
    let (_, egress) = sg_rules(ctx, component);
    let targets: Vec<(&ComponentView, u16)> = ctx.connections_from(&component.id).filter(|(to, _)| to.spec.kind().in_vpc()).collect();
    let (target_port, target_type) = match targets.first() {
        Some((to, port)) => (u32::from(*port), if to.spec.kind() == Kind::Asg { "instance" } else { "ip" }),
        None => (80, "instance"),
    };
    for (to, _) in targets.iter().skip(1) {
        ctx.note(format!("{}: only the first target ({}) is attached to the target group; attach {} yourself", component.id, targets[0].0.id, to.id));
    }
    if let Some((to, _)) = targets.first() {
        if to.spec.kind() == Kind::Eks {
            ctx.note(format!(
                "{}: the target group (type ip) of {} is filled by the AWS Load Balancer Controller's TargetGroupBinding, which the export does not install",
                component.id, to.id
            ));
        }
    }
    let cidrs = if internal {
        match ctx.vpc() {
            Some(v) => list(vec![path(&["var", ctx.ident(&v.id), "cidr"])]),
            None => list(vec![]),
        }
    } else if fronted_by_cloudfront {
        // Viewers come through CloudFront: the load balancer admits only
        // CloudFront's origin-facing servers.
        list(vec![])
    } else {
        strings(&["0.0.0.0/0"])
    };
    let ty_expr = object_of(vec![("internal", ty("bool")), ("deletion_protection", ty("bool"))]);
    let value = obj(vec![("internal", boolean(internal)), ("deletion_protection", boolean(ctx.production))]);
    let subnets = if internal { private_subnets(ctx) } else { vpc_out(ctx, "public_subnet_ids") };
    let module = module_block(ctx, component, Module::Alb, ctx.name(&component.id, names::max_name_length(component.spec.kind())))
        .attr("vpc_id", vpc_out(ctx, "vpc_id"))
        .attr("subnet_ids", subnets)
        .attr("internal", setting(ctx, component, "internal"))
        .attr("deletion_protection", setting(ctx, component, "deletion_protection"))
        .attr("certificate_arn", var("certificate_arn"))
        .attr("ingress_cidr_blocks", cidrs)
        .attr("allow_cloudfront", boolean(fronted_by_cloudfront && !internal))
        .attr("target_port", num(target_port))
        .attr("target_type", s(target_type))
        .attr("egress", egress);
    Part {
        module: Some(module),
        variable: Some((ty_expr, describe(component), value)),
        outputs: vec![out(ctx, component, "dns_name", "DNS name of the load balancer.")],
    }
}


fn schedule_value(ctx: &Ctx, eventbridge: bool) -> Expression {
    match ctx.schedule() {
        None => null(),
        Some(crons) => {
            let (start, stop) = if eventbridge { (crons.scheduler_start, crons.scheduler_stop) } else { (crons.asg_start, crons.asg_stop) };
            obj(vec![("start", s(start)), ("stop", s(stop)), ("time_zone", var("schedule_time_zone"))])
        }
    }
}

fn asg(ctx: &mut Ctx, component: &ComponentView) -> Part {
    let Spec::Asg(asg) = &component.spec else { unreachable!("dispatched by kind") };
    let (ingress, egress) = sg_rules(ctx, component);
    let (buckets, bucket_keys) = connected_buckets(ctx, component);
    let ami = if is_graviton(&asg.instance_type) {
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
    } else {
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    };
    let ty_expr = object_of(vec![
        ("instance_type", ty("string")),
        ("ami_ssm_parameter", ty("string")),
        ("min_size", ty("number")),
        ("desired_capacity", ty("number")),
        ("max_size", ty("number")),
        ("root_volume_gb", ty("number")),
    ]);
    let value = obj(vec![
        ("instance_type", s(&asg.instance_type)),
        ("ami_ssm_parameter", s(ami)),
        ("min_size", num(asg.min)),
        ("desired_capacity", num(asg.desired)),
        ("max_size", num(asg.max)),
        ("root_volume_gb", num(asg.root_volume_gb)),
    ]);
    let load_balancer = ctx
        .connections_to(&component.id)
        .find(|(from, _)| from.spec.kind() == Kind::Alb)
        .map(|(from, _)| ctx.ident(&from.id).to_string());
    // Without NAT gateways, instances reach the internet from public
    // subnets with public IPs (what the plan describes); otherwise they
    // stay private.
    let public = !vpc_has_nat(ctx);
    let mut module = module_block(ctx, component, Module::Asg, ctx.name(&component.id, names::max_name_length(component.spec.kind())))
        .attr("vpc_id", vpc_out(ctx, "vpc_id"))
        .attr("subnet_ids", if public { vpc_out(ctx, "public_subnet_ids") } else { private_subnets(ctx) })
        .attr("associate_public_ip_address", boolean(public));
    for field in ["instance_type", "ami_ssm_parameter", "min_size", "desired_capacity", "max_size", "root_volume_gb"] {
        module = module.attr(field, setting(ctx, component, field));
    }
    if let Some(lb) = &load_balancer {
        module = module
            .attr("target_group_arns", list(vec![module_out(lb, "target_group_arn")]))
            .attr("scale_on_requests", true)
            .attr("request_count_label", module_out(lb, "request_count_label"));
    }
    module = module
        .attr("schedule", schedule_value(ctx, false))
        .attr("ingress", ingress)
        .attr("egress", egress)
        .attr("s3_bucket_arns", buckets)
        .attr("kms_key_arns", bucket_keys);
    Part {
        module: Some(module),
        variable: Some((ty_expr, describe(component), value)),
        outputs: vec![out(ctx, component, "asg_name", "Name of the Auto Scaling group.")],
    }
}

fn eks(ctx: &mut Ctx, component: &ComponentView) -> Part {
    let Spec::Eks(eks) = &component.spec else { unreachable!("dispatched by kind") };
    let (ingress, egress) = sg_rules(ctx, component);
    let (buckets, bucket_keys) = connected_buckets(ctx, component);
    let groups: Vec<(String, Expression)> = eks
        .node_groups
        .iter()
        .map(|group| {
            let arm = group.instance_types.iter().all(|t| is_graviton(t));
            let ami_type = match (arm, group.capacity) {
                (true, _) => "AL2023_ARM_64_STANDARD",
                (false, _) => "AL2023_x86_64_STANDARD",
            };
            (
                group.name.clone(),
                obj(vec![
                    ("instance_types", strings(&group.instance_types)),
                    ("capacity_type", s(if group.capacity == Capacity::Spot { "SPOT" } else { "ON_DEMAND" })),
                    ("ami_type", s(ami_type)),
                    ("min", num(group.min)),
                    ("desired", num(group.desired)),
                    ("max", num(group.max)),
                    ("disk_gb", num(group.disk_gb)),
                ]),
            )
        })
        .collect();
    let ty_expr = object_of(vec![
        ("kubernetes_version", ty("string")),
        (
            "node_groups",
            map_of(object_of(vec![
                ("instance_types", list_of(ty("string"))),
                ("capacity_type", ty("string")),
                ("ami_type", ty("string")),
                ("min", ty("number")),
                ("desired", ty("number")),
                ("max", ty("number")),
                ("disk_gb", ty("number")),
            ])),
        ),
    ]);
    let value = obj(vec![("kubernetes_version", s(&eks.kubernetes_version)), ("node_groups", obj_str(groups))]);
    let kms = ctx.kms_ident().is_some();
    let module = module_block(ctx, component, Module::Eks, ctx.name(&component.id, names::max_name_length(component.spec.kind())))
        .attr("vpc_id", vpc_out(ctx, "vpc_id"))
        .attr("subnet_ids", private_subnets(ctx))
        .attr("kubernetes_version", setting(ctx, component, "kubernetes_version"))
        .attr("node_groups", setting(ctx, component, "node_groups"))
        .attr("create_kms_key", boolean(!kms))
        .attr("kms_key_arn", ctx.key("eks"))
        .attr("logs_kms_key_arn", ctx.key("logs"))
        .attr("schedule", schedule_value(ctx, false))
        .attr("ingress", ingress)
        .attr("egress", egress)
        .attr("s3_bucket_arns", buckets)
        .attr("s3_kms_key_arns", bucket_keys);
    Part {
        module: Some(module),
        variable: Some((ty_expr, describe(component), value)),
        outputs: vec![
            out(ctx, component, "cluster_name", "Name of the EKS cluster."),
            out(ctx, component, "cluster_endpoint", "Endpoint of the Kubernetes API."),
        ],
    }
}


fn rds(ctx: &mut Ctx, component: &ComponentView) -> Part {
    let Spec::Rds(rds) = &component.spec else { unreachable!("dispatched by kind") };
    let (ingress, egress) = sg_rules(ctx, component);
    // Performance Insights is not offered on the smallest burstable classes.
    let small = ["db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"].contains(&rds.instance_class.as_str());
    let (parameters, logs, iam_auth): (Vec<(&str, &str)>, &[&str], bool) = match rds.engine {
        // TLS only, DDL and slow statements logged.
        DbEngine::Postgres => (vec![("rds.force_ssl", "1"), ("log_statement", "ddl"), ("log_min_duration_statement", "1000")], &["postgresql", "upgrade"], true),
        DbEngine::Mysql => (vec![("require_secure_transport", "1"), ("slow_query_log", "1"), ("long_query_time", "1")], &["error", "slowquery"], true),
        // MariaDB has no IAM database authentication on RDS.
        DbEngine::Mariadb => (vec![("require_secure_transport", "1"), ("slow_query_log", "1"), ("long_query_time", "1")], &["error", "slowquery"], false),
    };
    let ty_expr = object_of(vec![
        ("engine", ty("string")),
        ("engine_version", ty("string")),
        ("parameter_group_family", ty("string")),
        ("instance_class", ty("string")),
        ("storage_type", ty("string")),
        ("storage_gb", ty("number")),
        ("iops", ty("number")),
        ("multi_az", ty("bool")),
        ("backup_retention_days", ty("number")),
        ("read_replicas", ty("number")),
        ("performance_insights", ty("bool")),
        ("deletion_protection", ty("bool")),
        ("final_snapshot", ty("bool")),
    ]);
    let value = obj(vec![
        ("engine", s(rds.engine.as_str())),
        ("engine_version", s(&rds.engine_version)),
        ("parameter_group_family", s(parameter_group_family(rds.engine, &rds.engine_version))),
        ("instance_class", s(&rds.instance_class)),
        ("storage_type", s(rds.storage_type.as_str())),
        ("storage_gb", num(rds.storage_gb)),
        ("iops", rds.iops.map(num).unwrap_or(Expression::Null)),
        ("multi_az", boolean(rds.multi_az)),
        ("backup_retention_days", num(rds.backup_retention_days)),
        ("read_replicas", num(rds.read_replicas)),
        ("performance_insights", boolean(!small)),
        ("deletion_protection", boolean(ctx.production)),
        ("final_snapshot", boolean(ctx.production)),
    ]);
    if ctx.schedule().is_some() && rds.read_replicas > 0 {
        ctx.note(format!("{}: an instance with read replicas cannot be stopped; the schedule leaves it running", component.id));
    }
    let mut module = module_block(ctx, component, Module::Rds, ctx.name(&component.id, names::max_name_length(component.spec.kind()))).attr("vpc_id", vpc_out(ctx, "vpc_id")).attr("subnet_ids", private_subnets(ctx));
    for field in [
        "engine",
        "engine_version",
        "parameter_group_family",
        "instance_class",
        "storage_type",
        "storage_gb",
        "iops",
        "multi_az",
        "backup_retention_days",
        "read_replicas",
        "performance_insights",
        "deletion_protection",
        "final_snapshot",
    ] {
        module = module.attr(field, setting(ctx, component, field));
    }
    let schedule = if rds.read_replicas > 0 { null() } else { schedule_value(ctx, true) };
    module = module
        .attr("parameters", obj_str(parameters.into_iter().map(|(k, v)| (k.to_string(), s(v))).collect()))
        .attr("log_exports", strings(logs))
        .attr("iam_authentication", boolean(iam_auth))
        .attr("schedule", schedule)
        .attr("ingress", ingress)
        .attr("egress", egress)
        .attr("kms_key_arn", ctx.key("data"));
    Part {
        module: Some(module),
        variable: Some((ty_expr, describe(component), value)),
        outputs: vec![
            out(ctx, component, "address", "Host name of the database."),
            out(ctx, component, "master_user_secret_arn", "Secret holding the database's master password."),
        ],
    }
}

fn elasticache(ctx: &mut Ctx, component: &ComponentView) -> Part {
    let Spec::Elasticache(cache) = &component.spec else { unreachable!("dispatched by kind") };
    let (ingress, egress) = sg_rules(ctx, component);
    // The plan names no engine version: the current major of each engine.
    let (version, parameter_group, port) = match cache.engine {
        CacheEngine::Redis => ("7.1", "default.redis7", 6379),
        CacheEngine::Valkey => ("8.0", "default.valkey8", 6379),
        CacheEngine::Memcached => ("1.6.22", "default.memcached1.6", 11211),
    };
    let ty_expr = object_of(vec![
        ("engine", ty("string")),
        ("engine_version", ty("string")),
        ("parameter_group_name", ty("string")),
        ("node_type", ty("string")),
        ("nodes", ty("number")),
        ("at_rest_encryption", ty("bool")),
        ("transit_encryption", ty("bool")),
    ]);
    let value = obj(vec![
        ("engine", s(cache.engine.as_str())),
        ("engine_version", s(version)),
        ("parameter_group_name", s(parameter_group)),
        ("node_type", s(&cache.node_type)),
        ("nodes", num(cache.nodes)),
        ("at_rest_encryption", boolean(cache.encryption_at_rest)),
        ("transit_encryption", boolean(cache.encryption_in_transit)),
    ]);
    // Failover needs a replica to promote: on with two nodes or more. A
    // literal here (not an expression in the module) so scanners see it.
    let failover = cache.nodes > 1 && cache.engine != CacheEngine::Memcached;
    let mut module = module_block(ctx, component, Module::Elasticache, ctx.name(&component.id, names::max_name_length(component.spec.kind())))
        .attr("vpc_id", vpc_out(ctx, "vpc_id"))
        .attr("subnet_ids", private_subnets(ctx));
    for field in ["engine", "engine_version", "parameter_group_name", "node_type", "nodes", "at_rest_encryption", "transit_encryption"] {
        module = module.attr(field, setting(ctx, component, field));
    }
    module = module.attr("port", num(port as u32)).attr("automatic_failover", boolean(failover)).attr("ingress", ingress).attr("egress", egress).attr("kms_key_arn", ctx.key("data"));
    Part {
        module: Some(module),
        variable: Some((ty_expr, describe(component), value)),
        outputs: vec![out(ctx, component, "endpoint", "Endpoint of the cache.")],
    }
}



fn s3(ctx: &mut Ctx, component: &ComponentView) -> Part {
    let Spec::S3(bucket) = &component.spec else { unreachable!("dispatched by kind") };
    let kms = ctx.kms_ident().is_some();
    let sse = match bucket.encryption {
        BucketEncryption::SseS3 => "AES256",
        BucketEncryption::SseKms => "aws:kms",
    };
    let transitions = list(
        bucket
            .lifecycle
            .transitions
            .iter()
            .map(|t| obj(vec![("days", num(t.after_days)), ("storage_class", s(storage_class(t.storage_class)))]))
            .collect(),
    );
    let ty_expr = object_of(vec![
        ("bucket", ty("string")),
        ("versioning", ty("bool")),
        ("sse_algorithm", ty("string")),
        ("transitions", list_of(object_of(vec![("days", ty("number")), ("storage_class", ty("string"))]))),
        ("expire_after_days", ty("number")),
    ]);
    let value = obj(vec![
        ("bucket", s(bucket_name(&bucket.bucket, &ctx.env.name))),
        ("versioning", boolean(bucket.versioning)),
        ("sse_algorithm", s(sse)),
        ("transitions", transitions),
        ("expire_after_days", bucket.lifecycle.expire_after_days.map(num).unwrap_or(Expression::Null)),
    ]);
    let distributions: Vec<Expression> = ctx
        .env
        .components
        .iter()
        .filter(|c| matches!(&c.spec, Spec::Cloudfront(cdn) if cdn.origins.contains(&component.id)))
        .map(|c| module_out(ctx.ident(&c.id), "distribution_arn"))
        .collect();
    let mut module = module_block(ctx, component, Module::S3, ctx.name(&component.id, names::max_name_length(component.spec.kind())));
    for field in ["bucket", "versioning", "sse_algorithm", "transitions", "expire_after_days"] {
        module = module.attr(field, setting(ctx, component, field));
    }
    module = module
        .attr("kms_key_arn", if bucket.encryption == BucketEncryption::SseKms && kms { ctx.key("data") } else { null() })
        .attr("cloudfront_distribution_arns", list(distributions));
    Part {
        module: Some(module),
        variable: Some((ty_expr, describe(component), value)),
        outputs: vec![out(ctx, component, "bucket_id", "Name of the bucket.")],
    }
}

/// The cheapest price class that has edge locations in every geography the
/// plan serves.

fn cloudfront(ctx: &mut Ctx, component: &ComponentView) -> Part {
    let Spec::Cloudfront(cdn) = &component.spec else { unreachable!("dispatched by kind") };
    let geographies: BTreeSet<Geography> =
        cdn.data_out_gb.keys().chain(cdn.https_requests.keys()).chain(cdn.http_requests.keys()).copied().collect();
    let mut s3_origins = Vec::new();
    let mut alb_origins = Vec::new();
    let mut alb_domains = Vec::new();
    let mut default_origin = None;
    for origin in &cdn.origins {
        let Some(target) = ctx.component(origin) else {
            ctx.note(format!("{}: origin {origin} is left out of this environment", component.id));
            continue;
        };
        let ident = ctx.ident(origin).to_string();
        match target.spec.kind() {
            Kind::S3 => s3_origins.push((origin.clone(), module_out(&ident, "bucket_regional_domain_name"))),
            _ => {
                alb_origins.push((origin.clone(), index(setting(ctx, component, "alb_origin_domains"), s(origin))));
                alb_domains.push((origin.clone(), s(format!("{origin}.example.com"))));
            }
        }
        default_origin.get_or_insert_with(|| origin.clone());
    }
    let waf = ctx
        .env
        .components
        .iter()
        .find(|c| matches!(&c.spec, Spec::Waf(w) if w.scope == WafScope::Cloudfront))
        .map(|c| module_out(ctx.ident(&c.id), "web_acl_arn"))
        .unwrap_or(Expression::Null);
    let ty_expr = object_of(vec![("price_class", ty("string")), ("alb_origin_domains", map_of(ty("string")))]);
    let value = obj(vec![("price_class", s(price_class(&geographies))), ("alb_origin_domains", obj_str(alb_domains))]);
    let Some(default_origin) = default_origin else {
        ctx.note(format!("{}: no origin in this environment, so no distribution", component.id));
        return Part { module: None, variable: None, outputs: Vec::new() };
    };
    let module = module_block(ctx, component, Module::Cloudfront, ctx.name(&component.id, names::max_name_length(component.spec.kind())))
        .attr("s3_origins", obj_str(s3_origins))
        .attr("alb_origins", obj_str(alb_origins))
        .attr("default_origin", s(default_origin))
        .attr("price_class", setting(ctx, component, "price_class"))
        .attr("web_acl_arn", waf);
    Part {
        module: Some(module),
        variable: Some((ty_expr, describe(component), value)),
        outputs: vec![out(ctx, component, "domain_name", "Domain name of the distribution.")],
    }
}

fn waf(ctx: &mut Ctx, component: &ComponentView) -> Part {
    let Spec::Waf(waf) = &component.spec else { unreachable!("dispatched by kind") };
    let mut rate = Vec::new();
    let mut managed = Vec::new();
    let mut used = BTreeSet::new();
    for (priority, rule) in waf.rules.iter().enumerate() {
        let name = match rule {
            WafRule::RateLimit { name, .. } | WafRule::Managed { name } => name,
        };
        // Rule names become identifiers (WAF allows letters, digits, _ and -).
        let mut key = names::loose_identifier(name);
        let base = key.clone();
        let mut n = 2;
        while !used.insert(key.clone()) {
            key = format!("{base}_{n}");
            n += 1;
        }
        match rule {
            WafRule::RateLimit { limit, .. } => rate.push((key, obj(vec![("priority", num(priority as u64)), ("limit", num(*limit))]))),
            WafRule::Managed { name } => managed.push((key, obj(vec![("priority", num(priority as u64)), ("name", s(name))]))),
        }
    }
    let ty_expr = object_of(vec![
        ("rate_limit_rules", map_of(object_of(vec![("priority", ty("number")), ("limit", ty("number"))]))),
        ("managed_rules", map_of(object_of(vec![("priority", ty("number")), ("name", ty("string"))]))),
    ]);
    let value = obj(vec![("rate_limit_rules", obj_str(rate)), ("managed_rules", obj_str(managed))]);
    let cloudfront = waf.scope == WafScope::Cloudfront;
    let mut module = module_block(ctx, component, Module::Waf, ctx.name(&component.id, names::max_name_length(component.spec.kind())))
        .attr("scope", s(if cloudfront { "CLOUDFRONT" } else { "REGIONAL" }))
        .attr("rate_limit_rules", setting(ctx, component, "rate_limit_rules"))
        .attr("managed_rules", setting(ctx, component, "managed_rules"));
    if cloudfront {
        // The key of the logs lives in the plan's region; CloudFront's ACL logs
        // in us-east-1, so they use the default encryption unless both agree.
        let same_region = ctx.plan.plan().region == "us-east-1";
        module = module
            .attr("kms_key_arn", if same_region { ctx.key("logs") } else { null() })
            .attr("providers", obj(vec![("aws", r("aws.us_east_1"))]));
    } else {
        let albs: Vec<(String, Expression)> = ctx
            .env
            .components
            .iter()
            .filter(|c| c.spec.kind() == Kind::Alb)
            .map(|c| (ctx.ident(&c.id).to_string(), module_out(ctx.ident(&c.id), "arn")))
            .collect();
        module = module.attr("associated_resource_arns", obj_str(albs)).attr("kms_key_arn", ctx.key("logs"));
    }
    Part {
        module: Some(module),
        variable: Some((ty_expr, describe(component), value)),
        outputs: vec![out(ctx, component, "web_acl_arn", "ARN of the web ACL.")],
    }
}

fn monitoring(ctx: &mut Ctx, component: &ComponentView) -> Part {
    let Spec::Cloudwatch(cw) = &component.spec else { unreachable!("dispatched by kind") };
    let mut alarms: BTreeMap<String, Expression> = BTreeMap::new();
    for alarm in &cw.alarms {
        for target_id in &alarm.targets {
            let Some(target) = ctx.component(target_id) else { continue };
            let ident = ctx.ident(target_id).to_string();
            let (metric_key, label) = match alarm.metric {
                AlarmMetric::CpuUtilization => ("cpu", "CPU"),
                AlarmMetric::MemoryUtilization => ("memory", "memory"),
                AlarmMetric::DiskUtilization => ("disk", "disk"),
            };
            let found: Option<(&str, &str, &str, Expression)> = match (target.spec.kind(), alarm.metric) {
                (Kind::Asg, AlarmMetric::CpuUtilization) => Some(("AWS/EC2", "CPUUtilization", "AutoScalingGroupName", module_out(&ident, "asg_name"))),
                // Memory and disk come from the CloudWatch agent on the instances.
                (Kind::Asg, AlarmMetric::MemoryUtilization) => Some(("CWAgent", "mem_used_percent", "AutoScalingGroupName", module_out(&ident, "asg_name"))),
                (Kind::Asg, AlarmMetric::DiskUtilization) => Some(("CWAgent", "disk_used_percent", "AutoScalingGroupName", module_out(&ident, "asg_name"))),
                // Container Insights (the amazon-cloudwatch-observability add-on).
                (Kind::Eks, AlarmMetric::CpuUtilization) => Some(("ContainerInsights", "node_cpu_utilization", "ClusterName", module_out(&ident, "cluster_name"))),
                (Kind::Eks, AlarmMetric::MemoryUtilization) => Some(("ContainerInsights", "node_memory_utilization", "ClusterName", module_out(&ident, "cluster_name"))),
                (Kind::Eks, AlarmMetric::DiskUtilization) => Some(("ContainerInsights", "node_filesystem_utilization", "ClusterName", module_out(&ident, "cluster_name"))),
                (Kind::Rds, AlarmMetric::CpuUtilization) => Some(("AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", module_out(&ident, "identifier"))),
                (Kind::Elasticache, AlarmMetric::CpuUtilization) => Some(("AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", module_out(&ident, "cluster_id"))),
                _ => None,
            };
            let Some((namespace, metric_name, dimension, value)) = found else {
                ctx.note(format!(
                    "{}: no {label} alarm for {target_id}: {} publishes no {label} percentage",
                    component.id,
                    target.spec.kind().label()
                ));
                continue;
            };
            alarms.insert(
                format!("{ident}_{metric_key}"),
                obj(vec![
                    ("description", s(format!("{label} of {} at or above {} %", target.name, alarm.threshold_percent))),
                    ("namespace", s(namespace)),
                    ("metric_name", s(metric_name)),
                    ("dimensions", obj(vec![(dimension, value)])),
                    ("threshold", num(alarm.threshold_percent)),
                ]),
            );
        }
    }
    if cw.custom_metrics > 0 {
        ctx.note(format!(
            "{}: the {} custom metrics are published by your applications and the CloudWatch agent, not created by Terraform",
            component.id, cw.custom_metrics
        ));
    }
    let dashboard = cw.dashboards > 0 && !alarms.is_empty();
    if cw.dashboards > 1 {
        ctx.note(format!("{}: one dashboard (of the alarms) is exported for the plan's {}", component.id, cw.dashboards));
    }
    let ty_expr = object_of(vec![("log_retention_days", ty("number")), ("dashboard", ty("bool"))]);
    let value = obj(vec![("log_retention_days", num(365u64)), ("dashboard", boolean(dashboard))]);
    let module = module_block(ctx, component, Module::Monitoring, ctx.name(&component.id, names::max_name_length(component.spec.kind())))
        .attr("alarms", obj_str(alarms.into_iter().collect()))
        .attr("alarm_emails", var("alarm_emails"))
        .attr("log_retention_days", setting(ctx, component, "log_retention_days"))
        .attr("dashboard", setting(ctx, component, "dashboard"))
        .attr("kms_key_arn", ctx.key("logs"));
    Part {
        module: Some(module),
        variable: Some((ty_expr, describe(component), value)),
        outputs: vec![out(ctx, component, "alarm_topic_arn", "SNS topic the alarms notify.")],
    }
}

fn kms(ctx: &mut Ctx, component: &ComponentView) -> Part {
    let Spec::Kms(keys) = &component.spec else { unreachable!("dispatched by kind") };
    let mut purposes = vec!["data", "logs"];
    if ctx.env.components.iter().any(|c| c.spec.kind() == Kind::Eks) {
        purposes.push("eks");
    }
    if keys.keys as usize != purposes.len() {
        ctx.note(format!(
            "{}: {} keys are created (one per purpose: {}) where the plan prices {}",
            component.id,
            purposes.len(),
            purposes.join(", "),
            keys.keys
        ));
    }
    let module = module_block(ctx, component, Module::Kms, ctx.name(&component.id, names::max_name_length(component.spec.kind()))).attr("purposes", strings(&purposes));
    Part { module: Some(module), variable: None, outputs: vec![out(ctx, component, "key_arns", "KMS keys by purpose.")] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_become_crons() {
        let c = crons(Schedule { hours_per_day: 10, days_per_week: 5 }).unwrap();
        assert_eq!(c.asg_start, "0 8 * * MON-FRI");
        assert_eq!(c.asg_stop, "0 18 * * MON-FRI");
        assert_eq!(c.scheduler_stop, "cron(0 18 ? * MON-FRI *)");
        let late = crons(Schedule { hours_per_day: 20, days_per_week: 5 }).unwrap();
        assert_eq!(late.asg_stop, "0 4 * * TUE-SAT");
        let days = crons(Schedule { hours_per_day: 24, days_per_week: 5 }).unwrap();
        assert_eq!((days.asg_start.as_str(), days.asg_stop.as_str()), ("0 0 * * MON", "0 0 * * SAT"));
        assert!(crons(Schedule::ALWAYS).is_none());
    }

    #[test]
    fn families_and_classes() {
        assert_eq!(parameter_group_family(DbEngine::Postgres, "16.4"), "postgres16");
        assert_eq!(parameter_group_family(DbEngine::Postgres, "9.6.22"), "postgres9.6");
        assert_eq!(parameter_group_family(DbEngine::Mysql, "8.0.35"), "mysql8.0");
        assert!(is_graviton("m6g.large") && is_graviton("c7gn.xlarge") && !is_graviton("g4dn.xlarge") && !is_graviton("m5a.large"));
        let geos = |g: &[Geography]| g.iter().copied().collect::<BTreeSet<_>>();
        assert_eq!(price_class(&geos(&[Geography::NorthAmerica, Geography::Europe])), "PriceClass_100");
        assert_eq!(price_class(&geos(&[Geography::NorthAmerica, Geography::AsiaPacific])), "PriceClass_200");
        assert_eq!(price_class(&geos(&[Geography::SouthAmerica])), "PriceClass_All");
        assert_eq!(bucket_name("app-assets", "dev"), "app-assets-dev");
        assert!(bucket_name(&"a".repeat(63), "production").len() <= 63);
    }
}
