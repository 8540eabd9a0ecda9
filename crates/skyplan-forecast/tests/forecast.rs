//! The forecast against the estimate, commitments amortised against cash,
//! the budget line, bad input, and the CSV.

use proptest::prelude::*;
use rust_decimal::Decimal;
use skyplan_core::templates::template;
use skyplan_core::{estimate, Catalog, ValidPlan};
use skyplan_forecast::{csv, forecast, Commitments, Options, Renewal};

fn catalog() -> Catalog {
    Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap()
}

fn saas_with_growth(percent: u32) -> ValidPlan {
    let mut plan: serde_json::Value = serde_json::from_str(template("saas-3tier").unwrap().json).unwrap();
    plan["simulation"]["environments"]["production"]["traffic"]["monthly_growth_percent"] = serde_json::json!(percent);
    skyplan_core::parse_plan(&plan.to_string()).unwrap()
}

fn on_demand(months: u32, environment: Option<&str>) -> Options {
    Options {
        months,
        environment: environment.map(String::from),
        commitments: Commitments::None,
        ..Options::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn the_first_month_is_the_estimate_without_commitments(growth in 0u32..8, months in 12u32..=36, seed in 0u64..1000) {
        let plan = saas_with_growth(growth);
        let catalog = catalog();
        let f = forecast(&plan, &catalog, &Options { seed, ..on_demand(months, None) }).unwrap();
        let e = estimate(&plan, &catalog);
        prop_assert_eq!(f.totals[0].amortized, e.monthly);
        prop_assert_eq!(f.totals[0].cash, e.monthly);
        for env in &e.environments {
            let rows: Decimal = f.rows.iter().filter(|r| r.month == 1 && r.environment == env.name).map(|r| r.amortized).sum();
            prop_assert_eq!(rows, env.monthly);
            for tier in &env.tiers {
                let row = f.rows.iter().find(|r| r.month == 1 && r.environment == env.name && r.tier == tier.tier).unwrap();
                prop_assert_eq!(row.on_demand, tier.monthly);
            }
        }
        prop_assert_eq!(f.totals.len() as u32, months);
    }
}

#[test]
fn growth_raises_later_months_and_the_budget_is_crossed_when_spend_outgrows_its_share() {
    let plan = saas_with_growth(2);
    let catalog = catalog();
    let month_one = estimate(&plan, &catalog).environment("production").unwrap().monthly;
    // A budget of exactly 12 × month 1: month 1 spends its share (not over),
    // month 2 spends more as the traffic grows 2 %, so the cumulative spend
    // passes the cumulative budget in month 2.
    let options = Options {
        annual_budget: Some(month_one * Decimal::from(12)),
        ..on_demand(24, Some("production"))
    };
    let f = forecast(&plan, &catalog, &options).unwrap();
    assert!(f.totals[1].amortized > f.totals[0].amortized);
    assert!(f.totals[23].amortized > f.totals[1].amortized);
    let budget = f.budget.as_ref().unwrap();
    assert_eq!(budget.first_month_over, Some(2));
    assert_eq!(budget.monthly, month_one);
    let generous = forecast(
        &plan,
        &catalog,
        &Options {
            annual_budget: Some(Decimal::from(1_000_000)),
            ..options.clone()
        },
    )
    .unwrap();
    assert_eq!(generous.budget.unwrap().first_month_over, None);
}

#[test]
fn upfront_fees_are_cash_in_the_month_paid_and_spread_when_amortised() {
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let f = forecast(
        &plan,
        &catalog(),
        &Options {
            months: 36,
            renewal: Renewal::Renew,
            ..Options::default()
        },
    )
    .unwrap();
    let upfront: Decimal = f.commitments.iter().map(|c| c.upfront).sum();
    assert!(upfront > Decimal::ZERO, "{:#?}", f.commitments);
    assert_eq!(f.totals[0].commitment_upfront, upfront);
    assert!(f.totals[0].cash > f.totals[0].amortized);
    assert!(f.totals[1].cash < f.totals[1].amortized);
    // Every commitment here runs 36 months from month 1: over its term the
    // cash paid equals the amortised cost (to rounding of upfront / 36).
    assert!(f.commitments.iter().all(|c| c.term_months == 36 && c.purchase_months == [1] && c.expiry_months == [36]));
    let last = f.totals.last().unwrap();
    assert!(
        (last.cumulative_cash - last.cumulative_amortized).abs() < Decimal::new(1, 6),
        "{} vs {}",
        last.cumulative_cash,
        last.cumulative_amortized
    );
    // The plan's budget (45,000 a year): the upfront fees take the cash over its share in month 1.
    let budget = f.budget.unwrap();
    assert_eq!(budget.annual, Decimal::from(45_000));
    assert_eq!(budget.first_month_over_cash, Some(1));
}

#[test]
fn bad_input_names_the_field() {
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let months = forecast(&plan, &catalog(), &on_demand(50, None)).unwrap_err();
    assert_eq!(months.0[0].path, "months");
    assert_eq!(months.0[0].message, "50 is out of range; expected 12 to 36 months");
    let env = forecast(&plan, &catalog(), &on_demand(12, Some("prodution"))).unwrap_err();
    assert!(env.0[0].message.contains("did you mean \"production\"?"), "{env}");
    let budget = forecast(
        &plan,
        &catalog(),
        &Options {
            annual_budget: Some(Decimal::ZERO),
            ..on_demand(12, None)
        },
    )
    .unwrap_err();
    assert_eq!(budget.0[0].path, "budget");
}

#[test]
fn growth_past_the_largest_amount_is_refused_at_the_growth_not_silently_capped() {
    // 1,000 % a month for 36 months multiplies usage by 11³⁵ (10³⁶): past
    // any amount (10¹⁵) and past Decimal's range on the way.
    let problems = forecast(&saas_with_growth(1000), &catalog(), &on_demand(36, Some("production"))).unwrap_err();
    let problem = &problems.0[0];
    assert_eq!(problem.path, "simulation.environments.production.traffic.monthly_growth_percent");
    assert!(problem.message.contains("usage") && problem.message.contains("past the largest amount a plan holds (1e15)"), "{problem}");
    // 100 % a month for a year (2¹¹ = 2,048-fold) stays within it and is forecast.
    assert!(forecast(&saas_with_growth(100), &catalog(), &on_demand(12, Some("production"))).is_ok());
}

#[test]
fn csv_of_a_year_of_production() {
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let f = forecast(
        &plan,
        &catalog(),
        &Options {
            months: 12,
            environment: Some("production".into()),
            ..Options::default()
        },
    )
    .unwrap();
    insta::assert_snapshot!("saas-3tier-production-12-months", csv(&f));
}
