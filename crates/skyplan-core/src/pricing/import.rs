//! Importing AWS Price List offer files into catalogs.
//!
//! Three shapes are read: the Bulk API's per-service offer file as JSON
//! (`offerCode`, `products`, `terms`) or as CSV (five metadata rows, a header,
//! then one row per price dimension), and `pricing:GetProducts` output
//! (`{"PriceList": [...]}`, or one of its records on its own).
//!
//! Offer files are large (EC2's regional file runs to hundreds of megabytes)
//! and almost all of it is irrelevant to skyplan, so products are classified as
//! they are read and only the terms of recognised products are kept: JSON is
//! walked with serde visitors instead of being parsed into a tree, and CSV is
//! read row by row. Everything is collected first and written into the
//! catalogs only once every file has been read, so a file that fails leaves the
//! catalogs exactly as they were.

use super::catalog::{
    CacheNodePrice, Catalog, DataDates, Ec2InstanceType, Price, PriceKey, RdsClassPrice, ReservedOffer,
    SavingsPlanRate, Tier,
    CATALOG_FORMAT_VERSION,
};
use crate::aws::{
    region_for_location, region_location, CacheEngine, DbEngine, Deployment, OfferingClass, PurchaseOption,
    S3Class, SavingsPlanType, VolumeType,
};
use crate::kinds::KindPrice;
use crate::model::problem::printable;
use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

/// One offer file's contents. The name only appears in messages.
#[derive(Debug, Clone, Copy)]
pub struct OfferFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What an import did, for the person running it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub files: usize,
    /// Catalog values written: each instance or node hourly rate, each reserved
    /// offer, each unit price (a tiered price counts once).
    pub prices_imported: usize,
    /// Products skyplan does not price (other operating systems, services, ...).
    pub products_skipped: usize,
    /// Region codes whose catalogs were changed or created, sorted.
    pub regions: Vec<String>,
    /// Things the person importing should know; repeated notes are counted.
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportError {
    #[error("{file}: not an AWS Price List offer file: found {found}")]
    NotAnOfferFile { file: String, found: String },
    #[error("{file}: malformed JSON at line {line}, column {column}: {message}")]
    MalformedJson { file: String, line: usize, column: usize, message: String },
    #[error("{file}: malformed CSV at line {line}: {message}")]
    MalformedCsv { file: String, line: u64, message: String },
    #[error("{file}: the CSV offer file has no \"{column}\" column")]
    MissingColumn { file: String, column: String },
    #[error("{file}: SKU {sku}: price \"{value}\" is not a decimal number from 0 to 1000000 (USD, a catalog's largest)")]
    BadPrice { file: String, sku: String, value: String },
    #[error("{file}: SKU {sku}: range bound \"{value}\" is not a non-negative number or \"Inf\"")]
    BadRange { file: String, sku: String, value: String },
    #[error("{file}: cannot be read: {message}")]
    Read { file: String, message: String },
}

/// Applies every price it recognises in the offer files to `catalogs` (keyed
/// by region code), creating a catalog for a region not yet present. Entries
/// the files price are overwritten; everything else in the catalogs is kept.
/// On error the catalogs are left untouched.
pub fn import_offer_files(
    files: &[OfferFile],
    catalogs: &mut BTreeMap<String, Catalog>,
) -> Result<ImportReport, ImportError> {
    let mut import = Import::default();
    for file in files {
        import.read_bytes(file.name, file.bytes)?;
    }
    Ok(import.apply(catalogs))
}

/// An import that reads its offer files as streams, one after another, so
/// that a file of several hundred megabytes never has to be in memory: only
/// the prices it recognises are kept. Nothing touches the catalogs before
/// [`Import::apply`].
#[derive(Default)]
pub struct Import {
    importer: Importer,
    files: usize,
}

impl Import {
    /// Reads one offer file (JSON, CSV or GetProducts output) from `reader`;
    /// `name` only appears in messages.
    pub fn read(&mut self, name: &str, reader: impl std::io::BufRead) -> Result<(), ImportError> {
        self.files += 1;
        self.importer.import_stream(name, reader).map_err(ImportError::escaped)
    }

    /// Reads one offer file that is already in memory.
    pub fn read_bytes(&mut self, name: &str, bytes: &[u8]) -> Result<(), ImportError> {
        self.files += 1;
        self.importer.import_bytes(name, bytes).map_err(ImportError::escaped)
    }

    /// Writes everything read into `catalogs` (keyed by region code),
    /// creating a catalog for a region not yet present.
    pub fn apply(self, catalogs: &mut BTreeMap<String, Catalog>) -> ImportReport {
        let mut report = self.importer.apply(self.files, catalogs);
        report.notes = report.notes.into_iter().map(printable).collect();
        report
    }
}

impl ImportError {
    /// Values quoted from an offer file are shown with their control
    /// characters escaped.
    fn escaped(self) -> ImportError {
        use ImportError::*;
        match self {
            NotAnOfferFile { file, found } => NotAnOfferFile { file: printable(file), found: printable(found) },
            MalformedJson { file, line, column, message } => MalformedJson { file: printable(file), line, column, message: printable(message) },
            MalformedCsv { file, line, message } => MalformedCsv { file: printable(file), line, message: printable(message) },
            MissingColumn { file, column } => MissingColumn { file: printable(file), column: printable(column) },
            BadPrice { file, sku, value } => BadPrice { file: printable(file), sku: printable(sku), value: printable(value) },
            BadRange { file, sku, value } => BadRange { file: printable(file), sku: printable(sku), value: printable(value) },
            Read { file, message } => Read { file: printable(file), message: printable(message) },
        }
    }
}

/// A one-paragraph account of an import, for the CLI to print.
pub fn merge_summary(report: &ImportReport) -> String {
    let files = counted(report.files, "offer file", "offer files");
    let mut summary = if report.prices_imported == 0 {
        format!("No prices imported from {files}")
    } else {
        format!(
            "Imported {} from {files} into {} ({})",
            counted(report.prices_imported, "price", "prices"),
            counted(report.regions.len(), "region catalog", "region catalogs"),
            report.regions.join(", ")
        )
    };
    summary.push_str(&format!(
        "; skipped {} that skyplan does not price.",
        counted(report.products_skipped, "product", "products")
    ));
    if !report.notes.is_empty() {
        summary.push_str(" Notes: ");
        summary.push_str(&report.notes.join("; "));
        if !summary.ends_with('.') {
            summary.push('.');
        }
    }
    summary
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ---------------------------------------------------------------------------
// Collected changes, applied to the catalogs at the end.

#[derive(Default)]
struct Importer {
    changes: BTreeMap<String, RegionChanges>,
    notes: Notes,
    products_skipped: usize,
}

/// The catalog tables an import can touch, named as in `Catalog::sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Table {
    Ec2OnDemand,
    Ec2Reserved,
    Ec2SavingsPlans,
    Rds,
    ElastiCache,
    Prices,
}

impl Table {
    fn source_key(self) -> &'static str {
        match self {
            Table::Ec2OnDemand => "ec2.on_demand",
            Table::Ec2Reserved => "ec2.reserved",
            Table::Ec2SavingsPlans => "ec2.savings_plans",
            Table::Rds => "rds",
            Table::ElastiCache => "elasticache",
            Table::Prices => "prices",
        }
    }
}

struct RegionChanges {
    /// Used only if the region's catalog has to be created.
    location: String,
    version: Option<String>,
    sources: BTreeMap<Table, BTreeSet<String>>,
    /// Publication dates (`YYYY-MM-DD`) of the offer files each table drew on.
    dates: BTreeMap<Table, BTreeSet<String>>,
    ec2: BTreeMap<String, Ec2Changes>,
    rds: BTreeMap<(DbEngine, String), RdsClassPrice>,
    elasticache: BTreeMap<(CacheEngine, String), Decimal>,
    prices: BTreeMap<PriceKey, Price>,
}

#[derive(Default)]
struct Ec2Changes {
    vcpu: Option<u32>,
    memory_gib: Option<Decimal>,
    on_demand_hourly: Option<Decimal>,
    /// Keyed so that the list comes out in catalog order.
    reserved: BTreeMap<(OfferingClass, u8, PurchaseOption), ReservedOffer>,
    savings_plans: BTreeMap<(SavingsPlanType, u8, PurchaseOption), Decimal>,
}

impl RegionChanges {
    fn new(location: String) -> Self {
        RegionChanges {
            location,
            version: None,
            sources: BTreeMap::new(),
            dates: BTreeMap::new(),
            ec2: BTreeMap::new(),
            rds: BTreeMap::new(),
            elasticache: BTreeMap::new(),
            prices: BTreeMap::new(),
        }
    }

