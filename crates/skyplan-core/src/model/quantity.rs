//! Number types whose invariants are checked when a plan is read, so the
//! rest of the core never has to re-check them.

use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize};
use std::fmt;

/// A non-negative decimal amount of something (GB, requests, LCUs), at
/// most [`Quantity::MAX`] and with at most [`Quantity::MAX_SCALE`] decimals.
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

    /// 10¹⁵: a quadrillion requests a month is 385 million a second, a
    /// quadrillion GB a zettabyte; no plan is near it. The engines multiply
    /// an amount by at most a unit conversion (1,024), the hours of a month
    /// (744) and a catalog price (at most 10⁶, `pricing::MAX_PRICE`):
    /// 10¹⁵ × 1,024 × 744 × 10⁶ ≈ 7.6 × 10²⁶, a hundredth of Decimal's
    /// largest value (7.9 × 10²⁸), which leaves the sums of lines,
    /// components and environments their room.
    pub const MAX: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);
    /// A millionth: the engines divide by amounts (an object's size), and
    /// a divisor of 10⁻⁶ multiplies by no more than 10⁶.
    pub const MAX_SCALE: u32 = 6;

    /// `None` for a negative amount, one over [`Quantity::MAX`], or one
    /// finer than [`Quantity::MAX_SCALE`] decimals.
    pub fn new(value: Decimal) -> Option<Quantity> {
        let value = value.normalize();
        (value >= Decimal::ZERO && value <= Quantity::MAX && value.scale() <= Quantity::MAX_SCALE).then_some(Quantity(value))
    }

    /// A computed amount (grown, halved), rounded to [`Quantity::MAX_SCALE`]
    /// decimals; `None` when negative or over [`Quantity::MAX`].
    pub fn rounded(value: Decimal) -> Option<Quantity> {
        Quantity::new(value.round_dp(Quantity::MAX_SCALE))
    }

    pub fn from_u32(value: u32) -> Quantity {
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
                f.write_str("a number from 0 to 1e15 with at most 6 decimals")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
                Quantity::new(Decimal::from(v)).ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Quantity, String> {
        serde_json::from_str::<Quantity>(json).map_err(|e| e.to_string())
    }

    #[test]
    fn max_is_ten_to_the_fifteenth() {
        assert_eq!(Quantity::MAX, Decimal::from(1_000_000_000_000_000u64));
    }

    #[test]
    fn amounts_past_the_bounds_are_refused_as_they_are_read() {
        assert_eq!(read("1000000000000000").unwrap().get(), Quantity::MAX);
        assert_eq!(read("\"0.000001\"").unwrap().get(), Decimal::new(1, 6));
        assert_eq!(read("\"1.5000000\"").unwrap().get(), Decimal::new(15, 1), "trailing zeros are not decimals");
        for hostile in ["1000000000000001", "1e28", "\"79228162514264337593543950335\"", "1e-28", "\"0.0000001\"", "-1", "18446744073709551615"] {
            let error = read(hostile).expect_err(hostile);
            assert!(error.contains("a number from 0 to 1e15 with at most 6 decimals"), "{hostile}: {error}");
        }
    }
}
