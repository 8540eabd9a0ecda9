//! RDS: DB instances (`DescribeDBInstances`) and manual DB snapshots
//! (`DescribeDBSnapshots`, type `manual`: automated ones expire by themselves).

use super::{scan_error, secs};
use aws_config::SdkConfig;
use skyplan_audit::inventory::{Database, RegionInventory, Snapshot, SnapshotKind};

pub(super) async fn scan(config: &SdkConfig, inventory: &mut RegionInventory) {
    let client = aws_sdk_rds::Client::new(config);
    let region = inventory.region.clone();
    match client.describe_db_instances().into_paginator().items().send().try_collect().await {
        Ok(instances) => {
            for db in instances {
                inventory.databases.push(Database {
                    id: db.db_instance_identifier().unwrap_or_default().to_string(),
                    class: db.db_instance_class().unwrap_or_default().to_string(),
                    engine: db.engine().unwrap_or_default().to_string(),
                    status: db.db_instance_status().unwrap_or_default().to_string(),
                    multi_az: db.multi_az().unwrap_or(false),
                    storage_type: db.storage_type().unwrap_or_default().to_string(),
                    allocated_gib: db.allocated_storage().and_then(|s| u64::try_from(s).ok()).unwrap_or_default(),
                    daily_connections: Vec::new(),
                });
            }
        }
        Err(error) => inventory.errors.push(scan_error(&region, "rds", "DescribeDBInstances", error)),
    }
    match client
        .describe_db_snapshots()
        .snapshot_type("manual")
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(snapshots) => {
            for snapshot in snapshots {
                inventory.snapshots.push(Snapshot {
                    id: snapshot.db_snapshot_identifier().unwrap_or_default().to_string(),
                    kind: SnapshotKind::Rds,
                    start_time: secs(snapshot.snapshot_create_time()),
                    size_gib: snapshot.allocated_storage().and_then(|s| u64::try_from(s).ok()).unwrap_or_default(),
                    source: snapshot.db_instance_identifier().map(str::to_string),
                });
            }
        }
        Err(error) => inventory.errors.push(scan_error(&region, "rds", "DescribeDBSnapshots", error)),
    }
}
