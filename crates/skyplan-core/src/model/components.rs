//! The settings of each component kind: what drives its cost and, later, its
//! Terraform. Every struct rejects unknown fields so a typo is an error.

use super::quantity::Quantity;
use crate::aws::{CacheEngine, DbEngine, Geography, RdsStorageType, S3Class};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The tiers of a tiered architecture, in the order the planner draws them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Edge,
    Web,
    App,
    Data,
    Cache,
    Storage,
    Network,
}

impl Tier {
    pub const ALL: [Tier; 7] =
        [Tier::Edge, Tier::Web, Tier::App, Tier::Data, Tier::Cache, Tier::Storage, Tier::Network];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Edge => "edge",
            Tier::Web => "web",
            Tier::App => "app",
            Tier::Data => "data",
            Tier::Cache => "cache",
            Tier::Storage => "storage",
            Tier::Network => "network",
        }
    }

    pub fn parse(text: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// A component kind, as spelled in the plan's `kind` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Vpc,
    Alb,
    Asg,
    Eks,
    Rds,
    Elasticache,
    S3,
    Cloudfront,
    Waf,
    Cloudwatch,
    Kms,
    Secrets,
    DataTransfer,
}

impl Kind {
    pub const ALL: [Kind; 13] = [
        Kind::Vpc,
        Kind::Alb,
        Kind::Asg,
        Kind::Eks,
        Kind::Rds,
        Kind::Elasticache,
        Kind::S3,
        Kind::Cloudfront,
        Kind::Waf,
        Kind::Cloudwatch,
        Kind::Kms,
        Kind::Secrets,
        Kind::DataTransfer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Vpc => "vpc",
            Kind::Alb => "alb",
            Kind::Asg => "asg",
            Kind::Eks => "eks",
            Kind::Rds => "rds",
            Kind::Elasticache => "elasticache",
            Kind::S3 => "s3",
            Kind::Cloudfront => "cloudfront",
            Kind::Waf => "waf",
            Kind::Cloudwatch => "cloudwatch",
            Kind::Kms => "kms",
            Kind::Secrets => "secrets",
            Kind::DataTransfer => "data_transfer",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The lane a component of this kind sits in unless the plan says otherwise.
    pub fn default_tier(self) -> Tier {
        match self {
            Kind::Cloudfront | Kind::Waf => Tier::Edge,
            Kind::Alb | Kind::Asg => Tier::Web,
            Kind::Eks => Tier::App,
            Kind::Rds => Tier::Data,
            Kind::Elasticache => Tier::Cache,
            Kind::S3 => Tier::Storage,
            Kind::Vpc | Kind::Cloudwatch | Kind::Kms | Kind::Secrets | Kind::DataTransfer => {
                Tier::Network
            }
        }
    }

    /// The lanes a component of this kind may sit in.
    pub fn allowed_tiers(self) -> &'static [Tier] {
        match self {
            Kind::Cloudfront | Kind::Waf => &[Tier::Edge],
            Kind::Alb => &[Tier::Web, Tier::App],
            Kind::Asg | Kind::Eks => &[Tier::Web, Tier::App],
            Kind::Rds => &[Tier::Data],
            Kind::Elasticache => &[Tier::Cache, Tier::Data],
            Kind::S3 => &[Tier::Storage],
            Kind::Vpc | Kind::Cloudwatch | Kind::Kms | Kind::Secrets | Kind::DataTransfer => &[Tier::Network],
        }
    }

    /// Human name, for tables and the palette.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Vpc => "VPC",
            Kind::Alb => "Application Load Balancer",
            Kind::Asg => "Auto Scaling group",
            Kind::Eks => "EKS cluster",
            Kind::Rds => "RDS database",
            Kind::Elasticache => "ElastiCache",
            Kind::S3 => "S3 bucket",
            Kind::Cloudfront => "CloudFront distribution",
            Kind::Waf => "WAF web ACL",
            Kind::Cloudwatch => "CloudWatch",
            Kind::Kms => "KMS keys",
            Kind::Secrets => "Secrets Manager",
            Kind::DataTransfer => "Data transfer",
        }
    }
}

/// A component's settings, one variant per kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Spec {
    Vpc(Vpc),
    Alb(Alb),
    Asg(Asg),
    Eks(Eks),
    Rds(Rds),
    Elasticache(ElastiCache),
    S3(S3Bucket),
    Cloudfront(CloudFront),
    Waf(Waf),
    Cloudwatch(CloudWatch),
    Kms(Kms),
    Secrets(Secrets),
    DataTransfer(DataTransfer),
}

