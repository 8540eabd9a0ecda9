//! Hand-checked audit of tests/common's account against the bundled
//! us-east-1 and eu-west-1 catalogs (2026-11-24 prices), golden table and
//! CSV, and the JSON round trip the web app relies on.

mod common;

use common::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use skyplan_audit::{audit, AuditReport, Config, FindingKind, ReportError};

fn report() -> AuditReport {
    audit(&account(), &catalogs(), &Config::default())
}

fn finding<'a>(report: &'a AuditReport, id: &str) -> &'a skyplan_audit::Finding {
    report
        .findings
        .iter()
        .find(|f| f.resource_id == id)
        .unwrap_or_else(|| panic!("no finding for {id}"))
}

#[test]
fn flags_exactly_the_wasteful_resources() {
    let report = report();
    let flagged: Vec<(&str, FindingKind)> = report
        .findings
        .iter()
        .map(|f| (f.resource_id.as_str(), f.kind))
        .collect();
    assert_eq!(
        flagged,
        vec![
            ("i-idle", FindingKind::IdleInstance),
            ("i-windows", FindingKind::IdleInstance),
            ("vol-free", FindingKind::UnattachedVolume),
            ("vol-fast", FindingKind::UnattachedVolume),
            ("vol-io1", FindingKind::UnattachedVolume),
            ("vol-magnetic", FindingKind::UnattachedVolume),
            ("eipalloc-free", FindingKind::UnassociatedAddress),
            ("alb-empty", FindingKind::IdleLoadBalancer),
            ("alb-unhealthy", FindingKind::IdleLoadBalancer),
            ("nlb-empty", FindingKind::IdleLoadBalancer),
            ("db-idle", FindingKind::IdleDatabase),
            ("snap-old", FindingKind::OldSnapshot),
            ("rds-snap-old", FindingKind::OldSnapshot),
            ("eipalloc-eu", FindingKind::UnassociatedAddress),
            ("vol-sa", FindingKind::UnattachedVolume),
        ]
    );
    // Stopped, busy, new and unmeasured instances, the attached volume, the
    // associated address, the healthy ALB, the busy database and the recent
    // snapshot are not findings; the instance without datapoints is named.
    assert_eq!(report.not_measured.len(), 1);
    assert_eq!(report.not_measured[0].resource_id, "i-nodata");
}

#[test]
fn costs_are_the_catalogs_prices_by_hand() {
    let report = report();
    let cost = |id: &str| finding(&report, id).monthly_cost;
    // m5.large on demand 0.096 USD/h × 730 h.
    assert_eq!(cost("i-idle"), Some(dec!(70.08)));
    let idle = finding(&report, "i-idle");
    // (1 + 2 + 3 + 1 + 2 + 3 + 2) / 7 = 2 % against 5 %.
    assert_eq!((idle.measured, idle.threshold), (dec!(2), dec!(5)));
    assert_eq!(idle.why, "average CPU 2 % over 7 daily datapoints < 5 %");
    // gp3 100 GiB × 0.08, IOPS and throughput within what gp3 includes.
    assert_eq!(cost("vol-free"), Some(dec!(8.00)));
    // gp3 200 GiB × 0.08 = 16; (6000 − 3000) IOPS × 0.005 = 15; (250 − 125) MiB/s × 0.04 = 5.
    assert_eq!(cost("vol-fast"), Some(dec!(36)));
    // io1 50 GiB × 0.125 = 6.25; 1000 IOPS × 0.065 = 65.
    assert_eq!(cost("vol-io1"), Some(dec!(71.25)));
    // public_ipv4.hour 0.005 × 730.
    assert_eq!(cost("eipalloc-free"), Some(dec!(3.65)));
    // alb.hour 0.0225 × 730, LCUs 0 with no targets.
    assert_eq!(cost("alb-empty"), Some(dec!(16.425)));
    assert_eq!(cost("alb-unhealthy"), Some(dec!(16.425)));
    // postgres db.m5.large Single-AZ 0.178 × 730 = 129.94; gp2 20 GiB × 0.115 = 2.30.
    assert_eq!(cost("db-idle"), Some(dec!(132.24)));
    // 100 GiB × ebs.snapshot_gb_month 0.05; 400 days against 365.
    assert_eq!(cost("snap-old"), Some(dec!(5.00)));
    assert_eq!(
        (
            finding(&report, "snap-old").measured,
            finding(&report, "snap-old").threshold
        ),
        (dec!(400), dec!(365))
    );
    // 20 GiB × rds.backup_gb_month 0.095.
    assert_eq!(cost("rds-snap-old"), Some(dec!(1.90)));
    for f in &report.findings {
        assert_eq!(
            f.monthly_saving, f.monthly_cost,
            "{}: acting on a finding saves what it costs",
            f.resource_id
        );
    }
}

