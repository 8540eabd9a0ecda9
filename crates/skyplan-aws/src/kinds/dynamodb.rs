//! DynamoDB tables (`aws_dynamodb_table`), read from the bundle's own typed
//! struct with references resolved (`DynamoDbTable<String>`), never by
//! string key.
//!
//! Tags go in `CreateTable` itself, so a table that exists carries its
//! `skyplan:address`; a table is found by its name (unique in an account
//! and region) and its tags must be this plan's. Point-in-time recovery is
//! a separate call once the table is active; replicas (global tables,
//! version 2019.11.21) are added and removed with `UpdateTable`.

use super::ApplyKind;
use crate::resources::{check_owner, json_strs, Ctx, Live, TypeRules};
use crate::desired::{DesiredResource, UNKNOWN};
use crate::error::{sdk, AwsError};
use crate::state::ResourceState;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode as SdkBillingMode, CreateReplicationGroupMemberAction,
    DeleteReplicationGroupMemberAction, KeySchemaElement, KeyType, PointInTimeRecoverySpecification,
    PointInTimeRecoveryStatus, ProvisionedThroughput as SdkThroughput, ReplicationGroupUpdate, ScalarAttributeType,
    SseSpecification, SseType, StreamSpecification, StreamViewType, Tag, TableDescription, TableStatus,
};
use serde_json::{json, Value};
use skyplan_bundle::kinds::dynamodb::{BillingMode, DynamoDbTable, ProvisionedThroughput};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const TYPE: &str = "aws_dynamodb_table";

const TYPES: &[TypeRules] = &[TypeRules {
    name: TYPE,
    // UpdateTable, UpdateContinuousBackups, TagResource; the name and keys
    // make a new table.
    updatable: &[
        "billing_mode",
        "provisioned_throughput",
        "point_in_time_recovery",
        "kms_key_arn",
        "stream_enabled",
        "deletion_protection_enabled",
        "replica_regions",
    ],
    // AWS moves none of a table's settings by itself.
    ignored_after_create: &[],
}];

/// A table becomes active within seconds; replicas take minutes.
const ACTIVE_WAIT: Duration = Duration::from_secs(30 * 60);

/// The resolved properties as the bundle's struct; a bundle this engine
/// does not understand names the field.
fn table(address: &str, props: &Value) -> Result<DynamoDbTable<String>, AwsError> {
    serde_path_to_error::deserialize(props).map_err(|e| {
        AwsError::new("skyplan:read-bundle", None, format!("{address}: {} ({})", e.path(), e.inner()))
    })
}

fn build_error(e: aws_sdk_dynamodb::error::BuildError) -> AwsError {
    AwsError::new("skyplan:read-bundle", None, e.to_string())
}

fn tags_of(tags: &BTreeMap<String, String>) -> Result<Vec<Tag>, AwsError> {
    tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build().map_err(build_error)).collect()
}

fn sdk_throughput(throughput: &ProvisionedThroughput) -> Result<SdkThroughput, AwsError> {
    SdkThroughput::builder()
        .write_capacity_units(i64::from(throughput.write_capacity_units))
        .read_capacity_units(i64::from(throughput.read_capacity_units))
        .build()
        .map_err(build_error)
}

fn sdk_billing_mode(mode: BillingMode) -> SdkBillingMode {
    match mode {
        BillingMode::PayPerRequest => SdkBillingMode::PayPerRequest,
        BillingMode::Provisioned => SdkBillingMode::Provisioned,
    }
}

fn stream(enabled: bool) -> Result<StreamSpecification, AwsError> {
    let spec = StreamSpecification::builder().stream_enabled(enabled);
    let spec = if enabled { spec.stream_view_type(StreamViewType::NewAndOldImages) } else { spec };
    spec.build().map_err(build_error)
}

fn encryption(kms_key_arn: Option<&str>) -> SseSpecification {
    match kms_key_arn {
        Some(arn) => SseSpecification::builder().enabled(true).sse_type(SseType::Kms).kms_master_key_id(arn).build(),
        // DynamoDB's own key (always on).
        None => SseSpecification::builder().enabled(false).build(),
    }
}

fn string_attribute(name: &str) -> Result<AttributeDefinition, AwsError> {
    AttributeDefinition::builder().attribute_name(name).attribute_type(ScalarAttributeType::S).build().map_err(build_error)
}

fn key(name: &str, key_type: KeyType) -> Result<KeySchemaElement, AwsError> {
    KeySchemaElement::builder().attribute_name(name).key_type(key_type).build().map_err(build_error)
}

async fn describe(ctx: &Ctx, name: &str) -> Result<TableDescription, AwsError> {
    let out = ctx.dynamodb.describe_table().table_name(name).send().await.map_err(sdk("dynamodb:DescribeTable"))?;
    out.table().cloned().ok_or_else(|| AwsError::new("dynamodb:DescribeTable", Some("ResourceNotFoundException"), format!("table {name}")))
}

