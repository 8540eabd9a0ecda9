//! Invariants of the cost engine over randomly shaped plans: costs are never
//! negative, more of anything never costs less, and running part-time never
//! costs more than running full-time.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use skyplan_core::{estimate, parse_plan, Catalog, Estimate};
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap())
}

fn base_plan() -> Value {
    serde_json::from_str(skyplan_core::templates::template("saas-3tier").unwrap().json).unwrap()
}

fn estimate_of(plan: &Value) -> Estimate {
    let plan = parse_plan(&plan.to_string()).unwrap_or_else(|e| panic!("generated plan is invalid: {e}\n{plan:#}"));
    estimate(&plan, catalog())
}

fn component<'a>(plan: &'a mut Value, id: &str) -> &'a mut Value {
    plan["components"].as_array_mut().unwrap().iter_mut().find(|c| c["id"] == id).unwrap()
}

/// The usage-driven settings of saas-3tier, drawn at random (wide enough to
/// cross every price tier, including the unpriced tail of S3 standard).
#[derive(Debug, Clone)]
struct Usage {
    web_desired: u32,
    cache_nodes: u32,
    nat_gb: u64,
    cdn_gb: u64,
    egress_gb: u64,
    assets_gb: u64,
    backup_ingest_gb: u64,
    lcus: u32,
    waf_millions: u32,
}

fn usage() -> impl Strategy<Value = Usage> {
    (0u32..=10, 1u32..=6, 0u64..2_000_000, 0u64..6_000_000, 0u64..200_000, 0u64..80_000, 0u64..5_000, 0u32..100, 0u32..1_000).prop_map(
        |(web_desired, cache_nodes, nat_gb, cdn_gb, egress_gb, assets_gb, backup_ingest_gb, lcus, waf_millions)| Usage {
            web_desired,
            cache_nodes,
            nat_gb,
            cdn_gb,
            egress_gb,
            assets_gb,
            backup_ingest_gb,
            lcus,
            waf_millions,
        },
    )
}

fn plan_with(usage: &Usage) -> Value {
    let mut plan = base_plan();
    let web = component(&mut plan, "web");
    web["min"] = json!(0);
    web["desired"] = json!(usage.web_desired);
    web["max"] = json!(usage.web_desired.max(1) + 10);
    component(&mut plan, "cache")["nodes"] = json!(usage.cache_nodes);
    component(&mut plan, "network")["nat_data_processed_gb"] = json!(usage.nat_gb);
    component(&mut plan, "cdn")["data_out_gb"] = json!({ "north_america": usage.cdn_gb, "europe": usage.cdn_gb / 2 });
    component(&mut plan, "egress")["internet_out_gb"] = json!(usage.egress_gb);
    component(&mut plan, "assets")["storage_gb"] = json!({ "standard": usage.assets_gb });
    component(&mut plan, "backups")["monthly_ingest_gb"] = json!(usage.backup_ingest_gb);
    component(&mut plan, "alb")["lcus"] = json!(usage.lcus);
    component(&mut plan, "waf")["requests_millions"] = json!(usage.waf_millions);
    plan
}

fn assert_never_negative(estimate: &Estimate) {
    assert!(estimate.monthly >= Decimal::ZERO);
    for env in &estimate.environments {
        assert!(env.monthly >= Decimal::ZERO, "{}", env.name);
        for component in &env.components {
            for line in &component.lines {
                assert!(line.quantity >= Decimal::ZERO, "{} {}: quantity {}", component.id, line.name, line.quantity);
                if let Some(monthly) = line.monthly {
                    assert!(monthly >= Decimal::ZERO, "{} {}: {monthly}", component.id, line.name);
                }
            }
        }
    }
}

/// Extra components a user might add, each valid on its own.
fn extra_component() -> impl Strategy<Value = Value> {
    prop_oneof![
        (1u32..5, 20u32..200).prop_map(|(n, gb)| json!({ "id": "extra", "kind": "asg", "instance_type": "c5.large", "min": 0, "desired": n, "max": 10, "root_volume_gb": gb })),
        (1u32..4).prop_map(|n| json!({ "id": "extra", "kind": "elasticache", "engine": "redis", "node_type": "cache.m5.large", "nodes": n })),
        (20u32..2000, any::<bool>()).prop_map(|(gb, multi_az)| json!({ "id": "extra", "kind": "rds", "engine": "mysql", "engine_version": "8.0", "instance_class": "db.m5.large",
            "multi_az": multi_az, "storage_type": "gp3", "storage_gb": gb, "backup_retention_days": 7, "read_replicas": 1 })),
        (0u64..100_000).prop_map(|gb| json!({ "id": "extra", "kind": "s3", "bucket": "extra-bucket", "encryption": "sse_s3", "storage_gb": { "standard_ia": gb } })),
        (0u64..100_000).prop_map(|gb| json!({ "id": "extra", "kind": "data_transfer", "inter_region_gb": gb })),
        (1u32..10).prop_map(|k| json!({ "id": "extra", "kind": "kms", "keys": k })),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn costs_are_never_negative(usage in usage()) {
        assert_never_negative(&estimate_of(&plan_with(&usage)));
    }

    #[test]
    fn adding_a_component_never_lowers_the_total(usage in usage(), extra in extra_component()) {
        let plan = plan_with(&usage);
        let before = estimate_of(&plan);
        let mut bigger = plan.clone();
        bigger["components"].as_array_mut().unwrap().push(extra);
        let after = estimate_of(&bigger);
        prop_assert!(after.monthly >= before.monthly, "{} < {}", after.monthly, before.monthly);
        for (a, b) in after.environments.iter().zip(&before.environments) {
            prop_assert!(a.monthly >= b.monthly, "{}: {} < {}", a.name, a.monthly, b.monthly);
        }
    }

    #[test]
    fn raising_a_count_or_a_volume_never_lowers_the_total(usage in usage(), which in 0usize..6, by in 1u64..1000) {
        let before = estimate_of(&plan_with(&usage));
        let mut more = usage.clone();
        match which {
            0 => more.web_desired += 1,
            1 => more.cache_nodes += 1,
            2 => more.cdn_gb += by * 1000,
            3 => more.egress_gb += by * 100,
            4 => more.assets_gb += by * 100,
            _ => more.nat_gb += by,
        }
        let after = estimate_of(&plan_with(&more));
        prop_assert!(after.monthly >= before.monthly, "{which}: {} < {}", after.monthly, before.monthly);
    }

    #[test]
    fn part_time_never_costs_more_than_full_time(usage in usage(), hours in 1u8..=24, days in 1u8..=7) {
        let mut full_time = plan_with(&usage);
        for env in full_time["environments"].as_array_mut().unwrap() {
            env.as_object_mut().unwrap().remove("schedule");
        }
        let mut part_time = full_time.clone();
        for env in part_time["environments"].as_array_mut().unwrap() {
            env["schedule"] = json!({ "hours_per_day": hours, "days_per_week": days });
        }
        let full = estimate_of(&full_time);
        let part = estimate_of(&part_time);
        for (p, f) in part.environments.iter().zip(&full.environments) {
            prop_assert!(p.monthly <= f.monthly, "{}: part-time {} > full-time {}", p.name, p.monthly, f.monthly);
            if hours == 24 && days == 7 {
                prop_assert_eq!(p.monthly, f.monthly);
            }
        }
    }
}
