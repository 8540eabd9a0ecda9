//! The data_transfer component in an environment's root: nothing. It prices
//! something but creates nothing of its own: data transfer is a consequence of traffic, not a resource.

use super::TerraformKind;
use crate::ctx::{Ctx, Part};
use crate::modules::Module;
use crate::ExportError;
use skyplan_core::kinds::DataTransfer;
use skyplan_core::model::ComponentView;

impl TerraformKind for DataTransfer {
    const MODULE: Option<Module> = None;

    fn part(&self, _ctx: &mut Ctx, _component: &ComponentView) -> Result<Part, ExportError> {
        Ok(Part::nothing())
    }
}
