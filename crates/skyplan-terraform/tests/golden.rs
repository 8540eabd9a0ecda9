//! The export of every built-in template, as golden snapshots (review a
//! change with `cargo insta review`), plus what must hold of any export:
//! byte-identical on a second run, and every file parses back with hcl-rs.

use skyplan_core::templates::TEMPLATES;
use skyplan_terraform::{export, ExportOptions};
use std::collections::BTreeMap;

fn export_template(name: &str) -> BTreeMap<String, String> {
    let template = TEMPLATES.iter().find(|t| t.name == name).expect("template");
    let plan = template.plan().expect("templates are valid");
    export(&plan, &ExportOptions::default()).expect("templates export")
}

/// All files of an export in one text, each under its path.
fn bundle(files: &BTreeMap<String, String>) -> String {
    files.iter().map(|(path, text)| format!("=== {path} ===\n{text}")).collect::<Vec<_>>().join("\n")
}

#[test]
fn golden_exports_of_every_template() {
    for template in TEMPLATES {
        let files = export_template(template.name);
        insta::assert_snapshot!(format!("export-{}", template.name), bundle(&files));
    }
}

#[test]
fn exports_are_deterministic() {
    for template in TEMPLATES {
        assert_eq!(export_template(template.name), export_template(template.name), "{}", template.name);
    }
}

#[test]
fn every_file_parses_back_with_hcl_rs() {
    for template in TEMPLATES {
        for (path, text) in export_template(template.name) {
            if path.ends_with(".tf") || path.ends_with(".tfvars") {
                hcl::parse(&text).unwrap_or_else(|e| panic!("{}: {path} does not parse: {e}\n{text}", template.name));
                assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{path} ends with exactly one newline");
                assert!(!text.lines().any(|l| l.ends_with(' ')), "{path} has trailing spaces");
            }
        }
    }
}

#[test]
fn layout_has_modules_per_kind_and_roots_per_environment() {
    let files = export_template("saas-3tier");
    for module in ["vpc", "alb", "asg", "eks", "rds", "elasticache", "s3", "cloudfront", "waf", "monitoring", "kms"] {
        for file in ["main.tf", "variables.tf", "outputs.tf"] {
            assert!(files.contains_key(&format!("modules/{module}/{file}")), "modules/{module}/{file}");
        }
    }
    for env in ["dev", "staging", "production"] {
        for file in ["main.tf", "variables.tf", "versions.tf", "backend.tf", "providers.tf", "terraform.tfvars", "outputs.tf"] {
            assert!(files.contains_key(&format!("environments/{env}/{file}")), "environments/{env}/{file}");
        }
    }
    assert!(files.contains_key("README.md"));
    // static-site uses neither a VPC nor compute: no such modules.
    let site = export_template("static-site");
    assert!(!site.keys().any(|k| k.starts_with("modules/vpc/") || k.starts_with("modules/eks/")));
}

#[test]
fn environments_differ_where_the_plan_says() {
    let files = export_template("saas-3tier");
    // Alignment aside: one space between tokens.
    let squeeze = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let dev = squeeze(&files["environments/dev/terraform.tfvars"]);
    let production = squeeze(&files["environments/production/terraform.tfvars"]);
    assert!(dev.contains("instance_type = \"t3.small\""), "{dev}");
    assert!(production.contains("instance_type = \"t3.medium\""), "{production}");
    assert!(production.contains("deletion_protection = true final_snapshot = true"), "{production}");
    assert!(dev.contains("deletion_protection = false final_snapshot = false"), "{dev}");
    // dev omits the WAF and runs part-time.
    assert!(!files["environments/dev/main.tf"].contains("module \"waf\""));
    assert!(files["environments/dev/main.tf"].contains("0 8 * * MON-FRI"));
    assert!(!files["environments/production/main.tf"].contains("MON-FRI"));
    // The replication group uses the provider 5.x arguments.
    let cache = &files["modules/elasticache/main.tf"];
    assert!(cache.contains("num_cache_clusters") && cache.contains("description "));
    assert!(!cache.contains("number_cache_clusters") && !cache.contains("replication_group_description"));
    let versions = &files["environments/production/versions.tf"];
    assert!(versions.contains("\"~> 5."), "{versions}");
}
