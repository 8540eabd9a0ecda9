//! The export's ZIP archive opens in a standard unzipper (Python's zipfile)
//! with every file intact, and is byte-identical for the same plan.

use skyplan_core::templates::template;
use skyplan_terraform::{export, zip::to_zip, ExportOptions};
use std::process::Command;

#[test]
fn the_zip_holds_every_exported_file_intact() {
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let files = export(&plan, &ExportOptions::default()).unwrap();
    let archive = to_zip("saas-3tier-terraform", &files);
    assert_eq!(archive, to_zip("saas-3tier-terraform", &files), "deterministic");

    let dir = tempfile_dir();
    let path = dir.join("export.zip");
    std::fs::write(&path, &archive).unwrap();
    let script = r#"
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None, "corrupt member"
    print(json.dumps({n: z.read(n).decode("utf-8") for n in z.namelist()}))
"#;
    let output = Command::new("python3").args(["-c", script, path.to_str().unwrap()]).output().expect("python3 runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let unzipped: std::collections::BTreeMap<String, String> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(unzipped.len(), files.len());
    for (path, contents) in &files {
        assert_eq!(unzipped.get(&format!("saas-3tier-terraform/{path}")), Some(contents), "{path}");
    }
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("skyplan-zip-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
