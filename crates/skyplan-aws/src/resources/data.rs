//! KMS keys and aliases, Secrets Manager secrets, RDS subnet groups,
//! parameter groups and instances, ElastiCache subnet groups, replication
//! groups and clusters, SNS topics, CloudWatch alarms.
//!
//! KMS keys have no unique name: they are found by their `skyplan:address`
//! tag (set in `CreateKey` itself) among the account's keys. Everything
//! else here is found by its unique name and its tags checked. Deleting a
//! KMS key schedules it for deletion after the bundle's window (7–30 days,
//! as AWS requires) and deleting a secret keeps it for its recovery window;
//! both count as gone from then on (AWS lists them until the window ends).

use super::shared::{check_owner, json_strs, not_updatable, sorted, Ctx, Live, Props, TypeRules};
use crate::desired::DesiredResource;
use skyplan_bundle::resources as planned;
use crate::error::{sdk, AwsError};
use crate::state::ResourceState;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The types this module applies: the fields each changes in place (any
/// other change replaces it) and those set at creation that AWS or the
/// workload moves afterwards, never compared (as the Terraform modules'
/// `ignore_changes`).
pub(super) const TYPES: &[TypeRules] = &[
    TypeRules { name: "aws_kms_key", updatable: &["description", "enable_key_rotation", "policy"], ignored_after_create: &["deletion_window_in_days"] },
    TypeRules { name: "aws_kms_alias", updatable: &["target_key_id"], ignored_after_create: &[] },
    TypeRules { name: "aws_secretsmanager_secret", updatable: &["description", "kms_key_id"], ignored_after_create: &["generated_value", "recovery_window_in_days"] },
    TypeRules { name: "aws_db_subnet_group", updatable: &["subnet_ids"], ignored_after_create: &[] },
    TypeRules { name: "aws_db_parameter_group", updatable: &["parameters", "apply_method"], ignored_after_create: &[] },
    TypeRules { name: "aws_db_instance", updatable: &["instance_class", "allocated_storage_gb", "storage_type", "iops", "multi_az", "vpc_security_group_ids", "parameter_group_name", "backup_retention_period_days", "backup_window", "maintenance_window", "copy_tags_to_snapshot", "auto_minor_version_upgrade", "deletion_protection", "final_snapshot_identifier", "engine_version", "performance_insights_enabled", "monitoring_interval_seconds", "enabled_cloudwatch_logs_exports", "iam_database_authentication_enabled"], ignored_after_create: &["final_snapshot_identifier"] },
    TypeRules { name: "aws_elasticache_subnet_group", updatable: &["subnet_ids"], ignored_after_create: &[] },
    TypeRules { name: "aws_elasticache_replication_group", updatable: &["description", "node_type", "engine_version", "security_group_ids", "snapshot_retention_limit_days", "snapshot_window", "maintenance_window", "auto_minor_version_upgrade", "automatic_failover_enabled", "multi_az_enabled"], ignored_after_create: &[] },
    TypeRules { name: "aws_elasticache_cluster", updatable: &["node_type", "num_cache_nodes", "security_group_ids"], ignored_after_create: &[] },
    TypeRules { name: "aws_sns_topic", updatable: &["kms_master_key_id"], ignored_after_create: &[] },
    TypeRules { name: "aws_cloudwatch_metric_alarm", updatable: &["alarm_description", "namespace", "metric_name", "dimensions", "statistic", "period_seconds", "evaluation_periods", "threshold", "comparison_operator", "treat_missing_data", "alarm_actions", "ok_actions"], ignored_after_create: &[] },
];

pub fn handles(kind: &str) -> bool {
    TYPES.iter().any(|t| t.name == kind)
}

/// RDS Multi-AZ instances and ElastiCache groups take 10–40 minutes to
/// create (<https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CreateDBInstance.html>
/// lists no bound; Terraform's default create timeout for aws_db_instance is
/// 40 minutes): the wait allows an hour.
const DATA_WAIT: Duration = Duration::from_secs(60 * 60);

/// A count or size as the SDKs take it.
fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn err(action: &str, code: &str, message: impl Into<String>) -> AwsError {
    AwsError::new(action, Some(code), message)
}

// ------------------------------------------------------------- KMS

/// The key policy statements named by the bundle, rendered for this account
/// (AWS's default key policy,
/// <https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html>;
/// CloudWatch Logs, <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html>;
/// alarms publishing to encrypted topics,
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html>).
fn key_policy(ctx: &Ctx, key: &planned::KmsKey) -> String {
    use planned::KeyPolicyStatement;
    let (partition, account, region) = (&ctx.partition, &ctx.account_id, &ctx.region);
    let statements: Vec<Value> = key
        .policy
        .iter()
        .map(|statement| match statement {
            KeyPolicyStatement::AccountAdministersThroughIam => json!({
                "Sid": "EnableIamUserPermissions", "Effect": "Allow",
                "Principal": { "AWS": format!("arn:{partition}:iam::{account}:root") }, "Action": "kms:*", "Resource": "*"
            }),
            KeyPolicyStatement::CloudWatchLogsEncrypts => json!({
                "Sid": "AllowCloudWatchLogs", "Effect": "Allow",
                "Principal": { "Service": format!("logs.{region}.amazonaws.com") },
                "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], "Resource": "*",
                "Condition": { "ArnLike": { "kms:EncryptionContext:aws:logs:arn": format!("arn:{partition}:logs:{region}:{account}:*") } }
            }),
            KeyPolicyStatement::CloudWatchAlarmsPublishToEncryptedTopics => json!({
                "Sid": "AllowCloudWatchAlarms", "Effect": "Allow",
                "Principal": { "Service": "cloudwatch.amazonaws.com" }, "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*"
            }),
        })
        .collect();
    json!({ "Version": "2012-10-17", "Statement": statements }).to_string()
}

async fn read_key(ctx: &Ctx, id: &str) -> Result<Option<Live>, AwsError> {
    let out = ctx
        .kms
        .describe_key()
        .key_id(id)
        .send()
        .await
        .map_err(sdk("kms:DescribeKey"))?;
    let Some(meta) = out.key_metadata() else {
        return Ok(None);
    };
    if matches!(
        meta.key_state().map(|s| s.as_str()),
        Some("PendingDeletion" | "PendingReplicaDeletion")
    ) {
        return Ok(None);
    }
    let rotation = ctx
        .kms
        .get_key_rotation_status()
        .key_id(id)
        .send()
        .await
        .map_err(sdk("kms:GetKeyRotationStatus"))?;
    Ok(Some(
        Live::new(meta.key_id())
            .attr("arn", meta.arn().unwrap_or_default())
            .observe("description", meta.description().unwrap_or_default())
            .observe("enable_key_rotation", rotation.key_rotation_enabled()),
    ))
}