    fn new_catalog(&self, region: &str) -> Catalog {
        Catalog {
            format_version: CATALOG_FORMAT_VERSION,
            region: region.to_owned(),
            location: region_location(region).map_or_else(|| self.location.clone(), str::to_owned),
            currency: "USD".into(),
            version: self.version.clone().unwrap_or_else(|| "unknown".into()),
            sources: BTreeMap::new(),
            data_dates: BTreeMap::new(),
            ec2: BTreeMap::new(),
            rds: BTreeMap::new(),
            elasticache: BTreeMap::new(),
            prices: BTreeMap::new(),
        }
    }

    /// Writes the changes into `catalog`; returns how many values it wrote.
    fn apply_to(self, catalog: &mut Catalog, notes: &mut Notes) -> usize {
        let mut written = 0;
        let mut tables_written = BTreeSet::new();
        for (instance_type, change) in self.ec2 {
            let reserved: Vec<ReservedOffer> = change.reserved.into_values().collect();
            let savings_plans: Vec<SavingsPlanRate> = change
                .savings_plans
                .into_iter()
                .map(|((plan, term_years, purchase_option), hourly)| SavingsPlanRate { plan, term_years, purchase_option, hourly })
                .collect();
            let entry = match catalog.ec2.entry(instance_type) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => match (change.vcpu, change.memory_gib) {
                    (Some(vcpu), Some(memory_gib)) => entry.insert(Ec2InstanceType {
                        vcpu,
                        memory_gib,
                        on_demand_hourly: None,
                        spot: None,
                        reserved: Vec::new(),
                        savings_plans: Vec::new(),
                    }),
                    _ => {
                        notes.add(format!(
                            "{}: EC2 {} not added: the offer file gives no vCPU or memory for it",
                            catalog.region,
                            entry.key()
                        ));
                        continue;
                    }
                },
            };
            entry.vcpu = change.vcpu.unwrap_or(entry.vcpu);
            entry.memory_gib = change.memory_gib.unwrap_or(entry.memory_gib);
            if let Some(hourly) = change.on_demand_hourly {
                entry.on_demand_hourly = Some(hourly);
                written += 1;
                tables_written.insert(Table::Ec2OnDemand);
            }
            if !reserved.is_empty() {
                written += reserved.len();
                entry.reserved = reserved;
                tables_written.insert(Table::Ec2Reserved);
            }
            if !savings_plans.is_empty() {
                written += savings_plans.len();
                for rate in savings_plans {
                    entry.savings_plans.retain(|r| (r.plan, r.term_years, r.purchase_option) != (rate.plan, rate.term_years, rate.purchase_option));
                    entry.savings_plans.push(rate);
                }
                entry.savings_plans.sort_by_key(|r| (r.plan, r.term_years, r.purchase_option));
                tables_written.insert(Table::Ec2SavingsPlans);
            }
        }
        for ((engine, class), change) in self.rds {
            let entry = catalog
                .rds
                .entry(engine)
                .or_default()
                .entry(class)
                .or_insert(RdsClassPrice { single_az_hourly: None, multi_az_hourly: None });
            for (imported, slot) in [
                (change.single_az_hourly, &mut entry.single_az_hourly),
                (change.multi_az_hourly, &mut entry.multi_az_hourly),
            ] {
                if imported.is_some() {
                    *slot = imported;
                    written += 1;
                    tables_written.insert(Table::Rds);
                }
            }
        }
        for ((engine, node_type), hourly) in self.elasticache {
            catalog
                .elasticache
                .entry(engine)
                .or_default()
                .entry(node_type)
                .and_modify(|node| node.hourly = hourly)
                .or_insert(CacheNodePrice { hourly, reserved: Vec::new() });
            written += 1;
            tables_written.insert(Table::ElastiCache);
        }
        for (key, price) in self.prices {
            catalog.prices.insert(key, price);
            written += 1;
            tables_written.insert(Table::Prices);
        }
        for (table, labels) in self.sources {
            if tables_written.contains(&table) {
                record_source(&mut catalog.sources, table.source_key(), &labels);
            }
        }
        for (table, dates) in self.dates {
            if tables_written.contains(&table) {
                record_dates(&mut catalog.data_dates, table.source_key(), &dates);
            }
        }
        written
    }
}

/// Keeps the catalog's provenance honest: a table that already came from
/// elsewhere now says that imported entries override it.
fn record_source(sources: &mut BTreeMap<String, String>, key: &str, labels: &BTreeSet<String>) {
    let source = sources.entry(key.to_owned()).or_default();
    for label in labels {
        if source.contains(label.as_str()) {
            continue;
        }
        if source.is_empty() {
            source.push_str(label);
        } else {
            source.push_str("; entries imported from ");
            source.push_str(label);
        }
    }
}

/// Widens a table's span of data dates by the imported files' dates.
fn record_dates(data_dates: &mut BTreeMap<String, DataDates>, key: &str, dates: &BTreeSet<String>) {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else { return };
    let span = data_dates.entry(key.to_owned()).or_insert(DataDates { oldest: None, newest: None, undated: false });
    if span.oldest.as_ref().is_none_or(|oldest| first < oldest) {
        span.oldest = Some(first.clone());
    }
    if span.newest.as_ref().is_none_or(|newest| last > newest) {
        span.newest = Some(last.clone());
    }
}

/// The `YYYY-MM-DD` of a Price List publication date (`2026-04-27T21:20:44Z`).
fn publication_day(publication: &str) -> Option<String> {
    let day = publication.get(..10)?;
    let well_formed = day.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    well_formed.then(|| day.to_owned())
}

impl Importer {
    /// An offer file already in memory: JSON is parsed from the slice, faster
    /// than through a reader.
    fn import_bytes(&mut self, name: &str, bytes: &[u8]) -> Result<(), ImportError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut import = FileImport::new(self, name);
        match detect_format(bytes) {
            Format::Json => import.read_json(serde_json::Deserializer::from_slice(bytes))?,
            Format::Csv => import.read_csv(bytes)?,
            Format::Unknown(found) => return Err(ImportError::NotAnOfferFile { file: name.to_owned(), found }),
        }
        import.finish();
        Ok(())
    }

    fn import_stream(&mut self, name: &str, mut reader: impl std::io::BufRead) -> Result<(), ImportError> {
        let read_error = |e: std::io::Error| ImportError::Read { file: name.to_owned(), message: e.to_string() };
        // The format is told from the first bytes, without consuming them.
        let head = reader.fill_buf().map_err(read_error)?;
        let bom = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let format = detect_format(&head[bom..]);
        reader.consume(bom);
        let mut import = FileImport::new(self, name);
        match format {
            Format::Json => import.read_json(serde_json::Deserializer::from_reader(reader))?,
            Format::Csv => import.read_csv(reader)?,
            Format::Unknown(found) => {
                return Err(ImportError::NotAnOfferFile { file: name.to_owned(), found });
            }
        }
        import.finish();
        Ok(())
    }

    fn apply(self, files: usize, catalogs: &mut BTreeMap<String, Catalog>) -> ImportReport {
        let mut notes = self.notes;
        let mut report = ImportReport { files, products_skipped: self.products_skipped, ..ImportReport::default() };
        for (region, changes) in self.changes {
            let created = !catalogs.contains_key(&region);
            let catalog = catalogs.entry(region.clone()).or_insert_with(|| changes.new_catalog(&region));
            let written = changes.apply_to(catalog, &mut notes);
            if written == 0 {
                if created {
                    catalogs.remove(&region);
                }
                continue;
            }
            report.prices_imported += written;
            report.regions.push(region);
        }
        report.notes = notes.into_lines();
        report
    }
}

/// Notes in first-seen order; a note repeated for many products is shown once
/// with its count, so a multi-GB file cannot flood the report.
#[derive(Default)]
struct Notes {
    order: Vec<String>,
    counts: HashMap<String, usize>,
}

impl Notes {
    fn add(&mut self, note: String) {
        match self.counts.get_mut(&note) {
            Some(count) => *count += 1,
            None => {
                self.counts.insert(note.clone(), 1);
                self.order.push(note);
            }
        }
    }

