//! CloudFront: data out to viewers (tiered per geography) and requests.

use super::kind::{Checking, ComponentKind, Tier, NoOwnPrices};
use crate::aws::Geography;
use crate::model::problem::{did_you_mean, Problem};
use crate::model::quantity::Quantity;
use crate::model::schema::{optional, Field, Input};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use crate::cost::line::{Context, LineSpec};
use crate::pricing::PriceKey;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFront {
    /// Component ids of the origins (an ALB, an S3 bucket).
    #[serde(default)]
    pub origins: Vec<String>,
    /// GB served to viewers per month, by where the viewers are.
    #[serde(default)]
    pub data_out_gb: BTreeMap<Geography, Quantity>,
    /// HTTPS requests per month, by geography.
    #[serde(default)]
    pub https_requests: BTreeMap<Geography, Quantity>,
    /// HTTP requests per month, by geography.
    #[serde(default)]
    pub http_requests: BTreeMap<Geography, Quantity>,
}

impl ComponentKind for CloudFront {
    const LABEL: &'static str = "CloudFront distribution";
    const ICON: &'static str = "CF";
    const DEFAULT_TIER: Tier = Tier::Edge;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Edge];
    const FIELDS: &'static [Field] = &[
        optional("origins", "Origins (component ids)", Input::Json),
        optional("data_out_gb", "Data out (GB/month) by geography", Input::Json),
        optional("https_requests", "HTTPS requests by geography", Input::Json),
        optional("http_requests", "HTTP requests by geography", Input::Json),
    ];
    const IN_VPC: bool = false;
    const MAX_NAME_LENGTH: usize = 64;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({})
    }

    fn summary(&self) -> String {
        let out: Decimal = self.data_out_gb.values().map(|q| q.get()).sum();
        format!("{} GB out · {} origin{}", out.normalize(), self.origins.len(), if self.origins.len() == 1 { "" } else { "s" })
    }

    fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
        for (o, origin) in self.origins.iter().enumerate() {
            match (at.kind_of)(origin) {
                None => problems.push(Problem::new((at.path)(&format!("origins[{o}]")), format!("\"{origin}\" is not a component id{}", did_you_mean(origin, at.ids.iter().copied())))),
                Some(kind) if kind.origin().is_none() => problems.push(Problem::new(
                    (at.path)(&format!("origins[{o}]")),
                    format!("\"{origin}\" is a {}; a CloudFront origin is an alb or an s3 bucket", kind.as_str()),
                )),
                Some(_) => {}
            }
        }
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn forget(&mut self, id: &str) {
        self.origins.retain(|o| o != id);
    }

    fn forget_in_override(patch: &mut Map<String, Value>, id: &str) {
        if let Some(Value::Array(origins)) = patch.get_mut("origins") {
            origins.retain(|v| v.as_str() != Some(id));
        }
    }

    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
        for map in [&mut self.data_out_gb, &mut self.https_requests, &mut self.http_requests] {
            for value in map.values_mut() {
                *value = scale(*value);
            }
        }
    }
}

fn lines(cdn: &CloudFront, _context: &Context) -> Vec<LineSpec> {
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
