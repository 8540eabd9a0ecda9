//! The AWS vocabulary shared by the plan model and the pricing catalog.
//!
//! Each enum serialises as the spelling AWS itself uses where one exists
//! (`gp3`, `us-east-1`), so plan files read like AWS documentation.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The accepted spellings, for error messages.
            pub fn expected() -> String {
                let names: Vec<String> = Self::ALL.iter().map(|v| format!("\"{}\"", v.as_str())).collect();
                names.join(", ")
            }
        }

        // Read as a string (not a serde enum) so that a bad value names the
        // accepted spellings and, as a map key, keeps its place in error paths.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!("\"{text}\" is not one of {}", $name::expected()))
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// EBS volume types.
    VolumeType { Gp3 => "gp3", Gp2 => "gp2", Io1 => "io1", Io2 => "io2", St1 => "st1", Sc1 => "sc1" }
);

vocabulary!(
    /// RDS storage types (a subset of EBS types that RDS offers).
    RdsStorageType { Gp3 => "gp3", Gp2 => "gp2", Io1 => "io1" }
);

vocabulary!(
    /// RDS deployment option: prices differ by it.
    Deployment { SingleAz => "single_az", MultiAz => "multi_az" }
);

vocabulary!(
    /// RDS database engines skyplan prices.
    DbEngine { Postgres => "postgres", Mysql => "mysql", Mariadb => "mariadb" }
);

vocabulary!(
    /// ElastiCache engines.
    CacheEngine { Redis => "redis", Valkey => "valkey", Memcached => "memcached" }
);

vocabulary!(
    /// S3 storage classes.
    S3Class {
        Standard => "standard",
        IntelligentTiering => "intelligent_tiering",
        StandardIa => "standard_ia",
        OneZoneIa => "one_zone_ia",
        GlacierFlexible => "glacier_flexible",
        GlacierDeepArchive => "glacier_deep_archive",
    }
);

vocabulary!(
    /// CloudFront price-class geographies (edge locations serving the viewer).
    Geography {
        NorthAmerica => "north_america",
        Europe => "europe",
        Japan => "japan",
        AsiaPacific => "asia_pacific",
        India => "india",
        SouthAmerica => "south_america",
        Australia => "australia",
        MiddleEastAfrica => "middle_east_africa",
    }
);

vocabulary!(
    /// Reserved Instance offering class.
    OfferingClass { Standard => "standard", Convertible => "convertible" }
);

vocabulary!(
    /// Reserved Instance / Savings Plan payment option.
    PurchaseOption { NoUpfront => "no_upfront", PartialUpfront => "partial_upfront", AllUpfront => "all_upfront" }
);

vocabulary!(
    /// Savings Plans for EC2 usage: Compute (any family and region) or EC2
    /// Instance (one family in one region, a deeper discount).
    SavingsPlanType { Compute => "compute", Ec2Instance => "ec2_instance" }
);

vocabulary!(
    /// Spot Instance Advisor interruption-frequency band.
    InterruptionBand {
        Under5 => "<5%",
        From5To10 => "5-10%",
        From10To15 => "10-15%",
        From15To20 => "15-20%",
        Over20 => ">20%",
    }
);

/// The regions skyplan ships a catalog for, with their Price List location
/// names: every commercial region one of the price sources covers
/// (pricing-data/SOURCES.md), in geographic order.
pub const REGIONS: &[(&str, &str)] = &[
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Canada West (Calgary)"),
    ("mx-central-1", "Mexico (Central)"),
    ("sa-east-1", "South America (Sao Paulo)"),
    ("eu-west-1", "EU (Ireland)"),
    ("eu-west-2", "EU (London)"),
    ("eu-west-3", "EU (Paris)"),
    ("eu-central-1", "EU (Frankfurt)"),
    ("eu-central-2", "EU (Zurich)"),
    ("eu-north-1", "EU (Stockholm)"),
    ("eu-south-1", "EU (Milan)"),
    ("eu-south-2", "EU (Spain)"),
    ("il-central-1", "Israel (Tel Aviv)"),
    ("me-south-1", "Middle East (Bahrain)"),
    ("me-central-1", "Middle East (UAE)"),
    ("af-south-1", "Africa (Cape Town)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-south-2", "Asia Pacific (Hyderabad)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("ap-southeast-4", "Asia Pacific (Melbourne)"),
    ("ap-southeast-5", "Asia Pacific (Malaysia)"),
    ("ap-southeast-7", "Asia Pacific (Thailand)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ap-east-1", "Asia Pacific (Hong Kong)"),
    ("ap-east-2", "Asia Pacific (Taipei)"),
];

/// The Price List `location` name for a region code, if skyplan knows it.
pub fn region_location(region: &str) -> Option<&'static str> {
    REGIONS.iter().find(|(code, _)| *code == region).map(|(_, name)| *name)
}

/// The region code for a Price List `location` name.
pub fn region_for_location(location: &str) -> Option<&'static str> {
    REGIONS.iter().find(|(_, name)| *name == location).map(|(code, _)| *code)
}

/// What a CloudWatch alarm of the plan watches, as a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlarmMetric {
    CpuUtilization,
    MemoryUtilization,
    DiskUtilization,
}

/// The CloudWatch metric that measures an [`AlarmMetric`] for a kind of
/// component, and the dimension naming the component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricSource {
    pub namespace: &'static str,
    pub metric_name: &'static str,
    pub dimension: &'static str,
}

/// What a CloudFront distribution can take its content from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginKind {
    /// A bucket, read through an origin access control.
    Bucket,
    /// A load balancer, reached by the DNS name its certificate covers.
    LoadBalancer,
}
