//! The resource graph: resources by address, their dependencies, checks
//! (every dependency resolves, no cycle) and the order to create them in.

use crate::address::{Address, Ref};
use crate::canonical::to_canonical;
use crate::resources::Properties;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One AWS resource of the environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub address: Address,
    /// What to create, tagged by type (`properties.type`).
    pub properties: Properties,
    /// Tags to set, the apply-time tags included (`skyplan:plan-id`,
    /// `skyplan:address`); empty when the type takes no tags
    /// ([`Properties::taggable`]).
    pub tags: BTreeMap<String, String>,
    /// Resources that must exist first, sorted: every resource a [`Ref`] in
    /// the properties points at, plus orderings AWS needs that no reference
    /// shows (a NAT gateway after the internet gateway, a cluster after its
    /// role's policy).
    pub depends_on: Vec<Address>,
    /// True for resources outside the engine's required scope (CloudFront,
    /// WAF, and what refers to them): an engine that does not create them
    /// reports them as unsupported and skips them and their dependents.
    pub optional: bool,
}

impl Resource {
    pub fn resource_type(&self) -> &'static str {
        self.properties.resource_type()
    }

    /// Every reference in the properties, in order of appearance.
    pub fn references(&self) -> Vec<Ref> {
        let mut found = Vec::new();
        if let Ok(value) = serde_json::to_value(&self.properties) {
            collect_refs(&value, &mut found);
        }
        found
    }

    /// The canonical JSON of what the resource should be (type, properties
    /// and tags; not its dependencies or address): two resources are the
    /// same when these strings are, so the engine compares the desired
    /// form with the one it reads back from AWS.
    pub fn canonical(&self) -> String {
        let value = serde_json::json!({ "properties": self.properties, "tags": self.tags });
        to_canonical(&value)
    }
}

fn collect_refs(value: &Value, found: &mut Vec<Ref>) {
    match value {
        Value::Object(map) => {
            if map.len() == 2 && map.contains_key("ref") && map.contains_key("attribute") {
                if let Ok(r) = serde_json::from_value::<Ref>(value.clone()) {
                    found.push(r);
                    return;
                }
            }
            map.values().for_each(|v| collect_refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, found)),
        _ => {}
    }
}

/// What is wrong with a graph.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    #[error("resource {0} appears twice")]
    Duplicate(Address),
    #[error("resource {resource} depends on {missing}, which is not in the graph")]
    Dangling { resource: Address, missing: Address },
    #[error("resource {resource} refers to {reference} without listing it in depends_on")]
    UnlistedReference { resource: Address, reference: Address },
    #[error("resource {resource} has the address of a {expected}, not of its type {found}")]
    WrongType {
        resource: Address,
        expected: String,
        found: &'static str,
    },
    #[error("the dependencies form a cycle: {}", cycle.iter().map(Address::as_str).collect::<Vec<_>>().join(" -> "))]
    Cycle { cycle: Vec<Address> },
}

/// The resources of one environment, sorted by address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceGraph {
    pub resources: Vec<Resource>,
}

impl ResourceGraph {
    /// Sorts the resources by address and their dependencies.
    pub fn new(mut resources: Vec<Resource>) -> ResourceGraph {
        for resource in &mut resources {
            resource.depends_on.sort();
            resource.depends_on.dedup();
        }
        resources.sort_by(|a, b| a.address.cmp(&b.address));
        ResourceGraph { resources }
    }

    pub fn get(&self, address: &Address) -> Option<&Resource> {
        self.resources
            .binary_search_by(|r| r.address.cmp(address))
            .ok()
            .map(|i| &self.resources[i])
    }

    pub fn len(&self) -> usize {
        self.resources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }

    /// Resources per type, e.g. `aws_subnet` → 6.
    pub fn count_by_type(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for r in &self.resources {
            *counts.entry(r.resource_type()).or_insert(0) += 1;
        }
        counts
    }

