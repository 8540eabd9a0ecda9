//! The cache in resilience: Multi-AZ with a replica or not; its nodes in the DR region; a failover or an empty replacement when its AZ is lost.

use super::{Availability, ResilienceKind};
use crate::sla::{self, fixed};
use crate::strategy::{Cache, Impact, Inventory, Recovery, Strategy};
use crate::times::*;
use serde_json::{json, Value};
use skyplan_core::aws::CacheEngine;
use skyplan_core::model::Spec;
use skyplan_core::kinds::ElastiCache;

impl ResilienceKind for ElastiCache {
    fn availability(&self, azs: u32) -> Result<Availability, String> {
        Ok(fixed(if multi_az(self, azs) { sla::ELASTICACHE_MULTI_AZ } else { sla::ELASTICACHE_SINGLE_AZ }))
    }

    fn upgrade(&self, azs: u32) -> Option<(String, Value)> {
        (self.engine != CacheEngine::Memcached && self.nodes < 2 && azs >= 2)
            .then(|| ("a replica in a second AZ (2 nodes, Multi-AZ with automatic failover)".into(), json!({"nodes": 2})))
    }

    fn standby(&self, strategy: Strategy) -> Option<Spec> {
        match strategy {
            Strategy::BackupRestore | Strategy::PilotLight => None,
            Strategy::WarmStandby => Some(Spec::Elasticache(Self { nodes: 1, ..self.clone() })),
            Strategy::MultiSite => Some(Spec::Elasticache(self.clone())),
        }
    }

    fn recovery_role(&self, id: &str, inventory: &mut Inventory) {
        inventory.caches.push(Cache { id: id.to_string(), nodes: self.nodes });
    }

    fn az_loss(&self, id: &str, azs: u32, _recovery: &Recovery) -> Option<Impact> {
        Some(if multi_az(self, azs) {
            Impact {
                component: id.to_string(),
                what: "Multi-AZ failover to a replica".into(),
                outage_seconds: ELASTICACHE_FAILOVER_SECONDS,
                stops_service: false,
                data_lost_seconds: Some(0),
                source: "assumption (times::ELASTICACHE_FAILOVER_SECONDS); a cache holds no data of record".into(),
            }
        } else {
            Impact {
                component: id.to_string(),
                what: "node lost with its AZ: replaced empty, requests go to the database meanwhile".into(),
                outage_seconds: ELASTICACHE_CREATE_SECONDS,
                stops_service: false,
                data_lost_seconds: Some(0),
                source: "assumption (times::ELASTICACHE_CREATE_SECONDS); a cache holds no data of record".into(),
            }
        })
    }

    /// Multi-AZ: the primary and a replica.
    fn parallel_copies(&self, azs: u32) -> u32 {
        if multi_az(self, azs) { 2 } else { 1 }
    }
}

/// A replicated engine with a replica in a second AZ.
fn multi_az(cache: &ElastiCache, azs: u32) -> bool {
    cache.engine != CacheEngine::Memcached && cache.nodes >= 2 && azs >= 2
}