async fn wait_active(ctx: &Ctx, name: &str) -> Result<TableDescription, AwsError> {
    let started = Instant::now();
    loop {
        let table = describe(ctx, name).await?;
        let replicas_settled = table.replicas().iter().all(|r| r.replica_status().is_none_or(|s| s.as_str() == "ACTIVE"));
        match table.table_status() {
            None | Some(TableStatus::Active) if replicas_settled => return Ok(table),
            _ if started.elapsed() > ACTIVE_WAIT => {
                return Err(AwsError::new("dynamodb:DescribeTable", Some("Timeout"), format!("table {name} is not active yet")))
            }
            _ => tokio::time::sleep(Duration::from_secs(5)).await,
        }
    }
}

/// What exists, in the bundle's form: only these are compared for drift.
async fn read_table(ctx: &Ctx, name: &str) -> Result<(Live, BTreeMap<String, String>), AwsError> {
    let table = describe(ctx, name).await?;
    let arn = table.table_arn().unwrap_or_default().to_string();
    let mut live = Live::new(table.table_name().unwrap_or(name)).attr("arn", arn.clone()).attr("name", table.table_name().unwrap_or(name));
    if let Some(stream_arn) = table.latest_stream_arn() {
        live = live.attr("stream_arn", stream_arn);
    }
    let provisioned = table.billing_mode_summary().and_then(|b| b.billing_mode()) != Some(&SdkBillingMode::PayPerRequest);
    live = live.observe("billing_mode", if provisioned { "PROVISIONED" } else { "PAY_PER_REQUEST" });
    if provisioned {
        if let Some(t) = table.provisioned_throughput() {
            live = live.observe(
                "provisioned_throughput",
                json!({ "write_capacity_units": t.write_capacity_units(), "read_capacity_units": t.read_capacity_units() }),
            );
        }
    }
    for element in table.key_schema() {
        let field = if *element.key_type() == KeyType::Hash { "hash_key" } else { "range_key" };
        live = live.observe(field, element.attribute_name());
    }
    live = live.observe("stream_enabled", table.stream_specification().is_some_and(|s| s.stream_enabled()));
    live = live.observe("deletion_protection_enabled", table.deletion_protection_enabled().unwrap_or(false));
    if let Some(arn) = table.sse_description().and_then(|s| s.kms_master_key_arn()) {
        live = live.observe("kms_key_arn", arn);
    }
    let mut replicas: Vec<String> = table.replicas().iter().filter_map(|r| r.region_name()).filter(|r| *r != ctx.region).map(str::to_string).collect();
    replicas.sort();
    live = live.observe("replica_regions", json_strs(replicas));
    let backups = ctx.dynamodb.describe_continuous_backups().table_name(name).send().await.map_err(sdk("dynamodb:DescribeContinuousBackups"))?;
    let pitr = backups
        .continuous_backups_description()
        .and_then(|d| d.point_in_time_recovery_description())
        .and_then(|p| p.point_in_time_recovery_status())
        == Some(&PointInTimeRecoveryStatus::Enabled);
    live = live.observe("point_in_time_recovery", pitr);
    let tags = if arn.is_empty() {
        BTreeMap::new()
    } else {
        let out = ctx.dynamodb.list_tags_of_resource().resource_arn(&arn).send().await.map_err(sdk("dynamodb:ListTagsOfResource"))?;
        out.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect()
    };
    Ok((live, tags))
}

async fn set_point_in_time_recovery(ctx: &Ctx, name: &str, enabled: bool) -> Result<(), AwsError> {
    let spec = PointInTimeRecoverySpecification::builder().point_in_time_recovery_enabled(enabled).build().map_err(build_error)?;
    ctx.dynamodb
        .update_continuous_backups()
        .table_name(name)
        .point_in_time_recovery_specification(spec)
        .send()
        .await
        .map_err(sdk("dynamodb:UpdateContinuousBackups"))?;
    Ok(())
}

/// Adds the replicas `want` has and `have` lacks, and removes the others,
/// one region per `UpdateTable` (as DynamoDB requires), waiting in between.
async fn set_replicas(ctx: &Ctx, name: &str, have: &[String], want: &[String]) -> Result<(), AwsError> {
    for region in want.iter().filter(|r| !have.contains(r)) {
        let create = CreateReplicationGroupMemberAction::builder().region_name(region).build().map_err(build_error)?;
        let update = ReplicationGroupUpdate::builder().create(create).build();
        ctx.dynamodb.update_table().table_name(name).replica_updates(update).send().await.map_err(sdk("dynamodb:UpdateTable"))?;
        wait_active(ctx, name).await?;
    }
    for region in have.iter().filter(|r| !want.contains(r)) {
        let delete = DeleteReplicationGroupMemberAction::builder().region_name(region).build().map_err(build_error)?;
        let update = ReplicationGroupUpdate::builder().delete(delete).build();
        ctx.dynamodb.update_table().table_name(name).replica_updates(update).send().await.map_err(sdk("dynamodb:UpdateTable"))?;
        wait_active(ctx, name).await?;
    }
    Ok(())
}

impl ApplyKind for skyplan_core::kinds::DynamoDb {
    const TYPES: &'static [TypeRules] = TYPES;