    fn into_lines(self) -> Vec<String> {
        let counts = self.counts;
        self.order
            .into_iter()
            .map(|note| match counts.get(&note) {
                Some(&count) if count > 1 => format!("{note} ({count} times)"),
                _ => note,
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------
// Format detection.

enum Format {
    Json,
    Csv,
    Unknown(String),
}

fn detect_format(bytes: &[u8]) -> Format {
    let Some(start) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Format::Unknown("an empty file".into());
    };
    match bytes[start] {
        b'{' => Format::Json,
        b'[' => Format::Unknown("a JSON array; an offer file is a JSON object".into()),
        _ if starts_with_csv_metadata(bytes) => Format::Csv,
        _ => Format::Unknown(describe_start(&bytes[start..])),
    }
}

fn starts_with_csv_metadata(bytes: &[u8]) -> bool {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    matches!(reader.read_byte_record(&mut record), Ok(true))
        && record.get(0).is_some_and(|field| field.trim_ascii() == b"FormatVersion")
}

fn describe_start(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(200)];
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // A character cut off by the 200-byte window is not a sign of binary data.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
        Err(_) => return "binary data".into(),
    };
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return "binary data".into();
    }
    let first_line: String = text.lines().next().unwrap_or_default().chars().take(60).collect();
    format!("text beginning {first_line:?}, neither a JSON offer nor a CSV offer starting with \"FormatVersion\"")
}

// ---------------------------------------------------------------------------
// Product classification, shared by both formats.

/// Product attributes looked up by normalised name (lowercase letters and
/// digits only), so that JSON's `instanceType` and CSV's `Instance Type` are
/// the same attribute.
pub trait Attributes {
    /// The attribute's value; empty counts as absent, because a CSV file has a
    /// cell for every attribute of every service in it.
    fn get(&self, key: &str) -> Option<&str>;

    fn is(&self, key: &str, value: &str) -> bool {
        self.get(key) == Some(value)
    }
}

/// A product of an offer file, as a kind's `offer_price` sees it: its
/// attributes and the service it belongs to.
pub struct OfferProduct<'a> {
    attributes: &'a dyn Attributes,
    service: Option<&'a str>,
}

impl OfferProduct<'_> {
    /// An attribute by its normalised name (`productfamily`, `usagetype`, `group`).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attributes.get(key)
    }

    /// Whether the product is of the service `code` (`AmazonDynamoDB`), or
    /// of an offer file that does not say.
    pub fn from_service(&self, code: &str) -> bool {
        self.service.is_none_or(|service| service == code)
    }

    /// Whether the usage type is `name`, with or without a region prefix.
    pub fn usage_type_is(&self, name: &str) -> bool {
        usage_type_is(self.get("usagetype").unwrap_or_default(), name)
    }
}

fn attribute_key(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// A product skyplan prices, and the region it is priced in.
#[derive(Debug, Clone)]
struct Recognised {
    region: String,
    location: String,
    target: Target,
}

#[derive(Debug, Clone)]
enum Target {
    Ec2Instance { instance_type: String, vcpu: Option<u32>, memory_gib: Option<Decimal> },
    RdsInstance { engine: DbEngine, class: String, deployment: Deployment },
    CacheNode { engine: CacheEngine, node_type: String },
    Unit(PriceKey),
}

enum Classified {
    Recognised(Recognised),
    Unrecognised,
    NoRegion { location: Option<String> },
    /// A region code skyplan has no catalog for; a catalog's file is named
    /// after its region, so only the known ones are taken.
    UnknownRegion { region: String },
}

fn classify(attributes: &dyn Attributes, offer_code: Option<&str>) -> Classified {
    let Some(target) = target_of(attributes, offer_code) else {
        return Classified::Unrecognised;
    };
    // Local Zones, Wavelength and Outposts have their own prices and
    // region-like codes (`us-east-1-bos-1`); skyplan's catalogs are regions.
    let in_a_region = |key: &str| matches!(attributes.get(key), None | Some("AWS Region"));
    if !in_a_region("locationtype") || !in_a_region("fromlocationtype") {
        return Classified::Unrecognised;
    }
    let location = attributes.get("location").or_else(|| attributes.get("fromlocation"));
    // Files from before 2021 have no regionCode, only the location name.
    let region = attributes
        .get("regioncode")
        .or_else(|| attributes.get("fromregioncode"))
        .or_else(|| location.and_then(region_for_location));
    match region {
        Some(region) => match region_location(region) {
            Some(known) => Classified::Recognised(Recognised { region: region.to_owned(), location: known.to_owned(), target }),
            None => Classified::UnknownRegion { region: region.to_owned() },
        },
        None => Classified::NoRegion { location: location.map(str::to_owned) },
    }
}

fn target_of(attributes: &dyn Attributes, offer_code: Option<&str>) -> Option<Target> {
    let family = attributes.get("productfamily")?;
    let service = attributes.get("servicecode").or(offer_code);
    let from_service = |code: &str| service.is_none_or(|service| service == code);
    let usage_type = attributes.get("usagetype").unwrap_or_default();
    let unit = |key: PriceKey| Some(Target::Unit(key));
    match family {
        // Bare-metal types are "Compute Instance (bare metal)".
        family if family.starts_with("Compute Instance") && from_service("AmazonEC2") => ec2_instance(attributes),
        "Database Instance" if from_service("AmazonRDS") => rds_instance(attributes),
        "Cache Instance" if from_service("AmazonElastiCache") => cache_node(attributes),
        "Storage" => match attributes.get("volumeapiname") {
            Some(volume) if from_service("AmazonEC2") => unit(PriceKey::EbsStorageGbMonth(VolumeType::parse(volume)?)),
            Some(_) => None,
            None if usage_type_is(usage_type, "TimedStorage-ByteHrs")
                && attributes.is("storageclass", "General Purpose")
                && from_service("AmazonS3") =>
            {
                unit(PriceKey::S3StorageGbMonth(S3Class::Standard))
            }
            None => None,
        },
        "NAT Gateway" if usage_type_is(usage_type, "NatGateway-Hours") => unit(PriceKey::NatGatewayHour),
        "NAT Gateway" if usage_type_is(usage_type, "NatGateway-Bytes") => unit(PriceKey::NatGatewayDataGb),
        "Load Balancer-Application" if usage_type_is(usage_type, "LoadBalancerUsage") => unit(PriceKey::AlbHour),
        "Load Balancer-Application" if usage_type_is(usage_type, "LCUUsage") => unit(PriceKey::AlbLcuHour),
        "Data Transfer"
            if usage_type_is(usage_type, "DataTransfer-Out-Bytes") && attributes.is("tolocation", "External") =>
        {
            unit(PriceKey::DataTransferInternetOutGb)
        }
        _ => KindPrice::from_offer(&OfferProduct { attributes, service }).map(|price| Target::Unit(PriceKey::Kind(price))),
    }
}

/// Usage types carry a region prefix outside us-east-1 (`USE2-NatGateway-Hours`),
/// so a name matches the whole usage type or the part after a `-`.
fn usage_type_is(usage_type: &str, name: &str) -> bool {
    usage_type.strip_suffix(name).is_some_and(|prefix| prefix.is_empty() || prefix.ends_with('-'))
}

/// Only the plain Linux on-demand SKU: without the capacitystatus filter every
/// type has three SKUs, two of them for capacity reservations.
fn ec2_instance(attributes: &dyn Attributes) -> Option<Target> {
    let plain_linux = attributes.is("operatingsystem", "Linux")
        && attributes.is("tenancy", "Shared")
        && attributes.is("preinstalledsw", "NA")
        && attributes.is("licensemodel", "No License required")
        // Absent in files from before capacity reservations existed.
        && matches!(attributes.get("capacitystatus"), None | Some("Used"))
        && matches!(attributes.get("marketoption"), None | Some("OnDemand"));
    if !plain_linux {
        return None;
    }
    Some(Target::Ec2Instance {
        instance_type: attributes.get("instancetype")?.to_owned(),
        vcpu: attributes.get("vcpu").and_then(|vcpu| vcpu.parse().ok()),
        memory_gib: attributes.get("memory").and_then(parse_gib),
    })
}

/// `"8 GiB"`, `"0.5 GiB"`, `"1,952 GiB"`.
fn parse_gib(memory: &str) -> Option<Decimal> {
    let number: String = memory.strip_suffix("GiB")?.trim().chars().filter(|&c| c != ',').collect();
    Decimal::from_str(&number).ok().filter(|gib| gib.is_sign_positive()).map(|gib| gib.normalize())
}

fn rds_instance(attributes: &dyn Attributes) -> Option<Target> {
    let engine = match attributes.get("databaseengine")? {
        "PostgreSQL" => DbEngine::Postgres,
        "MySQL" => DbEngine::Mysql,
        "MariaDB" => DbEngine::Mariadb,
        _ => return None,
    };
    let deployment = match attributes.get("deploymentoption")? {
        "Single-AZ" => Deployment::SingleAz,
        "Multi-AZ" => Deployment::MultiAz,
        _ => return None,
    };
    Some(Target::RdsInstance { engine, class: attributes.get("instancetype")?.to_owned(), deployment })
}

fn cache_node(attributes: &dyn Attributes) -> Option<Target> {
    let engine = match attributes.get("cacheengine")? {
        "Redis" => CacheEngine::Redis,
        "Valkey" => CacheEngine::Valkey,
        "Memcached" => CacheEngine::Memcached,
        _ => return None,
    };
    Some(Target::CacheNode { engine, node_type: attributes.get("instancetype")?.to_owned() })
}

// ---------------------------------------------------------------------------
// Terms and price dimensions, shared by both formats.

enum TermKind {
    OnDemand,
    Reserved { lease: Option<String>, class: Option<String>, option: Option<String> },
    Other,
}

impl TermKind {
    fn new(term_type: &str, attributes: &dyn Attributes) -> TermKind {
        let attribute = |key: &str| attributes.get(key).map(str::to_owned);
        match term_type {
            "OnDemand" => TermKind::OnDemand,
            "Reserved" => TermKind::Reserved {
                lease: attribute("leasecontractlength"),
                class: attribute("offeringclass"),
                option: attribute("purchaseoption"),
            },
            _ => TermKind::Other,
        }
    }
}

struct Dimension {
    unit: String,
    begin: Decimal,
    /// `None` for `"Inf"`.
    end: Option<Decimal>,
    price: Decimal,
}

/// A price dimension as it stands in the file, before any parsing.
struct RawDimension<'r> {
    unit: &'r str,
    begin: Option<&'r str>,
    end: Option<&'r str>,
    price: Option<&'r str>,
    currency: &'r str,
}

