//! `skyplan export terraform` checked by the tools its users run: for every
//! template, the real binary writes the export, `terraform fmt -check`
//! finds nothing to change, and every environment passes `terraform init
//! -backend=false` and `terraform validate` with the hashicorp/aws provider
//! from a local filesystem mirror (no network). checkov then scans the
//! production environment of saas-3tier: no failed check, and every skipped
//! check carries its reason inline.
//!
//! Terraform, the provider mirror and checkov are required: when one is
//! missing this test fails and says how to get it (`bash scripts/setup.sh
//! --tests`). Set SKYPLAN_TERRAFORM, SKYPLAN_TF_MIRROR or SKYPLAN_CHECKOV to
//! point at them explicitly.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Instant;

/// Terraform's plugin cache is not safe for concurrent use: each
/// environment's init and validate run one at a time (about a second each
/// once the cache is warm).
static INIT: std::sync::Mutex<()> = std::sync::Mutex::new(());

const TEMPLATES: &[&str] = &["saas-3tier", "static-site", "small-web-app"];
const ENVIRONMENTS: &[&str] = &["dev", "staging", "production"];

/// Where a filesystem mirror of registry.terraform.io/hashicorp/aws may be.
const MIRROR_ROOTS: &[&str] = &["/opt/tf-plugins", "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins"];

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| p.is_file()))
}

fn terraform() -> PathBuf {
    std::env::var_os("SKYPLAN_TERRAFORM").map(PathBuf::from).or_else(|| on_path("terraform")).unwrap_or_else(|| {
        panic!("terraform is not installed (not on PATH, SKYPLAN_TERRAFORM unset): install Terraform 1.6 or later; this test needs it")
    })
}

fn mirror() -> PathBuf {
    let home_plugins = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".terraform.d/plugins"));
    let candidates: Vec<PathBuf> = std::env::var_os("SKYPLAN_TF_MIRROR")
        .map(PathBuf::from)
        .into_iter()
        .chain(MIRROR_ROOTS.iter().map(PathBuf::from))
        .chain(home_plugins)
        .collect();
    candidates.iter().find(|root| root.join("registry.terraform.io/hashicorp/aws").is_dir()).cloned().unwrap_or_else(|| {
        panic!(
            "no filesystem mirror of registry.terraform.io/hashicorp/aws in {candidates:?}: set SKYPLAN_TF_MIRROR to a directory \
             holding registry.terraform.io/hashicorp/aws/<version>/<os_arch>/ (terraform providers mirror DIR makes one)"
        )
    })
}

fn checkov() -> PathBuf {
    let venv = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/skyplan/checkov/bin/checkov"));
    std::env::var_os("SKYPLAN_CHECKOV")
        .map(PathBuf::from)
        .or_else(|| on_path("checkov"))
        .or_else(|| venv.filter(|p| p.is_file()))
        .unwrap_or_else(|| panic!("checkov is not installed: run bash scripts/setup.sh --tests (or set SKYPLAN_CHECKOV)"))
}

/// A CLI configuration that installs hashicorp providers from the mirror
/// only, and a plugin cache shared by every run (under target/tmp), so the
/// provider is unpacked once, not once per environment.
struct Terraform {
    binary: PathBuf,
    config: PathBuf,
}

impl Terraform {
    fn new(dir: &Path) -> Terraform {
        let mirror = mirror();
        let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("terraform-plugin-cache");
        std::fs::create_dir_all(&cache).unwrap();
        let config = dir.join("terraformrc");
        let hcl_string = |p: &Path| format!("{:?}", p.display().to_string());
        std::fs::write(
            &config,
            format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path    = {}\n    include = [\"registry.terraform.io/hashicorp/*\"]\n  }}\n}}\nplugin_cache_dir = {}\n",
                hcl_string(&mirror),
                hcl_string(&cache)
            ),
        )
        .unwrap();
        Terraform { binary: terraform(), config }
    }

