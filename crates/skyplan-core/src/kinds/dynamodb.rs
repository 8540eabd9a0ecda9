//! DynamoDB: one table, on-demand or provisioned, with its storage,
//! point-in-time recovery, on-demand backups, stream reads and global-table
//! replicas.
//!
//! Capacity: on demand bills request units (a write of up to 1 KB is one
//! WRU, a strongly consistent read of up to 4 KB one RRU, an eventually
//! consistent one half, transactional ones two); provisioned bills capacity
//! units every hour of the month whatever the environment's schedule (a
//! table cannot be stopped). The free tier (25 GB, 25 WCU/RCU, 2.5 M stream
//! reads) is not deducted, as for every other kind.
//!
//! Replicas (global tables, version 2019.11.21) repeat every write in each
//! replica region, as replicated write units priced in that region, and
//! store a full copy there. The estimate prices one region's catalog, so
//! the replica's own lines are named missing until prices are looked up
//! per region; the replication traffic leaving this region is priced here
//! at the inter-region transfer rate.

use super::kind::{default_true, Checking, ComponentKind, OwnPrice, Tier};
use crate::cost::line::{Context, LineSpec, PriceSource, HOURS_PER_MONTH};
use crate::model::problem::Problem;
use crate::model::quantity::Quantity;
use crate::model::schema::{field, optional, Field, Input};
use crate::pricing::import::OfferProduct;
use crate::pricing::{Catalog, PriceKey};
use crate::kinds::KindPrice;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableCapacity {
    OnDemand,
    Provisioned,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DynamoDb {
    /// The partition (hash) key attribute, of type string.
    pub partition_key: String,
    /// The sort (range) key attribute, of type string, if the table has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<String>,
    pub capacity: TableCapacity,
    /// On demand: write request units per month.
    #[serde(default)]
    pub write_request_units: Quantity,
    /// On demand: read request units per month.
    #[serde(default)]
    pub read_request_units: Quantity,
    /// Provisioned: write capacity units.
    #[serde(default)]
    pub write_capacity_units: u32,
    /// Provisioned: read capacity units.
    #[serde(default)]
    pub read_capacity_units: u32,
    /// Table size, GB (items and local secondary indexes).
    #[serde(default)]
    pub storage_gb: Quantity,
    /// Continuous backups: restore to any second of the last 35 days,
    /// billed on the table's size.
    #[serde(default = "default_true")]
    pub point_in_time_recovery: bool,
    /// On-demand backups kept, GB.
    #[serde(default)]
    pub on_demand_backup_gb: Quantity,
    /// DynamoDB Streams on (new and old images).
    #[serde(default)]
    pub stream: bool,
    /// Stream read request units per month (Lambda triggers read for free).
    #[serde(default)]
    pub stream_read_request_units: Quantity,
    /// Regions holding a replica (a global table).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replica_regions: Vec<String>,
}

/// The prices only DynamoDB reads, in the units the AWS Price List uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DynamoDbPrice {
    WriteRequestUnit,
    ReadRequestUnit,
    ReplicatedWriteRequestUnit,
    WriteCapacityUnitHour,
    ReadCapacityUnitHour,
    ReplicatedWriteCapacityUnitHour,
    StorageGbMonth,
    PitrBackupGbMonth,
    OnDemandBackupGbMonth,
    StreamReadRequestUnit,
}

impl OwnPrice for DynamoDbPrice {
    const ALL: &'static [Self] = &[
        DynamoDbPrice::WriteRequestUnit,
        DynamoDbPrice::ReadRequestUnit,
        DynamoDbPrice::ReplicatedWriteRequestUnit,
        DynamoDbPrice::WriteCapacityUnitHour,
        DynamoDbPrice::ReadCapacityUnitHour,
        DynamoDbPrice::ReplicatedWriteCapacityUnitHour,
        DynamoDbPrice::StorageGbMonth,
        DynamoDbPrice::PitrBackupGbMonth,
        DynamoDbPrice::OnDemandBackupGbMonth,
        DynamoDbPrice::StreamReadRequestUnit,
    ];

    fn name(self) -> &'static str {
        match self {
            DynamoDbPrice::WriteRequestUnit => "dynamodb.write_request_unit",
            DynamoDbPrice::ReadRequestUnit => "dynamodb.read_request_unit",
            DynamoDbPrice::ReplicatedWriteRequestUnit => "dynamodb.replicated_write_request_unit",
            DynamoDbPrice::WriteCapacityUnitHour => "dynamodb.write_capacity_unit_hour",
            DynamoDbPrice::ReadCapacityUnitHour => "dynamodb.read_capacity_unit_hour",
            DynamoDbPrice::ReplicatedWriteCapacityUnitHour => "dynamodb.replicated_write_capacity_unit_hour",
            DynamoDbPrice::StorageGbMonth => "dynamodb.storage_gb_month",
            DynamoDbPrice::PitrBackupGbMonth => "dynamodb.pitr_backup_gb_month",
            DynamoDbPrice::OnDemandBackupGbMonth => "dynamodb.on_demand_backup_gb_month",
            DynamoDbPrice::StreamReadRequestUnit => "dynamodb.stream_read_request_unit",
        }
    }
}

