//! Golden tests: the estimate of saas-3tier production against the hand
//! computation in `golden/saas-3tier-production.txt`, and snapshots of every
//! template's full estimate table.

use rust_decimal::{Decimal, RoundingStrategy};
use skyplan_core::report::{self, Scope};
use skyplan_core::templates::{template, TEMPLATES};
use skyplan_core::{estimate, Catalog};
use std::str::FromStr;

fn catalog() -> Catalog {
    Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).expect("bundled catalog loads")
}

/// Rounds to as many decimals as `written` has: the file states each figure
/// to the precision a person would check it to.
fn at_precision_of(value: Decimal, written: Decimal) -> Decimal {
    value.round_dp_with_strategy(written.scale(), RoundingStrategy::MidpointAwayFromZero)
}

fn cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

struct Row {
    component: String,
    line: String,
    quantity: Decimal,
    unit_price: Decimal,
    monthly: Decimal,
}

fn parse_golden(text: &str) -> (Vec<Row>, (Decimal, Decimal)) {
    let mut rows = Vec::new();
    let mut total = None;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(" | ").map(str::trim).collect();
        let decimal = |i: usize| Decimal::from_str(fields[i]).unwrap_or_else(|e| panic!("line {}: field {i} {:?}: {e}", number + 1, fields[i]));
        if fields[0] == "total" {
            total = Some((decimal(1), decimal(2)));
            continue;
        }
        assert_eq!(fields.len(), 6, "line {}: expected 6 fields", number + 1);
        rows.push(Row {
            component: fields[0].to_string(),
            line: fields[1].to_string(),
            quantity: decimal(2),
            unit_price: decimal(3),
            monthly: decimal(4),
        });
    }
    (rows, total.expect("a total row"))
}

#[test]
fn saas_3tier_production_matches_the_hand_computation() {
    let (rows, (total, annual)) = parse_golden(include_str!("golden/saas-3tier-production.txt"));
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let estimate = estimate(&plan, &catalog());
    let production = estimate.environment("production").unwrap();

    let engine_lines: Vec<(&str, &skyplan_core::cost::CostLine)> =
        production.components.iter().flat_map(|c| c.lines.iter().map(move |l| (c.id.as_str(), l))).collect();
    let engine_names: Vec<String> = engine_lines.iter().map(|(c, l)| format!("{c} | {}", l.name)).collect();
    let golden_names: Vec<String> = rows.iter().map(|r| format!("{} | {}", r.component, r.line)).collect();
    assert_eq!(engine_names, golden_names, "the engine's lines differ from the hand computation's");

    for (row, (_, line)) in rows.iter().zip(&engine_lines) {
        let what = format!("{} | {}", row.component, row.line);
        assert_eq!(cents(row.quantity * row.unit_price), row.monthly, "{what}: the hand arithmetic itself is off");
        assert_eq!(at_precision_of(line.quantity, row.quantity), row.quantity, "{what}: quantity");
        let unit_price = line.unit_price.unwrap_or_else(|| panic!("{what}: not priced"));
        assert_eq!(at_precision_of(unit_price, row.unit_price), row.unit_price, "{what}: unit price");
        assert_eq!(cents(line.monthly.unwrap()), row.monthly, "{what}: monthly");
    }

    assert_eq!(cents(production.monthly), total, "production monthly total");
    let sum_of_rows: Decimal = rows.iter().map(|r| r.monthly).sum();
    let tolerance = Decimal::new(5, 3) * Decimal::from(rows.len());
    assert!((sum_of_rows - total).abs() <= tolerance, "rows add up to {sum_of_rows}, total says {total}");
    assert_eq!(production.annual, production.monthly * Decimal::from(12), "annual is 12 months");
    assert_eq!(cents(production.annual), annual, "production annual total");
}

#[test]
fn every_template_estimate_table_is_unchanged() {
    let catalog = catalog();
    for t in TEMPLATES {
        let plan = t.plan().unwrap();
        let estimate = estimate(&plan, &catalog);
        insta::assert_snapshot!(format!("estimate-table-{}", t.name), report::table(&estimate, Scope::All));
        insta::assert_snapshot!(format!("estimate-csv-{}", t.name), report::csv(&estimate, Scope::All));
    }
}