    /// The resources that depend directly on `address`, sorted.
    pub fn dependents(&self, address: &Address) -> Vec<&Address> {
        self.resources
            .iter()
            .filter(|r| r.depends_on.contains(address))
            .map(|r| &r.address)
            .collect()
    }

    /// Checks that addresses are unique and match their types, that every
    /// dependency is in the graph, that every reference is a listed
    /// dependency, and that there is no cycle.
    pub fn check(&self) -> Result<(), GraphError> {
        let mut seen = BTreeSet::new();
        for r in &self.resources {
            if !seen.insert(&r.address) {
                return Err(GraphError::Duplicate(r.address.clone()));
            }
            if r.address.resource_type() != r.resource_type() {
                return Err(GraphError::WrongType {
                    resource: r.address.clone(),
                    expected: r.address.resource_type().to_string(),
                    found: r.resource_type(),
                });
            }
        }
        for r in &self.resources {
            for dep in &r.depends_on {
                if !seen.contains(dep) {
                    return Err(GraphError::Dangling {
                        resource: r.address.clone(),
                        missing: dep.clone(),
                    });
                }
            }
            for reference in r.references() {
                if !r.depends_on.contains(&reference.address) {
                    return Err(GraphError::UnlistedReference {
                        resource: r.address.clone(),
                        reference: reference.address,
                    });
                }
            }
        }
        self.topological_order().map(|_| ())
    }

    /// The resources in an order where each comes after everything it
    /// depends on; among those ready at the same time, by address, so the
    /// order is the same on every run. Destroy in the reverse order.
    pub fn topological_order(&self) -> Result<Vec<&Resource>, GraphError> {
        let index: BTreeMap<&Address, usize> = self.resources.iter().enumerate().map(|(i, r)| (&r.address, i)).collect();
        let mut waiting: Vec<usize> = self
            .resources
            .iter()
            .map(|r| r.depends_on.iter().filter(|d| index.contains_key(d)).count())
            .collect();
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); self.resources.len()];
        for (i, r) in self.resources.iter().enumerate() {
            for dep in &r.depends_on {
                if let Some(&d) = index.get(dep) {
                    dependents[d].push(i);
                }
            }
        }
        // Indices follow address order (resources are sorted), so the
        // smallest ready index is the smallest ready address.
        let mut ready: BTreeSet<usize> = (0..self.resources.len()).filter(|&i| waiting[i] == 0).collect();
        let mut order = Vec::with_capacity(self.resources.len());
        while let Some(i) = ready.pop_first() {
            order.push(&self.resources[i]);
            for &next in &dependents[i] {
                waiting[next] -= 1;
                if waiting[next] == 0 {
                    ready.insert(next);
                }
            }
        }
        if order.len() == self.resources.len() {
            Ok(order)
        } else {
            Err(GraphError::Cycle {
                cycle: self.find_cycle(&waiting),
            })
        }
    }

    /// The addresses of one cycle among the resources still waiting.
    fn find_cycle(&self, waiting: &[usize]) -> Vec<Address> {
        let index: BTreeMap<&Address, usize> = self.resources.iter().enumerate().map(|(i, r)| (&r.address, i)).collect();
        let Some(start) = (0..waiting.len()).find(|&i| waiting[i] > 0) else {
            return Vec::new();
        };
        // Walk waiting dependencies until an address repeats.
        let mut path = vec![start];
        let mut on_path = BTreeMap::from([(start, 0usize)]);
        let mut at = start;
        loop {
            let next = self.resources[at]
                .depends_on
                .iter()
                .filter_map(|d| index.get(d).copied())
                .find(|&d| waiting[d] > 0);
            let Some(next) = next else { return Vec::new() };
            if let Some(&pos) = on_path.get(&next) {
                let mut cycle: Vec<Address> = path[pos..].iter().map(|&i| self.resources[i].address.clone()).collect();
                cycle.push(self.resources[next].address.clone());
                return cycle;
            }
            on_path.insert(next, path.len());
            path.push(next);
            at = next;
        }
    }
}
