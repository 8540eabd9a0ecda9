//! What a scan of an account found, region by region: the audit's input.
//!
//! The collector (skyplan-aws's `audit` module) fills these from read-only
//! AWS calls; tests build them by hand. Times are Unix seconds (UTC), so the
//! audit reads no clock: [`Inventory::now`] is when the scan ran.

use serde::{Deserialize, Serialize};

/// Seconds in a day.
pub const DAY_SECONDS: i64 = 86_400;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    /// When the scan ran, Unix seconds.
    pub now: i64,
    pub regions: Vec<RegionInventory>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionInventory {
    pub region: String,
    #[serde(default)]
    pub instances: Vec<Instance>,
    #[serde(default)]
    pub volumes: Vec<Volume>,
    #[serde(default)]
    pub addresses: Vec<Address>,
    #[serde(default)]
    pub load_balancers: Vec<LoadBalancer>,
    #[serde(default)]
    pub databases: Vec<Database>,
    #[serde(default)]
    pub snapshots: Vec<Snapshot>,
    /// Services of this region the scan could not read: what is listed
    /// above is then partial.
    #[serde(default)]
    pub errors: Vec<ScanError>,
}

/// A daily CloudWatch datapoint (statistic over the UTC day starting at `day_start`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Datapoint {
    /// Start of the day, Unix seconds.
    pub day_start: i64,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub id: String,
    /// The `Name` tag, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub instance_type: String,
    /// EC2 state name: `running`, `stopped`, ...
    pub state: String,
    /// Unix seconds.
    pub launch_time: i64,
    /// EC2's `Platform` field: `windows`, or absent for Linux/UNIX.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Daily averages of `AWS/EC2 CPUUtilization`, percent.
    #[serde(default)]
    pub daily_cpu: Vec<Datapoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volume {
    pub id: String,
    /// EBS volume type as AWS spells it (`gp3`, `io1`, `standard`, ...).
    pub volume_type: String,
    pub size_gib: u64,
    /// Provisioned IOPS (gp3, io1, io2), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iops: Option<u64>,
    /// Provisioned throughput, MiB/s (gp3), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput_mibps: Option<u64>,
    /// `available` (attached to nothing), `in-use`, ...
    pub state: String,
    /// Instances it is attached to.
    #[serde(default)]
    pub attached_to: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Allocation id, or the public IP where there is none (EC2-Classic).
    pub id: String,
    pub public_ip: String,
    /// The association id, if the address is associated with anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_id: Option<String>,
    /// The instance or network interface it is associated with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associated_with: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    pub name: String,
    pub arn: String,
    /// `application`, `network` or `gateway`.
    pub lb_type: String,
    /// Targets registered across its target groups.
    pub registered_targets: u32,
    /// Of which in the `healthy` state.
    pub healthy_targets: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub id: String,
    /// `db.m5.large`, ...
    pub class: String,
    /// RDS engine (`postgres`, `mysql`, `aurora-postgresql`, ...).
    pub engine: String,
    /// `available`, `stopped`, ...
    pub status: String,
    pub multi_az: bool,
    /// RDS storage type (`gp2`, `gp3`, `io1`, ...).
    pub storage_type: String,
    pub allocated_gib: u64,
    /// Daily maxima of `AWS/RDS DatabaseConnections`.
    #[serde(default)]
    pub daily_connections: Vec<Datapoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub id: String,
    pub kind: SnapshotKind,
    /// Unix seconds.
    pub start_time: i64,
    /// Size of the source volume or database, GiB.
    pub size_gib: u64,
    /// The volume or database it was taken of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotKind {
    /// An EBS snapshot owned by the account.
    Ebs,
    /// A manual RDS snapshot.
    Rds,
}

/// A region's service the scan could not read (fully or partly).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanError {
    pub region: String,
    /// `ec2`, `cloudwatch`, `elbv2`, `rds`.
    pub service: String,
    /// The API action that failed, e.g. `DescribeVolumes`.
    pub action: String,
    /// Whether AWS denied the action (a missing IAM permission).
    pub access_denied: bool,
    pub message: String,
}
