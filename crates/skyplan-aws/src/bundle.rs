//! The bundle's resource graph as the engine reads it.

use crate::desired::{DesiredGraph, DesiredResource};
use skyplan_bundle::ResourceGraph;

/// The graph to apply, and the optional resources left out (CloudFront,
/// WAF and what refers to them: this engine does not create them).
pub fn desired_graph(graph: &ResourceGraph, plan_id: &str, region: &str, digest: &str) -> (DesiredGraph, Vec<String>) {
    // Optional resources of unsupported types, and optional resources that
    // depend on one (a bucket policy naming a CloudFront distribution).
    let mut out: std::collections::BTreeSet<String> = graph
        .resources
        .iter()
        .filter(|r| r.optional && !crate::resources::supported(r.resource_type()))
        .map(|r| r.address.to_string())
        .collect();
    loop {
        let more: Vec<String> = graph
            .resources
            .iter()
            .filter(|r| r.optional && !out.contains(r.address.as_str()) && r.depends_on.iter().any(|d| out.contains(d.as_str())))
            .map(|r| r.address.to_string())
            .collect();
        if more.is_empty() {
            break;
        }
        out.extend(more);
    }
    let mut resources = Vec::new();
    let mut left_out = Vec::new();
    for r in &graph.resources {
        if out.contains(r.address.as_str()) {
            left_out.push(format!("{} ({})", r.address, r.resource_type()));
            continue;
        }
        let mut properties = serde_json::to_value(&r.properties).expect("bundle properties serialise");
        if let Some(map) = properties.as_object_mut() {
            map.remove("type");
        }
        resources.push(DesiredResource {
            address: r.address.to_string(),
            kind: r.resource_type().to_string(),
            properties,
            depends_on: r.depends_on.iter().map(|a| a.to_string()).collect(),
            tags: r.tags.clone(),
        });
    }
    // What depends on a left-out resource is optional too (skyplan-bundle
    // marks it so); drop any dependency edge that would dangle all the same.
    let kept: std::collections::BTreeSet<String> = resources.iter().map(|r| r.address.clone()).collect();
    for r in &mut resources {
        r.depends_on.retain(|d| kept.contains(d));
    }
    (
        DesiredGraph {
            plan_id: plan_id.to_string(),
            region: region.to_string(),
            digest: digest.to_string(),
            resources,
        },
        left_out,
    )
}
