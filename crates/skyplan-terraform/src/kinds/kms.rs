//! The kms component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::names::{self};
use crate::ExportError;
use skyplan_core::model::{
    ComponentView, Kind,
};
use skyplan_core::kinds::Kms;

impl TerraformKind for Kms {
    const MODULE: Option<Module> = Some(Module::Kms);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let keys = self;
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
        Ok(Part { module: Some(module), variable: None, outputs: vec![out(ctx, component, "key_arns", "KMS keys by purpose.")] })
    }
}

