//! Traffic CSVs (`simulate --traffic`) mutated line by line and cell by
//! cell: refused with a printable message that names the line, or
//! simulated without a panic or a hang.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use skyplan_fuzz::mutate::{apply_csv, csv_changes};
use skyplan_fuzz::{cases, caught, control_character, plans, HANG_BOUND};
use std::time::Instant;

/// A week of hourly rows: a daily cycle between 20 and 200 requests per second.
fn seed() -> Vec<String> {
    let mut lines = vec!["timestamp,requests_per_second".to_string()];
    for hour in 0..168u32 {
        let rps = 20 + 180 * (hour % 24 > 8 && hour % 24 < 20) as u32;
        lines.push(format!("{},{rps}", 1_767_225_600 + u64::from(hour) * 3600));
    }
    lines
}

const CELLS: &[&str] = &[
    "", " ", "-1", "0", "1e9", "1e10", "1e308", "NaN", "inf", "-inf", "0x10", "1,5", "9223372036854775807",
    "-9223372036854775808", "99999999999999999999", "2026-01-01T00:00Z", "2026-13-45T99:99", "1969-12-31T23:59Z",
    "2200-01-01T00:00Z", "\u{1b}[2J", "é", "\"quoted\"", "timestamp", "rps",
];

fn run(text: &str) -> Result<(), String> {
    caught(|| {
        let series = match skyplan_sim::traffic::parse_series(text) {
            Ok(series) => series,
            Err(message) => {
                if message.trim().is_empty() {
                    return Err("refused with an empty message".into());
                }
                if let Some(c) = control_character(&message) {
                    return Err(format!("the refusal prints {c:?}: {message}"));
                }
                return Ok(());
            }
        };
        let plan = skyplan_core::templates::template("saas-3tier").unwrap().plan().unwrap();
        let catalog = plans::catalog("us-east-1").unwrap();
        match skyplan_sim::scenario(&plan, "production", catalog, Some(series)) {
            Ok(scenario) => {
                let options = skyplan_sim::Options { period: skyplan_sim::Period::Month, seed: 7, step_minutes: 60 };
                let _ = skyplan_sim::report::table(&skyplan_sim::simulate(&scenario, options), None);
                Ok(())
            }
            Err(problems) => plans::check_problems(&problems.0),
        }
    })
}

#[test]
fn the_seed_series_simulates() {
    assert_eq!(run(&seed().join("\n")), Ok(()));
    assert!(skyplan_sim::traffic::parse_series(&seed().join("\n")).is_ok());
}

proptest! {
    #![proptest_config(Config { cases: cases(), failure_persistence: Some(Box::new(FileFailurePersistence::Off)), ..Config::default() })]

    #[test]
    fn a_mutated_traffic_csv_is_refused_by_line_or_simulated(changes in csv_changes()) {
        let cells: Vec<String> = CELLS.iter().map(|c| c.to_string()).collect();
        let text = apply_csv(&seed().join("\n"), &changes, &cells);
        let started = Instant::now();
        let verdict = run(&text);
        prop_assert!(started.elapsed() < HANG_BOUND, "{changes:?} took {:?}", started.elapsed());
        prop_assert!(verdict.is_ok(), "{changes:?}: {}", verdict.unwrap_err());
    }
}
