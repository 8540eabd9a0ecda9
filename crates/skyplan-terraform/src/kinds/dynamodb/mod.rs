//! The dynamodb component in an environment's root: its module call (the
//! module is `module.rs` beside this file), variables and outputs.

mod module;

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::ExportError;
use skyplan_core::kinds::{TableCapacity, DynamoDb};
use skyplan_core::model::ComponentView;

const OWN_MODULE: Module = Module { dir: "dynamodb", files: module::files };

impl TerraformKind for DynamoDb {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let table = self;
        let (billing_mode, write_capacity, read_capacity) = match table.capacity {
            TableCapacity::OnDemand => ("PAY_PER_REQUEST", null(), null()),
            TableCapacity::Provisioned => ("PROVISIONED", num(table.write_capacity_units), num(table.read_capacity_units)),
        };
        let ty_expr = object_of(vec![
            ("billing_mode", ty("string")),
            ("write_capacity", ty("number")),
            ("read_capacity", ty("number")),
            ("stream", ty("bool")),
            ("replica_regions", list_of(ty("string"))),
        ]);
        let value = obj(vec![
            ("billing_mode", s(billing_mode)),
            ("write_capacity", write_capacity),
            ("read_capacity", read_capacity),
            ("stream", boolean(table.stream)),
            ("replica_regions", strings(&table.replica_regions)),
        ]);
        if !table.replica_regions.is_empty() && ctx.kms_ident().is_some() {
            ctx.note(format!(
                "{}: the replicas in {} are encrypted with DynamoDB's AWS managed key there (the plan's KMS keys are regional)",
                component.id,
                table.replica_regions.join(", ")
            ));
        }
        let mut module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length()))
            .attr("partition_key", s(&table.partition_key))
            .attr("sort_key", table.sort_key.as_ref().map_or_else(null, s));
        for field in ["billing_mode", "write_capacity", "read_capacity", "stream", "replica_regions"] {
            module = module.attr(field, setting(ctx, component, field));
        }
        // Literals, not settings, so that scanners see them.
        module = module
            .attr("point_in_time_recovery", boolean(table.point_in_time_recovery))
            .attr("deletion_protection", boolean(ctx.production))
            .attr("kms_key_arn", ctx.key("data"));
        Ok(Part {
            module: Some(module),
            variable: Some((ty_expr, describe(component), value)),
            outputs: vec![out(ctx, component, "table_name", "Name of the table."), out(ctx, component, "table_arn", "ARN of the table.")],
        })
    }
}
