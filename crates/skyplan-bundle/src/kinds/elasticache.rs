//! The AWS resources a elasticache component implies, as the Terraform export's module makes them.

use super::{in_vpc, BundleKind};
use crate::ctx::*;
use skyplan_core::kinds::ElastiCache as Settings;
use crate::address::{Address, Attribute, Ref};
use crate::resources::*;
use skyplan_core::aws::CacheEngine;
use skyplan_core::model::ComponentView;

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, network: Option<&Network>) {
        let (cache, network) = (self, in_vpc(network));
        let id = component.id.as_str();
        let name = ctx.name(id, component.spec.kind().max_name_length());
        // The plan names no engine version: the current major of each engine.
        let (version, parameter_group, port) = match cache.engine {
            CacheEngine::Redis => ("7.1", "default.redis7", 6379),
            CacheEngine::Valkey => ("8.0", "default.valkey8", 6379),
            CacheEngine::Memcached => ("1.6.22", "default.memcached1.6", 11211),
        };
        let subnet_group = ctx.add(new(
            &Address::new(id, "aws_elasticache_subnet_group", "this"),
            Properties::ElastiCacheSubnetGroup(ElastiCacheSubnetGroup {
                name: name.clone(),
                subnet_ids: network.private_subnets.iter().map(Ref::id).collect(),
            }),
        ));
        let sg = security_group(ctx, component, network, "cache", "Cache: in from the plan's connections only", true);
        let key = ctx.key("data");
        let token = cache.encryption_in_transit.then(|| {
            ctx.add(new(
                &Address::new(id, "aws_secretsmanager_secret", "auth_token"),
                Properties::SecretsManagerSecret(SecretsManagerSecret {
                    name: format!("{name}-auth-token"),
                    description: format!("AUTH token of the {name} cache"),
                    kms_key_id: key.clone(),
                    recovery_window_in_days: 7,
                    // AUTH tokens allow printable ASCII except a few symbols; letters and digits are safe.
                    generated_value: GeneratedSecret {
                        length: 64,
                        exclude_punctuation: true,
                    },
                }),
            ))
        });
        if cache.engine == CacheEngine::Memcached {
            ctx.add(
                new(
                    &Address::new(id, "aws_elasticache_cluster", "memcached"),
                    Properties::ElastiCacheCluster(ElastiCacheCluster {
                        cluster_id: name.clone(),
                        engine: "memcached".into(),
                        engine_version: version.into(),
                        parameter_group_name: parameter_group.into(),
                        node_type: cache.node_type.clone(),
                        num_cache_nodes: cache.nodes,
                        port,
                        az_mode: if cache.nodes > 1 { "cross-az" } else { "single-az" }.into(),
                        subnet_group_name: Ref::name(&subnet_group),
                        security_group_ids: vec![Ref::id(&sg)],
                        transit_encryption_enabled: cache.encryption_in_transit,
                    }),
                )
                .named(&name),
            );
            return;
        }
        // Failover needs a replica to promote: on with two nodes or more.
        let failover = cache.nodes > 1;
        ctx.add(
            new(
                &Address::new(id, "aws_elasticache_replication_group", "this"),
                Properties::ElastiCacheReplicationGroup(ElastiCacheReplicationGroup {
                    replication_group_id: name.clone(),
                    description: format!("{name} ({})", cache.engine.as_str()),
                    engine: cache.engine.as_str().into(),
                    engine_version: version.into(),
                    parameter_group_name: parameter_group.into(),
                    node_type: cache.node_type.clone(),
                    num_cache_clusters: cache.nodes,
                    port,
                    subnet_group_name: Ref::name(&subnet_group),
                    security_group_ids: vec![Ref::id(&sg)],
                    automatic_failover_enabled: failover,
                    multi_az_enabled: failover,
                    at_rest_encryption_enabled: cache.encryption_at_rest,
                    kms_key_id: if cache.encryption_at_rest { key } else { None },
                    transit_encryption_enabled: cache.encryption_in_transit,
                    auth_token: token.map(|t| Ref::new(&t, Attribute::SecretString)),
                    snapshot_retention_limit_days: 7,
                    snapshot_window: "03:00-04:00".into(),
                    maintenance_window: "sun:05:00-sun:06:00".into(),
                    auto_minor_version_upgrade: true,
                }),
            )
            .named(&name),
        );
    }

    /// Memcached's cluster, or the replication group's first member.
    fn alarm_dimension(&self, id: &str) -> Option<Ref> {
        Some(if self.engine == CacheEngine::Memcached {
            Ref::id(&Address::new(id, "aws_elasticache_cluster", "memcached"))
        } else {
            Ref::new(&Address::new(id, "aws_elasticache_replication_group", "this"), Attribute::FirstMemberClusterId)
        })
    }
}

