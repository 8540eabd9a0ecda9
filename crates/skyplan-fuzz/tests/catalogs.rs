//! Catalogs (as `--pricing-dir` and the browser's "Prices…" read them)
//! mutated at every node: refused by path, or pricing every template
//! without a panic, a negative line or a total that is not its sum.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use skyplan_core::model::check_against_catalog;
use skyplan_core::{estimate, parse_plan, Catalog};
use skyplan_fuzz::mutate::{apply, mutations};
use skyplan_fuzz::plans::check_estimate;
use skyplan_fuzz::{cases, caught, control_character, repository};
use serde_json::Value;
use std::sync::OnceLock;

fn seed() -> &'static Value {
    static SEED: OnceLock<Value> = OnceLock::new();
    SEED.get_or_init(|| serde_json::from_slice(&std::fs::read(repository().join("pricing-data/us-east-1.json")).unwrap()).unwrap())
}

fn run(text: &str) -> Result<(), String> {
    caught(|| {
        let catalog = match Catalog::from_json(text.as_bytes()) {
            Ok(catalog) => catalog,
            Err(e) => {
                let message = e.to_string();
                if let Some(c) = control_character(&message) {
                    return Err(format!("the refusal prints {c:?}: {message}"));
                }
                return Ok(());
            }
        };
        for template in skyplan_core::templates::TEMPLATES {
            let mut plan: Value = serde_json::from_str(template.json).unwrap();
            plan["region"] = Value::String(catalog.region.clone());
            let Ok(plan) = parse_plan(&plan.to_string()) else { continue };
            if !check_against_catalog(&plan, &catalog).is_empty() {
                continue;
            }
            check_estimate(&estimate(&plan, &catalog)).map_err(|e| format!("{}: {e}", template.name))?;
        }
        Ok(())
    })
}

proptest! {
    #![proptest_config(Config { cases: cases(), failure_persistence: Some(Box::new(FileFailurePersistence::Off)), ..Config::default() })]

    #[test]
    fn a_mutated_catalog_is_refused_by_path_or_prices_every_template(changes in mutations()) {
        let mut catalog = seed().clone();
        let done = apply(&mut catalog, &changes);
        let verdict = run(&catalog.to_string());
        prop_assert!(verdict.is_ok(), "{done:?}: {}", verdict.unwrap_err());
    }
}