async fn find_key(ctx: &Ctx, r: &DesiredResource) -> Result<Option<Live>, AwsError> {
    let Some(address) = r.tags.get("skyplan:address") else {
        return Ok(None);
    };
    let plan = r.tags.get("skyplan:plan-id");
    let mut marker = None;
    loop {
        let out = ctx
            .kms
            .list_keys()
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(sdk("kms:ListKeys"))?;
        for key in out.keys() {
            let Some(id) = key.key_id() else { continue };
            let tags = match ctx.kms.list_resource_tags().key_id(id).send().await {
                Ok(t) => t,
                // Keys of other services or accounts may not be readable.
                Err(_) => continue,
            };
            let found = |k: &str, v: Option<&String>| {
                tags.tags()
                    .iter()
                    .any(|t| t.tag_key() == k && Some(&t.tag_value().to_string()) == v)
            };
            if found("skyplan:address", Some(address)) && found("skyplan:plan-id", plan) {
                if let Some(live) = read_key(ctx, id).await? {
                    return Ok(Some(live));
                }
            }
        }
        marker = out.next_marker().map(str::to_string);
        if !out.truncated() || marker.is_none() {
            return Ok(None);
        }
    }
}

async fn read_alias(ctx: &Ctx, name: &str) -> Result<Option<Live>, AwsError> {
    let mut marker = None;
    loop {
        let out = ctx
            .kms
            .list_aliases()
            .set_marker(marker.clone())
            .send()
            .await
            .map_err(sdk("kms:ListAliases"))?;
        if let Some(alias) = out.aliases().iter().find(|a| a.alias_name() == Some(name)) {
            return Ok(Some(
                Live::new(name)
                    .attr("arn", alias.alias_arn().unwrap_or_default())
                    .attr("name", name)
                    .observe("target_key_id", alias.target_key_id().unwrap_or_default()),
            ));
        }
        marker = out.next_marker().map(str::to_string);
        if !out.truncated() || marker.is_none() {
            return Ok(None);
        }
    }
}

// ------------------------------------------------------------- Secrets Manager

async fn read_secret(
    ctx: &Ctx,
    id: &str,
) -> Result<Option<(Live, BTreeMap<String, String>)>, AwsError> {
    let out = ctx
        .secrets
        .describe_secret()
        .secret_id(id)
        .send()
        .await
        .map_err(sdk("secretsmanager:DescribeSecret"))?;
    if out.deleted_date().is_some() {
        return Ok(None);
    }
    let arn = out.arn().unwrap_or_default().to_string();
    let value = ctx
        .secrets
        .get_secret_value()
        .secret_id(&arn)
        .send()
        .await
        .map_err(sdk("secretsmanager:GetSecretValue"))?;
    let tags = out
        .tags()
        .iter()
        .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
        .collect();
    let live = Live::new(arn.clone())
        .attr("arn", arn)
        .attr("name", out.name().unwrap_or_default())
        .attr("secret_string", value.secret_string().unwrap_or_default())
        .observe("name", out.name().unwrap_or_default())
        .observe("description", out.description().unwrap_or_default());
    Ok(Some((live, tags)))
}

// ------------------------------------------------------------- RDS

fn rds_tags(tags: &BTreeMap<String, String>) -> Vec<aws_sdk_rds::types::Tag> {
    tags.iter()
        .map(|(k, v)| aws_sdk_rds::types::Tag::builder().key(k).value(v).build())
        .collect()
}

async fn rds_tags_of(ctx: &Ctx, arn: &str) -> Result<BTreeMap<String, String>, AwsError> {
    let out = ctx
        .rds
        .list_tags_for_resource()
        .resource_name(arn)
        .send()
        .await
        .map_err(sdk("rds:ListTagsForResource"))?;
    Ok(out
        .tag_list()
        .iter()
        .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
        .collect())
}

async fn read_db_subnet_group(ctx: &Ctx, name: &str) -> Result<Live, AwsError> {
    let out = ctx
        .rds
        .describe_db_subnet_groups()
        .db_subnet_group_name(name)
        .send()
        .await
        .map_err(sdk("rds:DescribeDBSubnetGroups"))?;
    let g = out.db_subnet_groups().first().ok_or_else(|| {
        err(
            "rds:DescribeDBSubnetGroups",
            "DBSubnetGroupNotFoundFault",
            name,
        )
    })?;
    let subnets: Vec<String> = g
        .subnets()
        .iter()
        .filter_map(|s| s.subnet_identifier().map(str::to_string))
        .collect();
    Ok(Live::new(name)
        .attr("name", name)
        .attr("arn", g.db_subnet_group_arn().unwrap_or_default())
        .observe("subnet_ids", json_strs(sorted(subnets))))
}

async fn read_parameter_group(ctx: &Ctx, name: &str) -> Result<Live, AwsError> {
    let out = ctx
        .rds
        .describe_db_parameter_groups()
        .db_parameter_group_name(name)
        .send()
        .await
        .map_err(sdk("rds:DescribeDBParameterGroups"))?;
    let g = out.db_parameter_groups().first().ok_or_else(|| {
        err(
            "rds:DescribeDBParameterGroups",
            "DBParameterGroupNotFound",
            name,
        )
    })?;
    Ok(Live::new(name)
        .attr("name", name)
        .attr("arn", g.db_parameter_group_arn().unwrap_or_default())
        .observe("family", g.db_parameter_group_family().unwrap_or_default()))
}

async fn set_parameters(ctx: &Ctx, name: &str, group: &planned::DbParameterGroup) -> Result<(), AwsError> {
    use aws_sdk_rds::types::{ApplyMethod, Parameter};
    let method = ApplyMethod::from(group.apply_method.as_str());
    let parameters: Vec<Parameter> = group
        .parameters
        .clone()
        .into_iter()
        .map(|(k, v)| {
            Parameter::builder()
                .parameter_name(k)
                .parameter_value(v)
                .apply_method(method.clone())
                .build()
        })
        .collect();
    if !parameters.is_empty() {
        ctx.rds
            .modify_db_parameter_group()
            .db_parameter_group_name(name)
            .set_parameters(Some(parameters))
            .send()
            .await
            .map_err(sdk("rds:ModifyDBParameterGroup"))?;
    }
    Ok(())
}

async fn describe_db(
    ctx: &Ctx,
    id: &str,
) -> Result<Option<aws_sdk_rds::types::DbInstance>, AwsError> {
    let out = ctx
        .rds
        .describe_db_instances()
        .db_instance_identifier(id)
        .send()
        .await
        .map_err(sdk("rds:DescribeDBInstances"))?;
    Ok(out.db_instances().first().cloned())
}

