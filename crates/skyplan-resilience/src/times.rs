//! The time constants of recovery, each with its source. Design choices the
//! plan can change (DNS TTL, backup interval, restore throughput, the time
//! to decide to fail over) live in the plan's `resilience` block
//! ([`skyplan_core::model::resilience::Resilience`]); what is here is AWS
//! behaviour, or an assumption said to be one.

/// Route 53 health-check failover detection: a 30-second request interval
/// (the default: "If you don't specify a value for RequestInterval, the
/// default value is 30 seconds",
/// <https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html>)
/// times a failure threshold of 3 consecutive failed checks (the default of
/// the console and CloudFormation examples,
/// <https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html>).
pub const DETECTION_SECONDS: u64 = 30 * 3;

/// RDS Multi-AZ failover: "Failover times are typically 60–120 seconds"
/// (<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html>);
/// the upper end is used.
pub const RDS_MULTI_AZ_FAILOVER_SECONDS: u64 = 120;

/// Promoting a cross-region read replica: "RDS reboots the DB instance
/// before making it available. The promotion process can take several
/// minutes or longer to complete, depending on the size of the read replica"
/// (<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html>).
/// "Several minutes" taken as 10.
pub const RDS_PROMOTE_SECONDS: u64 = 10 * 60;

/// Creating the DB instance of a restore before any data is loaded.
/// Assumption: AWS publishes no figure; 20 minutes, longer than a promotion
/// ([`RDS_PROMOTE_SECONDS`]) because it creates the instance and its volumes
/// as well as starting them. The data itself then takes the plan's
/// `restore_gb_per_hour`.
pub const RDS_RESTORE_BASE_SECONDS: u64 = 20 * 60;

/// Point-in-time recovery inside the region: RDS uploads the transaction
/// logs every 5 minutes, so the latest restorable time is typically 5
/// minutes old ("RDS uploads transaction logs for DB instances to Amazon S3
/// every 5 minutes",
/// <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html>).
pub const RDS_PITR_SECONDS: u64 = 5 * 60;

/// Lag of a cross-region RDS read replica. Replication is asynchronous and
/// AWS states no bound (the `ReplicaLag` CloudWatch metric reports it,
/// <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html>).
/// Assumption: 60 seconds; alarm on `ReplicaLag` to keep it there.
pub const RDS_REPLICA_LAG_SECONDS: u64 = 60;

/// S3 Cross-Region Replication with Replication Time Control: "S3 RTC
/// replicates most objects that you upload to Amazon S3 in seconds, and
/// 99.99 percent of those objects within 15 minutes"
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html>).
pub const S3_RTC_SECONDS: u64 = 15 * 60;

/// Creating an EKS control plane: "EKS cluster control plane provisioning
/// time currently averages 15 minutes" (AWS containers roadmap,
/// <https://github.com/aws/containers-roadmap/issues/1227>).
pub const EKS_CREATE_SECONDS: u64 = 15 * 60;

/// Creating the rest of the network and load balancer from infrastructure
/// code (VPC, subnets, NAT gateways, ALB). Assumption: 5 minutes; AWS gives
/// no figure, a load balancer is "provisioning" for a few minutes.
pub const NETWORK_CREATE_SECONDS: u64 = 5 * 60;

/// Creating an ElastiCache node (a pilot light creates its cache at
/// failover; a single-node cache is replaced after an AZ loss). Assumption:
/// 10 minutes; AWS gives no figure.
pub const ELASTICACHE_CREATE_SECONDS: u64 = 10 * 60;

/// ElastiCache Multi-AZ failover to a replica. AWS gives no figure ("if
/// Multi-AZ is enabled, the downtime is minimized",
/// <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html>).
/// Assumption: 60 seconds, as the RDS Multi-AZ range's lower end.
pub const ELASTICACHE_FAILOVER_SECONDS: u64 = 60;

/// Minutes until an Auto Scaling group starts replacing the instances of a
/// lost AZ: the ALB target group's default health check (interval 30
/// seconds, unhealthy threshold 2) marks them unhealthy after a minute
/// (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html>).
pub const REPLACE_AFTER_MINUTES: u32 = 1;

/// When the failure scenarios strike: Tuesday 10:00 UTC, minute 2,040 of
/// the simulated week, in the weekday peak of every traffic shape but the
/// evening one: a failure at the busiest time is the one to plan for.
pub const FAILURE_MINUTE: u32 = 1440 + 10 * 60;

/// Minutes of traffic observed after an AZ loss, and after the traffic
/// reaches the DR region.
pub const OBSERVED_MINUTES: u32 = 240;
