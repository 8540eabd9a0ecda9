//! Every built-in template is valid, priced in its region, and fully priced.

use skyplan_core::model::check_against_catalog;
use skyplan_core::templates::TEMPLATES;
use skyplan_core::{estimate, Catalog};

fn us_east_1() -> Catalog {
    Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).expect("bundled catalog loads")
}

#[test]
fn every_template_is_valid_and_fully_priced_in_us_east_1() {
    let catalog = us_east_1();
    for template in TEMPLATES {
        let plan = template.plan().unwrap_or_else(|e| panic!("{}: {e}", template.name));
        let problems = check_against_catalog(&plan, &catalog);
        assert!(problems.is_empty(), "{}: {problems:?}", template.name);
        let estimate = estimate(&plan, &catalog);
        assert!(estimate.missing_prices.is_empty(), "{}: {:#?}", template.name, estimate.missing_prices);
        assert_eq!(estimate.environments.len(), 3, "{}", template.name);
        for env in &estimate.environments {
            assert!(env.monthly > rust_decimal::Decimal::ZERO, "{} {}", template.name, env.name);
        }
    }
}