fn db_live(db: &aws_sdk_rds::types::DbInstance) -> Live {
    let id = db.db_instance_identifier().unwrap_or_default();
    let groups: Vec<String> = db
        .vpc_security_groups()
        .iter()
        .filter_map(|g| g.vpc_security_group_id().map(str::to_string))
        .collect();
    let mut live = Live::new(id)
        .attr("arn", db.db_instance_arn().unwrap_or_default())
        .attr("name", id)
        .observe("identifier", id)
        .observe("instance_class", db.db_instance_class().unwrap_or_default())
        .observe("multi_az", db.multi_az().unwrap_or_default())
        .observe("vpc_security_group_ids", json_strs(sorted(groups)));
    if let Some(endpoint) = db.endpoint().and_then(|e| e.address()) {
        live = live.attr("address", endpoint);
    }
    if let Some(storage) = db.allocated_storage() {
        live = live.observe("allocated_storage_gb", storage);
    }
    if let Some(days) = db.backup_retention_period() {
        live = live.observe("backup_retention_period_days", days);
    }
    live
}

async fn wait_db(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let started = Instant::now();
    loop {
        let db = describe_db(ctx, id)
            .await?
            .ok_or_else(|| err("rds:DescribeDBInstances", "DBInstanceNotFound", id))?;
        let status = db.db_instance_status().unwrap_or("available");
        if status == "available" {
            return Ok(db_live(&db));
        }
        if status == "failed" || status.starts_with("incompatible") {
            return Err(err(
                "rds:CreateDBInstance",
                "DBInstanceFailed",
                format!("{id} is {status}"),
            ));
        }
        if started.elapsed() > DATA_WAIT {
            return Err(err(
                "rds:DescribeDBInstances",
                "Timeout",
                format!("{id} still {status}"),
            ));
        }
        tokio::time::sleep(Duration::from_secs(15)).await;
    }
}

// ------------------------------------------------------------- ElastiCache

fn ec_tags(tags: &BTreeMap<String, String>) -> Vec<aws_sdk_elasticache::types::Tag> {
    tags.iter()
        .map(|(k, v)| {
            aws_sdk_elasticache::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
        })
        .collect()
}

async fn ec_tags_of(ctx: &Ctx, arn: &str) -> Result<BTreeMap<String, String>, AwsError> {
    let out = ctx
        .elasticache
        .list_tags_for_resource()
        .resource_name(arn)
        .send()
        .await
        .map_err(sdk("elasticache:ListTagsForResource"))?;
    Ok(out
        .tag_list()
        .iter()
        .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
        .collect())
}

async fn read_cache_subnet_group(ctx: &Ctx, name: &str) -> Result<Live, AwsError> {
    let out = ctx
        .elasticache
        .describe_cache_subnet_groups()
        .cache_subnet_group_name(name)
        .send()
        .await
        .map_err(sdk("elasticache:DescribeCacheSubnetGroups"))?;
    let g = out.cache_subnet_groups().first().ok_or_else(|| {
        err(
            "elasticache:DescribeCacheSubnetGroups",
            "CacheSubnetGroupNotFoundFault",
            name,
        )
    })?;
    let subnets: Vec<String> = g
        .subnets()
        .iter()
        .filter_map(|s| s.subnet_identifier().map(str::to_string))
        .collect();
    Ok(Live::new(name)
        .attr("name", name)
        .attr("arn", g.arn().unwrap_or_default())
        .observe("subnet_ids", json_strs(sorted(subnets))))
}

async fn describe_rg(
    ctx: &Ctx,
    id: &str,
) -> Result<Option<aws_sdk_elasticache::types::ReplicationGroup>, AwsError> {
    let out = ctx
        .elasticache
        .describe_replication_groups()
        .replication_group_id(id)
        .send()
        .await
        .map_err(sdk("elasticache:DescribeReplicationGroups"))?;
    Ok(out.replication_groups().first().cloned())
}

fn rg_live(g: &aws_sdk_elasticache::types::ReplicationGroup) -> Live {
    let id = g.replication_group_id().unwrap_or_default();
    let mut members = g.member_clusters().to_vec();
    members.sort();
    let mut live = Live::new(id)
        .attr("arn", g.arn().unwrap_or_default())
        .attr("name", id)
        .observe("replication_group_id", id)
        .observe("description", g.description().unwrap_or_default());
    if let Some(first) = members.first() {
        live = live.attr("first_member_cluster_id", first.clone());
    }
    if let Some(node_type) = g.cache_node_type() {
        live = live.observe("node_type", node_type);
    }
    live
}

async fn wait_rg(ctx: &Ctx, id: &str) -> Result<Live, AwsError> {
    let started = Instant::now();
    loop {
        let g = describe_rg(ctx, id).await?.ok_or_else(|| {
            err(
                "elasticache:DescribeReplicationGroups",
                "ReplicationGroupNotFoundFault",
                id,
            )
        })?;
        let status = g.status().unwrap_or("available");
        if status == "available" {
            return Ok(rg_live(&g));
        }
        if status == "create-failed" {
            return Err(err(
                "elasticache:CreateReplicationGroup",
                "CreateFailed",
                format!("{id} is {status}"),
            ));
        }
        if started.elapsed() > DATA_WAIT {
            return Err(err(
                "elasticache:DescribeReplicationGroups",
                "Timeout",
                format!("{id} still {status}"),
            ));
        }
        tokio::time::sleep(Duration::from_secs(15)).await;
    }
}

async fn describe_cache_cluster(
    ctx: &Ctx,
    id: &str,
) -> Result<Option<aws_sdk_elasticache::types::CacheCluster>, AwsError> {
    let out = ctx
        .elasticache
        .describe_cache_clusters()
        .cache_cluster_id(id)
        .send()
        .await
        .map_err(sdk("elasticache:DescribeCacheClusters"))?;
    Ok(out.cache_clusters().first().cloned())
}

fn cache_cluster_live(c: &aws_sdk_elasticache::types::CacheCluster) -> Live {
    let id = c.cache_cluster_id().unwrap_or_default();
    Live::new(id)
        .attr("arn", c.arn().unwrap_or_default())
        .attr("name", id)
        .observe("node_type", c.cache_node_type().unwrap_or_default())
        .observe("num_cache_nodes", c.num_cache_nodes().unwrap_or_default())
}

// ------------------------------------------------------------- SNS and CloudWatch

