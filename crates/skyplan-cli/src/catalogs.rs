//! The pricing catalogs bundled into the binary, so `skyplan` prices plans
//! anywhere, offline; `--pricing-dir` reads others (e.g. from `pricing import`).

use anyhow::{bail, Context as _, Result};
use skyplan_core::Catalog;
use std::path::Path;

const BUNDLED: &[(&str, &[u8])] = &[
    ("us-east-1", include_bytes!("../../../pricing-data/us-east-1.json")),
    ("us-east-2", include_bytes!("../../../pricing-data/us-east-2.json")),
    ("us-west-2", include_bytes!("../../../pricing-data/us-west-2.json")),
    ("eu-west-1", include_bytes!("../../../pricing-data/eu-west-1.json")),
    ("eu-central-1", include_bytes!("../../../pricing-data/eu-central-1.json")),
    ("ap-southeast-1", include_bytes!("../../../pricing-data/ap-southeast-1.json")),
    ("ap-northeast-1", include_bytes!("../../../pricing-data/ap-northeast-1.json")),
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