#[test]
fn missing_prices_are_named_and_never_guessed() {
    let report = report();
    let missing = |id: &str| {
        let f = finding(&report, id);
        assert_eq!((f.monthly_cost, f.monthly_saving), (None, None), "{id}");
        f.missing_prices.clone()
    };
    assert_eq!(
        missing("i-windows"),
        vec!["ec2.t3.micro.windows.on_demand_hourly (us-east-1)"]
    );
    assert_eq!(
        missing("vol-magnetic"),
        vec!["ebs.standard.storage_gb_month (us-east-1)"]
    );
    assert_eq!(missing("nlb-empty"), vec!["nlb.hour (us-east-1)"]);
    // The eu-west-1 catalog has no public IPv4 price; sa-east-1 has no catalog.
    assert_eq!(missing("eipalloc-eu"), vec!["public_ipv4.hour (eu-west-1)"]);
    assert_eq!(
        missing("vol-sa"),
        vec!["ebs.gp3.storage_gb_month (no catalog for sa-east-1)"]
    );
    assert_eq!(report.missing_prices.len(), 5);
    assert_eq!(report.totals.unpriced_findings, 5);
}

#[test]
fn steady_instances_get_the_optimizers_commitment() {
    let report = report();
    assert_eq!(report.recommendations.len(), 1);
    let r = &report.recommendations[0];
    // i-busy1 and i-busy2 ran all 7 days, launched before them; i-new did not, i-idle is idle.
    assert_eq!(r.instances, vec!["i-busy1", "i-busy2"]);
    // On demand: 2 × 0.096 × 730 = 140.16 a month. The cheapest offer is the
    // standard 3-year all-upfront RI at 949 each: 2 × 949 = 1898 upfront,
    // 1898 / 36 months = 52.7222… a month (1-year all upfront: 2 × 494 / 12
    // = 82.33; 3-year partial: 2 × 0.019 × 730 + 2 × 505 / 36 = 55.80).
    assert_eq!(r.option, "Reserved standard 3 yr all_upfront");
    assert_eq!(r.reserved_instances, Some(2));
    assert_eq!(r.upfront, dec!(1898));
    assert_eq!(r.on_demand_monthly, dec!(140.16));
    assert_eq!(r.monthly, dec!(1898) / dec!(36));
    assert_eq!(r.monthly_saving, dec!(140.16) - dec!(1898) / dec!(36));
    assert_eq!(r.monthly_saving.round_dp(2), dec!(87.44));
    assert_eq!(r.yearly_saving, r.monthly_saving * dec!(12));
    assert_eq!(r.yearly_saving.round_dp(2), dec!(1049.25));
    // No Savings Plans rate in the catalog, and none given.
    assert_eq!(report.unpriced_commitments.len(), 1);
    assert_eq!(
        report.unpriced_commitments[0].option,
        "Compute Savings Plan 1 yr"
    );
}

#[test]
fn a_savings_plan_discount_is_weighed_against_the_offers() {
    let config = Config {
        savings_plan_discount_percent: Some(dec!(70)),
        ..Config::default()
    };
    let report = audit(&account(), &catalogs(), &config);
    let r = &report.recommendations[0];
    // 70 % off: 2 × 0.096 × 0.3 = 0.0576 USD/h, × 730 = 42.048 a month, below the RI's 52.72.
    assert_eq!(r.option, "Compute Savings Plan 1 yr at your 70 % discount");
    assert_eq!(r.hourly_commitment, Some(dec!(0.0576)));
    assert_eq!(r.monthly, dec!(42.048));
    assert!(report.unpriced_commitments.is_empty());
}