async fn read_topic(ctx: &Ctx, arn: &str) -> Result<Live, AwsError> {
    let out = ctx
        .sns
        .get_topic_attributes()
        .topic_arn(arn)
        .send()
        .await
        .map_err(sdk("sns:GetTopicAttributes"))?;
    let attributes = out.attributes().cloned().unwrap_or_default();
    let name = arn.rsplit(':').next().unwrap_or_default();
    let mut live = Live::new(arn)
        .attr("arn", arn)
        .attr("name", name)
        .observe("name", name);
    if let Some(key) = attributes.get("KmsMasterKeyId") {
        live = live.observe("kms_master_key_id", key.clone());
    }
    Ok(live)
}

async fn topic_tags(ctx: &Ctx, arn: &str) -> Result<BTreeMap<String, String>, AwsError> {
    let out = ctx
        .sns
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .map_err(sdk("sns:ListTagsForResource"))?;
    Ok(out
        .tags()
        .iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect())
}

async fn read_alarm(ctx: &Ctx, name: &str) -> Result<Option<Live>, AwsError> {
    let out = ctx
        .cloudwatch
        .describe_alarms()
        .alarm_names(name)
        .send()
        .await
        .map_err(sdk("cloudwatch:DescribeAlarms"))?;
    Ok(out.metric_alarms().first().map(|a| {
        Live::new(name)
            .attr("arn", a.alarm_arn().unwrap_or_default())
            .attr("name", name)
            .observe("alarm_name", name)
            .observe("metric_name", a.metric_name().unwrap_or_default())
            .observe("namespace", a.namespace().unwrap_or_default())
            .observe("threshold", a.threshold().unwrap_or_default() as i64)
            .observe(
                "evaluation_periods",
                a.evaluation_periods().unwrap_or_default(),
            )
            .observe("period_seconds", a.period().unwrap_or_default())
    }))
}

async fn put_alarm(ctx: &Ctx, r: &DesiredResource, alarm: &planned::CloudWatchMetricAlarm<String>) -> Result<(), AwsError> {
    use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, Statistic, Tag};
    let dimensions: Vec<Dimension> = alarm
        .dimensions
        .clone()
        .into_iter()
        .map(|(k, v)| Dimension::builder().name(k).value(v).build())
        .collect();
    let tags: Vec<Tag> = r
        .tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    ctx.cloudwatch
        .put_metric_alarm()
        .alarm_name(alarm.alarm_name.as_str())
        .alarm_description(alarm.alarm_description.as_str())
        .namespace(alarm.namespace.as_str())
        .metric_name(alarm.metric_name.as_str())
        .set_dimensions(Some(dimensions))
        .statistic(Statistic::from(alarm.statistic.as_str()))
        .period(int(alarm.period_seconds))
        .evaluation_periods(int(alarm.evaluation_periods))
        .threshold(f64::from(int(alarm.threshold)))
        .comparison_operator(ComparisonOperator::from(alarm.comparison_operator.as_str()))
        .treat_missing_data(alarm.treat_missing_data.as_str())
        .set_alarm_actions(Some(alarm.alarm_actions.clone()))
        .set_ok_actions(Some(alarm.ok_actions.clone()))
        .set_tags(Some(tags))
        .send()
        .await
        .map_err(sdk("cloudwatch:PutMetricAlarm"))?;
    Ok(())
}

// ------------------------------------------------------------- operations

