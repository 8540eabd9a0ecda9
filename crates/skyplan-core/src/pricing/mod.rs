//! Prices: the catalog format, loading it from bytes, and importing AWS
//! Price List offer files into it.

pub mod catalog;
pub mod import;

pub use catalog::*;

use crate::model::problem::{describe_serde_error, printable};
use rust_decimal::Decimal;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum CatalogError {
    #[error("catalog is not valid: {path}: {message}")]
    Invalid { path: String, message: String },
    #[error("catalog format_version {found} is not supported; this skyplan reads {CATALOG_FORMAT_VERSION}")]
    UnsupportedVersion { found: u32 },
}

/// The largest price a catalog may hold, per unit: a million USD. The
/// engines' products of a plan's amounts and prices are bounded with it
/// (see `Quantity::MAX`).
pub const MAX_PRICE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// `value > MAX_PRICE`, on the mantissa: comparing Decimals of different
/// scales rescales one of them, and a catalog holds tens of thousands of
/// prices (it made loading the us-east-1 catalog a quarter slower).
pub(crate) fn over_max_price(value: Decimal) -> bool {
    value.mantissa().unsigned_abs() > 1_000_000u128 * 10u128.pow(value.scale())
}

impl CatalogError {
    /// Values quoted from the file are shown with their control characters escaped.
    fn invalid(path: String, message: String) -> CatalogError {
        CatalogError::Invalid { path: printable(path), message: printable(message) }
    }
}

impl Catalog {
    /// Reads a catalog from its JSON bytes (`pricing-data/<region>.json`).
    pub fn from_json(bytes: &[u8]) -> Result<Catalog, CatalogError> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let catalog: Catalog = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| CatalogError::invalid(e.path().to_string(), describe_serde_error(&e.inner().to_string())))?;
        // Nothing may follow the catalog's JSON.
        deserializer.end().map_err(|e| CatalogError::invalid(".".into(), e.to_string()))?;
        if catalog.format_version != CATALOG_FORMAT_VERSION {
            return Err(CatalogError::UnsupportedVersion { found: catalog.format_version });
        }
        catalog.check()?;
        Ok(catalog)
    }

    /// What types cannot say: prices are from 0 to [`MAX_PRICE`], a Reserved Instance or
    /// Savings Plan term is 1 or 3 years, tier bounds rise from above 0 and
    /// only the last band is open.
    fn check(&self) -> Result<(), CatalogError> {
        let invalid = |path: String, message: String| Err(CatalogError::invalid(path, message));
        let price = |path: &str, value: Decimal| {
            if value.is_sign_negative() && !value.is_zero() {
                invalid(path.to_owned(), format!("{value} is negative; expected a price ≥ 0"))
            } else if over_max_price(value) {
                invalid(path.to_owned(), format!("{value} is over {MAX_PRICE} USD; expected a price of at most {MAX_PRICE} (the largest in AWS's lists is a Reserved Instance's upfront fee, under 300,000 USD)"))
            } else {
                Ok(())
            }
        };
        let term = |path: &str, years: u8| if matches!(years, 1 | 3) { Ok(()) } else { invalid(path.to_owned(), format!("{years} is not a term; expected 1 or 3 (years)")) };
        let offers = |path: &str, offers: &[ReservedOffer]| -> Result<(), CatalogError> {
            for (i, o) in offers.iter().enumerate() {
                term(&format!("{path}.reserved[{i}].term_years"), o.term_years)?;
                price(&format!("{path}.reserved[{i}].upfront"), o.upfront)?;
                price(&format!("{path}.reserved[{i}].hourly"), o.hourly)?;
            }
            Ok(())
        };
        for (name, t) in &self.ec2 {
            let at = format!("ec2.{name}");
            if let Some(p) = t.on_demand_hourly {
                price(&format!("{at}.on_demand_hourly"), p)?;
            }
            if let Some(spot) = &t.spot {
                if spot.savings_percent.is_sign_negative() || spot.savings_percent > Decimal::ONE_HUNDRED {
                    return invalid(format!("{at}.spot.savings_percent"), format!("{} is not a percentage from 0 to 100", spot.savings_percent));
                }
                if let Some(p) = spot.observed_hourly {
                    price(&format!("{at}.spot.observed_hourly"), p)?;
                }
            }
            offers(&at, &t.reserved)?;
            for (i, r) in t.savings_plans.iter().enumerate() {
                term(&format!("{at}.savings_plans[{i}].term_years"), r.term_years)?;
                price(&format!("{at}.savings_plans[{i}].hourly"), r.hourly)?;
            }
        }
        for (engine, classes) in &self.rds {
            for (class, p) in classes {
                for (field, value) in [("single_az_hourly", p.single_az_hourly), ("multi_az_hourly", p.multi_az_hourly)] {
                    if let Some(value) = value {
                        price(&format!("rds.{engine}.{class}.{field}"), value)?;
                    }
                }
            }
        }
        for (engine, nodes) in &self.elasticache {
            for (node, p) in nodes {
                let at = format!("elasticache.{engine}.{node}");
                price(&format!("{at}.hourly"), p.hourly)?;
                offers(&at, &p.reserved)?;
            }
        }
        for (key, p) in &self.prices {
            match p {
                Price::Flat(value) => price(&format!("prices.{key}"), *value)?,
                Price::Tiered { tiers } => {
                    let mut lower = Decimal::ZERO;
                    for (i, tier) in tiers.iter().enumerate() {
                        let at = format!("prices.{key}.tiers[{i}]");
                        price(&format!("{at}.price"), tier.price)?;
                        match tier.up_to {
                            Some(upper) if upper <= lower => {
                                return invalid(format!("{at}.up_to"), format!("{upper} does not rise above the band before ({lower})"));
                            }
                            Some(upper) => lower = upper,
                            None if i + 1 < tiers.len() => {
                                return invalid(format!("{at}.up_to"), "only the last band may be open (no up_to)".into());
                            }
                            None => {}
                        }
                    }
                }
            }
        }
        Ok(())
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn price(&self, key: PriceKey) -> Option<&Price> {
        self.prices.get(&key)
    }

    pub fn instance(&self, instance_type: &str) -> Option<&Ec2InstanceType> {
        self.ec2.get(instance_type)
    }
}
