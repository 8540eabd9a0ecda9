//! Invariants of the audit over generated accounts (proptest): savings never
//! exceed what a resource costs now, totals are the sums of their parts,
//! commitments cover only steady instances, and the JSON form round-trips.

mod common;

use common::{catalogs, DAY, NOW};
use proptest::prelude::*;
use rust_decimal::Decimal;
use skyplan_audit::inventory::*;
use skyplan_audit::{audit, AuditReport, Config, Thresholds, Window};

const TYPES: &[&str] = &["m5.large", "t3.micro", "c5.xlarge", "x9.unknown"];
const VOLUME_TYPES: &[&str] = &["gp3", "gp2", "io1", "io2", "st1", "sc1", "standard"];
const REGIONS: &[&str] = &["us-east-1", "eu-west-1", "sa-east-1"];

fn today() -> i64 {
    NOW.div_euclid(DAY) * DAY
}

fn instance() -> impl Strategy<Value = Instance> {
    (
        0..TYPES.len(),
        prop::bool::weighted(0.8),
        0i64..40,
        prop::collection::vec((1i64..16, 0.0f64..100.0), 0..16),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(t, running, launched, points, windows)| Instance {
            id: String::new(),
            name: None,
            instance_type: TYPES[t].into(),
            state: if running { "running" } else { "stopped" }.into(),
            launch_time: NOW - launched * DAY,
            platform: windows.then(|| "windows".into()),
            daily_cpu: points
                .into_iter()
                .map(|(ago, value)| Datapoint {
                    day_start: today() - ago * DAY,
                    value,
                })
                .collect(),
        })
}

fn volume() -> impl Strategy<Value = Volume> {
    (
        0..VOLUME_TYPES.len(),
        1u64..4000,
        prop::option::of(0u64..20_000),
        prop::option::of(0u64..1000),
        prop::bool::ANY,
        any::<u16>(),
    )
        .prop_map(|(t, size, iops, throughput, attached, id)| Volume {
            id: format!("vol-{id:04x}"),
            volume_type: VOLUME_TYPES[t].into(),
            size_gib: size,
            iops,
            throughput_mibps: throughput,
            state: if attached { "in-use" } else { "available" }.into(),
            attached_to: if attached { vec!["i-1".into()] } else { vec![] },
        })
}

fn region() -> impl Strategy<Value = RegionInventory> {
    (
        0..REGIONS.len(),
        prop::collection::vec(instance(), 0..8),
        prop::collection::vec(volume(), 0..4),
        prop::collection::vec(prop::bool::ANY, 0..3),
        prop::collection::vec((prop::bool::ANY, 0u32..3, 0u32..3), 0..3),
        prop::collection::vec(
            (
                0..3usize,
                prop::bool::ANY,
                prop::collection::vec(0.0f64..3.0, 0..8),
            ),
            0..3,
        ),
        prop::collection::vec((prop::bool::ANY, 0i64..900, 1u64..500), 0..4),
    )
        .prop_map(
            |(r, instances, volumes, addresses, lbs, dbs, snapshots)| RegionInventory {
                region: REGIONS[r].into(),
                instances: instances
                    .into_iter()
                    .enumerate()
                    .map(|(i, mut instance)| {
                        instance.id = format!("i-{i}");
                        instance
                    })
                    .collect(),
                volumes,
                addresses: addresses
                    .into_iter()
                    .enumerate()
                    .map(|(i, associated)| Address {
                        id: format!("eipalloc-{i}"),
                        public_ip: format!("203.0.113.{i}"),
                        association_id: associated.then(|| "eipassoc-1".into()),
                        associated_with: associated.then(|| "i-1".into()),
                    })
                    .collect(),
                load_balancers: lbs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (alb, registered, healthy))| LoadBalancer {
                        name: format!("lb-{i}"),
                        arn: format!("arn:lb-{i}"),
                        lb_type: if alb { "application" } else { "network" }.into(),
                        registered_targets: registered,
                        healthy_targets: healthy.min(registered),
                    })
                    .collect(),
                databases: dbs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (class, multi_az, connections))| Database {
                        id: format!("db-{i}"),
                        class: ["db.m5.large", "db.t3.micro", "db.x9.huge"][class].into(),
                        engine: "postgres".into(),
                        status: "available".into(),
                        multi_az,
                        storage_type: "gp3".into(),
                        allocated_gib: 20,
                        daily_connections: connections
                            .iter()
                            .enumerate()
                            .map(|(d, &value)| Datapoint {
                                day_start: today() - (d as i64 + 1) * DAY,
                                value: value.floor(),
                            })
                            .collect(),
                    })
                    .collect(),
                snapshots: snapshots
                    .into_iter()
                    .enumerate()
                    .map(|(i, (ebs, age, size))| Snapshot {
                        id: format!("snap-{i}"),
                        kind: if ebs {
                            SnapshotKind::Ebs
                        } else {
                            SnapshotKind::Rds
                        },
                        start_time: NOW - age * DAY,
                        size_gib: size,
                        source: None,
                    })
                    .collect(),
                errors: vec![],
            },
        )
}