pub async fn create(ctx: &Ctx, r: &DesiredResource, p: &Props<'_>) -> Result<Live, AwsError> {
    match r.kind.as_str() {
        "aws_kms_key" => {
            let t: planned::KmsKey = p.typed()?;
            use aws_sdk_kms::types::Tag;
            let tags: Vec<Tag> = r
                .tags
                .iter()
                .filter_map(|(k, v)| Tag::builder().tag_key(k).tag_value(v).build().ok())
                .collect();
            let out = ctx
                .kms
                .create_key()
                .description(t.description.as_str())
                .policy(key_policy(ctx, &t))
                .set_tags(Some(tags))
                .send()
                .await
                .map_err(sdk("kms:CreateKey"))?;
            let id = out
                .key_metadata()
                .map(|m| m.key_id().to_string())
                .unwrap_or_default();
            if t.enable_key_rotation {
                ctx.kms
                    .enable_key_rotation()
                    .key_id(&id)
                    .send()
                    .await
                    .map_err(sdk("kms:EnableKeyRotation"))?;
            }
            read_key(ctx, &id)
                .await?
                .ok_or_else(|| err("kms:DescribeKey", "NotFoundException", id))
        }
        "aws_kms_alias" => {
            let t: planned::KmsAlias<String> = p.typed()?;
            let name = t.name.as_str();
            ctx.kms
                .create_alias()
                .alias_name(name)
                .target_key_id(t.target_key_id.as_str())
                .send()
                .await
                .map_err(sdk("kms:CreateAlias"))?;
            read_alias(ctx, name)
                .await?
                .ok_or_else(|| err("kms:ListAliases", "NotFoundException", name))
        }
        "aws_secretsmanager_secret" => {
            let t: planned::SecretsManagerSecret<String> = p.typed()?;
            use aws_sdk_secretsmanager::types::Tag;
            let generated = &t.generated_value;
            let password = ctx
                .secrets
                .get_random_password()
                .password_length(i64::from(generated.length))
                .exclude_punctuation(generated.exclude_punctuation)
                .send()
                .await
                .map_err(sdk("secretsmanager:GetRandomPassword"))?;
            let tags: Vec<Tag> = r
                .tags
                .iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect();
            let out = ctx
                .secrets
                .create_secret()
                .name(t.name.as_str())
                .description(t.description.as_str())
                .set_kms_key_id(t.kms_key_id.clone())
                .secret_string(password.random_password().unwrap_or_default())
                .set_tags(Some(tags))
                .send()
                .await
                .map_err(sdk("secretsmanager:CreateSecret"))?;
            let arn = out.arn().unwrap_or_default().to_string();
            Ok(read_secret(ctx, &arn)
                .await?
                .map(|(l, _)| l)
                .unwrap_or_else(|| Live::new(arn)))
        }
        "aws_db_subnet_group" => {
            let t: planned::DbSubnetGroup<String> = p.typed()?;
            let name = t.name.as_str();
            ctx.rds
                .create_db_subnet_group()
                .db_subnet_group_name(name)
                .db_subnet_group_description(format!("{} subnets", name))
                .set_subnet_ids(Some(t.subnet_ids.clone()))
                .set_tags(Some(rds_tags(&r.tags)))
                .send()
                .await
                .map_err(sdk("rds:CreateDBSubnetGroup"))?;
            read_db_subnet_group(ctx, name).await
        }
        "aws_db_parameter_group" => {
            let t: planned::DbParameterGroup = p.typed()?;
            let name = t.name.as_str();
            ctx.rds
                .create_db_parameter_group()
                .db_parameter_group_name(name)
                .db_parameter_group_family(t.family.as_str())
                .description(format!("{name} parameters"))
                .set_tags(Some(rds_tags(&r.tags)))
                .send()
                .await
                .map_err(sdk("rds:CreateDBParameterGroup"))?;
            set_parameters(ctx, name, &t).await?;
            read_parameter_group(ctx, name).await
        }
        "aws_db_instance" => {
            let t: planned::DbInstance<String> = p.typed()?;
            let id = t.identifier.as_str();
            ctx.rds
                .create_db_instance()
                .db_instance_identifier(id)
                .set_engine(t.engine.clone())
                .set_engine_version(t.engine_version.clone())
                .db_instance_class(t.instance_class.as_str())
                .set_allocated_storage(t.allocated_storage_gb.map(int))
                .set_storage_type(t.storage_type.clone())
                .set_iops(t.iops.map(int))
                .storage_encrypted(t.storage_encrypted)
                .set_kms_key_id(t.kms_key_id.clone())
                .set_db_name(t.db_name.clone())
                .set_master_username(t.username.clone())
                .manage_master_user_password(t.manage_master_user_password)
                .set_master_user_secret_kms_key_id(
                    t.master_user_secret_kms_key_id.as_deref()
                        .map(str::to_string),
                )
                .enable_iam_database_authentication(t.iam_database_authentication_enabled)
                .multi_az(t.multi_az)
                .set_db_subnet_group_name(t.db_subnet_group_name.clone())
                .set_vpc_security_group_ids(Some(t.vpc_security_group_ids.clone()))
                .db_parameter_group_name(t.parameter_group_name.as_str())
                .publicly_accessible(t.publicly_accessible)
                .set_backup_retention_period(t.backup_retention_period_days.map(int))
                .set_preferred_backup_window(t.backup_window.clone())
                .set_preferred_maintenance_window(
                    t.maintenance_window.clone(),
                )
                .copy_tags_to_snapshot(t.copy_tags_to_snapshot)
                .auto_minor_version_upgrade(t.auto_minor_version_upgrade)
                .deletion_protection(t.deletion_protection)
                .enable_performance_insights(t.performance_insights_enabled)
                .set_performance_insights_kms_key_id(
                    t.performance_insights_kms_key_id.as_deref()
                        .map(str::to_string),
                )
                .monitoring_interval(int(t.monitoring_interval_seconds))
                .monitoring_role_arn(t.monitoring_role_arn.as_str())
                .set_enable_cloudwatch_logs_exports(Some(
                    t.enabled_cloudwatch_logs_exports.clone(),
                ))
                .set_tags(Some(rds_tags(&r.tags)))
                .send()
                .await
                .map_err(sdk("rds:CreateDBInstance"))?;
            wait_db(ctx, id).await
        }
        "aws_elasticache_subnet_group" => {
            let t: planned::ElastiCacheSubnetGroup<String> = p.typed()?;
            let name = t.name.as_str();
            ctx.elasticache
                .create_cache_subnet_group()
                .cache_subnet_group_name(name)
                .cache_subnet_group_description(format!("{name} subnets"))
                .set_subnet_ids(Some(t.subnet_ids.clone()))
                .set_tags(Some(ec_tags(&r.tags)))
                .send()
                .await
                .map_err(sdk("elasticache:CreateCacheSubnetGroup"))?;
            read_cache_subnet_group(ctx, name).await
        }
        "aws_elasticache_replication_group" => {
            let t: planned::ElastiCacheReplicationGroup<String> = p.typed()?;
            let id = t.replication_group_id.as_str();
            ctx.elasticache
                .create_replication_group()
                .replication_group_id(id)
                .replication_group_description(t.description.as_str())
                .engine(t.engine.as_str())
                .engine_version(t.engine_version.as_str())
                .cache_parameter_group_name(t.parameter_group_name.as_str())
                .cache_node_type(t.node_type.as_str())
                .num_cache_clusters(int(t.num_cache_clusters))
                .port(i32::from(t.port))
                .cache_subnet_group_name(t.subnet_group_name.as_str())
                .set_security_group_ids(Some(t.security_group_ids.clone()))
                .automatic_failover_enabled(t.automatic_failover_enabled)
                .multi_az_enabled(t.multi_az_enabled)
                .at_rest_encryption_enabled(t.at_rest_encryption_enabled)
                .set_kms_key_id(t.kms_key_id.clone())
                .transit_encryption_enabled(t.transit_encryption_enabled)
                .set_auth_token(t.auth_token.clone())
                .snapshot_retention_limit(int(t.snapshot_retention_limit_days))
                .snapshot_window(t.snapshot_window.as_str())
                .preferred_maintenance_window(t.maintenance_window.as_str())
                .auto_minor_version_upgrade(t.auto_minor_version_upgrade)
                .set_tags(Some(ec_tags(&r.tags)))
                .send()
                .await
                .map_err(sdk("elasticache:CreateReplicationGroup"))?;
            wait_rg(ctx, id).await
        }
        "aws_elasticache_cluster" => {
            let t: planned::ElastiCacheCluster<String> = p.typed()?;
            let id = t.cluster_id.as_str();
            ctx.elasticache
                .create_cache_cluster()
                .cache_cluster_id(id)
                .engine(t.engine.as_str())
                .engine_version(t.engine_version.as_str())
                .cache_parameter_group_name(t.parameter_group_name.as_str())
                .cache_node_type(t.node_type.as_str())
                .num_cache_nodes(int(t.num_cache_nodes))
                .port(i32::from(t.port))
                .az_mode(aws_sdk_elasticache::types::AzMode::from(t.az_mode.as_str()))
                .cache_subnet_group_name(t.subnet_group_name.as_str())
                .set_security_group_ids(Some(t.security_group_ids.clone()))
                .transit_encryption_enabled(t.transit_encryption_enabled)
                .set_tags(Some(ec_tags(&r.tags)))
                .send()
                .await
                .map_err(sdk("elasticache:CreateCacheCluster"))?;
            describe_cache_cluster(ctx, id)
                .await?
                .map(|c| cache_cluster_live(&c))
                .ok_or_else(|| {
                    err(
                        "elasticache:DescribeCacheClusters",
                        "CacheClusterNotFound",
                        id,
                    )
                })
        }
        "aws_sns_topic" => {
            let t: planned::SnsTopic<String> = p.typed()?;
            use aws_sdk_sns::types::Tag;
            let tags: Vec<Tag> = r
                .tags
                .iter()
                .filter_map(|(k, v)| Tag::builder().key(k).value(v).build().ok())
                .collect();
            let mut call = ctx
                .sns
                .create_topic()
                .name(t.name.as_str())
                .set_tags(Some(tags));
            if let Some(key) = t.kms_master_key_id.as_deref() {
                call = call.attributes("KmsMasterKeyId", key);
            }
            let out = call.send().await.map_err(sdk("sns:CreateTopic"))?;
            read_topic(ctx, out.topic_arn().unwrap_or_default()).await
        }
        "aws_cloudwatch_metric_alarm" => {
            let t: planned::CloudWatchMetricAlarm<String> = p.typed()?;
            put_alarm(ctx, r, &p.typed()?).await?;
            let name = t.alarm_name.as_str();
            read_alarm(ctx, name)
                .await?
                .ok_or_else(|| err("cloudwatch:DescribeAlarms", "NotFound", name))
        }
        other => Err(super::shared::unsupported(other)),
    }
}