impl Spec {
    pub fn kind(&self) -> Kind {
        match self {
            Spec::Vpc(_) => Kind::Vpc,
            Spec::Alb(_) => Kind::Alb,
            Spec::Asg(_) => Kind::Asg,
            Spec::Eks(_) => Kind::Eks,
            Spec::Rds(_) => Kind::Rds,
            Spec::Elasticache(_) => Kind::Elasticache,
            Spec::S3(_) => Kind::S3,
            Spec::Cloudfront(_) => Kind::Cloudfront,
            Spec::Waf(_) => Kind::Waf,
            Spec::Cloudwatch(_) => Kind::Cloudwatch,
            Spec::Kms(_) => Kind::Kms,
            Spec::Secrets(_) => Kind::Secrets,
            Spec::DataTransfer(_) => Kind::DataTransfer,
        }
    }

    /// Reads the settings of a component of `kind` from a JSON object.
    /// Errors carry the path inside the settings (`node_groups[1].min`).
    pub fn from_settings(
        kind: Kind,
        settings: &serde_json::Value,
    ) -> Result<Spec, serde_path_to_error::Error<serde_json::Error>> {
        fn read<T: serde::de::DeserializeOwned>(
            value: &serde_json::Value,
        ) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
            serde_path_to_error::deserialize(value)
        }
        Ok(match kind {
            Kind::Vpc => Spec::Vpc(read(settings)?),
            Kind::Alb => Spec::Alb(read(settings)?),
            Kind::Asg => Spec::Asg(read(settings)?),
            Kind::Eks => Spec::Eks(read(settings)?),
            Kind::Rds => Spec::Rds(read(settings)?),
            Kind::Elasticache => Spec::Elasticache(read(settings)?),
            Kind::S3 => Spec::S3(read(settings)?),
            Kind::Cloudfront => Spec::Cloudfront(read(settings)?),
            Kind::Waf => Spec::Waf(read(settings)?),
            Kind::Cloudwatch => Spec::Cloudwatch(read(settings)?),
            Kind::Kms => Spec::Kms(read(settings)?),
            Kind::Secrets => Spec::Secrets(read(settings)?),
            Kind::DataTransfer => Spec::DataTransfer(read(settings)?),
        })
    }

    /// The settings as a JSON object (the inverse of [`Spec::from_settings`]).
    pub fn to_settings(&self) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map,
            // Every variant is a struct with named fields, so this is unreachable
            // in practice; an empty object is the harmless answer.
            _ => serde_json::Map::new(),
        }
    }
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NatGateways {
    /// One NAT gateway in each AZ: no cross-AZ dependency.
    PerAz,
    /// One NAT gateway shared by every AZ: cheaper, one AZ's outage cuts egress.
    Single,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    pub cidr: String,
    pub azs: u8,
    /// Public subnets in total, spread over the AZs.
    pub public_subnets: u8,
    /// Private subnets in total, spread over the AZs.
    pub private_subnets: u8,
    pub nat_gateways: NatGateways,
    /// GB per month processed by the NAT gateways (all of them together).
    #[serde(default)]
    pub nat_data_processed_gb: Quantity,
}

