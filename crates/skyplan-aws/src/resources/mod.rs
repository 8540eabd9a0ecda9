//! One module per AWS service: how each resource type is created, read,
//! found without a state, updated and deleted.
//!
//! **Finding a resource without a state** (crash recovery):
//! - taggable resources are created with their tags in the create call
//!   itself (EC2 `TagSpecifications`, `Tags` parameters), so an object that
//!   exists always carries `skyplan:address`, and is found with a tag filter
//!   (EC2, ELBv2, Auto Scaling) or by its unique name (IAM roles, instance
//!   profiles, EKS clusters and node groups, RDS and ElastiCache identifiers,
//!   KMS aliases, secrets, SNS topics, alarms, launch templates), whose tags
//!   are then checked to be this plan's: a same-named object of another plan
//!   is an error, never adopted;
//! - S3 buckets take tags only after creation (`PutBucketTagging`): a
//!   bucket is found by its globally unique name (`HeadBucket` succeeds only
//!   for a bucket this account owns) and its tags are observed and set again;
//! - what AWS cannot tag (routes, route table associations, policy
//!   attachments, inline policies, scaling policies, scheduled actions, a
//!   bucket's configurations) is found through the resource it belongs to,
//!   by its content (a route by destination, an association by subnet, an
//!   attachment by policy ARN) or its name within that parent.
//!
//! Finding changes nothing (`plan` is read-only): a two-step create cut
//! short (an internet gateway not yet attached, an instance profile without
//! its role, a bucket not yet tagged) reads back with that part missing, and
//! the plan shows the update that completes it.

pub mod compute;
pub mod data;
pub mod dynamodb;
pub mod ec2;
pub mod iam;
pub mod storage;

use crate::desired::DesiredResource;
use crate::error::{from_sdk, AwsError};
use crate::state::ResourceState;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Clients and the identity resources are created with.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub region: String,
    pub account_id: String,
    pub partition: String,
    pub ec2: aws_sdk_ec2::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    pub autoscaling: aws_sdk_autoscaling::Client,
    pub eks: aws_sdk_eks::Client,
    pub iam: aws_sdk_iam::Client,
    pub rds: aws_sdk_rds::Client,
    pub elasticache: aws_sdk_elasticache::Client,
    pub s3: aws_sdk_s3::Client,
    pub kms: aws_sdk_kms::Client,
    pub secrets: aws_sdk_secretsmanager::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub sns: aws_sdk_sns::Client,
    pub ssm: aws_sdk_ssm::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    /// Destroy may turn off a database's deletion protection to delete it
    /// (`--disable-deletion-protection`); otherwise such a delete fails.
    pub disable_deletion_protection: bool,
}

impl Ctx {
    /// Clients from the standard credential chain (environment, shared
    /// config and credentials files with profiles and SSO, container and
    /// instance roles). aws-config reads `AWS_ENDPOINT_URL` and
    /// `AWS_ENDPOINT_URL_<SERVICE>` itself (the SDKs' "service-specific
    /// endpoints" setting:
    /// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html>).
    /// Throttling and transient errors are retried by the SDK's standard
    /// retry mode, here with up to 8 attempts (default 3) and exponential
    /// backoff with jitter
    /// (<https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>).
    pub async fn connect(region: &str) -> Result<Ctx, AwsError> {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region.to_string()));
        // AWS_MAX_ATTEMPTS (or max_attempts in the profile), when set, wins.
        if std::env::var_os("AWS_MAX_ATTEMPTS").is_none() {
            loader = loader
                .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(8));
        }
        let config = loader.load().await;
        // Against an S3 endpoint override (moto, LocalStack, MinIO) buckets
        // are addressed in the path: a virtual host `<bucket>.127.0.0.1`
        // does not resolve.
        let path_style = std::env::var_os("AWS_ENDPOINT_URL").is_some()
            || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config)
                .force_path_style(path_style)
                .build(),
        );
        let sts = aws_sdk_sts::Client::new(&config);
        let identity = sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| from_sdk("sts:GetCallerIdentity", e))?;
        let account_id = identity.account().unwrap_or_default().to_string();
        let partition = identity
            .arn()
            .and_then(|arn| arn.split(':').nth(1))
            .filter(|p| !p.is_empty())
            .unwrap_or("aws")
            .to_string();
        Ok(Ctx {
            region: region.to_string(),
            account_id,
            partition,
            ec2: aws_sdk_ec2::Client::new(&config),
            elb: aws_sdk_elasticloadbalancingv2::Client::new(&config),
            autoscaling: aws_sdk_autoscaling::Client::new(&config),
            eks: aws_sdk_eks::Client::new(&config),
            iam: aws_sdk_iam::Client::new(&config),
            rds: aws_sdk_rds::Client::new(&config),
            elasticache: aws_sdk_elasticache::Client::new(&config),
            s3,
            kms: aws_sdk_kms::Client::new(&config),
            secrets: aws_sdk_secretsmanager::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            sns: aws_sdk_sns::Client::new(&config),
            ssm: aws_sdk_ssm::Client::new(&config),
            dynamodb: aws_sdk_dynamodb::Client::new(&config),
            disable_deletion_protection: false,
        })
    }
}