pub async fn read(
    ctx: &Ctx,
    r: &DesiredResource,
    rs: &ResourceState,
) -> Result<Option<Live>, AwsError> {
    let id = rs.id.as_str();
    match r.kind.as_str() {
        "aws_kms_key" => read_key(ctx, id).await,
        "aws_kms_alias" => read_alias(ctx, id).await,
        "aws_secretsmanager_secret" => Ok(read_secret(ctx, id).await?.map(|(l, _)| l)),
        "aws_db_subnet_group" => Ok(Some(read_db_subnet_group(ctx, id).await?)),
        "aws_db_parameter_group" => Ok(Some(read_parameter_group(ctx, id).await?)),
        "aws_db_instance" => Ok(describe_db(ctx, id)
            .await?
            .filter(|d| d.db_instance_status() != Some("deleting"))
            .map(|d| db_live(&d))),
        "aws_elasticache_subnet_group" => Ok(Some(read_cache_subnet_group(ctx, id).await?)),
        "aws_elasticache_replication_group" => Ok(describe_rg(ctx, id)
            .await?
            .filter(|g| g.status() != Some("deleting"))
            .map(|g| rg_live(&g))),
        "aws_elasticache_cluster" => Ok(describe_cache_cluster(ctx, id)
            .await?
            .filter(|c| c.cache_cluster_status() != Some("deleting"))
            .map(|c| cache_cluster_live(&c))),
        "aws_sns_topic" => Ok(Some(read_topic(ctx, id).await?)),
        "aws_cloudwatch_metric_alarm" => read_alarm(ctx, id).await,
        other => Err(super::shared::unsupported(other)),
    }
}

pub async fn find(ctx: &Ctx, r: &DesiredResource, p: &Props<'_>) -> Result<Option<Live>, AwsError> {
    match r.kind.as_str() {
        "aws_kms_key" => find_key(ctx, r).await,
        "aws_kms_alias" => {
            let t: planned::KmsAlias<String> = p.typed()?;
            read_alias(ctx, t.name.as_str()).await
        }
        "aws_secretsmanager_secret" => {
            let t: planned::SecretsManagerSecret<String> = p.typed()?;
            let name = t.name.as_str();
            match read_secret(ctx, name).await? {
                Some((live, tags)) => {
                    check_owner(r, name, &tags)?;
                    Ok(Some(live))
                }
                None => Ok(None),
            }
        }
        "aws_db_subnet_group" => {
            let t: planned::DbSubnetGroup<String> = p.typed()?;
            let name = t.name.as_str();
            let live = read_db_subnet_group(ctx, name).await?;
            check_owner(r, name, &rds_tags_of(ctx, &live.attributes["arn"]).await?)?;
            Ok(Some(live))
        }
        "aws_db_parameter_group" => {
            let t: planned::DbParameterGroup = p.typed()?;
            let name = t.name.as_str();
            let live = read_parameter_group(ctx, name).await?;
            check_owner(r, name, &rds_tags_of(ctx, &live.attributes["arn"]).await?)?;
            Ok(Some(live))
        }
        "aws_db_instance" => {
            let t: planned::DbInstance<String> = p.typed()?;
            let id = t.identifier.as_str();
            let Some(db) = describe_db(ctx, id)
                .await?
                .filter(|d| d.db_instance_status() != Some("deleting"))
            else {
                return Ok(None);
            };
            let tags = db
                .tag_list()
                .iter()
                .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
                .collect();
            check_owner(r, id, &tags)?;
            Ok(Some(wait_db(ctx, id).await?))
        }
        "aws_elasticache_subnet_group" => {
            let t: planned::ElastiCacheSubnetGroup<String> = p.typed()?;
            let name = t.name.as_str();
            let live = read_cache_subnet_group(ctx, name).await?;
            check_owner(r, name, &ec_tags_of(ctx, &live.attributes["arn"]).await?)?;
            Ok(Some(live))
        }
        "aws_elasticache_replication_group" => {
            let t: planned::ElastiCacheReplicationGroup<String> = p.typed()?;
            let id = t.replication_group_id.as_str();
            let Some(g) = describe_rg(ctx, id)
                .await?
                .filter(|g| g.status() != Some("deleting"))
            else {
                return Ok(None);
            };
            check_owner(r, id, &ec_tags_of(ctx, g.arn().unwrap_or_default()).await?)?;
            Ok(Some(wait_rg(ctx, id).await?))
        }
        "aws_elasticache_cluster" => {
            let t: planned::ElastiCacheCluster<String> = p.typed()?;
            let id = t.cluster_id.as_str();
            let Some(c) = describe_cache_cluster(ctx, id)
                .await?
                .filter(|c| c.cache_cluster_status() != Some("deleting"))
            else {
                return Ok(None);
            };
            check_owner(r, id, &ec_tags_of(ctx, c.arn().unwrap_or_default()).await?)?;
            Ok(Some(cache_cluster_live(&c)))
        }
        "aws_sns_topic" => {
            let t: planned::SnsTopic<String> = p.typed()?;
            let name = t.name.as_str();
            let arn = format!(
                "arn:{}:sns:{}:{}:{name}",
                ctx.partition, ctx.region, ctx.account_id
            );
            let live = match read_topic(ctx, &arn).await {
                Ok(live) => live,
                Err(e) if e.is_not_found() => return Ok(None),
                Err(e) => return Err(e),
            };
            check_owner(r, name, &topic_tags(ctx, &arn).await?)?;
            Ok(Some(live))
        }
        "aws_cloudwatch_metric_alarm" => {
            let t: planned::CloudWatchMetricAlarm<String> = p.typed()?;
            let name = t.alarm_name.as_str();
            let Some(live) = read_alarm(ctx, name).await? else {
                return Ok(None);
            };
            let tags = ctx
                .cloudwatch
                .list_tags_for_resource()
                .resource_arn(&live.attributes["arn"])
                .send()
                .await
                .map_err(sdk("cloudwatch:ListTagsForResource"))?;
            let tags: BTreeMap<String, String> = tags
                .tags()
                .iter()
                .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
                .collect();
            check_owner(r, name, &tags)?;
            Ok(Some(live))
        }
        other => Err(super::shared::unsupported(other)),
    }
}