impl Vpc {
    pub fn nat_gateway_count(&self) -> u32 {
        match self.nat_gateways {
            NatGateways::PerAz => u32::from(self.azs),
            NatGateways::Single => 1,
            NatGateways::None => 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlbScheme {
    InternetFacing,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alb {
    pub scheme: AlbScheme,
    /// Average Load Balancer Capacity Units consumed per hour.
    pub lcus: Quantity,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asg {
    pub instance_type: String,
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    /// gp3 root volume of each instance, GB.
    pub root_volume_gb: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    OnDemand,
    Spot,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeGroup {
    pub name: String,
    pub instance_types: Vec<String>,
    pub capacity: Capacity,
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    /// gp3 disk of each node, GB.
    pub disk_gb: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eks {
    pub kubernetes_version: String,
    pub node_groups: Vec<NodeGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rds {
    pub engine: DbEngine,
    pub engine_version: String,
    pub instance_class: String,
    pub multi_az: bool,
    pub storage_type: RdsStorageType,
    pub storage_gb: u32,
    /// Provisioned IOPS: for gp3 the total (3,000 or 12,000 are included,
    /// depending on size), for io1 all of them. Absent means the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iops: Option<u32>,
    pub backup_retention_days: u8,
    /// Share of the database that changes per day, in percent: sizes the
    /// incremental backups kept for `backup_retention_days`.
    #[serde(default = "default_backup_daily_change_percent")]
    pub backup_daily_change_percent: Quantity,
    #[serde(default)]
    pub read_replicas: u8,
}

fn default_backup_daily_change_percent() -> Quantity {
    Quantity::from_u64(1)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElastiCache {
    pub engine: CacheEngine,
    pub node_type: String,
    pub nodes: u32,
    #[serde(default = "default_true")]
    pub encryption_at_rest: bool,
    #[serde(default = "default_true")]
    pub encryption_in_transit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BucketEncryption {
    SseS3,
    SseKms,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub after_days: u32,
    pub storage_class: S3Class,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    #[serde(default)]
    pub transitions: Vec<Transition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_after_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Bucket {
    pub bucket: String,
    #[serde(default = "default_true")]
    pub versioning: bool,
    pub encryption: BucketEncryption,
    /// Data already stored, GB per storage class.
    #[serde(default)]
    pub storage_gb: BTreeMap<S3Class, Quantity>,
    /// New data written per month, GB. With a lifecycle that expires objects,
    /// it settles into a steady state across the lifecycle's classes.
    #[serde(default)]
    pub monthly_ingest_gb: Quantity,
    /// Average object size, MB: turns GB into object counts for request and
    /// transition charges.
    #[serde(default = "default_object_mb")]
    pub average_object_mb: Quantity,
    /// PUT/COPY/POST/LIST requests per month.
    #[serde(default)]
    pub write_requests: Quantity,
    /// GET/SELECT requests per month.
    #[serde(default)]
    pub read_requests: Quantity,
    #[serde(default)]
    pub lifecycle: Lifecycle,
}

fn default_object_mb() -> Quantity {
    Quantity::from_u64(1)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFront {
    /// Component ids of the origins (an ALB, an S3 bucket).
    #[serde(default)]
    pub origins: Vec<String>,
    /// GB served to viewers per month, by where the viewers are.
    #[serde(default)]
    pub data_out_gb: BTreeMap<Geography, Quantity>,
    /// HTTPS requests per month, by geography.
    #[serde(default)]
    pub https_requests: BTreeMap<Geography, Quantity>,
    /// HTTP requests per month, by geography.
    #[serde(default)]
    pub http_requests: BTreeMap<Geography, Quantity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WafScope {
    Cloudfront,
    Regional,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum WafRule {
    /// Blocks an IP that sends more than `limit` requests in 5 minutes.
    RateLimit { name: String, limit: u32 },
    /// An AWS managed rule group, e.g. `AWSManagedRulesCommonRuleSet`.
    Managed { name: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waf {
    pub scope: WafScope,
    pub rules: Vec<WafRule>,
    /// Requests inspected per month, millions.
    pub requests_millions: Quantity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlarmMetric {
    CpuUtilization,
    MemoryUtilization,
    DiskUtilization,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alarm {
    pub metric: AlarmMetric,
    pub threshold_percent: u8,
    /// Component ids the alarm watches; one alarm is created per target.
    pub targets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudWatch {
    #[serde(default)]
    pub alarms: Vec<Alarm>,
    /// Custom metrics (e.g. memory and disk from the CloudWatch agent).
    #[serde(default)]
    pub custom_metrics: u32,
    #[serde(default)]
    pub dashboards: u32,
    /// Log data ingested per month, GB.
    #[serde(default)]
    pub log_ingest_gb: Quantity,
    /// Log data stored, GB.
    #[serde(default)]
    pub log_storage_gb: Quantity,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kms {
    pub keys: u32,
    /// Symmetric API requests per month.
    #[serde(default)]
    pub requests: Quantity,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Secrets {
    pub secrets: u32,
    /// API requests per month.
    #[serde(default)]
    pub requests: Quantity,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataTransfer {
    /// GB per month from the region to the internet (not through CloudFront).
    #[serde(default)]
    pub internet_out_gb: Quantity,
    /// GB per month crossing AZ boundaries inside the region.
    #[serde(default)]
    pub inter_az_gb: Quantity,
    /// GB per month sent to other AWS regions.
    #[serde(default)]
    pub inter_region_gb: Quantity,
}
