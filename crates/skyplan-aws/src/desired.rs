//! The engine's view of a bundle: resources as addresses, a type, JSON
//! properties and dependencies.
//!
//! The engine works on the JSON form of the bundle graph's typed
//! properties: a reference is `{"ref": "<address>", "attribute": "<attr>"}`
//! and an apply-time value is `{"source": "literal"|"ssm_parameter"|"input", …}`,
//! as skyplan-bundle serialises them. Resolving replaces both by strings.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One resource the bundle wants.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredResource {
    pub address: String,
    /// Terraform's type name, e.g. `aws_vpc`.
    pub kind: String,
    pub properties: Value,
    /// Explicit and reference dependencies, deduplicated.
    pub depends_on: Vec<String>,
    /// Every tag, `skyplan:plan-id`, `skyplan:address` and `Name` included
    /// (empty for what AWS cannot tag).
    pub tags: BTreeMap<String, String>,
}

/// The resource graph of one bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredGraph {
    pub plan_id: String,
    pub region: String,
    /// The bundle's SHA-256 digest (recorded in the state).
    pub digest: String,
    pub resources: Vec<DesiredResource>,
}

/// Shown where a value is only known once a dependency exists.
pub const UNKNOWN: &str = "(known after apply)";

/// Every address `value` refers to.
pub fn references(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some((address, _)) = as_ref(map) {
                out.insert(address.to_string());
            } else {
                map.values().for_each(|v| references(v, out));
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

fn as_ref(map: &Map<String, Value>) -> Option<(&str, &str)> {
    if map.len() == 2 {
        if let (Some(Value::String(address)), Some(Value::String(attribute))) = (map.get("ref"), map.get("attribute")) {
            return Some((address, attribute));
        }
    }
    None
}

/// An apply-time value other than a reference.
#[derive(Debug, Clone, PartialEq)]
pub enum ApplyValue {
    Literal(String),
    SsmParameter(String),
    Input { name: String, description: String },
}

fn as_apply_value(map: &Map<String, Value>) -> Option<ApplyValue> {
    let text = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_string);
    match map.get("source").and_then(Value::as_str)? {
        "literal" if map.len() == 2 => Some(ApplyValue::Literal(text("value")?)),
        "ssm_parameter" if map.len() == 2 => Some(ApplyValue::SsmParameter(text("name")?)),
        "input" if map.len() == 3 => Some(ApplyValue::Input {
            name: text("name")?,
            description: text("description")?,
        }),
        _ => None,
    }
}

/// Every apply-time value in `value` (to fetch SSM parameters and check
/// inputs before anything changes).
pub fn apply_values(value: &Value, out: &mut Vec<ApplyValue>) {
    match value {
        Value::Object(map) => {
            if let Some(v) = as_apply_value(map) {
                if !out.contains(&v) {
                    out.push(v);
                }
            } else {
                map.values().for_each(|v| apply_values(v, out));
            }
        }
        Value::Array(items) => items.iter().for_each(|v| apply_values(v, out)),
        _ => {}
    }
}

/// What resolution knows: each applied resource's attributes, SSM
/// parameter values and the person's inputs.
#[derive(Debug, Default, Clone)]
pub struct Known {
    pub attributes: BTreeMap<String, BTreeMap<String, String>>,
    pub ssm: BTreeMap<String, String>,
    pub inputs: BTreeMap<String, String>,
}

impl Known {
    /// `value` with references and apply-time values replaced by strings;
    /// what is not known yet becomes [`UNKNOWN`].
    pub fn resolve(&self, value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                if let Some((address, attribute)) = as_ref(map) {
                    return Value::String(
                        self.attributes
                            .get(address)
                            .and_then(|a| a.get(attribute))
                            .cloned()
                            .unwrap_or_else(|| UNKNOWN.to_string()),
                    );
                }
                if let Some(apply) = as_apply_value(map) {
                    return Value::String(match apply {
                        ApplyValue::Literal(v) => v,
                        ApplyValue::SsmParameter(name) => self.ssm.get(&name).cloned().unwrap_or_else(|| UNKNOWN.to_string()),
                        ApplyValue::Input { name, .. } => self.inputs.get(&name).cloned().unwrap_or_else(|| UNKNOWN.to_string()),
                    });
                }
                Value::Object(map.iter().map(|(k, v)| (k.clone(), self.resolve(v))).collect())
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.resolve(v)).collect()),
            other => other.clone(),
        }
    }
}

impl Known {
    /// The references and inputs of `value` that are still unknown, as
    /// `<address>.<attribute>` (an attribute the API did not return).
    pub fn unresolved(&self, value: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_unresolved(value, &mut out);
        out.sort();
        out.dedup();
        out
    }