/// What one file's reading needs beyond the collected changes.
struct FileImport<'i> {
    importer: &'i mut Importer,
    name: &'i str,
    offer_code: Option<String>,
    version: Option<String>,
    publication: Option<String>,
    /// Recognised JSON products by SKU, waiting for their terms.
    recognised: HashMap<String, Recognised>,
    touched: BTreeSet<(String, Table)>,
    savings_plans: bool,
    /// A Savings Plans JSON file's plans by SKU: product family, usage type, attributes.
    plans: HashMap<String, (String, String, NormalizedAttributes)>,
    /// A Savings Plans JSON file's `regionCode`.
    region_code: Option<String>,
    /// An import error raised inside a serde visitor, which can only return
    /// serde errors; it takes precedence over the serde error it caused.
    stashed: Option<ImportError>,
}

impl<'i> FileImport<'i> {
    fn new(importer: &'i mut Importer, name: &'i str) -> Self {
        FileImport {
            importer,
            name,
            offer_code: None,
            version: None,
            publication: None,
            recognised: HashMap::new(),
            touched: BTreeSet::new(),
            savings_plans: false,
            plans: HashMap::new(),
            region_code: None,
            stashed: None,
        }
    }

    fn finish(self) {
        let label = match (&self.offer_code, self.version.as_ref().or(self.publication.as_ref())) {
            (Some(offer), Some(version)) => format!("AWS Price List {offer} offer file, version {version}"),
            (Some(offer), None) => format!("AWS Price List {offer} offer file"),
            (None, Some(version)) => format!("AWS Price List offer file, version {version}"),
            (None, None) => "AWS Price List offer file".to_owned(),
        };
        let version = self.version.clone().or_else(|| self.publication.clone());
        let day = self.publication.as_deref().and_then(publication_day);
        for (region, table) in &self.touched {
            if let Some(changes) = self.importer.changes.get_mut(region) {
                changes.sources.entry(*table).or_default().insert(label.clone());
                if let Some(day) = &day {
                    changes.dates.entry(*table).or_default().insert(day.clone());
                }
                if changes.version.is_none() {
                    changes.version.clone_from(&version);
                }
            }
        }
        if self.savings_plans && self.touched.is_empty() {
            self.importer.notes.add(format!(
                "{}: a Savings Plans file without EC2 Linux shared-tenancy rates (the only ones skyplan uses)",
                self.name
            ));
        } else if self.touched.is_empty() {
            self.importer.notes.add(format!("{}: no prices skyplan uses", self.name));
        }
    }

    /// Classifies a product, noting one that skyplan would price but whose
    /// region is unknown.
    fn recognise(&mut self, attributes: &dyn Attributes) -> Option<Recognised> {
        match classify(attributes, self.offer_code.as_deref()) {
            Classified::Recognised(recognised) => Some(recognised),
            Classified::Unrecognised => None,
            Classified::UnknownRegion { region } => {
                let shown: String = region.chars().take(64).map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect();
                self.importer.notes.add(format!("{}: skipped products in region \"{shown}\": not a region skyplan has catalogs for", self.name));
                None
            }
            Classified::NoRegion { location } => {
                let note = match location {
                    Some(location) => format!(
                        "{}: skipped products in \"{location}\": no regionCode, and the location is not one \
                         skyplan knows",
                        self.name
                    ),
                    None => format!("{}: skipped products with neither a regionCode nor a location", self.name),
                };
                self.importer.notes.add(note);
                None
            }
        }
    }

    fn note(&mut self, note: String) {
        self.importer.notes.add(format!("{}: {note}", self.name));
    }

    /// Parses one price dimension; `None` means it is priced in a currency the
    /// catalogs do not hold.
    fn dimension(&mut self, sku: &str, raw: RawDimension) -> Result<Option<Dimension>, ImportError> {
        if raw.currency != "USD" {
            self.note(format!("prices in {} are not imported: catalogs are in USD", raw.currency));
            return Ok(None);
        }
        let bad_price = || ImportError::BadPrice {
            file: self.name.to_owned(),
            sku: sku.to_owned(),
            value: raw.price.unwrap_or_default().to_owned(),
        };
        let price = raw
            .price
            .and_then(|text| Decimal::from_str(text.trim()).ok())
            .filter(|price| (!price.is_sign_negative() || price.is_zero()) && !super::over_max_price(*price))
            .ok_or_else(bad_price)?;
        Ok(Some(Dimension {
            unit: raw.unit.trim().to_owned(),
            begin: self.range_bound(sku, raw.begin)?.unwrap_or(Decimal::ZERO),
            end: self.range_bound(sku, raw.end)?,
            price: price.normalize(),
        }))
    }

    /// An absent bound or `"Inf"` is unbounded (`None`).
    fn range_bound(&self, sku: &str, text: Option<&str>) -> Result<Option<Decimal>, ImportError> {
        let text = text.map(str::trim).unwrap_or_default();
        if text.is_empty() || text == "Inf" {
            return Ok(None);
        }
        match Decimal::from_str(text) {
            Ok(bound) if !bound.is_sign_negative() || bound.is_zero() => Ok(Some(bound.normalize())),
            _ => Err(ImportError::BadRange { file: self.name.to_owned(), sku: sku.to_owned(), value: text.to_owned() }),
        }
    }

