//! Data transfer out of the region: to the internet (tiered by monthly
//! volume), across AZs (charged on both sides of the boundary: out of one
//! AZ and into the other), and to other regions.

use super::kind::{ComponentKind, Tier, NoOwnPrices};
use crate::model::quantity::Quantity;
use crate::model::schema::{optional, Field, Input};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use crate::cost::line::{Context, LineSpec};
use crate::pricing::PriceKey;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataTransfer {
    /// GB per month from the region to the internet (not through CloudFront).
    #[serde(default)]
    pub internet_out_gb: Quantity,
    /// GB per month crossing AZ boundaries inside the region.
    #[serde(default)]
    pub inter_az_gb: Quantity,
    /// GB per month sent to other AWS regions.
    #[serde(default)]
    pub inter_region_gb: Quantity,
}

impl ComponentKind for DataTransfer {
    const LABEL: &'static str = "Data transfer";
    const ICON: &'static str = "DT";
    const DEFAULT_TIER: Tier = Tier::Network;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Network];
    const FIELDS: &'static [Field] = &[
        optional("internet_out_gb", "Internet egress (GB/month)", Input::Amount),
        optional("inter_az_gb", "Inter-AZ (GB/month)", Input::Amount),
        optional("inter_region_gb", "Inter-region (GB/month)", Input::Amount),
    ];
    const IN_VPC: bool = false;
    const MAX_NAME_LENGTH: usize = 200;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({})
    }

    fn summary(&self) -> String {
        format!("{} GB out · {} GB inter-AZ", self.internet_out_gb, self.inter_az_gb)
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
        self.internet_out_gb = scale(self.internet_out_gb);
        self.inter_az_gb = scale(self.inter_az_gb);
        self.inter_region_gb = scale(self.inter_region_gb);
    }
}

fn lines(transfer: &DataTransfer, _context: &Context) -> Vec<LineSpec> {
    vec![
        LineSpec::key("Internet egress", transfer.internet_out_gb.get(), "GB", PriceKey::DataTransferInternetOutGb),
        LineSpec::key("Inter-AZ transfer", transfer.inter_az_gb.get() * Decimal::TWO, "GB", PriceKey::DataTransferInterAzGb)
            .note(format!("{} GB crossing AZs, charged once leaving and once entering", transfer.inter_az_gb)),
        LineSpec::key("Inter-region transfer", transfer.inter_region_gb.get(), "GB", PriceKey::DataTransferInterRegionGb),
    ]
}