/// A resource as it exists.
#[derive(Debug, Clone, PartialEq)]
pub struct Live {
    pub id: String,
    /// Attributes other resources refer to (`arn`, `name`, …), `id` aside.
    pub attributes: BTreeMap<String, String>,
    /// The properties the API returns, in the bundle's form (references as
    /// the ids they resolve to). Only these are compared for drift.
    pub observed: Map<String, Value>,
}

impl Live {
    pub fn new(id: impl Into<String>) -> Live {
        Live {
            id: id.into(),
            attributes: BTreeMap::new(),
            observed: Map::new(),
        }
    }

    pub fn attr(mut self, name: &str, value: impl Into<String>) -> Live {
        self.attributes.insert(name.to_string(), value.into());
        self
    }

    pub fn observe(mut self, field: &str, value: impl Into<Value>) -> Live {
        self.observed.insert(field.to_string(), value.into());
        self
    }

    pub fn attributes_with_id(&self) -> BTreeMap<String, String> {
        let mut all = self.attributes.clone();
        all.insert("id".into(), self.id.clone());
        all
    }

    pub fn to_state(&self, kind: &str, props: &Value, resource: &DesiredResource) -> ResourceState {
        ResourceState {
            kind: kind.to_string(),
            id: self.id.clone(),
            attributes: self.attributes.clone(),
            properties: props.clone(),
            depends_on: resource.depends_on.clone(),
        }
    }
}

/// The resource types this engine applies.
pub const SUPPORTED: &[&str] = &[
    "aws_vpc",
    "aws_subnet",
    "aws_internet_gateway",
    "aws_eip",
    "aws_nat_gateway",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_vpc_endpoint",
    "aws_security_group",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_lb",
    "aws_lb_target_group",
    "aws_lb_listener",
    "aws_iam_role",
    "aws_iam_role_policy_attachment",
    "aws_iam_role_policy",
    "aws_iam_instance_profile",
    "aws_launch_template",
    "aws_autoscaling_group",
    "aws_autoscaling_policy",
    "aws_autoscaling_schedule",
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_kms_key",
    "aws_kms_alias",
    "aws_secretsmanager_secret",
    "aws_db_subnet_group",
    "aws_db_parameter_group",
    "aws_db_instance",
    "aws_elasticache_subnet_group",
    "aws_elasticache_replication_group",
    "aws_elasticache_cluster",
    "aws_s3_bucket",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_policy",
    "aws_sns_topic",
    "aws_cloudwatch_metric_alarm",
    dynamodb::TYPE,
];

pub fn supported(kind: &str) -> bool {
    SUPPORTED.contains(&kind)
}