    async fn create(ctx: &Ctx, r: &DesiredResource, props: &Value) -> Result<Live, AwsError> {
        let t = table(&r.address, props)?;
        let mut attributes = vec![string_attribute(&t.hash_key)?];
        let mut keys = vec![key(&t.hash_key, KeyType::Hash)?];
        if let Some(range_key) = &t.range_key {
            attributes.push(string_attribute(range_key)?);
            keys.push(key(range_key, KeyType::Range)?);
        }
        let mut call = ctx
            .dynamodb
            .create_table()
            .table_name(&t.name)
            .set_attribute_definitions(Some(attributes))
            .set_key_schema(Some(keys))
            .billing_mode(sdk_billing_mode(t.billing_mode))
            .stream_specification(stream(t.stream_enabled)?)
            .sse_specification(encryption(t.kms_key_arn.as_deref()))
            .deletion_protection_enabled(t.deletion_protection_enabled)
            .set_tags(Some(tags_of(&r.tags)?));
        if let Some(throughput) = &t.provisioned_throughput {
            call = call.provisioned_throughput(sdk_throughput(throughput)?);
        }
        call.send().await.map_err(sdk("dynamodb:CreateTable"))?;
        wait_active(ctx, &t.name).await?;
        if t.point_in_time_recovery {
            set_point_in_time_recovery(ctx, &t.name, true).await?;
        }
        set_replicas(ctx, &t.name, &[], &t.replica_regions).await?;
        Ok(read_table(ctx, &t.name).await?.0)
    }

    async fn read(ctx: &Ctx, _r: &DesiredResource, rs: &ResourceState) -> Result<Option<Live>, AwsError> {
        Ok(Some(read_table(ctx, &rs.id).await?.0))
    }

    async fn find(ctx: &Ctx, r: &DesiredResource, props: &Value) -> Result<Option<Live>, AwsError> {
        let t = table(&r.address, props)?;
        if t.name == UNKNOWN {
            return Ok(None);
        }
        let (live, tags) = read_table(ctx, &t.name).await?;
        check_owner(r, &t.name, &tags)?;
        Ok(Some(live))
    }

    async fn update(ctx: &Ctx, r: &DesiredResource, live: &Live, props: &Value, fields: &[&str]) -> Result<Live, AwsError> {
        let t = table(&r.address, props)?;
        let name = live.id.as_str();
        let changed = |field: &str| fields.contains(&field);
        if changed("billing_mode") || changed("provisioned_throughput") {
            let mut call = ctx.dynamodb.update_table().table_name(name).billing_mode(sdk_billing_mode(t.billing_mode));
            if let Some(throughput) = &t.provisioned_throughput {
                call = call.provisioned_throughput(sdk_throughput(throughput)?);
            }
            call.send().await.map_err(sdk("dynamodb:UpdateTable"))?;
            wait_active(ctx, name).await?;
        }
        if changed("stream_enabled") {
            ctx.dynamodb.update_table().table_name(name).stream_specification(stream(t.stream_enabled)?).send().await.map_err(sdk("dynamodb:UpdateTable"))?;
            wait_active(ctx, name).await?;
        }
        if changed("kms_key_arn") {
            ctx.dynamodb
                .update_table()
                .table_name(name)
                .sse_specification(encryption(t.kms_key_arn.as_deref()))
                .send()
                .await
                .map_err(sdk("dynamodb:UpdateTable"))?;
            wait_active(ctx, name).await?;
        }
        if changed("deletion_protection_enabled") {
            ctx.dynamodb
                .update_table()
                .table_name(name)
                .deletion_protection_enabled(t.deletion_protection_enabled)
                .send()
                .await
                .map_err(sdk("dynamodb:UpdateTable"))?;
        }
        if changed("point_in_time_recovery") {
            set_point_in_time_recovery(ctx, name, t.point_in_time_recovery).await?;
        }
        if changed("replica_regions") {
            let have: Vec<String> = live
                .observed
                .get("replica_regions")
                .and_then(Value::as_array)
                .map(|regions| regions.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
            set_replicas(ctx, name, &have, &t.replica_regions).await?;
        }
        if changed("tags") {
            let arn = live.attributes.get("arn").cloned().unwrap_or_default();
            ctx.dynamodb.tag_resource().resource_arn(arn).set_tags(Some(tags_of(&r.tags)?)).send().await.map_err(sdk("dynamodb:TagResource"))?;
        }
        Ok(read_table(ctx, name).await?.0)
    }

    /// Deletion protection refuses the delete unless destroy was told to turn
    /// it off (`--disable-deletion-protection`), as for RDS.
    async fn delete(ctx: &Ctx, _kind: &str, rs: &ResourceState) -> Result<(), AwsError> {
        let name = rs.id.as_str();
        if ctx.disable_deletion_protection {
            ctx.dynamodb
                .update_table()
                .table_name(name)
                .deletion_protection_enabled(false)
                .send()
                .await
                .map_err(sdk("dynamodb:UpdateTable"))?;
        }
        ctx.dynamodb.delete_table().table_name(name).send().await.map_err(sdk("dynamodb:DeleteTable"))?;
        Ok(())
    }
}
