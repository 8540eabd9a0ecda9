//! `skyplan pricing update` against a local HTTP server that serves offer
//! files in the AWS Price List's exact layout (offer index, region indexes,
//! Savings Plans region index, per-region CSV offer files): the catalogs equal
//! those `pricing import` makes from the same files; an interrupted download
//! resumes; a truncated file is refused by name and line; a 500 MB EC2 file
//! is imported.

mod common;
use common::{run as skyplan, Run};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../skyplan-core/tests/fixtures/offers");
const EC2_CSV: &str = "/offers/v1.0/aws/AmazonEC2/20261130180000/us-east-1/index.csv";
const CACHE_CSV: &str = "/offers/v1.0/aws/AmazonElastiCache/20261130180000/us-east-1/index.csv";
const SP_CSV: &str = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20261130180000/us-east-1/index.csv";

#[derive(Clone)]
enum Body {
    Bytes(Vec<u8>),
    File(PathBuf),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::File(p) => std::fs::metadata(p).unwrap().len(),
        }
    }
}

/// A Price List server: paths to bodies, `Range` support, and paths whose
/// first response is cut off halfway (the connection closes).
struct Server {
    endpoint: String,
    requests: Arc<Mutex<Vec<(String, Option<String>)>>>,
}

fn serve(files: HashMap<String, Body>, cut_once: Vec<String>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    let files = Arc::new(files);
    let cut = Arc::new(Mutex::new(cut_once));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (files, seen, cut) = (Arc::clone(&files), Arc::clone(&seen), Arc::clone(&cut));
            std::thread::spawn(move || answer(stream, &files, &seen, &cut));
        }
    });
    Server { endpoint, requests }
}

fn answer(mut stream: TcpStream, files: &HashMap<String, Body>, seen: &Mutex<Vec<(String, Option<String>)>>, cut: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut range = None;
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).unwrap();
            if header.trim().is_empty() {
                break;
            }
            if let Some(value) = header.to_ascii_lowercase().strip_prefix("range:") {
                range = Some(value.trim().to_owned());
            }
        }
        seen.lock().unwrap().push((path.clone(), range.clone()));
        let Some(body) = files.get(&path) else {
            let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
            continue;
        };
        let total = body.len();
        let start: u64 = range.as_deref().and_then(|r| r.strip_prefix("bytes=")?.strip_suffix('-')?.parse().ok()).unwrap_or(0);
        let head = if start > 0 {
            format!("HTTP/1.1 206 Partial Content\r\ncontent-length: {}\r\ncontent-range: bytes {start}-{}/{total}\r\n\r\n", total - start, total - 1)
        } else {
            format!("HTTP/1.1 200 OK\r\ncontent-length: {total}\r\n\r\n")
        };
        let cut_now = {
            let mut cut = cut.lock().unwrap();
            let i = cut.iter().position(|p| *p == path);
            i.map(|i| cut.remove(i)).is_some()
        };
        stream.write_all(head.as_bytes()).unwrap();
        let end = if cut_now { start + (total - start) / 2 } else { total };
        if write_body(&mut stream, body, start, end).is_err() || cut_now {
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
    }
}

fn write_body(stream: &mut TcpStream, body: &Body, start: u64, end: u64) -> std::io::Result<()> {
    match body {
        Body::Bytes(bytes) => stream.write_all(&bytes[start as usize..end as usize]),
        Body::File(path) => {
            let mut file = std::fs::File::open(path)?;
            std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(start))?;
            std::io::copy(&mut file.take(end - start), stream).map(|_| ())
        }
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).unwrap()
}