/// AWS's table name rule: 3 to 255 of letters, digits, `_`, `-` and `.`;
/// attribute names: 1 to 255 bytes.
const MAX_ATTRIBUTE_NAME: usize = 255;
/// DynamoDB's default per-table quota for provisioned capacity.
const MAX_CAPACITY_UNITS: u32 = 40_000;

impl ComponentKind for DynamoDb {
    const LABEL: &'static str = "DynamoDB table";
    const ICON: &'static str = "DDB";
    const DEFAULT_TIER: Tier = Tier::Data;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Data, Tier::Storage, Tier::Cache];
    const FIELDS: &'static [Field] = &[
        field("partition_key", "Partition key", Input::Text),
        optional("sort_key", "Sort key", Input::Text),
        field("capacity", "TableCapacity mode", Input::Choice(&["on_demand", "provisioned"])),
        optional("write_request_units", "Write request units per month (on demand)", Input::Amount),
        optional("read_request_units", "Read request units per month (on demand)", Input::Amount),
        optional("write_capacity_units", "Write capacity units (provisioned)", Input::Integer { min: 0, max: MAX_CAPACITY_UNITS }),
        optional("read_capacity_units", "Read capacity units (provisioned)", Input::Integer { min: 0, max: MAX_CAPACITY_UNITS }),
        optional("storage_gb", "Table size (GB)", Input::Amount),
        optional("point_in_time_recovery", "Point-in-time recovery", Input::Bool),
        optional("on_demand_backup_gb", "On-demand backups kept (GB)", Input::Amount),
        optional("stream", "Stream", Input::Bool),
        optional("stream_read_request_units", "Stream read request units per month", Input::Amount),
        optional("replica_regions", "Replica regions (global table)", Input::Json),
    ];
    const IN_VPC: bool = false;
    const MAX_NAME_LENGTH: usize = 255;
    type Price = DynamoDbPrice;

    fn default_settings(_id: &str) -> Value {
        json!({ "partition_key": "pk", "capacity": "on_demand", "write_request_units": 1_000_000, "read_request_units": 4_000_000, "storage_gb": 1 })
    }

    fn summary(&self) -> String {
        let capacity = match self.capacity {
            TableCapacity::OnDemand => format!("on demand · {} WRU, {} RRU/mo", millions(self.write_request_units), millions(self.read_request_units)),
            TableCapacity::Provisioned => format!("{} WCU / {} RCU", self.write_capacity_units, self.read_capacity_units),
        };
        let replicas = match self.replica_regions.len() {
            0 => String::new(),
            1 => " · 1 replica".to_string(),
            n => format!(" · {n} replicas"),
        };
        format!("{capacity} · {} GB{replicas}", self.storage_gb)
    }

    fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
        let path = at.path;
        check_attribute(&self.partition_key, "partition_key", path, problems);
        if let Some(sort_key) = &self.sort_key {
            check_attribute(sort_key, "sort_key", path, problems);
            if *sort_key == self.partition_key {
                problems.push(Problem::new(path("sort_key"), format!("\"{sort_key}\" is the partition key too; expected another attribute name, or no sort key")));
            }
        }
        if self.capacity == TableCapacity::Provisioned {
            for (field, units) in [("write_capacity_units", self.write_capacity_units), ("read_capacity_units", self.read_capacity_units)] {
                if units == 0 || units > MAX_CAPACITY_UNITS {
                    problems.push(Problem::new(path(field), format!("{units} is out of range for a provisioned table; expected 1 to {MAX_CAPACITY_UNITS}")));
                }
            }
        }
        if !self.stream && !self.stream_read_request_units.is_zero() {
            problems.push(Problem::new(
                path("stream_read_request_units"),
                format!("{} stream reads per month, but the stream is off; expected 0, or stream: true", self.stream_read_request_units),
            ));
        }
        for (index, region) in self.replica_regions.iter().enumerate() {
            let at_index = path(&format!("replica_regions[{index}]"));
            if !is_region_code(region) {
                problems.push(Problem::new(at_index, format!("\"{region}\" is not a region code; expected e.g. \"us-west-2\"")));
            } else if self.replica_regions[..index].contains(region) {
                problems.push(Problem::new(at_index, format!("\"{region}\" is listed twice; expected each replica region once")));
            }
        }
    }

    /// The table's own region cannot hold a replica of it.
    fn check_against_catalog(&self, catalog: &Catalog, path: &dyn Fn(&str) -> String, problems: &mut Vec<Problem>) {
        if let Some(index) = self.replica_regions.iter().position(|region| *region == catalog.region) {
            problems.push(Problem::new(
                path(&format!("replica_regions[{index}]")),
                format!("\"{}\" is the table's own region; expected another region for a replica", catalog.region),
            ));
        }
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn offer_price(product: &OfferProduct) -> Option<DynamoDbPrice> {
        if !product.from_service("AmazonDynamoDB") {
            return None;
        }
        let group = product.get("group");
        match (product.get("productfamily")?, group) {
            ("Amazon DynamoDB PayPerRequest Throughput", Some("DDB-WriteUnits")) => Some(DynamoDbPrice::WriteRequestUnit),
            ("Amazon DynamoDB PayPerRequest Throughput", Some("DDB-ReadUnits")) => Some(DynamoDbPrice::ReadRequestUnit),
            ("Amazon DynamoDB PayPerRequest Throughput", Some("DDB-ReplicatedWriteUnits")) => Some(DynamoDbPrice::ReplicatedWriteRequestUnit),
            ("Provisioned IOPS", Some("DDB-WriteUnits")) => Some(DynamoDbPrice::WriteCapacityUnitHour),
            ("Provisioned IOPS", Some("DDB-ReadUnits")) => Some(DynamoDbPrice::ReadCapacityUnitHour),
            ("DDB-Operation-ReplicatedWrite", Some("DDB-ReplicatedWriteUnits")) => Some(DynamoDbPrice::ReplicatedWriteCapacityUnitHour),
            // The Standard-IA table class has its own `IA-TimedStorage-ByteHrs`.
            ("Database Storage", _) if product.usage_type_is("TimedStorage-ByteHrs") && !product.usage_type_is("IA-TimedStorage-ByteHrs") => {
                Some(DynamoDbPrice::StorageGbMonth)
            }
            ("Database Storage", _) if product.usage_type_is("TimedPITRStorage-ByteHrs") => Some(DynamoDbPrice::PitrBackupGbMonth),
            ("Amazon DynamoDB On-Demand Backup Storage", _) => Some(DynamoDbPrice::OnDemandBackupGbMonth),
            ("API Request", Some("DDB-StreamsReadRequests")) => Some(DynamoDbPrice::StreamReadRequestUnit),
            _ => None,
        }
    }

    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
        self.write_request_units = scale(self.write_request_units);
        self.read_request_units = scale(self.read_request_units);
        self.storage_gb = scale(self.storage_gb);
        self.on_demand_backup_gb = scale(self.on_demand_backup_gb);
        self.stream_read_request_units = scale(self.stream_read_request_units);
    }
}

