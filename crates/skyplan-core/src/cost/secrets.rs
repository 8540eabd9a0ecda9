//! Secrets Manager: secrets stored and API calls.

use super::{Context, LineSpec};
use crate::model::Secrets;
use crate::pricing::PriceKey;
use rust_decimal::Decimal;

pub fn lines(secrets: &Secrets, _context: &Context) -> Vec<LineSpec> {
    vec![
        LineSpec::key("Secrets", Decimal::from(secrets.secrets), "secrets", PriceKey::SecretsManagerSecretMonth),
        LineSpec::key("API requests", secrets.requests.get() / Decimal::from(10_000), "10k requests", PriceKey::SecretsManagerRequestsPer10k),
    ]
}