/// The Price List's indexes for EC2, ElastiCache and the Compute Savings Plan
/// in us-east-1, laid out as AWS's (offers/v1.0/aws/index.json of 2026-04-27:
/// the Compute Savings Plan's region index is named by AmazonEC2's entry).
fn price_list(ec2: Body) -> HashMap<String, Body> {
    let offer_index = serde_json::json!({
        "formatVersion": "v1.0",
        "disclaimer": "This pricing list is for informational purposes only.",
        "publicationDate": "2026-11-30T18:00:00Z",
        "offers": {
            "AmazonEC2": {
                "offerCode": "AmazonEC2",
                "versionIndexUrl": "/offers/v1.0/aws/AmazonEC2/index.json",
                "currentVersionUrl": "/offers/v1.0/aws/AmazonEC2/current/index.json",
                "currentRegionIndexUrl": "/offers/v1.0/aws/AmazonEC2/current/region_index.json",
                "savingsPlanVersionIndexUrl": "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/index.json",
                "currentSavingsPlanIndexUrl": "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json"
            },
            "AmazonElastiCache": {
                "offerCode": "AmazonElastiCache",
                "versionIndexUrl": "/offers/v1.0/aws/AmazonElastiCache/index.json",
                "currentVersionUrl": "/offers/v1.0/aws/AmazonElastiCache/current/index.json",
                "currentRegionIndexUrl": "/offers/v1.0/aws/AmazonElastiCache/current/region_index.json"
            }
        }
    });
    let region_index = |code: &str| {
        serde_json::json!({
            "formatVersion": "v1.0",
            "publicationDate": "2026-11-30T18:00:00Z",
            "regions": { "us-east-1": { "regionCode": "us-east-1", "currentVersionUrl": format!("/offers/v1.0/aws/{code}/20261130180000/us-east-1/index.json") } }
        })
    };
    let sp_index = serde_json::json!({
        "disclaimer": "This pricing list is for informational purposes only.",
        "publicationDate": "2026-11-30T18:00:00Z",
        "regions": [ { "regionCode": "us-east-1", "versionUrl": "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20261130180000/us-east-1/index.json" } ]
    });
    let json = |v: serde_json::Value| Body::Bytes(serde_json::to_vec_pretty(&v).unwrap());
    HashMap::from([
        ("/offers/v1.0/aws/index.json".to_owned(), json(offer_index)),
        ("/offers/v1.0/aws/AmazonEC2/current/region_index.json".to_owned(), json(region_index("AmazonEC2"))),
        ("/offers/v1.0/aws/AmazonElastiCache/current/region_index.json".to_owned(), json(region_index("AmazonElastiCache"))),
        ("/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json".to_owned(), json(sp_index)),
        (EC2_CSV.to_owned(), ec2),
        (CACHE_CSV.to_owned(), Body::Bytes(fixture("elasticache_us-east-1.csv"))),
        (SP_CSV.to_owned(), Body::Bytes(fixture("compute_savings_plan_us-east-1.csv"))),
    ])
}


fn update(server: &Server, out: &Path) -> Run {
    skyplan(&[
        "pricing", "update", "--endpoint", &server.endpoint, "--region", "us-east-1",
        "--service", "ec2,elasticache,savingsplans", "--out", out.to_str().unwrap(),
    ])
}

/// `pricing import` of the same three files.
fn imported(dir: &Path) -> String {
    let out = dir.join("imported");
    let files: Vec<String> = ["ec2_us-east-1.csv", "elasticache_us-east-1.csv", "compute_savings_plan_us-east-1.csv"]
        .iter()
        .map(|f| Path::new(FIXTURES).join(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["pricing", "import"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--out", out.to_str().unwrap()]);
    let run = skyplan(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read_to_string(out.join("us-east-1.json")).unwrap()
}

#[test]
fn update_builds_the_catalogs_import_makes_from_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(price_list(Body::Bytes(fixture("ec2_us-east-1.csv"))), Vec::new());
    let out = dir.path().join("prices");
    let run = update(&server, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Price List published 2026-11-30T18:00:00Z"), "{}", run.stdout);
    let updated = std::fs::read_to_string(out.join("us-east-1.json")).unwrap();
    // Same prices; only the names of the files read differ in the citations.
    let strip = |text: &str| text.replace(&format!("{FIXTURES}/"), "").replace(&out.join(".downloads").to_string_lossy().to_string(), "");
    let names = |text: String| {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        (v["ec2"].clone(), v["elasticache"].clone(), v["data_dates"].clone(), v["version"].clone())
    };
    assert_eq!(names(strip(&updated)), names(strip(&imported(dir.path()))));
    let catalog: serde_json::Value = serde_json::from_str(&updated).unwrap();
    assert_eq!(catalog["ec2"]["m5.large"]["on_demand_hourly"], "0.096");
    assert_eq!(catalog["ec2"]["t3.medium"]["savings_plans"][0]["hourly"], "0.0291");
    // The indexes were fetched, then one CSV per service and region.
    let paths: Vec<String> = server.requests.lock().unwrap().iter().map(|(p, _)| p.clone()).collect();
    for expected in ["/offers/v1.0/aws/index.json", EC2_CSV, CACHE_CSV, SP_CSV] {
        assert!(paths.iter().any(|p| p == expected), "{expected} not requested: {paths:?}");
    }
    // A second run downloads no offer file again: their URLs name their version.
    let again = update(&server, &out);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let csv_requests = server.requests.lock().unwrap().iter().filter(|(p, _)| p == EC2_CSV).count();
    assert_eq!(csv_requests, 1);
}

#[test]
fn an_interrupted_download_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let ec2 = fixture("ec2_us-east-1.csv");
    let total = ec2.len();
    let server = serve(price_list(Body::Bytes(ec2)), vec![EC2_CSV.to_owned()]);
    let out = dir.path().join("prices");
    let first = update(&server, &out);
    assert_eq!(first.code, 1, "{}", first.stdout);
    assert!(first.stderr.contains(&format!("stopped after {} of {total} bytes", total / 2)), "{}", first.stderr);
    assert!(first.stderr.contains("run the command again to resume"), "{}", first.stderr);
    assert!(!out.join("us-east-1.json").exists(), "no catalog from a partial download");

    let second = update(&server, &out);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let ranges: Vec<Option<String>> = server.requests.lock().unwrap().iter().filter(|(p, _)| p == EC2_CSV).map(|(_, r)| r.clone()).collect();
    assert_eq!(ranges, [None, Some(format!("bytes={}-", total / 2))]);
    let catalog: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("us-east-1.json")).unwrap()).unwrap();
    assert_eq!(catalog["ec2"]["m5.large"]["on_demand_hourly"], "0.096");
}

#[test]
fn a_truncated_offer_file_is_refused_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let ec2 = fixture("ec2_us-east-1.csv");
    // Cut inside the last row: the server announces what it sends, so only
    // the content can tell.
    let cut = ec2.len() - 40;
    let server = serve(price_list(Body::Bytes(ec2[..cut].to_vec())), Vec::new());
    let out = dir.path().join("prices");
    let run = update(&server, &out);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let lines = String::from_utf8_lossy(&ec2[..cut]).lines().count();
    assert!(run.stderr.contains("us-east-1/index.csv"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("line {lines}")), "{}", run.stderr);
    assert!(run.stderr.contains("truncated or corrupt"), "{}", run.stderr);
    assert!(!out.join("us-east-1.json").exists());
}

