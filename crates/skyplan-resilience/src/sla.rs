//! The published AWS service level agreements the composite availability
//! uses, each with its page and the date that page states. An SLA is a
//! floor AWS credits against, not a measured availability; the composite
//! of floors is what the design is committed to, which is what a target
//! is checked against.

/// One published figure: monthly uptime as a fraction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sla {
    pub fraction: f64,
    /// What the figure covers, as the page says it.
    pub covers: &'static str,
    pub source: &'static str,
}

/// EC2 Region-Level SLA: 99.99 % for "all running instances ... deployed
/// concurrently across two or more AZs in the same region".
pub const EC2_REGION: Sla = Sla {
    fraction: 0.9999,
    covers: "EC2 Region-Level SLA (instances in two or more AZs)",
    source: "https://aws.amazon.com/compute/sla/ (Amazon Compute SLA, last updated May 5, 2022)",
};

/// EC2 Instance-Level SLA: 99.5 % for each instance.
pub const EC2_INSTANCE: Sla = Sla {
    fraction: 0.995,
    covers: "EC2 Instance-Level SLA (each instance)",
    source: "https://aws.amazon.com/compute/sla/ (Amazon Compute SLA, last updated May 5, 2022)",
};

/// Elastic Load Balancing: 99.99 %.
pub const ELB: Sla = Sla {
    fraction: 0.9999,
    covers: "Elastic Load Balancing SLA",
    source: "https://aws.amazon.com/elasticloadbalancing/sla/ (99.99 %, as listed by cloudonaut.io/aws-sla-are-you-able-to-keep-your-availability-promise, Jan 31, 2019)",
};

/// RDS Multi-AZ DB instance: 99.95 %.
pub const RDS_MULTI_AZ: Sla = Sla {
    fraction: 0.9995,
    covers: "RDS Multi-AZ DB Instance SLA",
    source: "https://aws.amazon.com/rds/sla/ (Amazon RDS SLA, last updated January 22, 2024)",
};

/// RDS Single-DB instance: 99.5 %.
pub const RDS_SINGLE_AZ: Sla = Sla {
    fraction: 0.995,
    covers: "RDS Single-DB Instance SLA",
    source: "https://aws.amazon.com/rds/sla/ (Amazon RDS SLA, last updated January 22, 2024)",
};

/// ElastiCache Multi-AZ configuration (a replica, automatic failover): 99.99 %.
pub const ELASTICACHE_MULTI_AZ: Sla = Sla {
    fraction: 0.9999,
    covers: "ElastiCache Multi-AZ SLA",
    source: "https://aws.amazon.com/elasticache/sla/ (Multi-AZ 99.99 %, Single-AZ 99.5 %: AWS Database Blog, \"Introducing 99.99% Availability with Amazon ElastiCache for Redis and Amazon MemoryDB for Redis\", 2023)",
};

/// ElastiCache Single-AZ configuration: 99.5 %.
pub const ELASTICACHE_SINGLE_AZ: Sla = Sla {
    fraction: 0.995,
    covers: "ElastiCache Single-AZ SLA",
    source: "https://aws.amazon.com/elasticache/sla/ (Multi-AZ 99.99 %, Single-AZ 99.5 %: AWS Database Blog, \"Introducing 99.99% Availability with Amazon ElastiCache for Redis and Amazon MemoryDB for Redis\", 2023)",
};

/// EKS: the Kubernetes endpoint of a cluster, 99.95 %.
pub const EKS: Sla = Sla {
    fraction: 0.9995,
    covers: "EKS SLA (the cluster's Kubernetes endpoint)",
    source: "https://aws.amazon.com/eks/sla/ (Amazon EKS SLA, last updated May 4, 2022)",
};

/// S3: 99.9 %.
pub const S3: Sla = Sla {
    fraction: 0.999,
    covers: "S3 SLA (S3 Standard)",
    source: "https://aws.amazon.com/s3/sla/ (99.9 %, as listed by cloudonaut.io/aws-sla-are-you-able-to-keep-your-availability-promise, Jan 31, 2019)",
};

/// CloudFront: 99.9 %.
pub const CLOUDFRONT: Sla = Sla {
    fraction: 0.999,
    covers: "CloudFront SLA",
    source: "https://aws.amazon.com/cloudfront/sla/ (99.9 %, as listed by cloudonaut.io/aws-sla-are-you-able-to-keep-your-availability-promise, Jan 31, 2019)",
};

/// AWS WAF: 99.95 %.
pub const WAF: Sla = Sla {
    fraction: 0.9995,
    covers: "AWS WAF SLA",
    source: "https://aws.amazon.com/waf/sla/ (AWS WAF SLA, last updated May 5, 2022)",
};

/// KMS: 99.999 %.
pub const KMS: Sla = Sla {
    fraction: 0.99999,
    covers: "KMS SLA",
    source: "https://aws.amazon.com/kms/sla/ (KMS SLA, last updated November 29, 2022)",
};

/// Secrets Manager: 99.9 %.
pub const SECRETS_MANAGER: Sla = Sla {
    fraction: 0.999,
    covers: "Secrets Manager SLA",
    source: "https://aws.amazon.com/secrets-manager/sla/ (99.9 %, as listed by cloudonaut.io/aws-sla-are-you-able-to-keep-your-availability-promise, Jan 31, 2019)",
};

/// 1 − (1 − a)ⁿ.
pub fn parallel(availability: f64, copies: u32) -> f64 {
    1.0 - (1.0 - availability).powi(copies as i32)
}

/// The product of the parts.
pub fn series(parts: &[f64]) -> f64 {
    parts.iter().product()
}

/// Instances spread over `min(instances, azs)` AZs.
pub fn spread(instances: u32, azs: u32) -> (f64, String, Vec<String>) {
    let zones = instances.max(1).min(azs.max(1));
    if zones < 2 {
        return (
            EC2_INSTANCE.fraction,
            format!("{} instance(s) in one AZ: the Instance-Level SLA", instances),
            vec![EC2_INSTANCE.source.into()],
        );
    }
    let fraction = parallel(EC2_INSTANCE.fraction, zones).min(EC2_REGION.fraction);
    (
        fraction,
        format!("{instances} instances in {zones} AZs: 1 − (1 − 0.995)^{zones}, capped at the Region-Level 99.99 %"),
        vec![EC2_INSTANCE.source.into(), EC2_REGION.source.into()],
    )
}

/// A figure that holds whatever the configuration.
pub fn fixed(s: Sla) -> (f64, String, Vec<String>) {
    (s.fraction, s.covers.to_string(), vec![s.source.to_string()])
}