/// Whether a changed `field` of `kind` is updated in place (else the
/// resource is replaced).
pub fn updatable(kind: &str, field: &str) -> bool {
    let fields: &[&str] = match kind {
        dynamodb::TYPE => dynamodb::UPDATABLE,
        "aws_vpc" => &["enable_dns_support", "enable_dns_hostnames"],
        "aws_subnet" => &["map_public_ip_on_launch"],
        "aws_internet_gateway" => &["vpc_id"],
        "aws_iam_instance_profile" => &["role"],
        "aws_security_group_rule"
        | "aws_vpc_security_group_ingress_rule"
        | "aws_vpc_security_group_egress_rule" => &["description"],
        "aws_lb" => &[
            "security_groups",
            "subnets",
            "drop_invalid_header_fields",
            "enable_deletion_protection",
        ],
        "aws_lb_target_group" => &["deregistration_delay_seconds", "health_check"],
        "aws_lb_listener" => &[
            "port",
            "protocol",
            "ssl_policy",
            "certificate_arn",
            "default_action",
        ],
        "aws_iam_role" => &["assume_role_actions", "assumed_by_service"],
        "aws_iam_role_policy" => &["statements"],
        "aws_launch_template" => &[
            "image_id",
            "instance_type",
            "ebs_optimized",
            "iam_instance_profile",
            "associate_public_ip_address",
            "security_group_ids",
            "metadata_options",
            "detailed_monitoring",
            "root_volume",
            "instance_tags",
        ],
        "aws_autoscaling_group" => &[
            "min_size",
            "max_size",
            "vpc_zone_identifier",
            "target_group_arns",
            "health_check_type",
            "health_check_grace_period_seconds",
            "launch_template_id",
            "instance_refresh_min_healthy_percentage",
            "propagated_tags",
        ],
        "aws_autoscaling_policy" => &[
            "policy_type",
            "predefined_metric_type",
            "resource_label",
            "target_value",
        ],
        "aws_autoscaling_schedule" => &[
            "recurrence",
            "time_zone",
            "min_size",
            "max_size",
            "desired_capacity",
        ],
        "aws_eks_cluster" => &[
            "version",
            "endpoint_private_access",
            "endpoint_public_access",
            "enabled_cluster_log_types",
        ],
        "aws_eks_node_group" => &["min_size", "max_size", "max_unavailable", "labels"],
        "aws_kms_key" => &["description", "enable_key_rotation", "policy"],
        "aws_kms_alias" => &["target_key_id"],
        "aws_secretsmanager_secret" => &["description", "kms_key_id"],
        "aws_db_subnet_group" => &["subnet_ids"],
        "aws_db_parameter_group" => &["parameters", "apply_method"],
        "aws_db_instance" => &[
            "instance_class",
            "allocated_storage_gb",
            "storage_type",
            "iops",
            "multi_az",
            "vpc_security_group_ids",
            "parameter_group_name",
            "backup_retention_period_days",
            "backup_window",
            "maintenance_window",
            "copy_tags_to_snapshot",
            "auto_minor_version_upgrade",
            "deletion_protection",
            "final_snapshot_identifier",
            "engine_version",
            "performance_insights_enabled",
            "monitoring_interval_seconds",
            "enabled_cloudwatch_logs_exports",
            "iam_database_authentication_enabled",
        ],
        "aws_elasticache_subnet_group" => &["subnet_ids"],
        "aws_elasticache_replication_group" => &[
            "description",
            "node_type",
            "engine_version",
            "security_group_ids",
            "snapshot_retention_limit_days",
            "snapshot_window",
            "maintenance_window",
            "auto_minor_version_upgrade",
            "automatic_failover_enabled",
            "multi_az_enabled",
        ],
        "aws_elasticache_cluster" => &["node_type", "num_cache_nodes", "security_group_ids"],
        "aws_s3_bucket_public_access_block" => &[
            "block_public_acls",
            "block_public_policy",
            "ignore_public_acls",
            "restrict_public_buckets",
        ],
        "aws_s3_bucket_ownership_controls" => &["object_ownership"],
        "aws_s3_bucket_versioning" => &["status"],
        "aws_s3_bucket_server_side_encryption_configuration" => {
            &["sse_algorithm", "kms_master_key_id", "bucket_key_enabled"]
        }
        "aws_s3_bucket_lifecycle_configuration" => &["rules"],
        "aws_s3_bucket_policy" => &["deny_insecure_transport", "cloudfront_readers"],
        "aws_sns_topic" => &["kms_master_key_id"],
        "aws_cloudwatch_metric_alarm" => &[
            "alarm_description",
            "namespace",
            "metric_name",
            "dimensions",
            "statistic",
            "period_seconds",
            "evaluation_periods",
            "threshold",
            "comparison_operator",
            "treat_missing_data",
            "alarm_actions",
            "ok_actions",
        ],
        _ => &[],
    };
    fields.contains(&field) || field == "tags"
}

/// Fields set at creation only that AWS or the workload moves afterwards:
/// never compared (as Terraform's modules `ignore_changes` them).
pub fn ignored_after_create(kind: &str, field: &str) -> bool {
    if kind == dynamodb::TYPE {
        return dynamodb::IGNORED_AFTER_CREATE.contains(&field);
    }
    matches!(
        (kind, field),
        ("aws_autoscaling_group", "desired_capacity")
            | ("aws_eks_node_group", "desired_size")
            | ("aws_secretsmanager_secret", "generated_value")
            | ("aws_secretsmanager_secret", "recovery_window_in_days")
            | ("aws_kms_key", "deletion_window_in_days")
            | ("aws_db_instance", "final_snapshot_identifier")
    )
}

