//! The vpc component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::names::{zone_letters};
use crate::ExportError;
use skyplan_core::model::{
    ComponentView, Kind, NatGateways,
};
use skyplan_core::kinds::Vpc;
use std::collections::BTreeSet;

const OWN_MODULE: Module = Module { dir: "vpc", files: crate::modules::vpc::files };

impl TerraformKind for Vpc {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let vpc = self;
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
        let mut module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length()));
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
}

