//! KMS: customer managed keys and symmetric requests.

use super::kind::{ComponentKind, Tier, NoOwnPrices};
use crate::model::quantity::Quantity;
use crate::model::schema::{field, optional, Field, Input, COUNT};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use crate::cost::line::{Context, LineSpec};
use crate::pricing::PriceKey;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kms {
    pub keys: u32,
    /// Symmetric API requests per month.
    #[serde(default)]
    pub requests: Quantity,
}

impl ComponentKind for Kms {
    const LABEL: &'static str = "KMS keys";
    const ICON: &'static str = "KMS";
    const DEFAULT_TIER: Tier = Tier::Network;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Network];
    const FIELDS: &'static [Field] = &[
        field("keys", "Keys", COUNT),
        optional("requests", "Requests per month", Input::Amount),
    ];
    const IN_VPC: bool = false;
    const MAX_NAME_LENGTH: usize = 200;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({ "keys": 1 })
    }

    fn summary(&self) -> String {
        format!("{} key{}", self.keys, if self.keys == 1 { "" } else { "s" })
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
        self.requests = scale(self.requests);
    }
}

fn lines(kms: &Kms, _context: &Context) -> Vec<LineSpec> {
    vec![
        LineSpec::key("Customer managed keys", Decimal::from(kms.keys), "keys", PriceKey::KmsKeyMonth),
        LineSpec::key("Requests", kms.requests.get() / Decimal::from(10_000), "10k requests", PriceKey::KmsRequestsPer10k),
    ]
}