    fn collect_unresolved(&self, value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some((address, attribute)) = as_ref(map) {
                    if self.attributes.get(address).and_then(|a| a.get(attribute)).is_none() {
                        out.push(format!("{address}.{attribute}"));
                    }
                } else {
                    map.values().for_each(|v| self.collect_unresolved(v, out));
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.collect_unresolved(v, out)),
            _ => {}
        }
    }
}

/// Whether a resolved value still holds an unknown.
pub fn has_unknown(value: &Value) -> bool {
    match value {
        Value::String(s) => s == UNKNOWN,
        Value::Array(items) => items.iter().any(has_unknown),
        Value::Object(map) => map.values().any(has_unknown),
        _ => false,
    }
}

/// Dependency order: every resource after all it depends on; ties in
/// address order. Dependencies outside the graph are an error naming them.
pub fn topological_order(resources: &[DesiredResource]) -> Result<Vec<usize>, String> {
    let index: BTreeMap<&str, usize> = resources.iter().enumerate().map(|(i, r)| (r.address.as_str(), i)).collect();
    let mut remaining: Vec<usize> = vec![0; resources.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); resources.len()];
    for (i, r) in resources.iter().enumerate() {
        for dep in &r.depends_on {
            let Some(&d) = index.get(dep.as_str()) else {
                return Err(format!("{} depends on {dep}, which is not in the bundle", r.address));
            };
            remaining[i] += 1;
            dependents[d].push(i);
        }
    }
    let mut ready: BTreeSet<(&str, usize)> = (0..resources.len())
        .filter(|&i| remaining[i] == 0)
        .map(|i| (resources[i].address.as_str(), i))
        .collect();
    let mut order = Vec::with_capacity(resources.len());
    while let Some(first) = ready.pop_first() {
        order.push(first.1);
        for &d in &dependents[first.1] {
            remaining[d] -= 1;
            if remaining[d] == 0 {
                ready.insert((resources[d].address.as_str(), d));
            }
        }
    }
    if order.len() != resources.len() {
        let cycle: Vec<&str> = (0..resources.len())
            .filter(|&i| remaining[i] > 0)
            .map(|i| resources[i].address.as_str())
            .collect();
        return Err(format!("dependency cycle among {}", cycle.join(", ")));
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resource(address: &str, deps: &[&str]) -> DesiredResource {
        DesiredResource {
            address: address.into(),
            kind: "aws_vpc".into(),
            properties: json!({}),
            depends_on: deps.iter().map(|d| d.to_string()).collect(),
            tags: BTreeMap::new(),
        }
    }

    #[test]
    fn resolution_of_references_and_apply_values() {
        let mut known = Known::default();
        known
            .attributes
            .entry("n.aws_vpc.this".into())
            .or_default()
            .insert("id".into(), "vpc-1".into());
        known.ssm.insert("/ami".into(), "ami-9".into());
        let props = json!({
            "vpc_id": {"ref": "n.aws_vpc.this", "attribute": "id"},
            "subnets": [{"ref": "n.aws_subnet.a", "attribute": "id"}],
            "ami": {"source": "ssm_parameter", "name": "/ami"},
            "cert": {"source": "input", "name": "certificate_arn", "description": "ACM"},
            "plain": {"ref": 1},
        });
        let resolved = known.resolve(&props);
        assert_eq!(
            resolved,
            json!({"vpc_id": "vpc-1", "subnets": [UNKNOWN], "ami": "ami-9", "cert": UNKNOWN, "plain": {"ref": 1}})
        );
        assert!(has_unknown(&resolved));
        let mut refs = BTreeSet::new();
        references(&props, &mut refs);
        assert_eq!(refs.into_iter().collect::<Vec<_>>(), vec!["n.aws_subnet.a", "n.aws_vpc.this"]);
        let mut values = Vec::new();
        apply_values(&props, &mut values);
        assert_eq!(values.len(), 2);
    }

    #[test]
    fn order_puts_dependencies_first_and_finds_cycles() {
        let graph = vec![
            resource("c", &["b"]),
            resource("b", &["a"]),
            resource("a", &[]),
            resource("d", &["a"]),
        ];
        let order: Vec<&str> = topological_order(&graph)
            .unwrap()
            .into_iter()
            .map(|i| graph[i].address.as_str())
            .collect();
        assert_eq!(order, vec!["a", "b", "c", "d"]);
        let cyclic = vec![resource("a", &["b"]), resource("b", &["a"])];
        assert_eq!(topological_order(&cyclic).unwrap_err(), "dependency cycle among a, b");
        assert!(topological_order(&[resource("a", &["x"])])
            .unwrap_err()
            .contains("x, which is not in the bundle"));
    }
}