    fn run(&self, dir: &Path, args: &[&str]) -> Output {
        std::process::Command::new(&self.binary)
            .args(args)
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", &self.config)
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("TF_PLUGIN_CACHE_DIR")
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.binary.display()))
    }

    fn check(&self, dir: &Path, args: &[&str]) {
        let output = self.run(dir, args);
        assert!(
            output.status.success(),
            "terraform {} failed in {}:\n{}{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn skyplan(args: &[&str], stdin: Option<&str>) -> String {
    let mut command = Command::cargo_bin("skyplan").unwrap();
    command.args(args);
    if let Some(input) = stdin {
        command.write_stdin(input);
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "skyplan {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn export(template: &str, out: &Path) {
    let plan = skyplan(&["template", "show", template], None);
    let out = out.to_str().unwrap();
    skyplan(&["export", "terraform", "-", "--out", out], Some(&plan));
}

/// fmt over the whole export, then init and validate in each environment.
fn fmt_init_validate(terraform: &Terraform, root: &Path, environments: &[&str]) {
    let fmt = terraform.run(root, &["fmt", "-check", "-recursive", "-diff", "-no-color"]);
    assert!(fmt.status.success(), "terraform fmt would change {}:\n{}", root.display(), String::from_utf8_lossy(&fmt.stdout));
    for env in environments {
        let dir = root.join("environments").join(env);
        // Validation reads the providers that init linked from the shared
        // cache; holding the lock for both keeps another test's init from
        // touching the cache under it (seen once as a spurious failure).
        let _one_at_a_time = INIT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        terraform.check(&dir, &["init", "-backend=false", "-input=false", "-no-color"]);
        terraform.check(&dir, &["validate", "-no-color"]);
    }
}

#[test]
fn every_template_exports_to_terraform_that_formats_inits_validates_and_passes_checkov() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let terraform = Terraform::new(dir.path());
    let checkov = checkov();

    // The templates in parallel: each init and validate mostly waits on the
    // provider's schema, and the machine has two cores.
    std::thread::scope(|scope| {
        for template in TEMPLATES {
            let root = dir.path().join(template);
            let terraform = &terraform;
            scope.spawn(move || {
                export(template, &root);
                fmt_init_validate(terraform, &root, ENVIRONMENTS);
            });
        }
    });
    eprintln!("terraform fmt, init and validate of {} environments: {:.1?}", TEMPLATES.len() * ENVIRONMENTS.len(), started.elapsed());

    // The export is deterministic: a second run writes the same bytes.
    let again = dir.path().join("again");
    export("saas-3tier", &again);
    for entry in walk(&again) {
        let relative = entry.strip_prefix(&again).unwrap();
        assert_eq!(std::fs::read(&entry).unwrap(), std::fs::read(dir.path().join("saas-3tier").join(relative)).unwrap(), "{}", relative.display());
    }

    let started = Instant::now();
    let production = dir.path().join("saas-3tier/environments/production");
    let output = std::process::Command::new(&checkov)
        .args(["-d", ".", "--framework", "terraform", "--skip-download", "--output", "json"])
        .current_dir(&production)
        .env("BC_SKIP_MAPPING", "TRUE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", checkov.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("checkov printed no JSON report ({e}):\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr))
    });
    let summary = &report["summary"];
    let failed = report["results"]["failed_checks"].as_array().cloned().unwrap_or_default();
    let failures: Vec<String> = failed
        .iter()
        .map(|c| format!("{} {} ({})", c["check_id"].as_str().unwrap_or("?"), c["resource"].as_str().unwrap_or("?"), c["check_name"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(summary["failed"], 0, "checkov failed checks:\n{}", failures.join("\n"));
    assert!(summary["passed"].as_u64().unwrap_or(0) > 100, "checkov passed too few checks: {summary}");
    for skipped in report["results"]["skipped_checks"].as_array().cloned().unwrap_or_default() {
        let reason = skipped["check_result"]["suppress_comment"].as_str().unwrap_or_default();
        assert!(reason.len() >= 20, "{} on {} is skipped without a reason", skipped["check_id"], skipped["resource"]);
    }
    eprintln!("checkov: {} passed, {} failed, {} skipped in {:.1?}", summary["passed"], summary["failed"], summary["skipped"], started.elapsed());
}

/// Each kind's golden plan (`tests/kinds/<kind>/plan.json`): its export
/// formats, inits and validates, and checkov passes it, so a new kind's
/// module is checked before any template uses it.
#[test]
fn every_kind_golden_exports_to_terraform_that_validates_and_passes_checkov() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let terraform = Terraform::new(dir.path());
    let kinds_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/kinds");
    let mut kinds: Vec<String> = std::fs::read_dir(&kinds_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kinds.sort();
    assert!(kinds.len() >= 14, "tests/kinds holds {} kinds", kinds.len());
    // Two at a time: the machine has two cores.
    for pair in kinds.chunks(2) {
        std::thread::scope(|scope| {
            for kind in pair {
                let root = dir.path().join(kind);
                let terraform = &terraform;
                let plan = std::fs::read_to_string(kinds_dir.join(kind).join("plan.json")).unwrap();
                scope.spawn(move || {
                    skyplan(&["export", "terraform", "-", "--out", root.to_str().unwrap()], Some(&plan));
                    fmt_init_validate(terraform, &root, &["production"]);
                });
            }
        });
    }
    eprintln!("terraform fmt, init and validate of {} kinds' goldens: {:.1?}", kinds.len(), started.elapsed());

    let started = Instant::now();
    let mut args = vec!["--framework".to_string(), "terraform".into(), "--skip-download".into(), "--output".into(), "json".into()];
    for kind in &kinds {
        args.extend(["-d".to_string(), dir.path().join(kind).join("environments/production").to_string_lossy().into_owned()]);
    }
    let output = std::process::Command::new(checkov())
        .args(&args)
        .env("BC_SKIP_MAPPING", "TRUE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run checkov: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    // Several directories give one JSON report after another.
    let reports: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&stdout)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("checkov printed no JSON reports ({e}):\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    // What a golden's one-kind plan implies and a real plan would not have:
    // (kind, check), with why.
    let implied_by_the_golden_plan = [("alb", "CKV2_AWS_28")]; // a public ALB without the waf component templates put in front of it
    let mut failures = std::collections::BTreeSet::new();
    let mut passed = 0;
    for report in &reports {
        passed += report["summary"]["passed"].as_u64().unwrap_or(0);
        for check in report["results"]["failed_checks"].as_array().cloned().unwrap_or_default() {
            // checkov writes the path relative to a root of its choosing (which
            // depends on the working directory): the kind is the folder right
            // after the temporary directory's, wherever that appears.
            let file = check["repo_file_path"].as_str().unwrap_or_default();
            let parts: Vec<String> = Path::new(file).components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let temporary = dir.path().file_name().unwrap_or_default().to_string_lossy().into_owned();
            let kind = parts.iter().position(|p| *p == temporary).and_then(|i| parts.get(i + 1)).cloned().unwrap_or_default();
            if implied_by_the_golden_plan.contains(&(kind.as_str(), check["check_id"].as_str().unwrap_or_default())) {
                continue;
            }
            failures.insert(format!("{} {} {} ({})", check["check_id"].as_str().unwrap_or("?"), check["repo_file_path"].as_str().unwrap_or("?"), check["resource"].as_str().unwrap_or("?"), check["check_name"].as_str().unwrap_or("")));
        }
        for skipped in report["results"]["skipped_checks"].as_array().cloned().unwrap_or_default() {
            let reason = skipped["check_result"]["suppress_comment"].as_str().unwrap_or_default();
            assert!(reason.len() >= 20, "{} on {} is skipped without a reason", skipped["check_id"], skipped["resource"]);
        }
    }
    assert!(failures.is_empty(), "checkov failed checks:\n{}", failures.into_iter().collect::<Vec<_>>().join("\n"));
    assert!(passed > 100, "checkov passed too few checks: {passed}");
    eprintln!("checkov over {} kinds' goldens: {passed} passed in {:.1?}", kinds.len(), started.elapsed());
}

/// Names full of quotes, `${`, `%{`, backslashes, newlines and unicode:
/// Terraform itself must read the export as plain strings (a directive
/// or interpolation would fail validation or reference nothing declared).
#[test]
fn hostile_names_stay_inert_for_terraform() {
    let dir = tempfile::tempdir().unwrap();
    let terraform = Terraform::new(dir.path());
    let mut plan: serde_json::Value = serde_json::from_str(&skyplan(&["template", "show", "small-web-app"], None)).unwrap();
    plan["name"] = serde_json::json!("Shop \"${file(\"/etc/passwd\")}\" $${x} %{ if true }x%{ endif } \\ \n ✓🦀");
    for component in plan["components"].as_array_mut().unwrap() {
        component["name"] = serde_json::json!(format!("${{var.{}}}$%{{ for x in [1] }}${{x}}%{{ endfor }}\"\n", component["id"].as_str().unwrap()));
    }
    plan["components"][2]["instance_type"] = serde_json::json!("t3.small\"\n${local.oops}");
    let root = dir.path().join("hostile");
    skyplan(&["export", "terraform", "-", "--out", root.to_str().unwrap()], Some(&plan.to_string()));
    let tfvars = std::fs::read_to_string(root.join("environments/production/terraform.tfvars")).unwrap();
    assert!(tfvars.contains("$${file(") && tfvars.contains("%%{ if true }"), "{tfvars}");
    fmt_init_validate(&terraform, &root, &["production"]);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
