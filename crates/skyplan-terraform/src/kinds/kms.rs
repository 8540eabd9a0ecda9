//! The kms component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::ExportError;
use skyplan_core::model::{
    ComponentView, Kind,
};
use skyplan_core::kinds::Kms;

const OWN_MODULE: Module = Module { dir: "kms", files: crate::modules::kms::files };

impl TerraformKind for Kms {
    const MODULE: Option<Module> = Some(OWN_MODULE);

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
        let module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length())).attr("purposes", strings(&purposes));
        Ok(Part { module: Some(module), variable: None, outputs: vec![out(ctx, component, "key_arns", "KMS keys by purpose.")] })
    }
}