#[test]
fn totals_add_the_priced_findings_and_commitments() {
    let report = report();
    // 70.08 + 8 + 36 + 71.25 + 3.65 + 16.425 + 16.425 + 132.24 + 5 + 1.90 = 360.97.
    assert_eq!(report.totals.findings_monthly_cost, dec!(360.97));
    assert_eq!(report.totals.findings_monthly_saving, dec!(360.97));
    assert_eq!(report.totals.commitments_upfront, dec!(1898));
    assert_eq!(
        report.totals.potential_monthly_saving,
        dec!(360.97) + dec!(140.16) - dec!(1898) / dec!(36)
    );
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].action, "DescribeDBInstances");
}

#[test]
fn thresholds_move_what_is_flagged() {
    // At 1.5 % nothing in i-idle (2 %) is idle; i-idle then ran steadily and joins the RIs.
    let mut config = Config::default();
    config.thresholds.cpu_percent = dec!(1.5);
    config.thresholds.snapshot_days = 450;
    let report = audit(&account(), &catalogs(), &config);
    assert!(report
        .findings
        .iter()
        .all(|f| f.resource_id != "i-idle" && f.resource_id != "snap-old"));
    assert!(report
        .findings
        .iter()
        .any(|f| f.resource_id == "rds-snap-old"));
    assert_eq!(
        report.recommendations[0].instances,
        vec!["i-idle", "i-busy1", "i-busy2"]
    );
    assert_eq!(report.recommendations[0].reserved_instances, Some(3));
    // With 3 days measured, i-new (launched 2 days ago) is still not steady.
    config.thresholds.days = 3;
    let report = audit(&account(), &catalogs(), &config);
    assert_eq!(report.window.end - report.window.start, 3 * DAY);
    assert!(!report.recommendations[0]
        .instances
        .contains(&"i-new".to_string()));
}

#[test]
fn window_is_whole_utc_days_before_the_scan() {
    let window = skyplan_audit::Window::of(NOW, 7);
    assert_eq!(skyplan_audit::iso_utc(window.start), "2026-11-17T00:00:00Z");
    assert_eq!(skyplan_audit::iso_utc(window.end), "2026-11-24T00:00:00Z");
    assert_eq!(skyplan_audit::iso_utc(NOW), "2026-11-24T12:00:00Z");
    assert_eq!(skyplan_audit::iso_utc(951_782_400), "2000-02-29T00:00:00Z");
}

#[test]
fn table_golden() {
    insta::assert_snapshot!(skyplan_audit::table(&report()));
}

/// The JSON the CLI writes and the web app opens (format_version 1).
#[test]
fn json_golden() {
    insta::assert_snapshot!(report().to_json_pretty());
}

#[test]
fn csv_golden() {
    insta::assert_snapshot!(skyplan_audit::csv(&report()));
}

#[test]
fn json_round_trips_and_refuses_newer_formats() {
    let report = report();
    let json = report.to_json_pretty();
    assert_eq!(
        AuditReport::from_json(json.as_bytes()).expect("round trip"),
        report
    );
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["format_version"] = 2.into();
    let error = AuditReport::from_json(value.to_string().as_bytes()).unwrap_err();
    assert!(matches!(
        error,
        ReportError::NewerVersion {
            found: 2,
            supported: 1
        }
    ));
    assert_eq!(
        error.to_string(),
        "audit report format_version 2 is newer than this skyplan reads (1); open it with a newer skyplan"
    );
    value["format_version"] = 1.into();
    value["findings"][0]["monthly_cost"] = "lots".into();
    let error = AuditReport::from_json(value.to_string().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("not an audit report: at findings[0].monthly_cost:"),
        "{error}"
    );
    let error = AuditReport::from_json(b"{\"findings\": []}")
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "not an audit report: at format_version: missing; expected the number 1"
    );
}

#[test]
fn an_empty_account_has_nothing_to_save() {
    let inventory = skyplan_audit::Inventory {
        now: NOW,
        regions: vec![],
    };
    let report = audit(&inventory, &catalogs(), &Config::default());
    assert!(report.findings.is_empty() && report.recommendations.is_empty());
    assert_eq!(report.totals.potential_monthly_saving, Decimal::ZERO);
}
