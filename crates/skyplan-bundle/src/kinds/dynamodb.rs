//! The AWS resources a dynamodb component implies, as the Terraform
//! export's module makes them: one table, and the resource type for it,
//! which no other kind makes.

use super::{BundleKind, OwnResource};
use crate::address::{Address, Ref};
use crate::ctx::*;
use crate::resources::Properties;
use serde::{Deserialize, Serialize};
use skyplan_core::kinds::{DynamoDb as Settings, TableCapacity};
use skyplan_core::model::ComponentView;

/// DynamoDB's resource types, tagged by type as every resource is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum DynamoDbResource {
    #[serde(rename = "aws_dynamodb_table")]
    Table(DynamoDbTable),
}

impl OwnResource for DynamoDbResource {
    fn resource_type(&self) -> &'static str {
        match self {
            DynamoDbResource::Table(_) => "aws_dynamodb_table",
        }
    }

    fn taggable(&self) -> bool {
        match self {
            DynamoDbResource::Table(_) => true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BillingMode {
    PayPerRequest,
    Provisioned,
}

/// Capacity units of a provisioned table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionedThroughput {
    pub write_capacity_units: u32,
    pub read_capacity_units: u32,
}

/// Generic over what a reference is: a [`Ref`] in the bundle, the value it
/// resolved to (`String`) in the engine that applies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "R: Deserialize<'de>"))]
pub struct DynamoDbTable<R = Ref> {
    pub name: String,
    pub billing_mode: BillingMode,
    /// Present exactly when the billing mode is provisioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioned_throughput: Option<ProvisionedThroughput>,
    /// The partition key, a string attribute.
    pub hash_key: String,
    /// The sort key, a string attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_key: Option<String>,
    pub point_in_time_recovery: bool,
    /// The plan's key; `None` for DynamoDB's AWS managed key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<R>,
    /// A stream of new and old images.
    pub stream_enabled: bool,
    pub deletion_protection_enabled: bool,
    /// Regions holding a replica (a global table, version 2019.11.21).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replica_regions: Vec<String>,
}

impl BundleKind for Settings {
    type Resource = DynamoDbResource;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, _network: Option<&Network>) {
        let id = component.id.as_str();
        let name = ctx.name(id, component.spec.kind().max_name_length());
        let (billing_mode, provisioned_throughput) = match self.capacity {
            TableCapacity::OnDemand => (BillingMode::PayPerRequest, None),
            TableCapacity::Provisioned => (
                BillingMode::Provisioned,
                Some(ProvisionedThroughput { write_capacity_units: self.write_capacity_units, read_capacity_units: self.read_capacity_units }),
            ),
        };
        let table = DynamoDbTable {
            name: name.clone(),
            billing_mode,
            provisioned_throughput,
            hash_key: self.partition_key.clone(),
            range_key: self.sort_key.clone(),
            point_in_time_recovery: self.point_in_time_recovery,
            kms_key_arn: ctx.key("data"),
            stream_enabled: self.stream,
            deletion_protection_enabled: ctx.production,
            replica_regions: self.replica_regions.clone(),
        };
        ctx.add(
            new(&Address::new(id, "aws_dynamodb_table", "this"), Properties::Kind(crate::resources::KindResource::Dynamodb(DynamoDbResource::Table(table))))
                .named(name),
        );
    }
}
