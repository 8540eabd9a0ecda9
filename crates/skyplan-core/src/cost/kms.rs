//! KMS: customer managed keys and symmetric requests.

use super::{Context, LineSpec};
use crate::model::Kms;
use crate::pricing::PriceKey;
use rust_decimal::Decimal;

pub fn lines(kms: &Kms, _context: &Context) -> Vec<LineSpec> {
    vec![
        LineSpec::key("Customer managed keys", Decimal::from(kms.keys), "keys", PriceKey::KmsKeyMonth),
        LineSpec::key("Requests", kms.requests.get() / Decimal::from(10_000), "10k requests", PriceKey::KmsRequestsPer10k),
    ]
}
