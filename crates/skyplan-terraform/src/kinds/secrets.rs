//! The secrets component in an environment's root: nothing. It prices
//! something but creates nothing of its own: the secrets the export needs (database password, cache token) are made by the modules that use them.

use super::TerraformKind;
use crate::ctx::{Ctx, Part};
use crate::modules::Module;
use crate::ExportError;
use skyplan_core::kinds::Secrets;
use skyplan_core::model::ComponentView;

impl TerraformKind for Secrets {
    const MODULE: Option<Module> = None;

    fn part(&self, _ctx: &mut Ctx, _component: &ComponentView) -> Result<Part, ExportError> {
        Ok(Part::nothing())
    }
}