// ------------------------------------------------------------- dispatch

pub async fn create(ctx: &Ctx, r: &DesiredResource, props: &Value) -> Result<Live, AwsError> {
    let p = Props::new(&r.address, props);
    match r.kind.as_str() {
        k if ec2::handles(k) => ec2::create(ctx, r, &p).await,
        k if iam::handles(k) => iam::create(ctx, r, &p).await,
        k if compute::handles(k) => compute::create(ctx, r, &p).await,
        k if data::handles(k) => data::create(ctx, r, &p).await,
        k if storage::handles(k) => storage::create(ctx, r, &p).await,
        k if dynamodb::handles(k) => dynamodb::create(ctx, r, props).await,
        other => Err(unsupported(other)),
    }
}

pub async fn read(
    ctx: &Ctx,
    r: &DesiredResource,
    rs: &ResourceState,
) -> Result<Option<Live>, AwsError> {
    let result = match r.kind.as_str() {
        k if ec2::handles(k) => ec2::read(ctx, r, rs).await,
        k if iam::handles(k) => iam::read(ctx, r, rs).await,
        k if compute::handles(k) => compute::read(ctx, r, rs).await,
        k if data::handles(k) => data::read(ctx, r, rs).await,
        k if storage::handles(k) => storage::read(ctx, r, rs).await,
        k if dynamodb::handles(k) => dynamodb::read(ctx, r, rs).await,
        other => Err(unsupported(other)),
    };
    match result {
        Err(e) if e.is_not_found() => Ok(None),
        other => other,
    }
}

pub async fn find(ctx: &Ctx, r: &DesiredResource, props: &Value) -> Result<Option<Live>, AwsError> {
    let p = Props::new(&r.address, props);
    let result = match r.kind.as_str() {
        k if ec2::handles(k) => ec2::find(ctx, r, &p).await,
        k if iam::handles(k) => iam::find(ctx, r, &p).await,
        k if compute::handles(k) => compute::find(ctx, r, &p).await,
        k if data::handles(k) => data::find(ctx, r, &p).await,
        k if storage::handles(k) => storage::find(ctx, r, &p).await,
        k if dynamodb::handles(k) => dynamodb::find(ctx, r, props).await,
        other => Err(unsupported(other)),
    };
    match result {
        Err(e) if e.is_not_found() => Ok(None),
        other => other,
    }
}

pub async fn update(
    ctx: &Ctx,
    r: &DesiredResource,
    live: &Live,
    props: &Value,
    fields: &[&str],
) -> Result<Live, AwsError> {
    let p = Props::new(&r.address, props);
    match r.kind.as_str() {
        k if ec2::handles(k) => ec2::update(ctx, r, live, &p, fields).await,
        k if iam::handles(k) => iam::update(ctx, r, live, &p, fields).await,
        k if compute::handles(k) => compute::update(ctx, r, live, &p, fields).await,
        k if data::handles(k) => data::update(ctx, r, live, &p, fields).await,
        k if storage::handles(k) => storage::update(ctx, r, live, &p, fields).await,
        k if dynamodb::handles(k) => dynamodb::update(ctx, r, live, props, fields).await,
        other => Err(unsupported(other)),
    }
}

pub async fn delete(ctx: &Ctx, kind: &str, rs: &ResourceState) -> Result<(), AwsError> {
    let p = Props::new("(state)", &rs.properties);
    let result = match kind {
        k if ec2::handles(k) => ec2::delete(ctx, k, rs, &p).await,
        k if iam::handles(k) => iam::delete(ctx, k, rs, &p).await,
        k if compute::handles(k) => compute::delete(ctx, k, rs, &p).await,
        k if data::handles(k) => data::delete(ctx, k, rs, &p).await,
        k if storage::handles(k) => storage::delete(ctx, k, rs, &p).await,
        k if dynamodb::handles(k) => dynamodb::delete(ctx, rs).await,
        other => Err(unsupported(other)),
    };
    match result {
        // Already gone is what a delete wants.
        Err(e) if e.is_not_found() => Ok(()),
        other => other,
    }
}

fn unsupported(kind: &str) -> AwsError {
    AwsError::new(
        "skyplan",
        None,
        format!("resource type {kind} is not supported by this engine"),
    )
}

