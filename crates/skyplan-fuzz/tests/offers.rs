//! AWS Price List offer files (`skyplan pricing import`, and `pricing
//! update`'s downloads) mutated at every JSON node or CSV cell: refused with
//! a printable message, or imported into catalogs that read back as
//! catalogs and price every template without a panic or an impossible line.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::Value;
use skyplan_core::model::check_against_catalog;
use skyplan_core::pricing::import::Import;
use skyplan_core::{estimate, parse_plan, Catalog};
use skyplan_fuzz::mutate::{apply, apply_csv, csv_changes, hostile_values, mutations};
use skyplan_fuzz::plans::check_estimate;
use skyplan_fuzz::{cases, caught, control_character, repository};
use std::collections::BTreeMap;

fn fixtures(ending: &str) -> Vec<(String, String)> {
    let dir = repository().join("crates/skyplan-core/tests/fixtures/offers");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|e| e.path()).filter(|p| p.to_string_lossy().ends_with(ending)).collect();
    files.sort();
    files.into_iter().map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())).collect()
}

fn run(name: &str, text: &str) -> Result<(), String> {
    caught(|| {
        let mut import = Import::default();
        if let Err(e) = import.read_bytes(name, text.as_bytes()) {
            let message = e.to_string();
            return match control_character(&message) {
                Some(c) => Err(format!("the refusal prints {c:?}: {}", message.chars().take(300).collect::<String>())),
                None => Ok(()),
            };
        }
        let mut catalogs = BTreeMap::new();
        import.apply(&mut catalogs);
        for (region, catalog) in &catalogs {
            // What the CLI writes is what --pricing-dir reads back.
            let written = serde_json::to_vec_pretty(catalog).map_err(|e| format!("{region}: the catalog does not serialize: {e}"))?;
            let catalog = Catalog::from_json(&written).map_err(|e| format!("{region}: the imported catalog is refused when read back: {e}"))?;
            for template in skyplan_core::templates::TEMPLATES {
                let mut plan: Value = serde_json::from_str(template.json).unwrap();
                plan["region"] = Value::String(region.clone());
                let Ok(plan) = parse_plan(&plan.to_string()) else { continue };
                if check_against_catalog(&plan, &catalog).is_empty() {
                    check_estimate(&estimate(&plan, &catalog)).map_err(|e| format!("{region} {}: {e}", template.name))?;
                }
            }
        }
        Ok(())
    })
}

#[test]
fn every_fixture_imports() {
    for (name, text) in fixtures(".json").into_iter().chain(fixtures(".csv")) {
        assert_eq!(run(&name, &text), Ok(()), "{name}");
    }
}

proptest! {
    #![proptest_config(Config { cases: cases(), failure_persistence: Some(Box::new(FileFailurePersistence::Off)), ..Config::default() })]

    #[test]
    fn a_mutated_json_offer_file_is_refused_or_imports_sound_catalogs(seed in any::<usize>(), changes in mutations()) {
        let files = fixtures(".json");
        let (name, text) = &files[seed % files.len()];
        let mut offer: Value = serde_json::from_str(text).unwrap();
        let done = apply(&mut offer, &changes);
        let verdict = run(name, &offer.to_string());
        prop_assert!(verdict.is_ok(), "{name} with {done:?}: {}", verdict.unwrap_err());
    }

    #[test]
    fn a_mutated_csv_offer_file_is_refused_or_imports_sound_catalogs(seed in any::<usize>(), changes in csv_changes()) {
        let files = fixtures(".csv");
        let (name, text) = &files[seed % files.len()];
        // Offer-file cells are quoted: a hostile value's text, quoted.
        let cells: Vec<String> = hostile_values().iter().map(|v| format!("\"{}\"", v.as_str().map_or_else(|| v.to_string(), str::to_string).replace('"', "\"\""))).collect();
        let verdict = run(name, &apply_csv(text, &changes, &cells));
        prop_assert!(verdict.is_ok(), "{name} with {changes:?}: {}", verdict.unwrap_err());
    }
}
