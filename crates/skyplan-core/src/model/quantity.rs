//! Number types whose invariants are checked when a plan is read, so the
//! rest of the core never has to re-check them.

use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize};
use std::fmt;

/// A non-negative decimal amount of something (GB, requests, LCUs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(Decimal);

/// Written as a JSON number, as a person would type it; a value a float
/// cannot carry exactly is written as a string, which reading accepts too.
impl Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use rust_decimal::prelude::ToPrimitive;
        let value = self.0.normalize();
        if value.scale() == 0 {
            if let Some(whole) = value.to_u64() {
                return serializer.serialize_u64(whole);
            }
        }
        match value.to_f64() {
            Some(float) if Decimal::try_from(float).ok() == Some(value) => serializer.serialize_f64(float),
            _ => serializer.serialize_str(&value.to_string()),
        }
    }
}

impl Quantity {
    pub const ZERO: Quantity = Quantity(Decimal::ZERO);

    pub fn new(value: Decimal) -> Option<Quantity> {
        (value >= Decimal::ZERO).then_some(Quantity(value))
    }

    pub fn from_u64(value: u64) -> Quantity {
        Quantity(Decimal::from(value))
    }

    pub fn get(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.normalize().fmt(f)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number ≥ 0")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
                Ok(Quantity(Decimal::from(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
                Quantity::new(Decimal::from(v))
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
                let value = Decimal::try_from(v)
                    .map_err(|_| E::invalid_value(de::Unexpected::Float(v), &self))?;
                Quantity::new(value).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
                v.parse::<Decimal>()
                    .ok()
                    .and_then(Quantity::new)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
