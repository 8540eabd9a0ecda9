//! The alb component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::ExportError;
use skyplan_core::model::{
    AlbScheme, ComponentView, Kind, Spec,
};
use skyplan_core::kinds::Alb;

const OWN_MODULE: Module = Module { dir: "alb", files: crate::modules::alb::files };

impl TerraformKind for Alb {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let alb = self;
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
        let module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length()))
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
        Ok(Part {
            module: Some(module),
            variable: Some((ty_expr, describe(component), value)),
            outputs: vec![out(ctx, component, "dns_name", "DNS name of the load balancer.")],
        })
    }
}

