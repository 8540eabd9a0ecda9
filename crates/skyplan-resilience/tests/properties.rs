//! Invariants: a stronger strategy never has a larger RPO or RTO than a
//! weaker one; adding redundancy never lowers availability.

use proptest::prelude::*;
use rust_decimal::Decimal;
use skyplan_core::model::{Asg, ElastiCache, Rds, Spec};
use skyplan_resilience::availability::component_availability;
use skyplan_resilience::strategy::{rpo, rto, Cache, Database, Inventory, Recovery, Store, Strategy, Term};

fn inventory() -> impl Strategy2<Value = Inventory> {
    (
        prop::collection::vec((1u32..20_000, any::<bool>(), 0u8..36, 0u32..50), 0..3),
        0u32..4,
        0usize..3,
        prop::collection::vec(0u32..3600, 0..4),
        any::<bool>(),
        prop::collection::vec((0u32..20_000, any::<bool>()), 0..3),
    )
        .prop_map(|(dbs, caches, buckets, launches, has_eks, stores)| Inventory {
            databases: dbs
                .into_iter()
                .enumerate()
                .map(|(i, (gb, multi_az, days, change))| Database {
                    id: format!("db{i}"),
                    storage_gb: Decimal::from(gb),
                    multi_az,
                    backup_retention_days: days,
                    daily_change_percent: Decimal::from(change),
                })
                .collect(),
            caches: (0..caches)
                .map(|i| Cache {
                    id: format!("cache{i}"),
                    nodes: i + 1,
                })
                .collect(),
            buckets: (0..buckets).map(|i| format!("bucket{i}")).collect(),
            groups: launches.into_iter().enumerate().map(|(i, s)| (format!("g{i}"), s)).collect(),
            has_eks,
            stores: stores
                .into_iter()
                .enumerate()
                .map(|(i, (gb, replicates_already))| Store {
                    id: format!("table{i}"),
                    backup_gb: Decimal::from(gb),
                    replication: Term { what: format!("table{i}: replication"), seconds: 1, source: "test".into() },
                    replicates_already,
                })
                .collect(),
        })
}

use proptest::strategy::Strategy as Strategy2;

fn recovery() -> impl Strategy2<Value = Recovery> {
    (0u64..3600, 1u32..169, 1u32..10_000, 0u64..7200).prop_map(|(ttl, interval, gbh, decision)| Recovery {
        dns_ttl_seconds: ttl,
        backup_interval_hours: interval,
        restore_gb_per_hour: Decimal::from(gbh),
        decision_seconds: decision,
    })
}

proptest! {
    #[test]
    fn a_stronger_strategy_never_recovers_later_or_loses_more(inv in inventory(), rec in recovery()) {
        for pair in Strategy::ALL.windows(2) {
            let (weaker, stronger) = (pair[0], pair[1]);
            prop_assert!(rpo(stronger, &inv, &rec).0 <= rpo(weaker, &inv, &rec).0, "RPO {:?} > {:?}", stronger, weaker);
            prop_assert!(rto(stronger, &inv, &rec).0 <= rto(weaker, &inv, &rec).0, "RTO {:?} > {:?}", stronger, weaker);
        }
    }

    #[test]
    fn more_instances_azs_replicas_or_multi_az_never_lower_availability(desired in 0u32..10, more in 1u32..5, azs in 1u32..6, more_azs in 0u32..3, nodes in 1u32..4, multi_az in any::<bool>()) {
        let asg = |desired| Spec::Asg(Asg { instance_type: "t3.medium".into(), min: 0, desired, max: 20, root_volume_gb: 20 });
        let a = |spec: &Spec, azs| component_availability(spec, azs).unwrap().0;
        prop_assert!(a(&asg(desired + more), azs) >= a(&asg(desired), azs));
        prop_assert!(a(&asg(desired), azs + more_azs) >= a(&asg(desired), azs));
        let cache = |nodes| Spec::Elasticache(ElastiCache { engine: skyplan_core::aws::CacheEngine::Redis, node_type: "cache.r5.large".into(), nodes, encryption_at_rest: true, encryption_in_transit: true });
        prop_assert!(a(&cache(nodes + more), azs) >= a(&cache(nodes), azs));
        let rds = |multi_az| Spec::Rds(Rds {
            engine: skyplan_core::aws::DbEngine::Postgres, engine_version: "16.4".into(), instance_class: "db.r5.large".into(), multi_az,
            storage_type: skyplan_core::aws::RdsStorageType::Gp3, storage_gb: 100, iops: None, backup_retention_days: 7,
            backup_daily_change_percent: skyplan_core::model::Quantity::from_u32(1), read_replicas: 0,
        });
        prop_assert!(a(&rds(true), azs) >= a(&rds(multi_az), azs));
    }
}
