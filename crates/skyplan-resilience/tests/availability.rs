//! Composite availability, hand-checked: components in series, redundancy
//! in parallel, capped at what AWS publishes.

use skyplan_core::templates::template;
use skyplan_core::Catalog;
use skyplan_resilience::availability::{environment_availability, parallel, series};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn series_and_parallel_by_hand() {
    // Two 99.5 % instances in two AZs: 1 − 0.005² = 0.999975.
    assert!(close(parallel(0.995, 2), 0.999_975));
    assert!(close(parallel(0.995, 1), 0.995));
    // ALB 99.99 % then RDS Multi-AZ 99.95 %: 0.9999 × 0.9995 = 0.99940005.
    assert!(close(series(&[0.9999, 0.9995]), 0.999_400_05));
}

#[test]
fn saas_3tier_production_and_dev() {
    let catalog = Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let production = environment_availability(&plan, "production", &catalog).unwrap();
    // In series: CloudFront 0.999, WAF 0.9995, ALB 0.9999, web (3 in 3 AZs,
    // 1 − 0.005³ capped at 0.9999), EKS (0.9995 × nodes 5 in 3 AZs capped at
    // 0.9999), RDS Multi-AZ 0.9995, Redis 3 nodes Multi-AZ 0.9999, two S3
    // buckets 0.999 each, KMS 0.99999, Secrets Manager 0.999.
    let expected = [0.999, 0.9995, 0.9999, 0.9999, 0.9995 * 0.9999, 0.9995, 0.9999, 0.999, 0.999, 0.99999, 0.999]
        .iter()
        .product::<f64>();
    assert!(
        close(production.composite_percent, expected * 100.0),
        "{} vs {}",
        production.composite_percent,
        expected * 100.0
    );
    assert!((production.composite_percent - 99.4105).abs() < 1e-4);
    assert_eq!(production.meets_target, Some(false));
    assert!(close(production.downtime_minutes_per_month, (1.0 - expected) * 43_800.0));
    let weakest = production.weakest_link.as_ref().unwrap();
    assert_eq!((weakest.component.as_str(), weakest.percent), ("cdn", 99.9));
    assert!(weakest.improvement.is_none() && weakest.note.contains("no setting of the plan raises it"));
    assert!(production.not_counted.iter().any(|n| n.starts_with("network: NAT gateways (3)")));

    // dev: web 1 instance (0.995), RDS Single-AZ (0.995), Redis 1 node (0.995), no WAF.
    let dev = environment_availability(&plan, "dev", &catalog).unwrap();
    let weakest = dev.weakest_link.as_ref().unwrap();
    assert_eq!((weakest.component.as_str(), weakest.percent), ("web", 99.5));
    let db = dev.improvements.iter().find(|i| i.component == "db").unwrap();
    assert_eq!(db.patch, serde_json::json!({"multi_az": true}));
    assert!(close(db.percent_after, 99.95));
    // Multi-AZ doubles db.t3.medium postgres (0.072 → 2 × 0.072 an hour, the
    // catalog has no Multi-AZ rate) over dev's 730 × 50/168 = 217.2619 hours:
    // + 0.072 × 217.2619 = 15.6429; storage 20 GB gp3 0.115 → 0.23: + 2.30;
    // total 17.9429.
    assert_eq!(db.monthly_cost.map(|c| c.round_dp(2)), Some("17.94".parse().unwrap()));
    let cache = dev.improvements.iter().find(|i| i.component == "cache").unwrap();
    assert!(close(cache.percent_after, 99.99));
    assert!(cache.composite_after_percent > dev.composite_percent);
}
