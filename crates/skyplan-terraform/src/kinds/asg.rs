//! The asg component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use hcl::Expression;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::names::{is_graviton};
use crate::ExportError;
use skyplan_core::model::{
    ComponentView, Kind,
};
use skyplan_core::kinds::Asg;

const OWN_MODULE: Module = Module { dir: "asg", files: crate::modules::asg::files };

impl TerraformKind for Asg {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let asg = self;
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
        let mut module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length()))
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
        Ok(Part {
            module: Some(module),
            variable: Some((ty_expr, describe(component), value)),
            outputs: vec![out(ctx, component, "asg_name", "Name of the Auto Scaling group.")],
        })
    }

    fn alarm_dimension(&self, ident: &str) -> Option<Expression> {
        Some(module_out(ident, "asg_name"))
    }
}