    /// Keeps a Savings Plans rate if it is for EC2 Linux on shared tenancy in a
    /// region (not Fargate, Lambda, Dedicated or Host usage, nor a database plan).
    fn take_savings_plan_rate(&mut self, row: &SavingsPlanRow, at: &str) -> Result<(), ImportError> {
        let plan = match (row.plan, row.plan_usage_type.split(':').next().unwrap_or_default()) {
            ("ComputeSavingsPlans", _) | ("", "ComputeSP") => SavingsPlanType::Compute,
            ("EC2InstanceSavingsPlans", _) | ("", "EC2SP") => SavingsPlanType::Ec2Instance,
            _ => return Ok(()),
        };
        let Some(instance_type) = row.usage_type.split_once("BoxUsage:").and_then(|(prefix, t)| {
            (prefix.is_empty() || prefix.ends_with('-')).then_some(t)
        }) else {
            return Ok(());
        };
        if row.service != "AmazonEC2" || row.operation != "RunInstances" || row.region.is_empty() {
            return Ok(());
        }
        if !row.currency.eq_ignore_ascii_case("USD") || !row.unit.eq_ignore_ascii_case("Hrs") {
            self.note(format!("{at}: Savings Plans rate for {instance_type} in {} {} per {}: skipped (catalogs hold USD per hour)", row.region, row.currency, row.unit));
            return Ok(());
        }
        let term_years = match row.term {
            ("1", unit) | (unit @ "1yr", "") if unit.starts_with("year") || unit == "1yr" => 1,
            ("3", unit) | (unit @ "3yr", "") if unit.starts_with("year") || unit == "3yr" => 3,
            _ => {
                return Err(ImportError::BadPrice {
                    file: self.name.to_owned(),
                    sku: format!("{at} ({instance_type})"),
                    value: format!("term {} {}", row.term.0, row.term.1).trim().to_owned(),
                })
            }
        };
        let purchase_option = match row.purchase_option {
            "No Upfront" => PurchaseOption::NoUpfront,
            "Partial Upfront" => PurchaseOption::PartialUpfront,
            "All Upfront" => PurchaseOption::AllUpfront,
            other => {
                return Err(ImportError::BadPrice { file: self.name.to_owned(), sku: format!("{at} ({instance_type})"), value: format!("purchase option {other}") })
            }
        };
        let hourly = match Decimal::from_str(row.rate) {
            Ok(rate) if !rate.is_sign_negative() && !super::over_max_price(rate) => rate.normalize(),
            _ => return Err(ImportError::BadPrice { file: self.name.to_owned(), sku: format!("{at} ({instance_type})"), value: row.rate.to_owned() }),
        };
        let Some(location) = region_location(row.region) else {
            self.note(format!("{at}: Savings Plans rates for {}, a region skyplan has no catalog for: skipped", row.region));
            return Ok(());
        };
        let product = Recognised {
            region: row.region.to_owned(),
            location: location.to_owned(),
            target: Target::Ec2Instance { instance_type: instance_type.to_owned(), vcpu: None, memory_gib: None },
        };
        let changes = self.region(&product, Table::Ec2SavingsPlans).ec2.entry(instance_type.to_owned()).or_default();
        changes.savings_plans.insert((plan, term_years, purchase_option), hourly);
        Ok(())
    }

    /// A JSON Savings Plans term: its plan (read from `products`) and its rates.
    fn take_savings_plan_term(&mut self, term: JsonSavingsPlanTerm) -> Result<(), ImportError> {
        let sku = term.sku.map(|s| s.0).unwrap_or_default();
        let Some((family, usage_type, attributes)) = self.plans.get(&sku).cloned() else {
            self.note(format!("Savings Plans term of SKU {sku} names no plan in products: skipped"));
            return Ok(());
        };
        let purchase_option = attributes.get("purchaseoption").unwrap_or_default().to_owned();
        let (duration, unit) = term.lease.map(|l| (l.duration.map(|d| d.0).unwrap_or_default(), l.unit.map(|u| u.0).unwrap_or_default())).unwrap_or_default();
        let unit = unit.to_ascii_lowercase();
        for (i, rate) in term.rates.iter().enumerate() {
            let text = |v: &Option<Scalar>| v.as_ref().map(|s| s.0.clone()).unwrap_or_default();
            let price = rate.rate.as_ref().map(|r| (text(&r.price), text(&r.currency))).unwrap_or_default();
            let (service, usage, operation, region, rate_unit) =
                (text(&rate.service), text(&rate.usage_type), text(&rate.operation), text(&rate.region), text(&rate.unit));
            // Older files name the region only in the file's header.
            let region = if region.is_empty() { self.region_code.clone().unwrap_or_default() } else { region };
            let row = SavingsPlanRow {
                plan: &family,
                plan_usage_type: &usage_type,
                purchase_option: &purchase_option,
                term: (&duration, &unit),
                service: &service,
                usage_type: &usage,
                operation: &operation,
                region: &region,
                unit: &rate_unit,
                rate: &price.0,
                currency: &price.1,
            };
            self.take_savings_plan_rate(&row, &format!("SKU {sku} rate {i}"))?;
        }
        Ok(())
    }

    fn region(&mut self, product: &Recognised, table: Table) -> &mut RegionChanges {
        self.touched.insert((product.region.clone(), table));
        self.importer
            .changes
            .entry(product.region.clone())
            .or_insert_with(|| RegionChanges::new(product.location.clone()))
    }

    fn note_conflict(&mut self, product: &Recognised, what: &str, conflict: Option<String>) {
        if let Some(conflict) = conflict {
            self.note(format!("{} {what}: products disagree ({conflict}); kept the last", product.region));
        }
    }

    fn apply_term(&mut self, sku: &str, product: &Recognised, kind: &TermKind, dimensions: &[Dimension]) {
        match (&product.target, kind) {
            (Target::Ec2Instance { instance_type, vcpu, memory_gib }, TermKind::OnDemand) => {
                let Some(hourly) = self.hourly_rate(sku, dimensions) else { return };
                let ec2 = self.region(product, Table::Ec2OnDemand).ec2.entry(instance_type.clone()).or_default();
                ec2.vcpu = vcpu.or(ec2.vcpu);
                ec2.memory_gib = memory_gib.or(ec2.memory_gib);
                let conflict = replace(&mut ec2.on_demand_hourly, hourly);
                self.note_conflict(product, &format!("EC2 {instance_type} on-demand hourly"), conflict);
            }
            (Target::Ec2Instance { instance_type, vcpu, memory_gib }, TermKind::Reserved { lease, class, option }) => {
                let terms = (lease.as_deref(), class.as_deref(), option.as_deref());
                let Some(offer) = self.reserved_offer(sku, terms, dimensions) else { return };
                let key = (offer.offering_class, offer.term_years, offer.purchase_option);
                let what = format!(
                    "EC2 {instance_type} reserved {} {}yr {}",
                    offer.offering_class, offer.term_years, offer.purchase_option
                );
                let ec2 = self.region(product, Table::Ec2Reserved).ec2.entry(instance_type.clone()).or_default();
                ec2.vcpu = vcpu.or(ec2.vcpu);
                ec2.memory_gib = memory_gib.or(ec2.memory_gib);
                let conflict = insert_checked(&mut ec2.reserved, key, offer);
                self.note_conflict(product, &what, conflict);
            }
            (Target::RdsInstance { engine, class, deployment }, TermKind::OnDemand) => {
                let Some(hourly) = self.hourly_rate(sku, dimensions) else { return };
                let rds = self
                    .region(product, Table::Rds)
                    .rds
                    .entry((*engine, class.clone()))
                    .or_insert(RdsClassPrice { single_az_hourly: None, multi_az_hourly: None });
                let slot = match deployment {
                    Deployment::SingleAz => &mut rds.single_az_hourly,
                    Deployment::MultiAz => &mut rds.multi_az_hourly,
                };
                let conflict = replace(slot, hourly);
                self.note_conflict(product, &format!("RDS {engine} {class} {deployment} hourly"), conflict);
            }
            (Target::CacheNode { engine, node_type }, TermKind::OnDemand) => {
                let Some(hourly) = self.hourly_rate(sku, dimensions) else { return };
                let changes = self.region(product, Table::ElastiCache);
                let conflict = insert_checked(&mut changes.elasticache, (*engine, node_type.clone()), hourly);
                self.note_conflict(product, &format!("ElastiCache {engine} {node_type} hourly"), conflict);
            }
            (Target::Unit(key), TermKind::OnDemand) => {
                let Some(price) = self.unit_price(sku, dimensions) else { return };
                let conflict = insert_checked(&mut self.region(product, Table::Prices).prices, *key, price);
                self.note_conflict(product, &key.name(), conflict);
            }
            // RDS and ElastiCache reservations are not in the catalog format,
            // and no other product has reserved terms.
            _ => {}
        }
    }

    fn hourly_rate(&mut self, sku: &str, dimensions: &[Dimension]) -> Option<Decimal> {
        let mut hourly = dimensions.iter().filter(|dimension| dimension.unit == "Hrs");
        match (hourly.next(), hourly.next()) {
            (Some(dimension), None) => Some(dimension.price),
            (None, _) => {
                self.note(format!("SKU {sku}: on-demand term without an hourly (\"Hrs\") rate; skipped"));
                None
            }
            (Some(_), Some(_)) => {
                self.note(format!("SKU {sku}: on-demand term with several hourly rates; skipped"));
                None
            }
        }
    }

