//! The pricing catalog: one region's AWS list prices, loaded from bytes.
//!
//! The on-disk format (`pricing-data/<region>.json`) is this module's serde
//! form. Every price is optional by construction: a price the sources lack is
//! simply absent, and the cost engine names it as missing instead of guessing.

use crate::aws::{
    CacheEngine, DbEngine, Deployment, Geography, InterruptionBand, OfferingClass, PurchaseOption,
    RdsStorageType, S3Class, SavingsPlanType, VolumeType,
};
use crate::kinds::KindPrice;
use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// The catalog file format this build reads and writes.
pub const CATALOG_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub format_version: u32,
    /// Region code, e.g. `us-east-1`.
    pub region: String,
    /// Price List location name, e.g. `US East (N. Virginia)`.
    pub location: String,
    pub currency: String,
    /// Identifies this set of prices; carried into estimates and plan bundles.
    pub version: String,
    /// Where each table came from, keyed by table (`ec2.on_demand`, `prices`, ...).
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
    /// How old each table's prices are, keyed as `sources`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data_dates: BTreeMap<String, DataDates>,
    /// EC2 Linux shared-tenancy instance types, keyed by instance type.
    #[serde(default)]
    pub ec2: BTreeMap<String, Ec2InstanceType>,
    /// RDS instance classes per engine, keyed by class (`db.r5.xlarge`).
    #[serde(default)]
    pub rds: BTreeMap<DbEngine, BTreeMap<String, RdsClassPrice>>,
    /// ElastiCache node types per engine, keyed by node type (`cache.r5.large`).
    #[serde(default)]
    pub elasticache: BTreeMap<CacheEngine, BTreeMap<String, CacheNodePrice>>,
    /// Every other unit price, keyed by what it prices.
    #[serde(default)]
    pub prices: BTreeMap<PriceKey, Price>,
}

/// The span of data dates of one catalog table's rows: the day each source
/// read the AWS price, or committed it where it says no more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataDates {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest: Option<String>,
    /// Some rows come from a source that gives no date.
    #[serde(default)]
    pub undated: bool,
}

impl fmt::Display for DataDates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let undated = if self.undated { "undated" } else { "" };
        match (&self.oldest, &self.newest) {
            (Some(oldest), Some(newest)) if oldest == newest => write!(f, "{oldest}")?,
            (Some(oldest), Some(newest)) => write!(f, "{oldest} to {newest}")?,
            _ => return f.write_str(undated),
        }
        if self.undated {
            f.write_str(", some rows undated")?;
        }
        Ok(())
    }
}

/// What `pricing-data/index.json` says of one bundled catalog, so that the
/// region picker can date every region before fetching its catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogSummary {
    pub location: String,
    pub version: String,
    pub data_dates: BTreeMap<String, DataDates>,
    /// Instance types with an on-demand price.
    pub on_demand_types: usize,
}

impl CatalogSummary {
    pub fn oldest_data(&self) -> Option<&str> {
        self.data_dates.values().filter_map(|d| d.oldest.as_deref()).min()
    }

    pub fn newest_data(&self) -> Option<&str> {
        self.data_dates.values().filter_map(|d| d.newest.as_deref()).max()
    }
}

/// `pricing-data/index.json`: the summary of each bundled catalog, by region.
pub type CatalogIndex = BTreeMap<String, CatalogSummary>;

impl Catalog {
    pub fn summary(&self) -> CatalogSummary {
        CatalogSummary {
            location: self.location.clone(),
            version: self.version.clone(),
            data_dates: self.data_dates.clone(),
            on_demand_types: self.ec2.values().filter(|t| t.on_demand_hourly.is_some()).count(),
        }
    }

    /// The oldest data date of any table, for a one-line summary.
    pub fn oldest_data(&self) -> Option<&str> {
        self.data_dates.values().filter_map(|d| d.oldest.as_deref()).min()
    }

