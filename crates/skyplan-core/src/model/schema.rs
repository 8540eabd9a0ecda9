//! The settings of each kind as form fields: what the properties panel
//! shows and which picker feeds each one.

use super::components::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Text,
    /// A whole number in a range.
    Integer { min: u32, max: u32 },
    /// A non-negative decimal amount.
    Amount,
    Bool,
    Choice(&'static [&'static str]),
    /// EC2 instance types offered in the region (from the catalog).
    InstanceType,
    /// RDS instance classes of the component's engine in the region.
    RdsClass,
    /// ElastiCache node types of the component's engine in the region.
    CacheNodeType,
    /// Structured settings (lists, maps) edited as JSON.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub input: Input,
    /// May be left out (the model's default applies).
    pub optional: bool,
}

const fn field(key: &'static str, label: &'static str, input: Input) -> Field {
    Field { key, label, input, optional: false }
}

const fn optional(key: &'static str, label: &'static str, input: Input) -> Field {
    Field { key, label, input, optional: true }
}

const COUNT: Input = Input::Integer { min: 0, max: 10_000 };

/// Every setting of `kind`, in the order the form shows them.
pub fn fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Vpc => const { &[
            field("cidr", "CIDR block", Input::Text),
            field("azs", "Availability zones", Input::Integer { min: 1, max: 6 }),
            field("public_subnets", "Public subnets", Input::Integer { min: 0, max: 24 }),
            field("private_subnets", "Private subnets", Input::Integer { min: 0, max: 24 }),
            field("nat_gateways", "NAT gateways", Input::Choice(&["per_az", "single", "none"])),
            optional("nat_data_processed_gb", "NAT data processed (GB/month)", Input::Amount),
        ] },
        Kind::Alb => const { &[
            field("scheme", "Scheme", Input::Choice(&["internet_facing", "internal"])),
            field("lcus", "Average LCUs", Input::Amount),
        ] },
        Kind::Asg => const { &[
            field("instance_type", "Instance type", Input::InstanceType),
            field("min", "Minimum", COUNT),
            field("desired", "Desired", COUNT),
            field("max", "Maximum", COUNT),
            field("root_volume_gb", "Root volume gp3 (GB)", Input::Integer { min: 1, max: 16384 }),
        ] },
        Kind::Eks => const { &[
            field("kubernetes_version", "Kubernetes version", Input::Text),
            field("node_groups", "Node groups", Input::Json),
        ] },
        Kind::Rds => const { &[
            field("engine", "Engine", Input::Choice(&["postgres", "mysql", "mariadb"])),
            field("engine_version", "Engine version", Input::Text),
            field("instance_class", "Instance class", Input::RdsClass),
            field("multi_az", "Multi-AZ", Input::Bool),
            field("storage_type", "Storage type", Input::Choice(&["gp3", "gp2", "io1"])),
            field("storage_gb", "Storage (GB)", Input::Integer { min: 20, max: 65536 }),
            optional("iops", "Provisioned IOPS", Input::Integer { min: 1000, max: 256_000 }),
            field("backup_retention_days", "Backup retention (days)", Input::Integer { min: 0, max: 35 }),
            optional("backup_daily_change_percent", "Daily change for backups (%)", Input::Amount),
            optional("read_replicas", "Read replicas", Input::Integer { min: 0, max: 15 }),
        ] },
        Kind::Elasticache => const { &[
            field("engine", "Engine", Input::Choice(&["redis", "valkey", "memcached"])),
            field("node_type", "Node type", Input::CacheNodeType),
            field("nodes", "Nodes", Input::Integer { min: 1, max: 500 }),
            optional("encryption_at_rest", "Encryption at rest", Input::Bool),
            optional("encryption_in_transit", "Encryption in transit", Input::Bool),
        ] },
        Kind::S3 => const { &[
            field("bucket", "Bucket name", Input::Text),
            optional("versioning", "Versioning", Input::Bool),
            field("encryption", "Encryption", Input::Choice(&["sse_s3", "sse_kms"])),
            optional("storage_gb", "Stored GB by class", Input::Json),
            optional("monthly_ingest_gb", "Written per month (GB)", Input::Amount),
            optional("average_object_mb", "Average object size (MB)", Input::Amount),
            optional("write_requests", "PUT/LIST requests per month", Input::Amount),
            optional("read_requests", "GET requests per month", Input::Amount),
            optional("lifecycle", "Lifecycle", Input::Json),
        ] },
        Kind::Cloudfront => const { &[
            optional("origins", "Origins (component ids)", Input::Json),
            optional("data_out_gb", "Data out (GB/month) by geography", Input::Json),
            optional("https_requests", "HTTPS requests by geography", Input::Json),
            optional("http_requests", "HTTP requests by geography", Input::Json),
        ] },
        Kind::Waf => const { &[
            field("scope", "Scope", Input::Choice(&["cloudfront", "regional"])),
            field("rules", "Rules", Input::Json),
            field("requests_millions", "Requests (millions/month)", Input::Amount),
        ] },
        Kind::Cloudwatch => const { &[
            optional("alarms", "Alarms", Input::Json),
            optional("custom_metrics", "Custom metrics", COUNT),
            optional("dashboards", "Dashboards", COUNT),
            optional("log_ingest_gb", "Logs ingested (GB/month)", Input::Amount),
            optional("log_storage_gb", "Logs stored (GB)", Input::Amount),
        ] },
        Kind::Kms => const { &[field("keys", "Keys", COUNT), optional("requests", "Requests per month", Input::Amount)] },
        Kind::Secrets => const { &[field("secrets", "Secrets", COUNT), optional("requests", "API requests per month", Input::Amount)] },
        Kind::DataTransfer => const { &[
            optional("internet_out_gb", "Internet egress (GB/month)", Input::Amount),
            optional("inter_az_gb", "Inter-AZ (GB/month)", Input::Amount),
            optional("inter_region_gb", "Inter-region (GB/month)", Input::Amount),
        ] },
    }
}

/// The port a new connection to a component of this kind usually uses.
pub fn default_port(kind: Kind, engine: Option<&str>) -> u16 {
    match (kind, engine) {
        (Kind::Rds, Some("mysql" | "mariadb")) => 3306,
        (Kind::Rds, _) => 5432,
        (Kind::Elasticache, Some("memcached")) => 11211,
        (Kind::Elasticache, _) => 6379,
        (Kind::Asg | Kind::Eks, _) => 8080,
        _ => 443,
    }
}