/// An SSM parameter's value (public AMI parameters).
pub async fn ssm_parameter(ctx: &Ctx, name: &str) -> Result<String, AwsError> {
    let out = ctx
        .ssm
        .get_parameter()
        .name(name)
        .send()
        .await
        .map_err(|e| from_sdk("ssm:GetParameter", e))?;
    out.parameter()
        .and_then(|p| p.value())
        .map(str::to_string)
        .ok_or_else(|| {
            AwsError::new(
                "ssm:GetParameter",
                None,
                format!("parameter {name} has no value"),
            )
        })
}

// ------------------------------------------------------------- property access

/// Typed access to a resource's resolved JSON properties; a missing or
/// mistyped field (a bundle this engine does not understand) names it.
pub struct Props<'a> {
    address: &'a str,
    value: &'a Value,
}

impl<'a> Props<'a> {
    pub fn new(address: &'a str, value: &'a Value) -> Props<'a> {
        Props { address, value }
    }

    fn bad(&self, field: &str, expected: &str) -> AwsError {
        AwsError::new(
            "skyplan:read-bundle",
            None,
            format!(
                "{}: property {field} is missing or not {expected}",
                self.address
            ),
        )
    }

    pub fn get(&self, field: &str) -> Option<&'a Value> {
        self.value.get(field).filter(|v| !v.is_null())
    }

    pub fn raw(&self) -> &'a Value {
        self.value
    }

    pub fn str(&self, field: &str) -> Result<&'a str, AwsError> {
        self.get(field)
            .and_then(Value::as_str)
            .ok_or_else(|| self.bad(field, "a string"))
    }

    pub fn opt_str(&self, field: &str) -> Option<&'a str> {
        self.get(field).and_then(Value::as_str)
    }

    pub fn bool(&self, field: &str) -> Result<bool, AwsError> {
        self.get(field)
            .and_then(Value::as_bool)
            .ok_or_else(|| self.bad(field, "a boolean"))
    }

    pub fn opt_bool(&self, field: &str) -> Option<bool> {
        self.get(field).and_then(Value::as_bool)
    }

    pub fn int(&self, field: &str) -> Result<i32, AwsError> {
        self.get(field)
            .and_then(Value::as_i64)
            .map(|n| n as i32)
            .ok_or_else(|| self.bad(field, "a number"))
    }

    pub fn opt_int(&self, field: &str) -> Option<i32> {
        self.get(field).and_then(Value::as_i64).map(|n| n as i32)
    }

    pub fn strs(&self, field: &str) -> Result<Vec<String>, AwsError> {
        match self.get(field) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| self.bad(field, "a list of strings"))
                })
                .collect(),
            Some(_) => Err(self.bad(field, "a list of strings")),
        }
    }

    pub fn map(&self, field: &str) -> BTreeMap<String, String> {
        self.get(field)
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn sub(&self, field: &str) -> Result<Props<'a>, AwsError> {
        self.get(field)
            .filter(|v| v.is_object())
            .map(|v| Props {
                address: self.address,
                value: v,
            })
            .ok_or_else(|| self.bad(field, "an object"))
    }
}

/// A list of strings as a JSON value (observed properties).
pub fn json_strs<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Value {
    Value::Array(items.into_iter().map(|s| Value::String(s.into())).collect())
}

/// Sorted, for properties AWS returns in no particular order.
pub fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items
}

/// Checks that an object found by name belongs to this resource: its
/// `skyplan:address` tag must be the resource's (a same-named object of
/// another plan or made by hand is never adopted).
pub fn check_owner(
    r: &DesiredResource,
    found_name: &str,
    tags: &BTreeMap<String, String>,
) -> Result<(), AwsError> {
    let want_plan = r.tags.get("skyplan:plan-id");
    let want_address = r.tags.get("skyplan:address");
    if want_plan.is_none() {
        return Ok(());
    }
    if tags.get("skyplan:plan-id") == want_plan && tags.get("skyplan:address") == want_address {
        return Ok(());
    }
    Err(AwsError::new(
        "skyplan:adopt",
        Some("NameTaken"),
        format!(
            "{found_name} exists but is not {} of plan {} (its tags say address {:?}, plan {:?}): rename it or delete it",
            r.address,
            want_plan.map(String::as_str).unwrap_or_default(),
            tags.get("skyplan:address"),
            tags.get("skyplan:plan-id")
        ),
    ))
}
