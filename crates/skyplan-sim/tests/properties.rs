//! Properties of the simulators (proptest), on small inputs so the whole
//! crate's tests stay fast in debug builds.

use proptest::prelude::*;
use rust_decimal::Decimal;
use skyplan_core::model::simulation::Metric;
use skyplan_core::pricing::ReservedOffer;
use skyplan_sim::optimizer::{best_reserved, best_savings_plan, Usage};
use skyplan_sim::policy::PolicyModel;
use skyplan_sim::rng::Rng;
use skyplan_sim::simulate::{run, GroupModel, Record};
use skyplan_sim::{monte_carlo, scenario, simulate, Options, Period};

fn group(target: f64, launch_seconds: u32) -> GroupModel {
    GroupModel {
        key: "web".into(),
        min: 1,
        max: 40,
        desired: 2,
        rps_per_instance: 100.0,
        launch_seconds,
        warmup_seconds: 300,
        cooldown_seconds: 300,
        policy: PolicyModel::TargetTracking { metric: Metric::Cpu, target, scale_in: true },
        scheduled: Vec::new(),
        on_demand_base: 0,
        spot_percent: 0,
        interruptions_per_month: 0.0,
    }
}

/// Piecewise-constant demand: segments of 5 to 120 minutes.
fn demand() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((5usize..120, 0.0f64..2500.0), 1..12)
        .prop_map(|segments| segments.into_iter().flat_map(|(len, rps)| std::iter::repeat_n(rps, len)).collect())
}

fn saas() -> (skyplan_core::ValidPlan, skyplan_core::Catalog) {
    let plan = skyplan_core::parse_plan(skyplan_core::templates::template("saas-3tier").unwrap().json).unwrap();
    let catalog = skyplan_core::Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
    (plan, catalog)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// More traffic (every minute at least as much) never yields fewer
    /// instance-hours under target tracking.
    #[test]
    fn more_traffic_never_fewer_instance_hours(base in demand(), extra in prop::collection::vec(0.0f64..1.0, 1..8), target in 40.0f64..90.0, launch in 0u32..400) {
        let more: Vec<f64> = base.iter().enumerate().map(|(i, d)| d * (1.0 + extra[i % extra.len()])).collect();
        let g = group(target, launch);
        for step in [1, 60] {
            let a = run(&g, &base, step, &[true; 168], &mut Rng::new(1), Record::default());
            let b = run(&g, &more, step, &[true; 168], &mut Rng::new(1), Record::default());
            prop_assert!(b.on_demand_minutes >= a.on_demand_minutes, "step {step}: {} < {}", b.on_demand_minutes, a.on_demand_minutes);
        }
    }

    /// min and max are never crossed, whatever the demand.
    #[test]
    fn min_and_max_hold(d in demand(), min in 0u32..4, span in 0u32..10) {
        let mut g = group(70.0, 120);
        g.min = min;
        g.max = min + span;
        g.desired = min;
        let r = run(&g, &d, 1, &[true; 168], &mut Rng::new(3), Record { hours: false, trace: true });
        prop_assert!(r.trace.iter().all(|t| t.min <= t.desired && t.desired <= t.max && t.running <= t.max && t.running >= t.min));
    }

    /// The optimizer's choice never costs more than all on demand.
    #[test]
    fn optimizer_never_costs_more_than_on_demand(
        minutes in prop::collection::vec(0u32..1200, 1..400),
        od_cents in 1i64..500,
        upfront in 0i64..5000,
        hourly_share in 0u32..120,
        discount in 1u32..70,
    ) {
        let on_demand = Decimal::new(od_cents, 2);
        let usage = Usage { minutes_by_hour: &minutes, on_demand_hourly: on_demand };
        let offer = ReservedOffer {
            offering_class: skyplan_core::aws::OfferingClass::Standard,
            term_years: 1,
            purchase_option: skyplan_core::aws::PurchaseOption::PartialUpfront,
            upfront: Decimal::from(upfront),
            hourly: on_demand * Decimal::from(hourly_share) / Decimal::ONE_HUNDRED,
        };
        let ri = best_reserved(&offer, &usage);
        prop_assert!(ri.monthly <= ri.on_demand_monthly, "{ri:?}");
        let sp = best_savings_plan("sp".into(), 1, Decimal::from(discount) / Decimal::ONE_HUNDRED, &usage);
        prop_assert!(sp.monthly <= sp.on_demand_monthly, "{sp:?}");
    }

    /// Monte Carlo bands are ordered, and the same seed gives the same results.
    #[test]
    fn bands_are_ordered_and_seeded(seed in any::<u64>()) {
        let (plan, catalog) = saas();
        let s = scenario(&plan, "production", &catalog, None).unwrap();
        let a = monte_carlo(&s, Period::Month, 15, seed);
        let b = monte_carlo(&s, Period::Month, 15, seed);
        prop_assert_eq!(&a, &b);
        let cost = a.monthly_cost.unwrap();
        prop_assert!(cost.p10 <= cost.p50 && cost.p50 <= cost.p90);
        let o = a.overload_minutes;
        prop_assert!(o.p10 <= o.p50 && o.p50 <= o.p90);
    }
}

