//! Invariants of graphs of varied plans: every dependency resolves, no
//! cycle, the topological order respects every dependency.

use proptest::prelude::*;
use serde_json::{json, Value};
use skyplan_bundle::{graph_of, GraphOptions};
use std::collections::BTreeSet;

#[allow(clippy::too_many_arguments)] // One per varied setting, as the strategy draws them.
fn varied_plan(
    azs: u8,
    public: u8,
    private: u8,
    nat: &str,
    replicas: u8,
    cache_nodes: u8,
    engine: &str,
    scheduled: bool,
    omit: Vec<&str>,
) -> Option<skyplan_core::ValidPlan> {
    let text = skyplan_core::templates::template("saas-3tier")?.json;
    let mut plan: Value = serde_json::from_str(text).ok()?;
    let components = plan["components"].as_array_mut()?;
    for c in components.iter_mut() {
        match c["id"].as_str()? {
            "network" => {
                c["azs"] = json!(azs);
                c["public_subnets"] = json!(public);
                c["private_subnets"] = json!(private);
                c["nat_gateways"] = json!(nat);
            }
            "db" => c["read_replicas"] = json!(replicas),
            "cache" => {
                c["nodes"] = json!(cache_nodes);
                c["engine"] = json!(engine);
            }
            _ => {}
        }
    }
    let production = plan["environments"].as_array_mut()?.iter_mut().find(|e| e["name"] == "production")?;
    if scheduled {
        production["schedule"] = json!({ "hours_per_day": 12, "days_per_week": 5 });
    }
    production["omit"] = json!(omit);
    skyplan_core::parse_plan(&plan.to_string()).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn graphs_are_sound(
        azs in 1u8..=4,
        public in 0u8..=6,
        private in 0u8..=6,
        nat in prop::sample::select(vec!["none", "single", "per_az"]),
        replicas in 0u8..=2,
        cache_nodes in 1u8..=3,
        engine in prop::sample::select(vec!["redis", "valkey", "memcached"]),
        scheduled in any::<bool>(),
        omit in prop::sample::subsequence(vec!["cdn", "waf", "alb", "web", "platform", "db", "cache", "assets", "backups", "monitoring", "keys"], 0..5),
    ) {
        let plan = varied_plan(azs, public, private, nat, replicas, cache_nodes, engine, scheduled, omit);
        prop_assume!(plan.is_some());
        let plan = plan.unwrap();
        let Ok((graph, _)) = graph_of(&plan, "production", "id", &GraphOptions::default()) else { return Ok(()) };
        let addresses: BTreeSet<_> = graph.resources.iter().map(|r| &r.address).collect();
        prop_assert_eq!(addresses.len(), graph.len(), "addresses are unique");
        for r in &graph.resources {
            for dep in &r.depends_on {
                prop_assert!(addresses.contains(dep), "{} depends on missing {}", r.address, dep);
            }
            for reference in r.references() {
                prop_assert!(r.depends_on.contains(&reference.address), "{} refers to unlisted {}", r.address, reference.address);
            }
        }
        let order = graph.topological_order().expect("acyclic");
        prop_assert_eq!(order.len(), graph.len());
        let mut done = BTreeSet::new();
        for r in order {
            for dep in &r.depends_on {
                prop_assert!(done.contains(dep), "{} comes before its dependency {}", r.address, dep);
            }
            done.insert(&r.address);
        }
        graph.check().expect("check agrees");
    }
}

#[test]
fn a_cycle_is_found_and_named() {
    use skyplan_bundle::resources::{RouteTable, Vpc};
    use skyplan_bundle::{Address, GraphError, Properties, Ref, Resource, ResourceGraph};
    let vpc = Address::new("n", "aws_vpc", "this");
    let table = Address::new("n", "aws_route_table", "this");
    let resource = |address: &Address, properties, depends_on: Vec<Address>| Resource {
        address: address.clone(),
        properties,
        tags: Default::default(),
        depends_on,
        optional: false,
    };
    let graph = ResourceGraph::new(vec![
        resource(
            &vpc,
            Properties::Vpc(Vpc {
                cidr_block: "10.0.0.0/16".into(),
                enable_dns_support: true,
                enable_dns_hostnames: true,
            }),
            vec![table.clone()],
        ),
        resource(&table, Properties::RouteTable(RouteTable { vpc_id: Ref::id(&vpc) }), vec![vpc.clone()]),
    ]);
    let error = graph.topological_order().unwrap_err();
    assert!(
        matches!(&error, GraphError::Cycle { cycle } if cycle.len() == 3 && cycle[0] == cycle[2]),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "the dependencies form a cycle: n.aws_route_table.this -> n.aws_vpc.this -> n.aws_route_table.this"
    );
}
