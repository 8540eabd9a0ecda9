//! The Price List offers skyplan's catalogs draw on.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Service {
    Ec2,
    Rds,
    ElastiCache,
    LoadBalancing,
    S3,
    DynamoDb,
    CloudWatch,
    Kms,
    SecretsManager,
    Waf,
    Eks,
    CloudFront,
    DataTransfer,
    ComputeSavingsPlans,
}

impl Service {
    pub const ALL: &'static [Service] = &[
        Service::Ec2,
        Service::Rds,
        Service::ElastiCache,
        Service::LoadBalancing,
        Service::S3,
        Service::DynamoDb,
        Service::CloudWatch,
        Service::Kms,
        Service::SecretsManager,
        Service::Waf,
        Service::Eks,
        Service::CloudFront,
        Service::DataTransfer,
        Service::ComputeSavingsPlans,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Service::Ec2 => "ec2",
            Service::Rds => "rds",
            Service::ElastiCache => "elasticache",
            Service::LoadBalancing => "elb",
            Service::S3 => "s3",
            Service::DynamoDb => "dynamodb",
            Service::CloudWatch => "cloudwatch",
            Service::Kms => "kms",
            Service::SecretsManager => "secretsmanager",
            Service::Waf => "waf",
            Service::Eks => "eks",
            Service::CloudFront => "cloudfront",
            Service::DataTransfer => "datatransfer",
            Service::ComputeSavingsPlans => "savingsplans",
        }
    }

    /// The Price List's offer code.
    pub fn offer_code(self) -> &'static str {
        match self {
            Service::Ec2 => "AmazonEC2",
            Service::Rds => "AmazonRDS",
            Service::ElastiCache => "AmazonElastiCache",
            Service::LoadBalancing => "AWSELB",
            Service::S3 => "AmazonS3",
            Service::DynamoDb => "AmazonDynamoDB",
            Service::CloudWatch => "AmazonCloudWatch",
            Service::Kms => "awskms",
            Service::SecretsManager => "AWSSecretsManager",
            Service::Waf => "awswaf",
            Service::Eks => "AmazonEKS",
            Service::CloudFront => "AmazonCloudFront",
            Service::DataTransfer => "AWSDataTransfer",
            Service::ComputeSavingsPlans => "AWSComputeSavingsPlan",
        }
    }

    /// Listed in the Savings Plans region index rather than the offers'.
    pub fn is_savings_plans(self) -> bool {
        matches!(self, Service::ComputeSavingsPlans)
    }

    /// The offer index entry that points to this service's region index: the
    /// Compute Savings Plan has no entry of its own, its region index is the
    /// `currentSavingsPlanIndexUrl` of AmazonEC2's.
    pub fn index_entry(self) -> &'static str {
        match self {
            Service::ComputeSavingsPlans => Service::Ec2.offer_code(),
            other => other.offer_code(),
        }
    }

    pub fn parse(name: &str) -> Option<Service> {
        Service::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// The accepted names, for messages.
    pub fn expected() -> String {
        Service::ALL.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