    fn reserved_offer(
        &mut self,
        sku: &str,
        (lease, class, option): (Option<&str>, Option<&str>, Option<&str>),
        dimensions: &[Dimension],
    ) -> Option<ReservedOffer> {
        let term_years = match lease {
            Some("1yr") => Some(1),
            Some("3yr") => Some(3),
            _ => None,
        };
        let offering_class = class.and_then(|class| OfferingClass::parse(&class.to_ascii_lowercase()));
        let purchase_option = match option {
            Some("No Upfront") => Some(PurchaseOption::NoUpfront),
            Some("Partial Upfront") => Some(PurchaseOption::PartialUpfront),
            Some("All Upfront") => Some(PurchaseOption::AllUpfront),
            _ => None,
        };
        let (Some(term_years), Some(offering_class), Some(purchase_option)) =
            (term_years, offering_class, purchase_option)
        else {
            self.note(format!(
                "reserved terms other than 1yr/3yr, standard/convertible, No/Partial/All Upfront are not imported \
                 (SKU {sku}: {}, {}, {})",
                lease.unwrap_or("no lease length"),
                class.unwrap_or("no offering class"),
                option.unwrap_or("no purchase option"),
            ));
            return None;
        };
        let rate = |unit: &str| dimensions.iter().find(|dimension| dimension.unit == unit).map(|d| d.price);
        // A term without the fee or rate its purchase option rules out has
        // that part at zero; any other gap makes the offer unusable.
        let upfront = rate("Quantity").or((purchase_option == PurchaseOption::NoUpfront).then_some(Decimal::ZERO));
        let hourly = rate("Hrs").or((purchase_option == PurchaseOption::AllUpfront).then_some(Decimal::ZERO));
        match (upfront, hourly) {
            (Some(upfront), Some(hourly)) => {
                Some(ReservedOffer { offering_class, term_years, purchase_option, upfront, hourly })
            }
            _ => {
                self.note(format!(
                    "SKU {sku}: {offering_class} {term_years}yr {purchase_option} reserved term lacks its upfront \
                     fee or hourly rate; skipped"
                ));
                None
            }
        }
    }

    /// A single unbounded dimension is a flat price; anything else must be
    /// contiguous bands from zero, which become tiers.
    fn unit_price(&mut self, sku: &str, dimensions: &[Dimension]) -> Option<Price> {
        let mut bands: Vec<&Dimension> = dimensions.iter().filter(|dimension| dimension.unit != "Quantity").collect();
        bands.sort_by_key(|band| band.begin);
        match bands.as_slice() {
            [] => return None,
            [only] if only.begin.is_zero() && only.end.is_none() => return Some(Price::Flat(only.price)),
            _ => {}
        }
        let mut next_begin = Decimal::ZERO;
        for (index, band) in bands.iter().enumerate() {
            let contiguous = band.begin == next_begin
                && match band.end {
                    Some(end) => end > band.begin,
                    None => index + 1 == bands.len(),
                };
            if !contiguous {
                self.note(format!("SKU {sku}: price ranges are not contiguous from 0; skipped"));
                return None;
            }
            next_begin = band.end.unwrap_or(next_begin);
        }
        Some(Price::Tiered { tiers: bands.iter().map(|band| Tier { up_to: band.end, price: band.price }).collect() })
    }
}

/// Sets `slot`, describing the disagreement if it already held another value.
fn replace<T: PartialEq + fmt::Debug>(slot: &mut Option<T>, value: T) -> Option<String> {
    let conflict = match slot.as_ref() {
        Some(old) if *old != value => Some(format!("{old:?}, then {value:?}")),
        _ => None,
    };
    *slot = Some(value);
    conflict
}

fn insert_checked<K: Ord, V: PartialEq + fmt::Debug>(map: &mut BTreeMap<K, V>, key: K, value: V) -> Option<String> {
    let conflict = match map.get(&key) {
        Some(old) if *old != value => Some(format!("{old:?}, then {value:?}")),
        _ => None,
    };
    map.insert(key, value);
    conflict
}

// ---------------------------------------------------------------------------
// CSV offer files.

/// Columns every CSV offer file has: (normalised key, name as AWS spells it).
const REQUIRED_CSV_COLUMNS: &[(&str, &str)] = &[
    ("sku", "SKU"),
    ("offertermcode", "OfferTermCode"),
    ("termtype", "TermType"),
    ("unit", "Unit"),
    ("priceperunit", "PricePerUnit"),
];

struct CsvRow<'r> {
    columns: &'r HashMap<String, usize>,
    record: &'r csv::StringRecord,
}

impl CsvRow<'_> {
    fn cell(&self, key: &str) -> &str {
        self.columns.get(key).and_then(|&index| self.record.get(index)).unwrap_or_default().trim()
    }
}

impl Attributes for CsvRow<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        Some(self.cell(key)).filter(|value| !value.is_empty())
    }
}

/// One term's rows, gathered because a file need not keep them adjacent.
struct PendingTerm {
    product: Recognised,
    kind: TermKind,
    dimensions: Vec<Dimension>,
    usable: bool,
}

impl FileImport<'_> {
    fn read_csv(&mut self, input: impl std::io::Read) -> Result<(), ImportError> {
        // Rows are checked against the header's width (a truncated last row
        // must not pass for a short one), so the reader itself is flexible.
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).buffer_capacity(1 << 16).from_reader(input);
        let mut record = csv::StringRecord::new();
        // The metadata rows, then the header.
        loop {
            if !self.read_csv_record(&mut reader, &mut record)? {
                return Err(ImportError::MalformedCsv {
                    file: self.name.to_owned(),
                    line: record.position().map_or(1, |position| position.line()),
                    message: "the file ends before the column header row".into(),
                });
            }
            let value = || record.get(1).unwrap_or_default().trim().to_owned();
            match record.get(0).unwrap_or_default().trim() {
                "FormatVersion" | "Disclaimer" => {}
                "Publication Date" => self.publication = Some(value()),
                "Version" => self.version = Some(value()),
                "OfferCode" => self.offer_code = Some(value()),
                _ => break,
            }
        }
        let mut columns = HashMap::new();
        for (index, name) in record.iter().enumerate() {
            columns.entry(attribute_key(name)).or_insert(index);
        }
        let width = record.len();
        if columns.contains_key("discountedrate") && !columns.contains_key("priceperunit") {
            self.savings_plans = true;
            while self.read_csv_record(&mut reader, &mut record)? {
                self.check_width(&record, width)?;
                let row = CsvRow { columns: &columns, record: &record };
                let line = record.position().map_or(0, |p| p.line());
                let rate = SavingsPlanRow {
                    plan: row.cell("productfamily"),
                    plan_usage_type: row.cell("usagetype"),
                    purchase_option: row.cell("purchaseoption"),
                    term: (row.cell("leasecontractlength"), row.cell("leasecontractlengthunit")),
                    service: row.cell("discountedservicecode"),
                    usage_type: row.cell("discountedusagetype"),
                    operation: row.cell("discountedoperation"),
                    region: row.cell("discountedregioncode"),
                    unit: row.cell("unit"),
                    rate: row.cell("discountedrate"),
                    currency: row.cell("currency"),
                };
                self.take_savings_plan_rate(&rate, &format!("line {line}"))?;
            }
            return Ok(());
        }
        if let Some((_, name)) = REQUIRED_CSV_COLUMNS.iter().find(|(key, _)| !columns.contains_key(*key)) {
            return Err(ImportError::MissingColumn { file: self.name.to_owned(), column: (*name).to_owned() });
        }

        let mut pending: BTreeMap<(String, String), PendingTerm> = BTreeMap::new();
        // SKUs skipped, for the count only: a hash keeps the memory of a
        // multi-GB file's hundreds of thousands of SKUs small, and every row of
        // an unknown SKU is classified afresh (rows carry their attributes), so
        // a collision could only miscount, never drop a price.
        let mut skipped: HashSet<u64> = HashSet::new();
        while self.read_csv_record(&mut reader, &mut record)? {
            self.check_width(&record, width)?;
            let row = CsvRow { columns: &columns, record: &record };
            let sku = row.cell("sku");
            if sku.is_empty() {
                continue;
            }
            let term = match pending.entry((sku.to_owned(), row.cell("offertermcode").to_owned())) {
                Entry::Occupied(term) => term.into_mut(),
                Entry::Vacant(term) => match self.recognise(&row) {
                    Some(product) => term.insert(PendingTerm {
                        product,
                        kind: TermKind::new(row.cell("termtype"), &row),
                        dimensions: Vec::new(),
                        usable: true,
                    }),
                    None => {
                        skipped.insert(sku_hash(sku));
                        continue;
                    }
                },
            };
            let raw = RawDimension {
                unit: row.cell("unit"),
                begin: row.get("startingrange"),
                end: row.get("endingrange"),
                price: Some(row.cell("priceperunit")),
                currency: row.get("currency").unwrap_or("USD"),
            };
            match self.dimension(sku, raw)? {
                Some(dimension) => term.dimensions.push(dimension),
                None => term.usable = false,
            }
        }
        self.importer.products_skipped += skipped.len();
        for ((sku, _), term) in pending {
            if term.usable {
                self.apply_term(&sku, &term.product, &term.kind, &term.dimensions);
            }
        }
        Ok(())
    }

    fn read_csv_record<R: std::io::Read>(
        &self,
        reader: &mut csv::Reader<R>,
        record: &mut csv::StringRecord,
    ) -> Result<bool, ImportError> {
        reader.read_record(record).map_err(|e| ImportError::MalformedCsv {
            file: self.name.to_owned(),
            line: e.position().map_or(0, |position| position.line()),
            message: e.to_string(),
        })
    }

    /// A row as wide as the header, or an error naming its line and byte.
    fn check_width(&self, record: &csv::StringRecord, width: usize) -> Result<(), ImportError> {
        if record.len() == width {
            return Ok(());
        }
        let (line, byte) = record.position().map_or((0, 0), |p| (p.line(), p.byte()));
        Err(ImportError::MalformedCsv {
            file: self.name.to_owned(),
            line,
            message: format!(
                "the row at byte {byte} has {} fields where the header has {width}: the file is truncated or corrupt",
                record.len()
            ),
        })
    }
}

