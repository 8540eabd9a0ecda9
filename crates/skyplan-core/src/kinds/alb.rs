//! Application Load Balancer: an hourly charge and Load Balancer Capacity
//! Units. It runs around the clock whatever the environment's schedule.

use crate::aws::OriginKind;
use super::kind::{ComponentKind, Tier, NoOwnPrices};
use crate::model::quantity::Quantity;
use crate::model::schema::{field, Field, Input};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use crate::cost::line::{Context, LineSpec, HOURS_PER_MONTH};
use crate::pricing::PriceKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlbScheme {
    InternetFacing,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alb {
    pub scheme: AlbScheme,
    /// Average Load Balancer Capacity Units consumed per hour.
    pub lcus: Quantity,
}

impl ComponentKind for Alb {
    const LABEL: &'static str = "Application Load Balancer";
    const ICON: &'static str = "ALB";
    const DEFAULT_TIER: Tier = Tier::Web;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Web, Tier::App];
    const FIELDS: &'static [Field] = &[
        field("scheme", "Scheme", Input::Choice(&["internet_facing", "internal"])),
        field("lcus", "Average LCUs", Input::Amount),
    ];
    const IN_VPC: bool = true;
    const MAX_NAME_LENGTH: usize = 32;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({ "scheme": "internet_facing", "lcus": 1 })
    }

    fn summary(&self) -> String {
        format!("{} · {} LCU", if matches!(self.scheme, AlbScheme::InternetFacing) { "internet-facing" } else { "internal" }, self.lcus)
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
        self.lcus = scale(self.lcus);
    }

    const ORIGIN: Option<OriginKind> = Some(OriginKind::LoadBalancer);
}

fn lines(alb: &Alb, _context: &Context) -> Vec<LineSpec> {
    vec![
        LineSpec::key("Application Load Balancer", HOURS_PER_MONTH, "hours", PriceKey::AlbHour),
        LineSpec::key(format!("Capacity units ({} LCU average)", alb.lcus), alb.lcus.get() * HOURS_PER_MONTH, "LCU-hours", PriceKey::AlbLcuHour),
    ]
}
