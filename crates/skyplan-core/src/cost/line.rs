//! What a kind's cost lines are declared with: quantities, units and where
//! each price comes from. Kinds declare, [`super`] prices.

use crate::pricing::{Catalog, PriceKey};
use rust_decimal::Decimal;

/// Hours in a billing month, as AWS and infracost count them.
pub const HOURS_PER_MONTH: Decimal = Decimal::from_parts(730, 0, 0, false, 0);

/// Where a line's unit price comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum PriceSource {
    /// A price from [`Catalog::prices`]; tiered prices split the line by band.
    Key(PriceKey),
    /// A price looked up elsewhere in the catalog (an instance type, a node
    /// type), or `None` with a description of what is missing.
    Resolved(Result<Decimal, String>),
}

/// One declared cost line, before pricing.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSpec {
    pub name: String,
    pub quantity: Decimal,
    pub unit: &'static str,
    pub price: PriceSource,
    /// Why the quantity or price is what it is, when not obvious.
    pub note: Option<String>,
}

impl LineSpec {
    pub fn new(name: impl Into<String>, quantity: Decimal, unit: &'static str, price: PriceSource) -> LineSpec {
        LineSpec { name: name.into(), quantity, unit, price, note: None }
    }

    pub fn key(name: impl Into<String>, quantity: Decimal, unit: &'static str, key: PriceKey) -> LineSpec {
        LineSpec::new(name, quantity, unit, PriceSource::Key(key))
    }

    pub fn note(mut self, note: impl Into<String>) -> LineSpec {
        self.note = Some(note.into());
        self
    }
}

/// What a kind sees while declaring its lines.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    /// Hours per month this environment runs stoppable resources.
    pub running_hours: Decimal,
}

impl Context<'_> {
    pub fn is_part_time(&self) -> bool {
        self.running_hours < HOURS_PER_MONTH
    }

    /// Share of the month stoppable resources run (1 for full time).
    pub fn running_share(&self) -> Decimal {
        self.running_hours / HOURS_PER_MONTH
    }

    /// On-demand Linux price of an instance type, or what is missing.
    pub fn ec2_on_demand(&self, instance_type: &str) -> Result<Decimal, String> {
        self.catalog
            .instance(instance_type)
            .and_then(|i| i.on_demand_hourly)
            .ok_or_else(|| format!("EC2 on-demand Linux {instance_type} in {}", self.catalog.region))
    }
}