// ---------------------------------------------------------------------------
// JSON offer files and GetProducts output, walked with serde visitors.

/// FNV-1a of a SKU.
fn sku_hash(sku: &str) -> u64 {
    sku.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// A string-valued field that tolerates numbers, booleans and nulls, since
/// nothing in an offer file is worth failing over a scalar's JSON type.
#[derive(Debug, Default)]
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::default())
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// A JSON `attributes` or `termAttributes` object, keyed by [`attribute_key`].
#[derive(Debug, Default, Clone)]
struct NormalizedAttributes(HashMap<String, String>);

impl Attributes for NormalizedAttributes {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|value| value.trim()).filter(|value| !value.is_empty())
    }
}

impl<'de> Deserialize<'de> for NormalizedAttributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AttributesVisitor;
        impl<'de> Visitor<'de> for AttributesVisitor {
            type Value = NormalizedAttributes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of attributes")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NormalizedAttributes, A::Error> {
                let mut attributes = HashMap::new();
                while let Some((name, value)) = map.next_entry::<String, Scalar>()? {
                    attributes.insert(attribute_key(&name), value.0);
                }
                Ok(NormalizedAttributes(attributes))
            }
        }
        deserializer.deserialize_map(AttributesVisitor)
    }
}

#[derive(Deserialize)]
struct JsonProduct {
    #[serde(default)]
    sku: Option<Scalar>,
    #[serde(rename = "productFamily", default)]
    family: Option<Scalar>,
    #[serde(default)]
    attributes: NormalizedAttributes,
}

/// A plan of a Savings Plans JSON file (`products` is a list there).
#[derive(Deserialize)]
struct JsonSavingsPlan {
    #[serde(default)]
    sku: Option<Scalar>,
    #[serde(rename = "productFamily", default)]
    family: Option<Scalar>,
    #[serde(rename = "usageType", default)]
    usage_type: Option<Scalar>,
    #[serde(default)]
    attributes: NormalizedAttributes,
}

#[derive(Deserialize)]
struct JsonSavingsPlanTerm {
    #[serde(default)]
    sku: Option<Scalar>,
    #[serde(rename = "leaseContractLength", default)]
    lease: Option<JsonLease>,
    #[serde(default)]
    rates: Vec<JsonSavingsPlanRate>,
}

#[derive(Deserialize)]
struct JsonLease {
    #[serde(default)]
    duration: Option<Scalar>,
    #[serde(default)]
    unit: Option<Scalar>,
}

#[derive(Deserialize)]
struct JsonSavingsPlanRate {
    #[serde(rename = "discountedServiceCode", default)]
    service: Option<Scalar>,
    #[serde(rename = "discountedUsageType", default)]
    usage_type: Option<Scalar>,
    #[serde(rename = "discountedOperation", default)]
    operation: Option<Scalar>,
    #[serde(rename = "discountedRegionCode", default)]
    region: Option<Scalar>,
    #[serde(default)]
    unit: Option<Scalar>,
    #[serde(rename = "discountedRate", default)]
    rate: Option<JsonSavingsPlanPrice>,
}

#[derive(Deserialize)]
struct JsonSavingsPlanPrice {
    #[serde(default)]
    price: Option<Scalar>,
    #[serde(default)]
    currency: Option<Scalar>,
}

/// One rate of a Savings Plans file, CSV row or JSON rate alike.
struct SavingsPlanRow<'r> {
    /// `ComputeSavingsPlans` or `EC2InstanceSavingsPlans`.
    plan: &'r str,
    /// `ComputeSP:1yrNoUpfront`, `EC2SP:m5.1yrNoUpfront`: the plan when the family is absent.
    plan_usage_type: &'r str,
    purchase_option: &'r str,
    /// Length and unit: ("1", "year") or ("1yr", "").
    term: (&'r str, &'r str),
    service: &'r str,
    /// `USE2-BoxUsage:m5.large`; `BoxUsage:m5.large` in us-east-1.
    usage_type: &'r str,
    operation: &'r str,
    region: &'r str,
    unit: &'r str,
    rate: &'r str,
    currency: &'r str,
}

#[derive(Deserialize)]
struct JsonTerm {
    #[serde(rename = "priceDimensions", default)]
    dimensions: BTreeMap<String, JsonDimension>,
    #[serde(rename = "termAttributes", default)]
    attributes: NormalizedAttributes,
}

#[derive(Deserialize)]
struct JsonDimension {
    #[serde(default)]
    unit: Scalar,
    #[serde(rename = "beginRange", default)]
    begin: Option<Scalar>,
    #[serde(rename = "endRange", default)]
    end: Option<Scalar>,
    #[serde(rename = "pricePerUnit", default)]
    price: BTreeMap<String, Scalar>,
}

/// A term met before its product, which some writer of JSON might do.
struct DeferredTerm {
    sku: String,
    term_type: &'static str,
    term: JsonTerm,
}

fn stash<E: de::Error>(file: &mut FileImport, error: ImportError) -> E {
    let message = error.to_string();
    file.stashed.get_or_insert(error);
    E::custom(message)
}

fn malformed_json(file: &str, error: &serde_json::Error, context: &str) -> ImportError {
    let text = error.to_string();
    // serde_json appends the position, which the error carries separately.
    let message = text.rfind(" at line ").map_or(text.as_str(), |at| &text[..at]);
    ImportError::MalformedJson {
        file: file.to_owned(),
        line: error.line(),
        column: error.column(),
        message: format!("{context}{message}"),
    }
}

