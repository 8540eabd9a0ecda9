//! The eks component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::names::{is_graviton};
use crate::ExportError;
use hcl::Expression;
use skyplan_core::model::{
    Capacity, ComponentView,
};
use skyplan_core::kinds::Eks;

const OWN_MODULE: Module = Module { dir: "eks", files: crate::modules::eks::files };

impl TerraformKind for Eks {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let eks = self;
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
        let module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length()))
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
        Ok(Part {
            module: Some(module),
            variable: Some((ty_expr, describe(component), value)),
            outputs: vec![
                out(ctx, component, "cluster_name", "Name of the EKS cluster."),
                out(ctx, component, "cluster_endpoint", "Endpoint of the Kubernetes API."),
            ],
        })
    }

    fn alarm_dimension(&self, ident: &str) -> Option<Expression> {
        Some(module_out(ident, "cluster_name"))
    }
}

