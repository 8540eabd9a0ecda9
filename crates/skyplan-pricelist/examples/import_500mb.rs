//! The benchmark of BENCHMARKS.md's "pricing update" row: import time and
//! peak memory of a synthetic 500 MB EC2 offer file in AWS's CSV layout.
//!
//!     cargo run --release -p skyplan-pricelist --example import_500mb -- [FILE]
//!
//! Without FILE it writes one (the test fixture's Linux rows, then Windows
//! rows skyplan does not price) to the system's temporary directory. Peak
//! memory is the process's high-water mark (`VmHWM`), measured before the
//! file is written and after the import.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

const FIXTURE: &str = include_str!("../../skyplan-core/tests/fixtures/offers/ec2_us-east-1.csv");

fn main() {
    let path = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        let path = std::env::temp_dir().join("skyplan-ec2-500mb.csv");
        write_synthetic(&path, 500 * 1024 * 1024);
        path
    });
    let bytes = std::fs::metadata(&path).expect("offer file").len();
    let before = peak_kib();
    let mut catalogs = std::collections::BTreeMap::new();
    let start = Instant::now();
    let report = skyplan_pricelist::import(std::slice::from_ref(&path), &mut catalogs).expect("import");
    let seconds = start.elapsed().as_secs_f64();
    let after = peak_kib();
    println!(
        "{:.1} MB in {seconds:.2} s = {:.0} MB/s; peak memory {:.1} MB (before the import {:.1} MB); {} prices, {} products skipped",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds,
        after as f64 / 1024.0,
        before as f64 / 1024.0,
        report.prices_imported,
        report.products_skipped
    );
}

fn write_synthetic(path: &std::path::Path, size: u64) {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).expect("temporary file"));
    skyplan_pricelist::synthetic::ec2_csv(&mut out, FIXTURE.as_bytes(), size).expect("write the offer file");
    out.flush().unwrap();
}

/// The process's peak resident memory, KiB (Linux).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}