fn check_attribute(name: &str, field: &str, path: &dyn Fn(&str) -> String, problems: &mut Vec<Problem>) {
    if name.is_empty() || name.len() > MAX_ATTRIBUTE_NAME {
        problems.push(Problem::new(path(field), format!("\"{name}\" is not an attribute name; expected 1 to {MAX_ATTRIBUTE_NAME} bytes")));
    }
}

/// `us-west-2`, `ap-southeast-3`, `us-gov-west-1`: letters, a direction, a number.
fn is_region_code(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let (area, number) = match parts.as_slice() {
        [country, "gov", area, number] | [country, area, number] if country.len() == 2 && country.bytes().all(|b| b.is_ascii_lowercase()) => (area, number),
        _ => return false,
    };
    !area.is_empty() && area.bytes().all(|b| b.is_ascii_lowercase()) && !number.is_empty() && number.len() <= 2 && number.bytes().all(|b| b.is_ascii_digit())
}

fn millions(units: Quantity) -> String {
    let millions = units.get() / Decimal::from(1_000_000);
    format!("{}M", millions.round_dp(2).normalize())
}

fn own(price: DynamoDbPrice) -> PriceSource {
    PriceSource::Key(PriceKey::Kind(KindPrice::Dynamodb(price)))
}

/// What one write unit carries, in GB: writes are metered in 1 KB units.
fn gb_per_write_unit() -> Decimal {
    Decimal::ONE / Decimal::from(1024 * 1024)
}

