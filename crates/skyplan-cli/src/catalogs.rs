//! The pricing catalogs bundled into the binary, so `skyplan` prices plans
//! anywhere, offline; `--pricing-dir` reads others (e.g. from `pricing import`).

use anyhow::{bail, Context as _, Result};
use skyplan_core::Catalog;
use std::path::Path;

const BUNDLED: &[(&str, &[u8])] = &[
    ("us-east-1", include_bytes!("../../../pricing-data/us-east-1.json")),
    ("us-east-2", include_bytes!("../../../pricing-data/us-east-2.json")),
    ("us-west-1", include_bytes!("../../../pricing-data/us-west-1.json")),
    ("us-west-2", include_bytes!("../../../pricing-data/us-west-2.json")),
    ("ca-central-1", include_bytes!("../../../pricing-data/ca-central-1.json")),
    ("ca-west-1", include_bytes!("../../../pricing-data/ca-west-1.json")),
    ("mx-central-1", include_bytes!("../../../pricing-data/mx-central-1.json")),
    ("sa-east-1", include_bytes!("../../../pricing-data/sa-east-1.json")),
    ("eu-west-1", include_bytes!("../../../pricing-data/eu-west-1.json")),
    ("eu-west-2", include_bytes!("../../../pricing-data/eu-west-2.json")),
    ("eu-west-3", include_bytes!("../../../pricing-data/eu-west-3.json")),
    ("eu-central-1", include_bytes!("../../../pricing-data/eu-central-1.json")),
    ("eu-central-2", include_bytes!("../../../pricing-data/eu-central-2.json")),
    ("eu-north-1", include_bytes!("../../../pricing-data/eu-north-1.json")),
    ("eu-south-1", include_bytes!("../../../pricing-data/eu-south-1.json")),
    ("eu-south-2", include_bytes!("../../../pricing-data/eu-south-2.json")),
    ("il-central-1", include_bytes!("../../../pricing-data/il-central-1.json")),
    ("me-south-1", include_bytes!("../../../pricing-data/me-south-1.json")),
    ("me-central-1", include_bytes!("../../../pricing-data/me-central-1.json")),
    ("af-south-1", include_bytes!("../../../pricing-data/af-south-1.json")),
    ("ap-south-1", include_bytes!("../../../pricing-data/ap-south-1.json")),
    ("ap-south-2", include_bytes!("../../../pricing-data/ap-south-2.json")),
    ("ap-southeast-1", include_bytes!("../../../pricing-data/ap-southeast-1.json")),
    ("ap-southeast-2", include_bytes!("../../../pricing-data/ap-southeast-2.json")),
    ("ap-southeast-3", include_bytes!("../../../pricing-data/ap-southeast-3.json")),
    ("ap-southeast-4", include_bytes!("../../../pricing-data/ap-southeast-4.json")),
    ("ap-southeast-5", include_bytes!("../../../pricing-data/ap-southeast-5.json")),
    ("ap-southeast-7", include_bytes!("../../../pricing-data/ap-southeast-7.json")),
    ("ap-northeast-1", include_bytes!("../../../pricing-data/ap-northeast-1.json")),
    ("ap-northeast-2", include_bytes!("../../../pricing-data/ap-northeast-2.json")),
    ("ap-northeast-3", include_bytes!("../../../pricing-data/ap-northeast-3.json")),
    ("ap-east-1", include_bytes!("../../../pricing-data/ap-east-1.json")),
    ("ap-east-2", include_bytes!("../../../pricing-data/ap-east-2.json")),
];

pub fn bundled_regions() -> impl Iterator<Item = &'static str> {
    BUNDLED.iter().map(|(region, _)| *region)
}

/// The catalog of `region`: from `dir/<region>.json` when a directory is
/// given, else the bundled one.
pub fn load(region: &str, dir: Option<&Path>) -> Result<Catalog> {
    if let Some(dir) = dir {
        let path = dir.join(format!("{region}.json"));
        let bytes = std::fs::read(&path).with_context(|| format!("cannot read the {region} catalog at {}", path.display()))?;
        return Catalog::from_json(&bytes).with_context(|| format!("{}", path.display()));
    }
    match BUNDLED.iter().find(|(r, _)| *r == region) {
        Some((_, bytes)) => Ok(Catalog::from_json(bytes).with_context(|| format!("bundled {region} catalog"))?),
        None => bail!("no bundled catalog for region \"{region}\"; bundled: {}", bundled_regions().collect::<Vec<_>>().join(", ")),
    }
}
