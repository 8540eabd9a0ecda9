//! A hand-built account used by the hand-checked, golden and round-trip tests.

#![allow(dead_code)]

use skyplan_audit::inventory::*;
use skyplan_core::Catalog;
use std::collections::BTreeMap;

/// 2026-11-24T12:00:00Z.
pub const NOW: i64 = 1_795_521_600;
pub const DAY: i64 = DAY_SECONDS;

pub fn catalogs() -> BTreeMap<String, Catalog> {
    let mut catalogs = BTreeMap::new();
    for (region, bytes) in [
        (
            "us-east-1",
            include_bytes!("../../../../pricing-data/us-east-1.json").as_slice(),
        ),
        (
            "eu-west-1",
            include_bytes!("../../../../pricing-data/eu-west-1.json").as_slice(),
        ),
    ] {
        catalogs.insert(
            region.to_string(),
            Catalog::from_json(bytes).expect("bundled catalog"),
        );
    }
    catalogs
}

/// Daily datapoints for the `days` whole days before NOW's day.
pub fn daily(values: &[f64]) -> Vec<Datapoint> {
    let today = NOW.div_euclid(DAY) * DAY;
    let days = values.len() as i64;
    values
        .iter()
        .enumerate()
        .map(|(i, &value)| Datapoint {
            day_start: today - (days - i as i64) * DAY,
            value,
        })
        .collect()
}

pub fn instance(
    id: &str,
    instance_type: &str,
    state: &str,
    launched_days_ago: i64,
    cpu: &[f64],
) -> Instance {
    Instance {
        id: id.into(),
        name: None,
        instance_type: instance_type.into(),
        state: state.into(),
        launch_time: NOW - launched_days_ago * DAY,
        platform: None,
        daily_cpu: daily(cpu),
    }
}

pub fn volume(
    id: &str,
    volume_type: &str,
    size_gib: u64,
    iops: Option<u64>,
    throughput: Option<u64>,
    attached_to: &[&str],
) -> Volume {
    Volume {
        id: id.into(),
        volume_type: volume_type.into(),
        size_gib,
        iops,
        throughput_mibps: throughput,
        state: if attached_to.is_empty() {
            "available".into()
        } else {
            "in-use".into()
        },
        attached_to: attached_to.iter().map(|s| s.to_string()).collect(),
    }
}

pub fn address(id: &str, ip: &str, instance: Option<&str>) -> Address {
    Address {
        id: id.into(),
        public_ip: ip.into(),
        association_id: instance.map(|_| format!("eipassoc-{id}")),
        associated_with: instance.map(String::from),
    }
}

pub fn load_balancer(name: &str, lb_type: &str, registered: u32, healthy: u32) -> LoadBalancer {
    LoadBalancer {
        name: name.into(),
        arn: format!("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/{name}/0123456789abcdef"),
        lb_type: lb_type.into(),
        registered_targets: registered,
        healthy_targets: healthy,
    }
}

pub fn database(id: &str, class: &str, multi_az: bool, connections: &[f64]) -> Database {
    Database {
        id: id.into(),
        class: class.into(),
        engine: "postgres".into(),
        status: "available".into(),
        multi_az,
        storage_type: "gp2".into(),
        allocated_gib: 20,
        daily_connections: daily(connections),
    }
}

pub fn snapshot(id: &str, kind: SnapshotKind, days_old: i64, size_gib: u64) -> Snapshot {
    Snapshot {
        id: id.into(),
        kind,
        start_time: NOW - days_old * DAY,
        size_gib,
        source: Some(format!("source-of-{id}")),
    }
}

/// The account of the hand-checked test (see tests/audit.rs for the arithmetic).
pub fn account() -> Inventory {
    let mut windows = instance("i-windows", "t3.micro", "running", 30, &[1.0; 7]);
    windows.platform = Some("windows".into());
    let mut idle = instance(
        "i-idle",
        "m5.large",
        "running",
        30,
        &[1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 2.0],
    );
    idle.name = Some("batch-old".into());
    let us_east_1 = RegionInventory {
        region: "us-east-1".into(),
        instances: vec![
            idle,
            instance("i-busy1", "m5.large", "running", 30, &[40.0; 7]),
            instance(
                "i-busy2",
                "m5.large",
                "running",
                90,
                &[35.0, 60.0, 41.0, 39.0, 50.0, 44.0, 38.0],
            ),
            instance("i-new", "m5.large", "running", 2, &[50.0, 50.0]),
            instance("i-stopped", "m5.large", "stopped", 30, &[]),
            instance("i-nodata", "t3.micro", "running", 30, &[]),
            windows,
        ],
        volumes: vec![
            volume(
                "vol-attached",
                "gp3",
                100,
                Some(3000),
                Some(125),
                &["i-busy1"],
            ),
            volume("vol-free", "gp3", 100, Some(3000), Some(125), &[]),
            volume("vol-fast", "gp3", 200, Some(6000), Some(250), &[]),
            volume("vol-io1", "io1", 50, Some(1000), None, &[]),
            volume("vol-magnetic", "standard", 10, None, None, &[]),
        ],
        addresses: vec![
            address("eipalloc-free", "203.0.113.10", None),
            address("eipalloc-used", "203.0.113.11", Some("i-busy1")),
        ],
        load_balancers: vec![
            load_balancer("alb-empty", "application", 0, 0),
            load_balancer("alb-unhealthy", "application", 2, 0),
            load_balancer("alb-ok", "application", 2, 2),
            load_balancer("nlb-empty", "network", 0, 0),
        ],
        databases: vec![
            database("db-idle", "db.m5.large", false, &[0.0; 7]),
            database(
                "db-busy",
                "db.m5.large",
                false,
                &[0.0, 5.0, 3.0, 0.0, 2.0, 8.0, 1.0],
            ),
        ],
        snapshots: vec![
            snapshot("snap-old", SnapshotKind::Ebs, 400, 100),
            snapshot("snap-recent", SnapshotKind::Ebs, 10, 100),
            snapshot("rds-snap-old", SnapshotKind::Rds, 500, 20),
        ],
        errors: vec![],
    };
    let eu_west_1 = RegionInventory {
        region: "eu-west-1".into(),
        addresses: vec![address("eipalloc-eu", "198.51.100.7", None)],
        errors: vec![ScanError {
            region: "eu-west-1".into(),
            service: "rds".into(),
            action: "DescribeDBInstances".into(),
            access_denied: true,
            message: "access denied: the credentials may not call rds:DescribeDBInstances".into(),
        }],
        ..RegionInventory::default()
    };
    let sa_east_1 = RegionInventory {
        region: "sa-east-1".into(),
        volumes: vec![volume("vol-sa", "gp3", 10, None, None, &[])],
        ..RegionInventory::default()
    };
    Inventory {
        now: NOW,
        regions: vec![us_east_1, eu_west_1, sa_east_1],
    }
}
