//! Secrets Manager: secrets stored and API calls.

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
pub struct Secrets {
    pub secrets: u32,
    /// API requests per month.
    #[serde(default)]
    pub requests: Quantity,
}

impl ComponentKind for Secrets {
    const LABEL: &'static str = "Secrets Manager";
    const ICON: &'static str = "SM";
    const DEFAULT_TIER: Tier = Tier::Network;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Network];
    const FIELDS: &'static [Field] = &[
        field("secrets", "Secrets", COUNT),
        optional("requests", "API requests per month", Input::Amount),
    ];
    const IN_VPC: bool = false;
    const MAX_NAME_LENGTH: usize = 200;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({ "secrets": 1 })
    }

    fn summary(&self) -> String {
        format!("{} secret{}", self.secrets, if self.secrets == 1 { "" } else { "s" })
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
        self.requests = scale(self.requests);
    }
}

fn lines(secrets: &Secrets, _context: &Context) -> Vec<LineSpec> {
    vec![
        LineSpec::key("Secrets", Decimal::from(secrets.secrets), "secrets", PriceKey::SecretsManagerSecretMonth),
        LineSpec::key("API requests", secrets.requests.get() / Decimal::from(10_000), "10k requests", PriceKey::SecretsManagerRequestsPer10k),
    ]
}