impl FileImport<'_> {
    fn read_json<'de, R: serde_json::de::Read<'de>>(&mut self, mut deserializer: serde_json::Deserializer<R>) -> Result<(), ImportError> {
        let outcome = TopLevel { file: &mut *self }
            .deserialize(&mut deserializer)
            .and_then(|summary| deserializer.end().map(|()| summary));
        match outcome {
            Ok(summary) if summary.is_offer => Ok(()),
            Ok(summary) => {
                Err(ImportError::NotAnOfferFile { file: self.name.to_owned(), found: summary.describe() })
            }
            Err(error) => Err(self.stashed.take().unwrap_or_else(|| malformed_json(self.name, &error, ""))),
        }
    }

    fn take_product(&mut self, sku: Option<String>, product: JsonProduct) {
        let sku = sku.or(product.sku.map(|sku| sku.0)).filter(|sku| !sku.is_empty());
        let mut attributes = product.attributes;
        if let Some(family) = product.family {
            attributes.0.insert("productfamily".into(), family.0);
        }
        match (sku, self.recognise(&attributes)) {
            (Some(sku), Some(recognised)) => {
                self.recognised.insert(sku, recognised);
            }
            _ => self.importer.products_skipped += 1,
        }
    }

    /// Applies a term if its product is recognised, or keeps it for later if
    /// the products have not been read yet.
    fn take_term(
        &mut self,
        sku: &str,
        term_type: &'static str,
        term: JsonTerm,
        products_seen: bool,
        deferred: &mut Vec<DeferredTerm>,
    ) -> Result<(), ImportError> {
        match self.recognised.get(sku).cloned() {
            Some(product) => self.apply_json_term(sku, &product, term_type, &term),
            None if !products_seen => {
                deferred.push(DeferredTerm { sku: sku.to_owned(), term_type, term });
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn apply_json_term(
        &mut self,
        sku: &str,
        product: &Recognised,
        term_type: &str,
        term: &JsonTerm,
    ) -> Result<(), ImportError> {
        let mut dimensions = Vec::with_capacity(term.dimensions.len());
        for dimension in term.dimensions.values() {
            let (currency, price) = match dimension.price.get("USD") {
                Some(price) => ("USD", Some(price.0.as_str())),
                None => match dimension.price.iter().next() {
                    Some((currency, price)) => (currency.as_str(), Some(price.0.as_str())),
                    None => ("USD", None),
                },
            };
            let raw = RawDimension {
                unit: &dimension.unit.0,
                begin: dimension.begin.as_ref().map(|begin| begin.0.as_str()),
                end: dimension.end.as_ref().map(|end| end.0.as_str()),
                price,
                currency,
            };
            match self.dimension(sku, raw)? {
                Some(dimension) => dimensions.push(dimension),
                None => return Ok(()),
            }
        }
        self.apply_term(sku, product, &TermKind::new(term_type, &term.attributes), &dimensions);
        Ok(())
    }
}

#[derive(Default)]
struct TopLevelSummary {
    keys: Vec<String>,
    is_offer: bool,
}

impl TopLevelSummary {
    fn describe(&self) -> String {
        let has = |key: &str| self.keys.iter().any(|k| k == key);
        if has("offers") {
            "the Price List offer index; import the per-region offer files it points to".into()
        } else if has("regions") {
            "a Price List region index; import the offer files it points to".into()
        } else if has("versions") {
            "a Price List version index; import the offer files it points to".into()
        } else if self.keys.is_empty() {
            "an empty JSON object".into()
        } else {
            format!(
                "a JSON object without products or terms (keys: {})",
                self.keys.iter().map(|key| format!("\"{key}\"")).collect::<Vec<_>>().join(", ")
            )
        }
    }
}

/// An offer file's top-level object, a GetProducts response, or one
/// GetProducts record (which is a `product` with its `terms`).
struct TopLevel<'f, 'i> {
    file: &'f mut FileImport<'i>,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_, '_> {
    type Value = TopLevelSummary;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TopLevelSummary, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_, '_> {
    type Value = TopLevelSummary;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an AWS Price List offer object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevelSummary, A::Error> {
        let file = self.file;
        let mut summary = TopLevelSummary::default();
        let mut products_seen = false;
        let mut deferred = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "offerCode" | "serviceCode" => {
                    let code = map.next_value::<Scalar>()?.0;
                    file.offer_code.get_or_insert(code);
                }
                "version" => {
                    let version = map.next_value::<Scalar>()?.0;
                    file.version.get_or_insert(version);
                }
                "publicationDate" => {
                    let publication = map.next_value::<Scalar>()?.0;
                    file.publication.get_or_insert(publication);
                }
                "regionCode" => {
                    let region = map.next_value::<Scalar>()?.0;
                    file.region_code.get_or_insert(region);
                }
                "products" => {
                    map.next_value_seed(ProductsSeed { file: &mut *file })?;
                    products_seen = true;
                    summary.is_offer = true;
                }
                "product" => {
                    let product: JsonProduct = map.next_value()?;
                    file.take_product(None, product);
                    products_seen = true;
                    summary.is_offer = true;
                }
                "terms" => {
                    map.next_value_seed(TermsSeed { file: &mut *file, products_seen, deferred: &mut deferred })?;
                    summary.is_offer = true;
                }
                "PriceList" => {
                    map.next_value_seed(PriceListSeed { file: &mut *file })?;
                    summary.is_offer = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            if summary.keys.len() < 8 {
                summary.keys.push(key);
            }
        }
        for DeferredTerm { sku, term_type, term } in deferred {
            if let Some(product) = file.recognised.get(&sku).cloned() {
                file.apply_json_term(&sku, &product, term_type, &term).map_err(|e| stash(file, e))?;
            }
        }
        Ok(summary)
    }
}

/// `products`: a map from SKU to product, or in a Savings Plans file a list.
struct ProductsSeed<'f, 'i> {
    file: &'f mut FileImport<'i>,
}

impl<'de> DeserializeSeed<'de> for ProductsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ProductsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("products by SKU")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(sku) = map.next_key::<String>()? {
            let product: JsonProduct = map.next_value()?;
            self.file.take_product(Some(sku), product);
        }
        Ok(())
    }

    /// A Savings Plans file lists its products (the plans) instead.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.file.savings_plans = true;
        while let Some(plan) = seq.next_element::<JsonSavingsPlan>()? {
            if let Some(sku) = plan.sku {
                self.file.plans.insert(sku.0, (plan.family.map(|f| f.0).unwrap_or_default(), plan.usage_type.map(|u| u.0).unwrap_or_default(), plan.attributes));
            }
        }
        Ok(())
    }
}

/// `terms`: term type (`OnDemand`, `Reserved`) to that type's terms.
struct TermsSeed<'f, 'i> {
    file: &'f mut FileImport<'i>,
    products_seen: bool,
    deferred: &'f mut Vec<DeferredTerm>,
}

impl<'de> DeserializeSeed<'de> for TermsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TermsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("terms by term type")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(term_type) = map.next_key::<String>()? {
            let term_type = match term_type.as_str() {
                "OnDemand" => "OnDemand",
                "Reserved" => "Reserved",
                "savingsPlan" => {
                    self.file.savings_plans = true;
                    let terms: Vec<JsonSavingsPlanTerm> = map.next_value()?;
                    for term in terms {
                        if let Err(e) = self.file.take_savings_plan_term(term) {
                            self.file.stashed.get_or_insert(e);
                            return Err(de::Error::custom("invalid Savings Plans rate"));
                        }
                    }
                    continue;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            map.next_value_seed(TermsOfType {
                file: &mut *self.file,
                term_type,
                products_seen: self.products_seen,
                deferred: &mut *self.deferred,
            })?;
        }
        Ok(())
    }
}

/// One term type's terms: in a bulk file by SKU, then by `<SKU>.<offerTermCode>`;
/// in a GetProducts record directly by `<SKU>.<offerTermCode>`. SKUs have no
/// dot, so the key tells the layouts apart.
struct TermsOfType<'f, 'i> {
    file: &'f mut FileImport<'i>,
    term_type: &'static str,
    products_seen: bool,
    deferred: &'f mut Vec<DeferredTerm>,
}

impl<'de> DeserializeSeed<'de> for TermsOfType<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TermsOfType<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("terms by SKU")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let file = self.file;
        while let Some(key) = map.next_key::<String>()? {
            if let Some((sku, _)) = key.split_once('.') {
                let term: JsonTerm = map.next_value()?;
                file.take_term(sku, self.term_type, term, self.products_seen, self.deferred)
                    .map_err(|e| stash(file, e))?;
            } else if file.recognised.contains_key(&key) || !self.products_seen {
                let terms: BTreeMap<String, JsonTerm> = map.next_value()?;
                for term in terms.into_values() {
                    file.take_term(&key, self.term_type, term, self.products_seen, self.deferred)
                        .map_err(|e| stash(file, e))?;
                }
            } else {
                // Terms of a product skyplan does not price: skipped unread.
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// GetProducts' `PriceList`: records, each an object or a JSON string of one
/// (the API returns strings; SDKs and tools often decode them).
struct PriceListSeed<'f, 'i> {
    file: &'f mut FileImport<'i>,
}

impl<'de> DeserializeSeed<'de> for PriceListSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PriceListSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of GetProducts records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while seq.next_element_seed(PriceListRecord { file: &mut *self.file, index })?.is_some() {
            index += 1;
        }
        Ok(())
    }
}

struct PriceListRecord<'f, 'i> {
    file: &'f mut FileImport<'i>,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for PriceListRecord<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PriceListRecord<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GetProducts record, as an object or a JSON string")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        TopLevel { file: self.file }.visit_map(map).map(|_| ())
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let outcome = TopLevel { file: &mut *self.file }
            .deserialize(&mut deserializer)
            .and_then(|_| deserializer.end());
        match outcome {
            Ok(()) => Ok(()),
            Err(error) => {
                if self.file.stashed.is_none() {
                    let context = format!("in the JSON string of PriceList record {}: ", self.index);
                    self.file.stashed = Some(malformed_json(self.file.name, &error, &context));
                }
                Err(E::custom(error))
            }
        }
    }
}
