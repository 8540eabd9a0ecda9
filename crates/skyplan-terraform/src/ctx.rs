//! What the per-kind wiring of an environment's root shares: the
//! environment being exported ([`Ctx`]), what a component contributes to
//! the root ([`Part`]), and the helpers every kind's module call uses
//! (module blocks, settings, outputs, security group rules, the VPC's outputs).

use crate::dsl::*;
use crate::modules::Module;
use crate::names::{self, plan_slug};
use hcl::Expression;
use skyplan_core::model::{BucketEncryption, ComponentView, EnvironmentView, Kind, NatGateways, Schedule, Spec, ValidPlan};
use std::collections::BTreeMap;

/// Part-time environments start at this hour (in `schedule_time_zone`).
pub const SCHEDULE_START_HOUR: u32 = 8;

const DAYS: [&str; 7] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

/// Something the export could not carry over, for the README.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub environment: String,
    pub text: String,
}

pub(crate) struct Ctx<'a> {
    pub(crate) plan: &'a ValidPlan,
    pub(crate) env: &'a EnvironmentView,
    pub(crate) idents: &'a BTreeMap<String, String>,
    pub(crate) prefix: String,
    pub(crate) production: bool,
    pub(crate) notes: Vec<Note>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn component(&self, id: &str) -> Option<&'a ComponentView> {
        self.env.components.iter().find(|c| c.id == id)
    }

    pub(crate) fn ident<'b>(&'b self, id: &'b str) -> &'b str {
        self.idents.get(id).map(String::as_str).unwrap_or(id)
    }

    pub(crate) fn name(&self, id: &str, max: usize) -> String {
        names::resource_name(&[&self.prefix, &self.env.name, id], max)
    }

    pub(crate) fn vpc(&self) -> Option<&'a ComponentView> {
        self.env.components.iter().find(|c| c.spec.kind() == Kind::Vpc)
    }

    pub(crate) fn note(&mut self, text: String) {
        self.notes.push(Note { environment: self.env.name.clone(), text });
    }

    pub(crate) fn connections_to<'b>(&'b self, id: &'b str) -> impl Iterator<Item = (&'a ComponentView, u16)> + 'b {
        self.plan
            .plan()
            .connections
            .iter()
            .filter(move |c| c.to == id)
            .filter_map(|c| self.component(&c.from).map(|from| (from, c.port)))
    }

    pub(crate) fn connections_from<'b>(&'b self, id: &'b str) -> impl Iterator<Item = (&'a ComponentView, u16)> + 'b {
        self.plan
            .plan()
            .connections
            .iter()
            .filter(move |c| c.from == id)
            .filter_map(|c| self.component(&c.to).map(|to| (to, c.port)))
    }

    pub(crate) fn kms_ident(&self) -> Option<String> {
        self.env.components.iter().find(|c| c.spec.kind() == Kind::Kms).map(|c| self.ident(&c.id).to_string())
    }

    /// `module.<kms>.key_arns["<purpose>"]`, or null without a kms component.
    pub(crate) fn key(&self, purpose: &str) -> Expression {
        match self.kms_ident() {
            Some(kms) => index(module_out(&kms, "key_arns"), s(purpose)),
            None => null(),
        }
    }

    pub(crate) fn schedule(&self) -> Option<Crons> {
        crons(self.env.schedule)
    }
}

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
pub(crate) struct Part {
    pub(crate) module: Option<B>,
    pub(crate) variable: Option<(Expression, String, Expression)>,
    pub(crate) outputs: Vec<B>,
}

impl Part {
    /// What a kind that creates nothing contributes.
    pub(crate) fn nothing() -> Part {
        Part { module: None, variable: None, outputs: Vec::new() }
    }
}

/// The Project tag: the plan's name with what AWS refuses in tag values
/// removed (tags allow letters, digits, spaces and `_ . : / = + - @`).
pub(crate) fn project_tag() -> Expression {
    call("replace", vec![var("project"), s("/[^\\p{L}\\p{N}\\p{Zs}_.:/=+@-]/"), s("")])
}

pub(crate) fn part_ident(part: &Part) -> String {
    part.module.as_ref().map(module_label).unwrap_or_default()
}

pub(crate) fn module_label(block: &B) -> String {
    block.clone().build().labels().first().map(|l| l.as_str().to_string()).unwrap_or_default()
}


pub fn default_state_bucket(plan: &ValidPlan) -> String {
    names::resource_name(&[&plan_slug(&plan.plan().name), "terraform-state"], 63)
}

pub fn default_lock_table(plan: &ValidPlan) -> String {
    names::resource_name(&[&plan_slug(&plan.plan().name), "terraform-locks"], 63)
}

/// `module "<ident>" { source = "../../modules/<dir>" ... }`.
pub(crate) fn module_block(ctx: &Ctx, component: &ComponentView, module: Module, name: String) -> B {
    B::new("module")
        .label(ctx.ident(&component.id).to_string())
        .attr("source", s(format!("../../modules/{}", module.dir)))
        .attr("name", s(name))
        .attr("tags", local("tags"))
}

pub(crate) fn setting(ctx: &Ctx, component: &ComponentView, field: &str) -> Expression {
    path(&["var", ctx.ident(&component.id), field])
}

pub(crate) fn describe(component: &ComponentView) -> String {
    format!("Settings of {} \"{}\" ({}) in this environment.", component.spec.kind().label(), component.name, component.id)
}

pub(crate) fn out(ctx: &Ctx, component: &ComponentView, output_name: &str, description: &'static str) -> B {
    let ident = ctx.ident(&component.id);
    output(&format!("{ident}_{output_name}"), module_out(ident, output_name), description)
}

/// Security group rules of a component from the plan's connections: ingress
/// from each connected source that has a security group, egress to each
/// connected destination that has one, HTTPS to S3 through the gateway
/// endpoint's prefix list.
pub(crate) fn sg_rules(ctx: &Ctx, component: &ComponentView) -> (Expression, Expression) {
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
pub(crate) fn connected_buckets(ctx: &Ctx, component: &ComponentView) -> (Expression, Expression) {
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

pub(crate) fn private_subnets(ctx: &Ctx) -> Expression {
    let vpc = ctx.vpc().map(|v| ctx.ident(&v.id).to_string()).unwrap_or_default();
    module_out(&vpc, "private_subnet_ids")
}

pub(crate) fn vpc_out(ctx: &Ctx, name: &str) -> Expression {
    let vpc = ctx.vpc().map(|v| ctx.ident(&v.id).to_string()).unwrap_or_default();
    module_out(&vpc, name)
}

pub(crate) fn vpc_has_nat(ctx: &Ctx) -> bool {
    matches!(ctx.vpc().map(|v| &v.spec), Some(Spec::Vpc(v)) if v.nat_gateways != NatGateways::None)
}

pub(crate) fn schedule_value(ctx: &Ctx, eventbridge: bool) -> Expression {
    match ctx.schedule() {
        None => null(),
        Some(crons) => {
            let (start, stop) = if eventbridge { (crons.scheduler_start, crons.scheduler_stop) } else { (crons.asg_start, crons.asg_stop) };
            obj(vec![("start", s(start)), ("stop", s(stop)), ("time_zone", var("schedule_time_zone"))])
        }
    }
}