#[test]
fn a_500_mb_ec2_offer_file_is_downloaded_and_imported() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("ec2-500mb.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
    skyplan_pricelist::synthetic::ec2_csv(&mut file, &fixture("ec2_us-east-1.csv"), 500 * 1024 * 1024).unwrap();
    file.flush().unwrap();
    drop(file);
    let server = serve(price_list(Body::File(big.clone())), Vec::new());
    let out = dir.path().join("prices");
    let run = update(&server, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let downloaded = out.join(".downloads").join(EC2_CSV.trim_start_matches('/'));
    assert_eq!(std::fs::metadata(&downloaded).unwrap().len(), std::fs::metadata(&big).unwrap().len());
    let catalog: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("us-east-1.json")).unwrap()).unwrap();
    assert_eq!(catalog["ec2"]["m5.large"]["on_demand_hourly"], "0.096", "the Windows rows must not overwrite the Linux price");
    assert!(run.stdout.contains("skipped"), "{}", run.stdout);
}

/// A region code is a file name in the output folder: an offer file's
/// `regionCode` that is not a known region (`../../escaped`) is passed over,
/// said in a note, and nothing is written outside `--out`.
#[test]
fn an_offer_files_region_code_cannot_write_outside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = String::from_utf8(fixture("ec2_us-east-1.csv")).unwrap().replace("\"us-east-1\"", "\"../../escaped\"");
    let file = dir.path().join("hostile.csv");
    std::fs::write(&file, hostile).unwrap();
    let out = dir.path().join("a").join("b").join("prices");
    let run = skyplan(&["pricing", "import", file.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("region \"../../escaped\": not a region skyplan has catalogs for"), "{}", run.stdout);
    assert!(run.stdout.contains("No prices imported"), "{}", run.stdout);
    let escaped: Vec<_> = walk(dir.path()).into_iter().filter(|p| p.to_string_lossy().contains("escaped")).collect();
    assert!(escaped.is_empty(), "{escaped:?}");
}

/// `bundle --out` over a planted symlink replaces the link, not its target.
#[test]
fn an_output_written_over_a_symlink_leaves_the_links_target_alone() {
    let dir = tempfile::tempdir().unwrap();
    let plan = common::saas(dir.path());
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let out = dir.path().join("production.bundle.json");
    std::os::unix::fs::symlink(&victim, &out).unwrap();
    let run = skyplan(&["bundle", &plan, "--env", "production", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!std::fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&out).unwrap().contains("\"digest\""));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out
}
