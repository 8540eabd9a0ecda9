//! The AWS resources a secrets component implies: none. It prices
//! something but creates nothing of its own: the secrets an environment needs (database password, cache token) are made by the components that use them.

use super::BundleKind;
use crate::ctx::{Ctx, Network};
use skyplan_core::kinds::Secrets as Settings;
use skyplan_core::model::ComponentView;

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, _ctx: &mut Ctx, _component: &ComponentView, _network: Option<&Network>) {}
}
