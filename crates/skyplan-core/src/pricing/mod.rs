//! Prices: the catalog format, loading it from bytes, and importing AWS
//! Price List offer files into it.

pub mod catalog;
pub mod import;

pub use catalog::*;

use crate::model::problem::describe_serde_error;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum CatalogError {
    #[error("catalog is not valid: {path}: {message}")]
    Invalid { path: String, message: String },
    #[error("catalog format_version {found} is not supported; this skyplan reads {CATALOG_FORMAT_VERSION}")]
    UnsupportedVersion { found: u32 },
}

impl Catalog {
    /// Reads a catalog from its JSON bytes (`pricing-data/<region>.json`).
    pub fn from_json(bytes: &[u8]) -> Result<Catalog, CatalogError> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let catalog: Catalog = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| CatalogError::Invalid {
            path: e.path().to_string(),
            message: describe_serde_error(&e.inner().to_string()),
        })?;
        if catalog.format_version != CATALOG_FORMAT_VERSION {
            return Err(CatalogError::UnsupportedVersion { found: catalog.format_version });
        }
        Ok(catalog)
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