fn lines(table: &DynamoDb, context: &Context) -> Vec<LineSpec> {
    let mut lines = match table.capacity {
        TableCapacity::OnDemand => vec![
            LineSpec::new("Write request units", table.write_request_units.get(), "WRUs", own(DynamoDbPrice::WriteRequestUnit)),
            LineSpec::new("Read request units", table.read_request_units.get(), "RRUs", own(DynamoDbPrice::ReadRequestUnit)),
        ],
        TableCapacity::Provisioned => vec![
            LineSpec::new(
                format!("Write capacity ({} WCU)", table.write_capacity_units),
                Decimal::from(table.write_capacity_units) * HOURS_PER_MONTH,
                "WCU-hours",
                own(DynamoDbPrice::WriteCapacityUnitHour),
            ),
            LineSpec::new(
                format!("Read capacity ({} RCU)", table.read_capacity_units),
                Decimal::from(table.read_capacity_units) * HOURS_PER_MONTH,
                "RCU-hours",
                own(DynamoDbPrice::ReadCapacityUnitHour),
            ),
        ],
    };
    lines.push(LineSpec::new("Table storage", table.storage_gb.get(), "GB-months", own(DynamoDbPrice::StorageGbMonth)));
    if table.point_in_time_recovery {
        lines.push(LineSpec::new("Point-in-time recovery", table.storage_gb.get(), "GB-months", own(DynamoDbPrice::PitrBackupGbMonth)).note("billed on the table's size"));
    }
    if !table.on_demand_backup_gb.is_zero() {
        lines.push(LineSpec::new("On-demand backups", table.on_demand_backup_gb.get(), "GB-months", own(DynamoDbPrice::OnDemandBackupGbMonth)));
    }
    if table.stream {
        lines.push(LineSpec::new("Stream read request units", table.stream_read_request_units.get(), "sRRUs", own(DynamoDbPrice::StreamReadRequestUnit)));
    }
    let written_gb = match table.capacity {
        TableCapacity::OnDemand => table.write_request_units.get() * gb_per_write_unit(),
        // TableCapacity is an upper bound on writes; the plan does not say how much is used.
        TableCapacity::Provisioned => Decimal::from(table.write_capacity_units) * HOURS_PER_MONTH * Decimal::from(3600) * gb_per_write_unit(),
    };
    for region in &table.replica_regions {
        let missing = |what: &str| PriceSource::Resolved(Err(format!("DynamoDB {what} in {region} (a replica region's prices are not in this estimate's {} catalog)", context.catalog.region)));
        let writes = match table.capacity {
            TableCapacity::OnDemand => LineSpec::new(format!("Replica {region}: replicated write request units"), table.write_request_units.get(), "rWRUs", missing("replicated write request units")),
            TableCapacity::Provisioned => LineSpec::new(
                format!("Replica {region}: replicated write capacity ({} rWCU)", table.write_capacity_units),
                Decimal::from(table.write_capacity_units) * HOURS_PER_MONTH,
                "rWCU-hours",
                missing("replicated write capacity units"),
            ),
        };
        lines.push(writes);
        lines.push(LineSpec::new(format!("Replica {region}: table storage"), table.storage_gb.get(), "GB-months", missing("table storage")));
        let transfer = LineSpec::key(format!("Replication to {region}"), written_gb.normalize(), "GB", PriceKey::DataTransferInterRegionGb);
        lines.push(match table.capacity {
            TableCapacity::OnDemand => transfer.note("1 KB per write request unit"),
            TableCapacity::Provisioned => transfer.note("1 KB per write capacity unit-second: the most the capacity can write"),
        });
    }
    lines
}
