//! The bundled catalogs: one per region of `aws::REGIONS`, each loading, dated
//! and summarised in `pricing-data/index.json`; and, in every one of them, a
//! total that lacks a price is never shown as a plain amount.

use skyplan_core::aws::REGIONS;
use skyplan_core::pricing::{CatalogIndex, DataDates};
use skyplan_core::report::{self, Scope};
use skyplan_core::templates::TEMPLATES;
use skyplan_core::{estimate, Catalog};
use std::path::Path;

fn pricing_data() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../pricing-data"))
}

fn bundled() -> Vec<Catalog> {
    REGIONS
        .iter()
        .map(|(region, _)| {
            let bytes = std::fs::read(pricing_data().join(format!("{region}.json"))).unwrap_or_else(|e| panic!("{region}: {e}"));
            Catalog::from_json(&bytes).unwrap_or_else(|e| panic!("{region}: {e}"))
        })
        .collect()
}

#[test]
fn every_region_has_a_dated_catalog_named_in_the_index() {
    let index: CatalogIndex = serde_json::from_slice(&std::fs::read(pricing_data().join("index.json")).unwrap()).unwrap();
    assert!(REGIONS.len() >= 25, "{} regions", REGIONS.len());
    assert_eq!(index.len(), REGIONS.len(), "index.json lists other regions than aws::REGIONS");
    for (catalog, (region, location)) in bundled().iter().zip(REGIONS) {
        assert_eq!((catalog.region.as_str(), catalog.location.as_str()), (*region, *location));
        assert_eq!(index.get(*region), Some(&catalog.summary()), "{region}: index.json is stale; rerun scripts/build_pricing_catalog.py");
        for (table, dates) in &catalog.data_dates {
            assert!(catalog.sources.contains_key(table), "{region}: dates for {table}, which cites no source");
            assert!(dates.oldest <= dates.newest, "{region} {table}: {dates:?}");
            assert!(dates.oldest.is_some() || dates.undated, "{region} {table}: no date at all");
        }
        for table in catalog.sources.keys() {
            let has_rows = match table.as_str() {
                "ec2.reserved" => catalog.ec2.values().any(|t| !t.reserved.is_empty()),
                _ => true,
            };
            if has_rows && !catalog.sources[table].starts_with("no ") {
                assert!(catalog.data_dates.contains_key(table), "{region}: {table} has a source but no data date");
            }
        }
    }
}

#[test]
fn data_dates_read_as_a_span() {
    let span = |oldest: Option<&str>, newest: Option<&str>, undated| DataDates { oldest: oldest.map(Into::into), newest: newest.map(Into::into), undated };
    assert_eq!(span(Some("2021-08-03"), Some("2026-07-20"), false).to_string(), "2021-08-03 to 2026-07-20");
    assert_eq!(span(Some("2025-04-24"), Some("2025-04-24"), true).to_string(), "2025-04-24, some rows undated");
    assert_eq!(span(None, None, true).to_string(), "undated");
}

fn env_index(estimate: &skyplan_core::cost::Estimate, name: &str) -> usize {
    estimate.environments.iter().position(|e| e.name == name).unwrap()
}

/// Checked over every template, environment and bundled region: wherever a
/// line has no price, its component, tier, environment and the plan say
/// "at least" or "no price in <region>" — never an amount alone, never 0.00.
#[test]
fn an_unpriced_line_never_shows_as_an_amount_in_any_region() {
    let mut incomplete_components = 0;
    for catalog in bundled() {
        let region = catalog.region.clone();
        for template in TEMPLATES {
            let plan = template.plan().unwrap();
            let estimate = estimate(&plan, &catalog);
            assert_eq!(estimate.complete, estimate.missing_prices.is_empty(), "{region} {}", template.name);
            let table = report::table(&estimate, Scope::All);
            for env in &estimate.environments {
                for component in &env.components {
                    let unpriced = component.lines.iter().any(|l| l.monthly.is_none());
                    assert_eq!(component.complete, !unpriced, "{region} {} {}", template.name, component.id);
                    let shown = report::total_usd(component.monthly, component.complete, &region);
                    if unpriced {
                        incomplete_components += 1;
                        assert!(shown.starts_with("at least $") || shown == format!("no price in {region}"), "{region} {}: {shown}", component.id);
                    } else {
                        assert!(shown.starts_with('$'), "{shown}");
                    }
                }
                let tier_complete = |tier| env.components.iter().filter(|c| c.tier == tier).all(|c| c.complete);
                for tier in &env.tiers {
                    assert_eq!(tier.complete, tier_complete(tier.tier), "{region} {} {}", env.name, tier.tier.as_str());
                }
                assert_eq!(env.complete, env.components.iter().all(|c| c.complete));
                let monthly = table.lines().filter(|l| l.trim_start().starts_with("Monthly ")).nth(env_index(&estimate, &env.name)).unwrap();
                assert_eq!(!env.complete, monthly.contains("at least ") || monthly.contains("no price in "), "{region}: {monthly}");
            }
            let json = report::json(&estimate, Scope::All);
            assert!(json.contains(&format!("\"complete\": {}", estimate.complete)), "{region}: JSON lacks complete");
        }
    }
    assert!(incomplete_components > 0, "no region lacks a price: the test checks nothing");
}

#[test]
fn a_catalog_with_a_negative_or_huge_price_a_zero_term_bad_tiers_or_trailing_bytes_is_refused_by_path() {
    let base = r#"{"format_version":1,"region":"us-east-1","location":"x","currency":"USD","version":"v""#;
    let refused = |extra: &str| Catalog::from_json(format!("{base}{extra}}}").as_bytes()).unwrap_err().to_string();
    let m5 = |body: &str| format!(r#","ec2":{{"m5.large":{{"vcpu":2,"memory_gib":"8",{body}}}}}"#);
    assert!(refused(&m5(r#""on_demand_hourly":"-0.096""#)).contains("ec2.m5.large.on_demand_hourly: -0.096 is negative"));
    assert!(refused(&m5(r#""on_demand_hourly":"79228162514264337593543950335""#)).contains("ec2.m5.large.on_demand_hourly: 79228162514264337593543950335 is over 1000000 USD"));
    let zero_term = m5(r#""reserved":[{"offering_class":"standard","term_years":0,"purchase_option":"no_upfront","upfront":"0","hourly":"0.06"}]"#);
    assert!(refused(&zero_term).contains("ec2.m5.large.reserved[0].term_years: 0 is not a term"));
    let tiers = r#","prices":{"data_transfer.internet_out_gb":{"tiers":[{"up_to":"-5","price":"0.09"},{"price":"0.05"}]}}"#;
    assert!(refused(tiers).contains("prices.data_transfer.internet_out_gb.tiers[0].up_to: -5 does not rise"));
    let open_first = r#","prices":{"data_transfer.internet_out_gb":{"tiers":[{"price":"0.09"},{"up_to":"10","price":"0.05"}]}}"#;
    assert!(refused(open_first).contains("only the last band may be open"));
    let trailing = format!("{base}}} garbage");
    assert!(Catalog::from_json(trailing.as_bytes()).unwrap_err().to_string().contains("trailing characters"));
    assert!(Catalog::from_json(format!("{base}}}").as_bytes()).is_ok());
}