fn config() -> impl Strategy<Value = Config> {
    (0u32..2000, 1u32..15, 0u32..800, prop::option::of(1u32..80)).prop_map(
        |(cpu, days, snapshot_days, discount)| Config {
            thresholds: Thresholds {
                cpu_percent: Decimal::new(i64::from(cpu), 2),
                days,
                snapshot_days,
            },
            savings_plan_discount_percent: discount.map(Decimal::from),
        },
    )
}

fn steady(instance: &Instance, window: &Window, threshold: Decimal) -> bool {
    let points: Vec<&Datapoint> = instance
        .daily_cpu
        .iter()
        .filter(|p| window.start <= p.day_start && p.day_start < window.end)
        .collect();
    let days: std::collections::BTreeSet<i64> = points.iter().map(|p| p.day_start).collect();
    let mean = points
        .iter()
        .map(|p| Decimal::from_f64_retain(p.value).unwrap().round_dp(4))
        .sum::<Decimal>()
        / Decimal::from(points.len().max(1) as u64);
    instance.state == "running"
        && instance.platform.is_none()
        && instance.launch_time <= window.start
        && days.len() >= window.days as usize
        && mean >= threshold
}

/// A scan reads each region once, so an inventory never holds two entries
/// for one region (whose instance ids would then collide).
fn regions() -> impl Strategy<Value = Vec<RegionInventory>> {
    prop::collection::vec(region(), 0..3).prop_map(|mut regions| {
        let mut seen = std::collections::HashSet::new();
        regions.retain(|g| seen.insert(g.region.clone()));
        regions
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn audit_invariants(regions in regions(), config in config()) {
        let inventory = Inventory { now: NOW, regions };
        let report = audit(&inventory, &catalogs(), &config);
        for f in &report.findings {
            prop_assert_eq!(f.monthly_cost.is_some(), f.monthly_saving.is_some());
            if let (Some(cost), Some(saving)) = (f.monthly_cost, f.monthly_saving) {
                prop_assert!(saving <= cost, "{}: saving {} > cost {}", f.resource_id, saving, cost);
                prop_assert!(saving >= Decimal::ZERO);
                prop_assert!(f.missing_prices.is_empty());
            } else {
                prop_assert!(!f.missing_prices.is_empty(), "{} unpriced without a missing price named", f.resource_id);
            }
        }
        let t = &report.totals;
        prop_assert_eq!(t.findings_monthly_cost, report.findings.iter().filter_map(|f| f.monthly_cost).sum::<Decimal>());
        prop_assert_eq!(t.findings_monthly_saving, report.findings.iter().filter_map(|f| f.monthly_saving).sum::<Decimal>());
        prop_assert_eq!(t.commitments_monthly_saving, report.recommendations.iter().map(|r| r.monthly_saving).sum::<Decimal>());
        prop_assert_eq!(t.potential_monthly_saving, t.findings_monthly_saving + t.commitments_monthly_saving);
        prop_assert!(t.findings_monthly_saving <= t.findings_monthly_cost);
        for r in &report.recommendations {
            prop_assert!(r.monthly_saving > Decimal::ZERO && r.monthly_saving <= r.on_demand_monthly);
            prop_assert_eq!(r.yearly_saving, r.monthly_saving * Decimal::from(12));
            let region = inventory.regions.iter().filter(|g| g.region == r.region);
            let instances: Vec<&Instance> = region.flat_map(|g| g.instances.iter()).filter(|i| r.instances.contains(&i.id)).collect();
            prop_assert!(!instances.is_empty());
            for instance in instances.iter().filter(|i| i.instance_type == r.instance_type) {
                prop_assert!(steady(instance, &report.window, config.thresholds.cpu_percent), "{} is not steady", instance.id);
            }
            // No flagged instance is also committed.
            prop_assert!(!report.findings.iter().any(|f| f.region == r.region && r.instances.contains(&f.resource_id)));
        }
        let back = AuditReport::from_json(report.to_json_pretty().as_bytes());
        prop_assert_eq!(back.ok(), Some(report));
    }
}