pub async fn update(
    ctx: &Ctx,
    r: &DesiredResource,
    live: &Live,
    p: &Props<'_>,
    fields: &[&str],
) -> Result<Live, AwsError> {
    let id = live.id.as_str();
    let has = |f: &str| fields.contains(&f);
    match r.kind.as_str() {
        "aws_kms_key" => {
            let t: planned::KmsKey = p.typed()?;
            if has("description") {
                ctx.kms
                    .update_key_description()
                    .key_id(id)
                    .description(t.description.as_str())
                    .send()
                    .await
                    .map_err(sdk("kms:UpdateKeyDescription"))?;
            }
            if has("policy") {
                ctx.kms
                    .put_key_policy()
                    .key_id(id)
                    .policy_name("default")
                    .policy(key_policy(ctx, &t))
                    .send()
                    .await
                    .map_err(sdk("kms:PutKeyPolicy"))?;
            }
            if has("enable_key_rotation") {
                if t.enable_key_rotation {
                    ctx.kms
                        .enable_key_rotation()
                        .key_id(id)
                        .send()
                        .await
                        .map_err(sdk("kms:EnableKeyRotation"))?;
                } else {
                    ctx.kms
                        .disable_key_rotation()
                        .key_id(id)
                        .send()
                        .await
                        .map_err(sdk("kms:DisableKeyRotation"))?;
                }
            }
            read_key(ctx, id)
                .await?
                .ok_or_else(|| err("kms:DescribeKey", "NotFoundException", id))
        }
        "aws_kms_alias" => {
            let t: planned::KmsAlias<String> = p.typed()?;
            ctx.kms
                .update_alias()
                .alias_name(id)
                .target_key_id(t.target_key_id.as_str())
                .send()
                .await
                .map_err(sdk("kms:UpdateAlias"))?;
            read_alias(ctx, id)
                .await?
                .ok_or_else(|| err("kms:ListAliases", "NotFoundException", id))
        }
        "aws_secretsmanager_secret" => {
            let t: planned::SecretsManagerSecret<String> = p.typed()?;
            ctx.secrets
                .update_secret()
                .secret_id(id)
                .description(t.description.as_str())
                .set_kms_key_id(t.kms_key_id.clone())
                .send()
                .await
                .map_err(sdk("secretsmanager:UpdateSecret"))?;
            Ok(read_secret(ctx, id)
                .await?
                .map(|(l, _)| l)
                .unwrap_or_else(|| live.clone()))
        }
        "aws_db_subnet_group" => {
            let t: planned::DbSubnetGroup<String> = p.typed()?;
            ctx.rds
                .modify_db_subnet_group()
                .db_subnet_group_name(id)
                .set_subnet_ids(Some(t.subnet_ids.clone()))
                .send()
                .await
                .map_err(sdk("rds:ModifyDBSubnetGroup"))?;
            read_db_subnet_group(ctx, id).await
        }
        "aws_db_parameter_group" => {
            set_parameters(ctx, id, &p.typed()?).await?;
            read_parameter_group(ctx, id).await
        }
        "aws_db_instance" => {
            let t: planned::DbInstance<String> = p.typed()?;
            ctx.rds
                .modify_db_instance()
                .db_instance_identifier(id)
                .apply_immediately(true)
                .db_instance_class(t.instance_class.as_str())
                .set_allocated_storage(t.allocated_storage_gb.map(int))
                .set_storage_type(t.storage_type.clone())
                .set_iops(t.iops.map(int))
                .multi_az(t.multi_az)
                .set_vpc_security_group_ids(Some(t.vpc_security_group_ids.clone()))
                .db_parameter_group_name(t.parameter_group_name.as_str())
                .set_backup_retention_period(t.backup_retention_period_days.map(int))
                .set_preferred_backup_window(t.backup_window.clone())
                .set_preferred_maintenance_window(
                    t.maintenance_window.clone(),
                )
                .copy_tags_to_snapshot(t.copy_tags_to_snapshot)
                .auto_minor_version_upgrade(t.auto_minor_version_upgrade)
                .deletion_protection(t.deletion_protection)
                .set_engine_version(if has("engine_version") {
                    t.engine_version.clone()
                } else {
                    None
                })
                .send()
                .await
                .map_err(sdk("rds:ModifyDBInstance"))?;
            wait_db(ctx, id).await
        }
        "aws_elasticache_subnet_group" => {
            let t: planned::ElastiCacheSubnetGroup<String> = p.typed()?;
            ctx.elasticache
                .modify_cache_subnet_group()
                .cache_subnet_group_name(id)
                .set_subnet_ids(Some(t.subnet_ids.clone()))
                .send()
                .await
                .map_err(sdk("elasticache:ModifyCacheSubnetGroup"))?;
            read_cache_subnet_group(ctx, id).await
        }
        "aws_elasticache_replication_group" => {
            let t: planned::ElastiCacheReplicationGroup<String> = p.typed()?;
            ctx.elasticache
                .modify_replication_group()
                .replication_group_id(id)
                .apply_immediately(true)
                .replication_group_description(t.description.as_str())
                .set_cache_node_type(if has("node_type") {
                    Some(t.node_type.clone())
                } else {
                    None
                })
                .set_engine_version(if has("engine_version") {
                    Some(t.engine_version.clone())
                } else {
                    None
                })
                .set_security_group_ids(Some(t.security_group_ids.clone()))
                .snapshot_retention_limit(int(t.snapshot_retention_limit_days))
                .snapshot_window(t.snapshot_window.as_str())
                .preferred_maintenance_window(t.maintenance_window.as_str())
                .auto_minor_version_upgrade(t.auto_minor_version_upgrade)
                .automatic_failover_enabled(t.automatic_failover_enabled)
                .multi_az_enabled(t.multi_az_enabled)
                .send()
                .await
                .map_err(sdk("elasticache:ModifyReplicationGroup"))?;
            wait_rg(ctx, id).await
        }
        "aws_elasticache_cluster" => {
            let t: planned::ElastiCacheCluster<String> = p.typed()?;
            ctx.elasticache
                .modify_cache_cluster()
                .cache_cluster_id(id)
                .apply_immediately(true)
                .cache_node_type(t.node_type.as_str())
                .num_cache_nodes(int(t.num_cache_nodes))
                .set_security_group_ids(Some(t.security_group_ids.clone()))
                .send()
                .await
                .map_err(sdk("elasticache:ModifyCacheCluster"))?;
            describe_cache_cluster(ctx, id)
                .await?
                .map(|c| cache_cluster_live(&c))
                .ok_or_else(|| {
                    err(
                        "elasticache:DescribeCacheClusters",
                        "CacheClusterNotFound",
                        id,
                    )
                })
        }
        "aws_sns_topic" => {
            let t: planned::SnsTopic<String> = p.typed()?;
            ctx.sns
                .set_topic_attributes()
                .topic_arn(id)
                .attribute_name("KmsMasterKeyId")
                .attribute_value(t.kms_master_key_id.as_deref().unwrap_or_default())
                .send()
                .await
                .map_err(sdk("sns:SetTopicAttributes"))?;
            read_topic(ctx, id).await
        }
        "aws_cloudwatch_metric_alarm" => create(ctx, r, p).await,
        other => Err(not_updatable(other)),
    }
}

