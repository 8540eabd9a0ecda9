//! A bundle and a Terraform export of the same plan name things alike:
//! every module name the export gives an environment is the name (or Name
//! tag) of a resource of the graph, and every bucket is named the same.

use skyplan_bundle::{graph_of, GraphOptions, Properties};
use skyplan_core::templates::{template, TEMPLATES};

fn quoted_values(text: &str, key: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let (k, v) = line.trim().split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
        })
        .filter(|v| !v.starts_with("var.") && !v.is_empty())
        .collect()
}

#[test]
fn bundle_and_export_agree_on_names() {
    for t in TEMPLATES {
        let plan = template(t.name).unwrap().plan().unwrap();
        let files = skyplan_terraform::export(&plan, &Default::default()).unwrap();
        for env in plan.environment_names() {
            let (graph, _) = graph_of(&plan, env, "id", &GraphOptions::default()).unwrap();
            let names: Vec<String> = graph
                .resources
                .iter()
                .flat_map(|r| {
                    let value = serde_json::to_value(&r.properties).unwrap();
                    let own = ["name", "identifier", "replication_group_id", "cluster_id", "comment", "bucket"]
                        .iter()
                        .filter_map(|k| value.get(*k).and_then(|v| v.as_str()).map(String::from))
                        .collect::<Vec<_>>();
                    own.into_iter().chain(r.tags.get("Name").cloned())
                })
                .collect();
            let main = &files[&format!("environments/{env}/main.tf")];
            // The s3 module names its bucket from `bucket` (checked below); its `name` names nothing.
            let modules = main.split("\nmodule ").filter(|block| !block.contains("\"../../modules/s3\""));
            for module_name in modules.flat_map(|block| quoted_values(block, "name")) {
                assert!(
                    names.iter().any(|n| n == &module_name || n.starts_with(&format!("{module_name}-"))),
                    "{} {env}: {module_name}",
                    t.name
                );
            }
            let tfvars = &files[&format!("environments/{env}/terraform.tfvars")];
            for bucket in quoted_values(tfvars, "bucket") {
                let found = graph
                    .resources
                    .iter()
                    .any(|r| matches!(&r.properties, Properties::S3Bucket(b) if b.bucket == bucket));
                assert!(found, "{} {env}: bucket {bucket}", t.name);
            }
        }
    }
}
