//! ElastiCache: node-hours. Clusters cannot be stopped, so nodes bill all
//! 730 hours whatever the environment's schedule. Encryption is free.

use crate::model::quantity::Quantity;
use crate::aws::{AlarmMetric, MetricSource};
use super::kind::{Checking, ComponentKind, Tier, default_true, NoOwnPrices};
use crate::aws::CacheEngine;
use crate::model::problem::{did_you_mean, Problem};
use crate::model::schema::{field, optional, Field, Input};
use crate::pricing::Catalog;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use crate::cost::line::{Context, LineSpec, PriceSource, HOURS_PER_MONTH};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElastiCache {
    pub engine: CacheEngine,
    pub node_type: String,
    pub nodes: u32,
    #[serde(default = "default_true")]
    pub encryption_at_rest: bool,
    #[serde(default = "default_true")]
    pub encryption_in_transit: bool,
}

impl ComponentKind for ElastiCache {
    const LABEL: &'static str = "ElastiCache";
    const ICON: &'static str = "EC";
    const DEFAULT_TIER: Tier = Tier::Cache;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Cache, Tier::Data];
    const FIELDS: &'static [Field] = &[
        field("engine", "Engine", Input::Choice(&["redis", "valkey", "memcached"])),
        field("node_type", "Node type", Input::CacheNodeType),
        field("nodes", "Nodes", Input::Integer { min: 1, max: 500 }),
        optional("encryption_at_rest", "Encryption at rest", Input::Bool),
        optional("encryption_in_transit", "Encryption in transit", Input::Bool),
    ];
    const IN_VPC: bool = true;
    const MAX_NAME_LENGTH: usize = 40;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({ "engine": "redis", "node_type": "cache.t3.micro", "nodes": 1 })
    }

    fn default_port(&self) -> u16 {
        match self.engine {
            CacheEngine::Memcached => 11211,
            CacheEngine::Redis | CacheEngine::Valkey => 6379,
        }
    }

    fn summary(&self) -> String {
        format!("{} × {}", self.node_type, self.nodes)
    }

    fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
        let (cache, path) = (self, at.path);
        if cache.nodes == 0 || cache.nodes > 500 {
            problems.push(Problem::new(path("nodes"), format!("{} is out of range; expected 1 to 500", cache.nodes)));
        }
        if !cache.node_type.starts_with("cache.") {
            problems.push(Problem::new(path("node_type"), format!("\"{}\" is not an ElastiCache node type; expected e.g. \"cache.r5.large\"", cache.node_type)));
        }
    }

    fn check_against_catalog(&self, catalog: &Catalog, path: &dyn Fn(&str) -> String, problems: &mut Vec<Problem>) {
        let nodes = catalog.elasticache.get(&self.engine);
        if !nodes.is_some_and(|n| n.contains_key(&self.node_type)) {
            let names = nodes.map(|n| n.keys().map(String::as_str).collect::<Vec<_>>()).unwrap_or_default();
            problems.push(Problem::new(
                path("node_type"),
                format!("\"{}\" is not an ElastiCache {} node type in {}{}", self.node_type, self.engine, catalog.region, did_you_mean(&self.node_type, names)),
            ));
        }
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    /// Usage does not drive it: nodes are capacity, sized by the plan.
    fn scale_usage(&mut self, _scale: &dyn Fn(Quantity) -> Quantity) {}

    /// The engine's own CPU; memory and disk are not published as percentages of the node.
    fn alarm_metric(metric: AlarmMetric) -> Option<MetricSource> {
        match metric {
            AlarmMetric::CpuUtilization => Some(MetricSource { namespace: "AWS/ElastiCache", metric_name: "EngineCPUUtilization", dimension: "CacheClusterId" }),
            AlarmMetric::MemoryUtilization | AlarmMetric::DiskUtilization => None,
        }
    }
}

fn lines(cache: &ElastiCache, context: &Context) -> Vec<LineSpec> {
    let price = context
        .catalog
        .elasticache
        .get(&cache.engine)
        .and_then(|nodes| nodes.get(&cache.node_type))
        .map(|node| node.hourly)
        .ok_or_else(|| format!("ElastiCache {} {} in {}", cache.engine, cache.node_type, context.catalog.region));
    vec![LineSpec::new(
        format!("{} {} × {}", cache.engine, cache.node_type, cache.nodes),
        Decimal::from(cache.nodes) * HOURS_PER_MONTH,
        "node-hours",
        PriceSource::Resolved(price),
    )]
}