pub async fn delete(
    ctx: &Ctx,
    kind: &str,
    rs: &ResourceState,
    p: &Props<'_>,
) -> Result<(), AwsError> {
    let id = rs.id.as_str();
    match kind {
        "aws_kms_key" => {
            let t: planned::KmsKey = p.typed()?;
            let days = int(t.deletion_window_in_days);
            ctx.kms
                .schedule_key_deletion()
                .key_id(id)
                .pending_window_in_days(days)
                .send()
                .await
                .map_err(sdk("kms:ScheduleKeyDeletion"))?;
            Ok(())
        }
        "aws_kms_alias" => {
            ctx.kms
                .delete_alias()
                .alias_name(id)
                .send()
                .await
                .map_err(sdk("kms:DeleteAlias"))?;
            Ok(())
        }
        "aws_secretsmanager_secret" => {
            let t: planned::SecretsManagerSecret<String> = p.typed()?;
            let days = int(t.recovery_window_in_days);
            ctx.secrets
                .delete_secret()
                .secret_id(id)
                .recovery_window_in_days(i64::from(days))
                .send()
                .await
                .map_err(sdk("secretsmanager:DeleteSecret"))?;
            Ok(())
        }
        "aws_db_subnet_group" => {
            crate::error::retry_consistency(Duration::from_secs(600), || async {
                ctx.rds
                    .delete_db_subnet_group()
                    .db_subnet_group_name(id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(sdk("rds:DeleteDBSubnetGroup"))
            })
            .await
        }
        "aws_db_parameter_group" => {
            crate::error::retry_consistency(Duration::from_secs(600), || async {
                ctx.rds
                    .delete_db_parameter_group()
                    .db_parameter_group_name(id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(sdk("rds:DeleteDBParameterGroup"))
            })
            .await
        }
        "aws_db_instance" => {
            let t: planned::DbInstance<String> = p.typed()?;
            if t.deletion_protection {
                if !ctx.disable_deletion_protection {
                    return Err(err(
                        "rds:DeleteDBInstance",
                        "DeletionProtection",
                        format!(
                            "{id} has deletion protection: run destroy with --disable-deletion-protection to turn it off and delete it"
                        ),
                    ));
                }
                ctx.rds
                    .modify_db_instance()
                    .db_instance_identifier(id)
                    .deletion_protection(false)
                    .apply_immediately(true)
                    .send()
                    .await
                    .map_err(sdk("rds:ModifyDBInstance"))?;
            }
            let mut call = ctx.rds.delete_db_instance().db_instance_identifier(id);
            call = match t.final_snapshot_identifier.as_deref() {
                Some(snapshot) => call
                    .skip_final_snapshot(false)
                    .final_db_snapshot_identifier(snapshot),
                None => call.skip_final_snapshot(true),
            };
            call.send().await.map_err(sdk("rds:DeleteDBInstance"))?;
            let started = Instant::now();
            while describe_db(ctx, id)
                .await
                .map(|d| d.is_some())
                .unwrap_or(false)
            {
                if started.elapsed() > DATA_WAIT {
                    return Err(err(
                        "rds:DescribeDBInstances",
                        "Timeout",
                        format!("{id} is still being deleted"),
                    ));
                }
                tokio::time::sleep(Duration::from_secs(15)).await;
            }
            Ok(())
        }
        "aws_elasticache_subnet_group" => {
            crate::error::retry_consistency(Duration::from_secs(600), || async {
                ctx.elasticache
                    .delete_cache_subnet_group()
                    .cache_subnet_group_name(id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(sdk("elasticache:DeleteCacheSubnetGroup"))
            })
            .await
        }
        "aws_elasticache_replication_group" => {
            ctx.elasticache
                .delete_replication_group()
                .replication_group_id(id)
                .send()
                .await
                .map_err(sdk("elasticache:DeleteReplicationGroup"))?;
            // Gone once AWS says "deleting": its subnet group's delete is
            // retried while AWS still counts it in use (CacheSubnetGroupInUse).
            // moto 5.2 keeps a deleted group in "deleting" for ever.
            let started = Instant::now();
            while describe_rg(ctx, id)
                .await
                .map(|g| g.is_some_and(|g| g.status() != Some("deleting")))
                .unwrap_or(false)
            {
                if started.elapsed() > DATA_WAIT {
                    return Err(err(
                        "elasticache:DescribeReplicationGroups",
                        "Timeout",
                        format!("{id} is still being deleted"),
                    ));
                }
                tokio::time::sleep(Duration::from_secs(15)).await;
            }
            Ok(())
        }
        "aws_elasticache_cluster" => {
            ctx.elasticache
                .delete_cache_cluster()
                .cache_cluster_id(id)
                .send()
                .await
                .map_err(sdk("elasticache:DeleteCacheCluster"))?;
            Ok(())
        }
        "aws_sns_topic" => {
            ctx.sns
                .delete_topic()
                .topic_arn(id)
                .send()
                .await
                .map_err(sdk("sns:DeleteTopic"))?;
            Ok(())
        }
        "aws_cloudwatch_metric_alarm" => {
            ctx.cloudwatch
                .delete_alarms()
                .alarm_names(id)
                .send()
                .await
                .map_err(sdk("cloudwatch:DeleteAlarms"))?;
            Ok(())
        }
        other => Err(super::shared::unsupported(other)),
    }
}
