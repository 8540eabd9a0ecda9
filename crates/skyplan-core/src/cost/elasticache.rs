//! ElastiCache: node-hours. Clusters cannot be stopped, so nodes bill all
//! 730 hours whatever the environment's schedule. Encryption is free.

use super::{Context, LineSpec, PriceSource, HOURS_PER_MONTH};
use crate::model::ElastiCache;
use rust_decimal::Decimal;

pub fn lines(cache: &ElastiCache, context: &Context) -> Vec<LineSpec> {
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