    /// The newest data date of any table.
    pub fn newest_data(&self) -> Option<&str> {
        self.data_dates.values().filter_map(|d| d.newest.as_deref()).max()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ec2InstanceType {
    pub vcpu: u32,
    pub memory_gib: Decimal,
    /// On-demand Linux price, USD per hour. Absent when only other data is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_demand_hourly: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot: Option<SpotInfo>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reserved: Vec<ReservedOffer>,
    /// Savings Plans rates for Linux shared-tenancy usage of this type here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub savings_plans: Vec<SavingsPlanRate>,
}

/// What one hour of this instance type costs under a Savings Plan (the
/// Price List's `discountedRate`), by plan, term and payment option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavingsPlanRate {
    pub plan: SavingsPlanType,
    pub term_years: u8,
    pub purchase_option: PurchaseOption,
    /// USD per instance-hour at the plan's rate.
    pub hourly: Decimal,
}

impl Ec2InstanceType {
    /// The rate of a plan, term and payment option, if the catalog has it.
    pub fn savings_plan_rate(&self, plan: SavingsPlanType, term_years: u8, purchase_option: PurchaseOption) -> Option<Decimal> {
        self.savings_plans
            .iter()
            .find(|r| r.plan == plan && r.term_years == term_years && r.purchase_option == purchase_option)
            .map(|r| r.hourly)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpotInfo {
    /// Spot Instance Advisor's average saving over on-demand, in percent.
    pub savings_percent: Decimal,
    pub interruption_band: InterruptionBand,
    /// A point-in-time regional mean spot price, where a source has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_hourly: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservedOffer {
    pub offering_class: OfferingClass,
    pub term_years: u8,
    pub purchase_option: PurchaseOption,
    /// One-time fee paid at purchase, USD.
    pub upfront: Decimal,
    /// Recurring charge, USD per hour, for every hour of the term.
    pub hourly: Decimal,
}

impl ReservedOffer {
    /// Upfront spread over the term plus the recurring rate: what one hour costs.
    pub fn effective_hourly(&self) -> Decimal {
        let term_hours = Decimal::from(8760u32 * u32::from(self.term_years));
        self.hourly + self.upfront / term_hours
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RdsClassPrice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_az_hourly: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_az_hourly: Option<Decimal>,
}

impl RdsClassPrice {
    pub fn hourly(&self, deployment: Deployment) -> Option<Decimal> {
        match deployment {
            Deployment::SingleAz => self.single_az_hourly,
            Deployment::MultiAz => self.multi_az_hourly,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheNodePrice {
    pub hourly: Decimal,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reserved: Vec<ReservedOffer>,
}

/// A unit price: flat, or tiered by monthly volume and applied band by band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Price {
    Flat(Decimal),
    Tiered { tiers: Vec<Tier> },
}

/// One band of a tiered price. `up_to` is the cumulative upper bound of the
/// band in the price's unit; `None` means unbounded. Quantity beyond the last
/// bounded band has no known price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<Decimal>,
    pub price: Decimal,
}

/// What a price in [`Catalog::prices`] is for. Serialised as a dotted name
/// such as `nat_gateway.hour` or `s3.standard.storage_gb_month`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PriceKey {
    NatGatewayHour,
    NatGatewayDataGb,
    PublicIpv4Hour,
    AlbHour,
    AlbLcuHour,
    EksClusterHour,
    EbsStorageGbMonth(VolumeType),
    EbsGp3IopsMonth,
    EbsGp3ThroughputMbpsMonth,
    EbsIo1IopsMonth,
    EbsSnapshotGbMonth,
    RdsStorageGbMonth(RdsStorageType, Deployment),
    RdsGp3IopsMonth(Deployment),
    RdsIo1IopsMonth(Deployment),
    RdsBackupGbMonth,
    S3StorageGbMonth(S3Class),
    S3WriteRequestsPer1k(S3Class),
    S3ReadRequestsPer1k(S3Class),
    S3TransitionRequestsPer1k(S3Class),
    S3MonitoringPer1kObjects,
    DataTransferInternetOutGb,
    DataTransferInterAzGb,
    DataTransferInterRegionGb,
    CloudFrontDataOutGb(Geography),
    CloudFrontHttpsRequestsPer10k(Geography),
    CloudFrontHttpRequestsPer10k(Geography),
    WafWebAclMonth,
    WafRuleMonth,
    WafRuleGroupMonth,
    WafRequestsPerMillion,
    /// A CloudFront-scoped web ACL: AWS WAF bills it under its global price
    /// list (the ACL lives in us-east-1), whatever the plan's region, so every
    /// catalog carries these prices, as it does CloudFront's.
    WafGlobalWebAclMonth,
    WafGlobalRuleMonth,
    WafGlobalRuleGroupMonth,
    WafGlobalRequestsPerMillion,
    CloudWatchMetricMonth,
    CloudWatchAlarmMonth,
    CloudWatchHighResolutionAlarmMonth,
    CloudWatchLogsIngestGb,
    CloudWatchLogsStorageGbMonth,
    CloudWatchDashboardMonth,
    KmsKeyMonth,
    KmsRequestsPer10k,
    SecretsManagerSecretMonth,
    SecretsManagerRequestsPer10k,
    /// A price one kind declares in its own file.
    Kind(KindPrice),
}

impl PriceKey {
    /// Every key, in catalog order.
    pub fn all() -> Vec<PriceKey> {
        use PriceKey::*;
        let mut keys = vec![
            NatGatewayHour,
            NatGatewayDataGb,
            PublicIpv4Hour,
            AlbHour,
            AlbLcuHour,
            EksClusterHour,
        ];
        keys.extend(VolumeType::ALL.iter().map(|&v| EbsStorageGbMonth(v)));
        keys.extend([EbsGp3IopsMonth, EbsGp3ThroughputMbpsMonth, EbsIo1IopsMonth, EbsSnapshotGbMonth]);
        for &deployment in Deployment::ALL {
            keys.extend(RdsStorageType::ALL.iter().map(|&s| RdsStorageGbMonth(s, deployment)));
            keys.extend([RdsGp3IopsMonth(deployment), RdsIo1IopsMonth(deployment)]);
        }
        keys.push(RdsBackupGbMonth);
        for &class in S3Class::ALL {
            keys.extend([
                S3StorageGbMonth(class),
                S3WriteRequestsPer1k(class),
                S3ReadRequestsPer1k(class),
                S3TransitionRequestsPer1k(class),
            ]);
        }
        keys.push(S3MonitoringPer1kObjects);
        keys.extend([DataTransferInternetOutGb, DataTransferInterAzGb, DataTransferInterRegionGb]);
        for &geo in Geography::ALL {
            keys.extend([
                CloudFrontDataOutGb(geo),
                CloudFrontHttpsRequestsPer10k(geo),
                CloudFrontHttpRequestsPer10k(geo),
            ]);
        }
        keys.extend([
            WafWebAclMonth,
            WafRuleMonth,
            WafRuleGroupMonth,
            WafRequestsPerMillion,
            WafGlobalWebAclMonth,
            WafGlobalRuleMonth,
            WafGlobalRuleGroupMonth,
            WafGlobalRequestsPerMillion,
            CloudWatchMetricMonth,
            CloudWatchAlarmMonth,
            CloudWatchHighResolutionAlarmMonth,
            CloudWatchLogsIngestGb,
            CloudWatchLogsStorageGbMonth,
            CloudWatchDashboardMonth,
            KmsKeyMonth,
            KmsRequestsPer10k,
            SecretsManagerSecretMonth,
            SecretsManagerRequestsPer10k,
        ]);
        keys.extend(KindPrice::all().into_iter().map(Kind));
        keys
    }

    /// The dotted name used in catalog files.
    pub fn name(self) -> String {
        use PriceKey::*;
        match self {
            NatGatewayHour => "nat_gateway.hour".into(),
            NatGatewayDataGb => "nat_gateway.data_processed_gb".into(),
            PublicIpv4Hour => "public_ipv4.hour".into(),
            AlbHour => "alb.hour".into(),
            AlbLcuHour => "alb.lcu_hour".into(),
            EksClusterHour => "eks.cluster_hour".into(),
            EbsStorageGbMonth(v) => format!("ebs.{v}.storage_gb_month"),
            EbsGp3IopsMonth => "ebs.gp3.iops_month".into(),
            EbsGp3ThroughputMbpsMonth => "ebs.gp3.throughput_mbps_month".into(),
            EbsIo1IopsMonth => "ebs.io1.iops_month".into(),
            EbsSnapshotGbMonth => "ebs.snapshot_gb_month".into(),
            RdsStorageGbMonth(s, d) => format!("rds.{s}.{d}.storage_gb_month"),
            RdsGp3IopsMonth(d) => format!("rds.gp3.{d}.iops_month"),
            RdsIo1IopsMonth(d) => format!("rds.io1.{d}.iops_month"),
            RdsBackupGbMonth => "rds.backup_gb_month".into(),
            S3StorageGbMonth(c) => format!("s3.{c}.storage_gb_month"),
            S3WriteRequestsPer1k(c) => format!("s3.{c}.write_requests_per_1k"),
            S3ReadRequestsPer1k(c) => format!("s3.{c}.read_requests_per_1k"),
            S3TransitionRequestsPer1k(c) => format!("s3.{c}.transition_requests_per_1k"),
            S3MonitoringPer1kObjects => "s3.intelligent_tiering.monitoring_per_1k_objects".into(),
            DataTransferInternetOutGb => "data_transfer.internet_out_gb".into(),
            DataTransferInterAzGb => "data_transfer.inter_az_gb".into(),
            DataTransferInterRegionGb => "data_transfer.inter_region_gb".into(),
            CloudFrontDataOutGb(g) => format!("cloudfront.{g}.data_out_gb"),
            CloudFrontHttpsRequestsPer10k(g) => format!("cloudfront.{g}.https_requests_per_10k"),
            CloudFrontHttpRequestsPer10k(g) => format!("cloudfront.{g}.http_requests_per_10k"),
            WafWebAclMonth => "waf.web_acl_month".into(),
            WafRuleMonth => "waf.rule_month".into(),
            WafRuleGroupMonth => "waf.rule_group_month".into(),
            WafRequestsPerMillion => "waf.requests_per_million".into(),
            WafGlobalWebAclMonth => "waf.cloudfront.web_acl_month".into(),
            WafGlobalRuleMonth => "waf.cloudfront.rule_month".into(),
            WafGlobalRuleGroupMonth => "waf.cloudfront.rule_group_month".into(),
            WafGlobalRequestsPerMillion => "waf.cloudfront.requests_per_million".into(),
            CloudWatchMetricMonth => "cloudwatch.metric_month".into(),
            CloudWatchAlarmMonth => "cloudwatch.alarm_month".into(),
            CloudWatchHighResolutionAlarmMonth => "cloudwatch.high_resolution_alarm_month".into(),
            CloudWatchLogsIngestGb => "cloudwatch.logs_ingest_gb".into(),
            CloudWatchLogsStorageGbMonth => "cloudwatch.logs_storage_gb_month".into(),
            CloudWatchDashboardMonth => "cloudwatch.dashboard_month".into(),
            KmsKeyMonth => "kms.key_month".into(),
            KmsRequestsPer10k => "kms.requests_per_10k".into(),
            SecretsManagerSecretMonth => "secrets_manager.secret_month".into(),
            SecretsManagerRequestsPer10k => "secrets_manager.requests_per_10k".into(),
            Kind(price) => price.name().into(),
        }
    }

    pub fn parse(name: &str) -> Option<PriceKey> {
        PriceKey::all().into_iter().find(|key| key.name() == name)
    }
}

impl fmt::Display for PriceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for PriceKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for PriceKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        PriceKey::parse(&name)
            .ok_or_else(|| de::Error::custom(format!("unknown price key \"{name}\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::PriceKey;
    use super::PriceKey::*;
    use std::collections::BTreeSet;

    /// Each variant's place: a variant added to `PriceKey` fails to compile
    /// here until it is given one, and then fails the test below until
    /// `PriceKey::all` lists it.
    fn variant(key: PriceKey) -> usize {
        match key {
            NatGatewayHour => 0,
            NatGatewayDataGb => 1,
            PublicIpv4Hour => 2,
            AlbHour => 3,
            AlbLcuHour => 4,
            EksClusterHour => 5,
            EbsStorageGbMonth(_) => 6,
            EbsGp3IopsMonth => 7,
            EbsGp3ThroughputMbpsMonth => 8,
            EbsIo1IopsMonth => 9,
            EbsSnapshotGbMonth => 10,
            RdsStorageGbMonth(_, _) => 11,
            RdsGp3IopsMonth(_) => 12,
            RdsIo1IopsMonth(_) => 13,
            RdsBackupGbMonth => 14,
            S3StorageGbMonth(_) => 15,
            S3WriteRequestsPer1k(_) => 16,
            S3ReadRequestsPer1k(_) => 17,
            S3TransitionRequestsPer1k(_) => 18,
            S3MonitoringPer1kObjects => 19,
            DataTransferInternetOutGb => 20,
            DataTransferInterAzGb => 21,
            DataTransferInterRegionGb => 22,
            CloudFrontDataOutGb(_) => 23,
            CloudFrontHttpsRequestsPer10k(_) => 24,
            CloudFrontHttpRequestsPer10k(_) => 25,
            WafWebAclMonth => 26,
            WafRuleMonth => 27,
            WafRuleGroupMonth => 28,
            WafRequestsPerMillion => 29,
            CloudWatchMetricMonth => 30,
            CloudWatchAlarmMonth => 31,
            CloudWatchHighResolutionAlarmMonth => 32,
            CloudWatchLogsIngestGb => 33,
            CloudWatchLogsStorageGbMonth => 34,
            CloudWatchDashboardMonth => 35,
            KmsKeyMonth => 36,
            KmsRequestsPer10k => 37,
            SecretsManagerSecretMonth => 38,
            SecretsManagerRequestsPer10k => 39,
            Kind(_) => 40,
            WafGlobalWebAclMonth => 41,
            WafGlobalRuleMonth => 42,
            WafGlobalRuleGroupMonth => 43,
            WafGlobalRequestsPerMillion => 44,
        }
    }
    const VARIANTS: usize = 45;

    #[test]
    fn all_lists_every_key_once_under_a_name_that_reads_back() {
        let all = PriceKey::all();
        let variants: BTreeSet<usize> = all.iter().map(|key| variant(*key)).collect();
        assert_eq!(variants, (0..VARIANTS).collect::<BTreeSet<_>>(), "PriceKey::all misses a variant");
        let names: BTreeSet<String> = all.iter().map(|key| key.name()).collect();
        assert_eq!(names.len(), all.len(), "two keys share a name");
        for key in &all {
            assert_eq!(PriceKey::parse(&key.name()), Some(*key), "{key}");
        }
    }
}
