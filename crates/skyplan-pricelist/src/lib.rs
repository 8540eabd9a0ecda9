//! `skyplan pricing update`: AWS's public Price List, fetched and turned into
//! catalogs in the bundled format.
//!
//! The bulk API needs no credentials. Its layout (mirrored under the cache
//! directory, so a download survives between runs):
//!
//! - `/offers/v1.0/aws/index.json`: every offer (service) and the URL of its
//!   region index, and of the Savings Plans region index that covers it
//!   (AmazonEC2's points to the Compute Savings Plan's, which has no offer
//!   entry of its own);
//! - a service's region index: `regions` by code, each with the URL of the
//!   current offer file (`…/<version>/<region>/index.json`, also published as
//!   `index.csv`);
//! - a Savings Plans region index: `regions` as a list of `{regionCode,
//!   versionUrl}`.
//!
//! Offer files are read as CSV: it streams row by row, so the EC2 file
//! (hundreds of megabytes per region) is imported in bounded memory by
//! [`skyplan_core::pricing::import::Import`], the same importer `skyplan
//! pricing import` uses on files a user downloaded.

mod download;
mod service;
pub mod synthetic;

pub use download::{Client, Progress};
pub use service::Service;

use serde::Deserialize;
use skyplan_core::pricing::import::{Import, ImportError, ImportReport};
use skyplan_core::Catalog;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where AWS publishes the Price List.
pub const DEFAULT_ENDPOINT: &str = "https://pricing.us-east-1.amazonaws.com";

const OFFER_INDEX: &str = "/offers/v1.0/aws/index.json";

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UpdateError {
    #[error("{url}: HTTP {status}")]
    Http { url: String, status: u16 },
    #[error("{url}: {message}")]
    Network { url: String, message: String },
    #[error(
        "{url}: the download stopped after {received} of {expected} bytes; run the command again to resume it (kept in {})",
        partial.display()
    )]
    Interrupted { url: String, received: u64, expected: u64, partial: PathBuf },
    #[error("{url}: not a Price List index: {message}")]
    Index { url: String, message: String },
    #[error("the Price List has no {service} offer")]
    NoOffer { service: &'static str },
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// What to fetch.
#[derive(Debug, Clone)]
pub struct Request {
    /// `https://pricing.us-east-1.amazonaws.com`, or a server with the same layout.
    pub endpoint: String,
    pub regions: Vec<String>,
    pub services: Vec<Service>,
    /// Downloads are kept here, in the Price List's own layout.
    pub cache: PathBuf,
}

/// One offer file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferDownload {
    pub service: Service,
    pub region: String,
    pub url: String,
    pub path: PathBuf,
    pub bytes: u64,
}

/// What [`fetch`] got.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The offer index's `publicationDate`.
    pub publication: Option<String>,
    pub files: Vec<OfferDownload>,
    /// Services without a file for a region asked for (global ones list
    /// few regions): said, not an error.
    pub notes: Vec<String>,
}

#[derive(Deserialize)]
struct OfferIndex {
    #[serde(rename = "publicationDate")]
    publication: Option<String>,
    offers: BTreeMap<String, OfferEntry>,
}

#[derive(Deserialize)]
struct OfferEntry {
    #[serde(rename = "currentRegionIndexUrl")]
    region_index: Option<String>,
    #[serde(rename = "currentSavingsPlanIndexUrl")]
    savings_plan_index: Option<String>,
}

#[derive(Deserialize)]
struct RegionIndex {
    regions: BTreeMap<String, RegionEntry>,
}

#[derive(Deserialize)]
struct RegionEntry {
    #[serde(rename = "currentVersionUrl")]
    url: String,
}

#[derive(Deserialize)]
struct SavingsPlanIndex {
    regions: Vec<SavingsPlanRegion>,
}

#[derive(Deserialize)]
struct SavingsPlanRegion {
    #[serde(rename = "regionCode")]
    region: String,
    #[serde(rename = "versionUrl")]
    url: String,
}

/// Downloads the offer files of `request`: the indexes afresh, each offer
/// file once (its URL names its version), resuming a partial download.
pub async fn fetch(client: &Client, request: &Request, progress: &dyn Progress) -> Result<Fetched, UpdateError> {
    let index_url = format!("{}{OFFER_INDEX}", request.endpoint.trim_end_matches('/'));
    let index: OfferIndex = client.get_json(&index_url).await?;
    let mut files = Vec::new();
    let mut notes = Vec::new();
    for &service in &request.services {
        let entry = index.offers.get(service.index_entry()).ok_or(UpdateError::NoOffer { service: service.offer_code() })?;
        let urls = if service.is_savings_plans() {
            let path = entry.savings_plan_index.as_deref().ok_or(UpdateError::NoOffer { service: service.offer_code() })?;
            let url = format!("{}{path}", request.endpoint.trim_end_matches('/'));
            let regions: SavingsPlanIndex = client.get_json(&url).await?;
            region_urls(service, &request.regions, regions.regions.into_iter().map(|r| (r.region, r.url)), &mut notes)
        } else {
            let path = entry.region_index.as_deref().ok_or(UpdateError::NoOffer { service: service.offer_code() })?;
            let url = format!("{}{path}", request.endpoint.trim_end_matches('/'));
            let regions: RegionIndex = client.get_json(&url).await?;
            region_urls(service, &request.regions, regions.regions.into_iter().map(|(code, r)| (code, r.url)), &mut notes)
        };
        for (region, path) in urls {
            let path = csv_of(&path);
            let url = format!("{}{path}", request.endpoint.trim_end_matches('/'));
            let local = request.cache.join(path.trim_start_matches('/'));
            let bytes = client.download(&url, &local, progress).await?;
            files.push(OfferDownload { service, region, url, path: local, bytes });
        }
    }
    Ok(Fetched { publication: index.publication, files, notes })
}

fn region_urls(
    service: Service,
    wanted: &[String],
    listed: impl Iterator<Item = (String, String)>,
    notes: &mut Vec<String>,
) -> Vec<(String, String)> {
    let listed: BTreeMap<String, String> = listed.collect();
    let mut urls = Vec::new();
    for region in wanted {
        match listed.get(region) {
            Some(url) => urls.push((region.clone(), url.clone())),
            None => notes.push(format!("the Price List has no {} offer file for {region}", service.offer_code())),
        }
    }
    urls
}

/// The CSV form of an offer file's URL: AWS publishes both beside each other.
fn csv_of(path: &str) -> String {
    match path.strip_suffix(".json") {
        Some(stem) => format!("{stem}.csv"),
        None => path.to_owned(),
    }
}

/// Streams the files through the importer into `catalogs`; on error the
/// catalogs are untouched.
pub fn import(files: &[PathBuf], catalogs: &mut BTreeMap<String, Catalog>) -> Result<ImportReport, UpdateError> {
    let mut import = Import::default();
    for path in files {
        let file = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
        import.read(&path.display().to_string(), std::io::BufReader::with_capacity(1 << 20, file))?;
    }
    Ok(import.apply(catalogs))
}

fn io_error(path: &Path, error: &std::io::Error) -> UpdateError {
    UpdateError::Io { path: path.to_owned(), message: error.to_string() }
}
