//! The AWS resources a data_transfer component implies: none. It prices
//! something but creates nothing of its own: data transfer is a consequence of traffic, not a resource.

use super::BundleKind;
use crate::ctx::{Ctx, Network};
use skyplan_core::kinds::DataTransfer as Settings;
use skyplan_core::model::ComponentView;

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, _ctx: &mut Ctx, _component: &ComponentView, _network: Option<&Network>) {}
}
