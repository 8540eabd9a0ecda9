//! CloudFront: data out to viewers (tiered per geography) and requests.

use super::{Context, LineSpec};
use crate::model::CloudFront;
use crate::pricing::PriceKey;
use rust_decimal::Decimal;

pub fn lines(cdn: &CloudFront, _context: &Context) -> Vec<LineSpec> {
    let ten_thousand = Decimal::from(10_000);
    let mut lines = Vec::new();
    for (geo, gb) in &cdn.data_out_gb {
        lines.push(LineSpec::key(format!("Data out, {geo}"), gb.get(), "GB", PriceKey::CloudFrontDataOutGb(*geo)));
    }
    for (geo, requests) in &cdn.https_requests {
        lines.push(LineSpec::key(format!("HTTPS requests, {geo}"), requests.get() / ten_thousand, "10k requests", PriceKey::CloudFrontHttpsRequestsPer10k(*geo)));
    }
    for (geo, requests) in &cdn.http_requests {
        lines.push(LineSpec::key(format!("HTTP requests, {geo}"), requests.get() / ten_thousand, "10k requests", PriceKey::CloudFrontHttpRequestsPer10k(*geo)));
    }
    lines
}
