//! Data transfer out of the region: to the internet (tiered by monthly
//! volume), across AZs (charged on both sides of the boundary: out of one
//! AZ and into the other), and to other regions.

use super::{Context, LineSpec};
use crate::model::DataTransfer;
use crate::pricing::PriceKey;
use rust_decimal::Decimal;

pub fn lines(transfer: &DataTransfer, _context: &Context) -> Vec<LineSpec> {
    vec![
        LineSpec::key("Internet egress", transfer.internet_out_gb.get(), "GB", PriceKey::DataTransferInternetOutGb),
        LineSpec::key("Inter-AZ transfer", transfer.inter_az_gb.get() * Decimal::TWO, "GB", PriceKey::DataTransferInterAzGb)
            .note(format!("{} GB crossing AZs, charged once leaving and once entering", transfer.inter_az_gb)),
        LineSpec::key("Inter-region transfer", transfer.inter_region_gb.get(), "GB", PriceKey::DataTransferInterRegionGb),
    ]
}
