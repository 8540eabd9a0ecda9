//! EC2: instances (`DescribeInstances`), volumes (`DescribeVolumes`),
//! Elastic IPs (`DescribeAddresses`) and the account's own EBS snapshots
//! (`DescribeSnapshots`, owner `self`).

use super::{scan_error, secs};
use aws_config::SdkConfig;
use skyplan_audit::inventory::{Address, Instance, RegionInventory, Snapshot, SnapshotKind, Volume};

pub(super) async fn scan(config: &SdkConfig, inventory: &mut RegionInventory) {
    let client = aws_sdk_ec2::Client::new(config);
    let region = inventory.region.clone();

    match client.describe_instances().into_paginator().items().send().try_collect().await {
        Ok(reservations) => {
            for instance in reservations.iter().flat_map(|r| r.instances()) {
                let state = instance
                    .state()
                    .and_then(|s| s.name())
                    .map(|n| n.as_str().to_string())
                    .unwrap_or_default();
                // Terminated instances stay listed for a while and cost nothing.
                if state == "terminated" || state == "shutting-down" {
                    continue;
                }
                inventory.instances.push(Instance {
                    id: instance.instance_id().unwrap_or_default().to_string(),
                    name: instance
                        .tags()
                        .iter()
                        .find(|t| t.key() == Some("Name"))
                        .and_then(|t| t.value())
                        .map(str::to_string),
                    instance_type: instance.instance_type().map(|t| t.as_str().to_string()).unwrap_or_default(),
                    state,
                    launch_time: secs(instance.launch_time()),
                    platform: instance.platform().map(|p| p.as_str().to_ascii_lowercase()),
                    daily_cpu: Vec::new(),
                });
            }
        }
        Err(error) => inventory.errors.push(scan_error(&region, "ec2", "DescribeInstances", error)),
    }

    match client.describe_volumes().into_paginator().items().send().try_collect().await {
        Ok(volumes) => {
            for volume in volumes {
                inventory.volumes.push(Volume {
                    id: volume.volume_id().unwrap_or_default().to_string(),
                    volume_type: volume.volume_type().map(|t| t.as_str().to_string()).unwrap_or_default(),
                    size_gib: volume.size().and_then(|s| u64::try_from(s).ok()).unwrap_or_default(),
                    iops: volume.iops().and_then(|s| u64::try_from(s).ok()),
                    throughput_mibps: volume.throughput().and_then(|s| u64::try_from(s).ok()),
                    state: volume.state().map(|s| s.as_str().to_string()).unwrap_or_default(),
                    attached_to: volume
                        .attachments()
                        .iter()
                        .filter_map(|a| a.instance_id().map(str::to_string))
                        .collect(),
                });
            }
        }
        Err(error) => inventory.errors.push(scan_error(&region, "ec2", "DescribeVolumes", error)),
    }

    match client.describe_addresses().send().await {
        Ok(output) => {
            for address in output.addresses() {
                let public_ip = address.public_ip().unwrap_or_default().to_string();
                inventory.addresses.push(Address {
                    id: address.allocation_id().map(str::to_string).unwrap_or_else(|| public_ip.clone()),
                    public_ip,
                    association_id: address.association_id().filter(|s| !s.is_empty()).map(str::to_string),
                    associated_with: [address.instance_id(), address.network_interface_id()]
                        .into_iter()
                        .flatten()
                        .find(|s| !s.is_empty())
                        .map(str::to_string),
                });
            }
        }
        Err(error) => inventory.errors.push(scan_error(&region, "ec2", "DescribeAddresses", error)),
    }

    match client
        .describe_snapshots()
        .owner_ids("self")
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(snapshots) => {
            for snapshot in snapshots {
                inventory.snapshots.push(Snapshot {
                    id: snapshot.snapshot_id().unwrap_or_default().to_string(),
                    kind: SnapshotKind::Ebs,
                    start_time: secs(snapshot.start_time()),
                    size_gib: snapshot.volume_size().and_then(|s| u64::try_from(s).ok()).unwrap_or_default(),
                    source: snapshot.volume_id().map(str::to_string),
                });
            }
        }
        Err(error) => inventory.errors.push(scan_error(&region, "ec2", "DescribeSnapshots", error)),
    }
}
