//! Prices of a group's instances from the catalog, and what its simulated
//! instance-minutes cost bought on demand and on spot.
//!
//! - On demand: the group's first instance type (as the cost engine prices a
//!   node group's prioritised list).
//! - Spot: the mean over the group's types of the observed regional spot
//!   price where the catalog has one, else on-demand less Spot Advisor's
//!   average saving (as the cost engine does). The interruption rate is the
//!   midpoint of the worst band among the types.
//! - Money is `Decimal`: instance-minutes are integers and are priced once,
//!   as minutes × hourly / 60 (EC2 Linux bills per second).
//! - A price the catalog lacks is never guessed: it is named in `missing`.

use rust_decimal::Decimal;
use skyplan_core::aws::InterruptionBand;
use skyplan_core::pricing::{Catalog, ReservedOffer, SavingsPlanRate};

#[derive(Debug, Clone, PartialEq)]
pub struct GroupPrices {
    pub instance_type: String,
    pub on_demand_hourly: Option<Decimal>,
    pub spot_hourly: Option<Decimal>,
    /// How the spot price was found.
    pub spot_note: String,
    /// Spot interruptions per instance per month.
    pub interruptions_per_month: f64,
    pub reserved: Vec<ReservedOffer>,
    /// The catalog's Savings Plans rates for the type.
    pub savings_plans: Vec<SavingsPlanRate>,
    /// Prices the catalog lacks, by name.
    pub missing: Vec<String>,
}

/// Monthly interruption rate of a Spot Advisor band: the band's midpoint.
pub fn band_rate(band: InterruptionBand) -> f64 {
    match band {
        InterruptionBand::Under5 => 0.025,
        InterruptionBand::From5To10 => 0.075,
        InterruptionBand::From10To15 => 0.125,
        InterruptionBand::From15To20 => 0.175,
        InterruptionBand::Over20 => 0.25,
    }
}

impl GroupPrices {
    pub fn from_catalog(catalog: &Catalog, instance_types: &[String], uses_spot: bool) -> GroupPrices {
        let instance_type = instance_types.first().cloned().unwrap_or_default();
        let mut missing = Vec::new();
        let first = catalog.instance(&instance_type);
        let on_demand_hourly = first.and_then(|i| i.on_demand_hourly);
        if on_demand_hourly.is_none() {
            missing.push(format!("EC2 on-demand {instance_type} in {}", catalog.region));
        }
        let reserved = first.map(|i| i.reserved.clone()).unwrap_or_default();
        let savings_plans = first.map(|i| i.savings_plans.clone()).unwrap_or_default();
        let mut spot_hourly = None;
        let mut spot_note = String::new();
        let mut interruptions_per_month = 0.0;
        if uses_spot {
            let mut sum = Decimal::ZERO;
            let mut notes = Vec::new();
            let mut complete = true;
            for t in instance_types {
                let instance = catalog.instance(t);
                let spot = instance.and_then(|i| i.spot.as_ref());
                let price = match (spot.and_then(|s| s.observed_hourly), spot, instance.and_then(|i| i.on_demand_hourly)) {
                    (Some(observed), _, _) => {
                        notes.push(format!("{t} {} observed", observed.normalize()));
                        Some(observed)
                    }
                    (None, Some(s), Some(od)) => {
                        notes.push(format!("{t} on-demand − {} % Spot Advisor saving", s.savings_percent.normalize()));
                        Some(od * (Decimal::ONE_HUNDRED - s.savings_percent) / Decimal::ONE_HUNDRED)
                    }
                    _ => None,
                };
                if let Some(s) = spot {
                    interruptions_per_month = f64::max(interruptions_per_month, band_rate(s.interruption_band));
                }
                match price {
                    Some(p) => sum += p,
                    None => {
                        complete = false;
                        missing.push(format!("EC2 spot {t} in {}", catalog.region));
                    }
                }
            }
            if complete && !instance_types.is_empty() {
                spot_hourly = Some(sum / Decimal::from(instance_types.len()));
                spot_note = format!("mean spot price of {}", notes.join("; "));
            }
        }
        GroupPrices { instance_type, on_demand_hourly, spot_hourly, spot_note, interruptions_per_month, reserved, savings_plans, missing }
    }
}

/// minutes × hourly / 60.
pub fn minutes_cost(minutes: u64, hourly: Decimal) -> Decimal {
    Decimal::from(minutes) * hourly / Decimal::from(60)
}

/// Cost of a run as configured (on-demand and spot), `None` where a price is missing.
pub fn configured_cost(prices: &GroupPrices, on_demand_minutes: u64, spot_minutes: u64) -> Option<Decimal> {
    let on_demand = if on_demand_minutes == 0 { Decimal::ZERO } else { minutes_cost(on_demand_minutes, prices.on_demand_hourly?) };
    let spot = if spot_minutes == 0 { Decimal::ZERO } else { minutes_cost(spot_minutes, prices.spot_hourly?) };
    Some(on_demand + spot)
}

/// Every minute on demand.
pub fn all_on_demand_cost(prices: &GroupPrices, minutes: u64) -> Option<Decimal> {
    Some(minutes_cost(minutes, prices.on_demand_hourly?))
}