#[test]
fn same_seed_same_simulation_and_another_seed_differs() {
    let (plan, catalog) = saas();
    let s = scenario(&plan, "production", &catalog, None).unwrap();
    let options = Options { period: Period::Month, seed: 9, step_minutes: 1 };
    let a = simulate(&s, options);
    let b = simulate(&s, options);
    assert_eq!(a, b);
    let c = simulate(&s, Options { seed: 10, ..options });
    assert_ne!(a.groups[0].instance_hours, c.groups[0].instance_hours);
}

#[test]
fn the_template_simulates_with_a_recommendation_and_named_unpriced_options() {
    let (plan, catalog) = saas();
    let s = scenario(&plan, "production", &catalog, None).unwrap();
    let r = simulate(&s, Options { period: Period::Month, seed: 1, step_minutes: 1 });
    let keys: Vec<&str> = r.groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["web", "platform/general", "platform/spot"]);
    let web = &r.groups[0];
    // The plan's Compute Savings Plan has no rate: named, not priced.
    assert_eq!(web.unpriced_options.len(), 1);
    assert!(web.unpriced_options[0].reason.contains("Savings Plans rate for t3.medium in us-east-1 in the catalog"), "{}", web.unpriced_options[0].reason);
    // Scheduled min 4 on weekday mornings, max 10: never crossed.
    assert!(web.fewest_instances >= 2 && web.most_instances <= 10);
    let general = &r.groups[1];
    let rec = general.recommendation.as_ref().expect("a steady base is worth reserving");
    assert!(rec.monthly < rec.on_demand_monthly);
    // The spot group runs on spot only: nothing to commit.
    assert!(r.groups[2].on_demand_instance_hours.is_zero() && r.groups[2].commitments.is_empty());
    assert!(r.totals.recommended_monthly.unwrap() < r.totals.monthly_cost.unwrap());
}

#[test]
fn unknown_references_are_problems_with_paths() {
    let (plan, catalog) = saas();
    let mut value: serde_json::Value = serde_json::from_str(&plan.to_json_pretty()).unwrap();
    value["simulation"]["groups"]["platform/genral"] = serde_json::json!({});
    value["simulation"]["environments"]["prod"] = serde_json::json!({"traffic": {"base_rps": 1}});
    let plan = skyplan_core::parse_plan(&value.to_string()).unwrap();
    let problems = scenario(&plan, "production", &catalog, None).unwrap_err();
    let paths: Vec<&str> = problems.0.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["simulation.environments.prod", "simulation.groups.platform/genral"]);
    assert!(problems.0[1].message.contains("did you mean \"platform/general\""), "{problems}");
}

#[test]
fn savings_plans_use_the_plans_rate_and_missing_ri_offers_are_named() {
    let (plan, catalog) = saas();
    let mut value: serde_json::Value = serde_json::from_str(&plan.to_json_pretty()).unwrap();
    value["simulation"]["groups"]["web"]["purchase"] = serde_json::json!({
        "reserved": [
            {"offering_class": "standard", "term_years": 1, "purchase_option": "partial_upfront"},
            {"offering_class": "standard", "term_years": 1, "purchase_option": "no_upfront", "count": 9}
        ],
        "savings_plans": [
            {"kind": "compute", "term_years": 1, "discount_percent": 28},
            {"kind": "ec2_instance", "term_years": 3}
        ]
    });
    let plan = skyplan_core::parse_plan(&value.to_string()).unwrap();
    let s = scenario(&plan, "production", &catalog, None).unwrap();
    let r = simulate(&s, Options { period: Period::Month, seed: 1, step_minutes: 1 });
    let web = &r.groups[0];
    let unpriced: Vec<(&str, &str)> = web.unpriced_options.iter().map(|u| (u.option.as_str(), u.reason.as_str())).collect();
    assert_eq!(
        unpriced,
        [
            ("Reserved standard 1 yr partial_upfront", "the catalog has no such Reserved Instance offer for t3.medium in us-east-1"),
            ("EC2 Instance Savings Plan 3 yr", "no no_upfront Savings Plans rate for t3.medium in us-east-1 in the catalog; import AWS's Savings Plans offer file or give the plan's discount_percent"),
        ]
    );
    let fixed = web.commitments.iter().find(|o| o.instances == Some(9)).unwrap();
    assert!(!fixed.optimized && fixed.monthly > fixed.on_demand_monthly, "9 RIs for a group that mostly runs 2–4 cost more: {fixed:?}");
    let sp = web.commitments.iter().find(|o| o.option.starts_with("Compute Savings Plan 1 yr at your ")).unwrap();
    assert!(sp.optimized && sp.hourly_commitment.unwrap() > Decimal::ZERO && sp.monthly < sp.on_demand_monthly, "{sp:?}");
    assert_eq!(sp.upfront, Decimal::ZERO);
}
