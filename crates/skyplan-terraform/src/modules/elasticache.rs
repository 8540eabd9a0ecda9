//! ElastiCache: a Redis or Valkey replication group (encryption at rest and
//! in transit, an AUTH token generated into Secrets Manager, automatic
//! failover and Multi-AZ with two nodes or more, snapshots), or a Memcached
//! cluster; private subnets only.

use super::shared::{common_variables, kms_variable, sg_rule_resources, sg_rules_variable, ModuleFiles};
use crate::dsl::*;
use hcl::expr::BinaryOperator;

pub fn files() -> ModuleFiles {
    let is_memcached = || eq(var("engine"), s("memcached"));
    let with_token = || cond(var("transit_encryption"), num(1u64), num(0u64));
    let several = || bin(var("nodes"), BinaryOperator::Greater, num(1u64));
    let main = File::new()
        .block(
            B::resource("aws_elasticache_subnet_group", "this")
                .attr("name", var("name"))
                .attr("subnet_ids", var("subnet_ids"))
                .attr("tags", var("tags")),
        )
        .block(
            B::resource("aws_security_group", "this")
                .attr("name", tmpl("${var.name}-cache"))
                .attr("description", s("Cache: in from the plan's connections only"))
                .attr("vpc_id", var("vpc_id"))
                .attr("tags", tags_with_name(tmpl("${var.name}-cache"))),
        )
        .blocks(sg_rule_resources())
        .block(
            B::resource("aws_secretsmanager_secret", "auth_token")
                .comment("checkov:skip=CKV2_AWS_57:An AUTH token rotates through ModifyReplicationGroup, which a rotation Lambda of your own must call; README.md says how")
                .attr("count", with_token())
                .attr("name_prefix", tmpl("${var.name}-auth-token-"))
                .attr("description", tmpl("AUTH token of the ${var.name} cache"))
                .attr("kms_key_id", var("kms_key_arn"))
                .attr("recovery_window_in_days", num(7u64))
                .attr("tags", var("tags")),
        )
        .block(
            B::data("aws_secretsmanager_random_password", "auth_token")
                .attr("count", with_token())
                .attr("password_length", num(64u64))
                .comment("AUTH tokens allow printable ASCII except a few symbols; letters and digits are safe.")
                .attr("exclude_punctuation", true),
        )
        .block(
            B::resource("aws_secretsmanager_secret_version", "auth_token")
                .attr("count", with_token())
                .attr("secret_id", r("aws_secretsmanager_secret.auth_token[0].id"))
                .attr("secret_string", r("data.aws_secretsmanager_random_password.auth_token[0].random_password"))
                .block(
                    B::new("lifecycle")
                        .comment("The generator answers anew on every plan; the first token stays.")
                        .attr("ignore_changes", list(vec![r("secret_string")])),
                ),
        )
        .block(
            B::resource("aws_elasticache_replication_group", "this")
                .attr("count", cond(is_memcached(), num(0u64), num(1u64)))
                .attr("replication_group_id", var("name"))
                .attr("description", tmpl("${var.name} (${var.engine})"))
                .attr("engine", var("engine"))
                .attr("engine_version", var("engine_version"))
                .attr("parameter_group_name", var("parameter_group_name"))
                .attr("node_type", var("node_type"))
                .attr("num_cache_clusters", var("nodes"))
                .attr("port", var("port"))
                .attr("subnet_group_name", r("aws_elasticache_subnet_group.this.name"))
                .attr("security_group_ids", list(vec![r("aws_security_group.this.id")]))
                .attr("automatic_failover_enabled", var("automatic_failover"))
                .attr("multi_az_enabled", var("automatic_failover"))
                .attr("at_rest_encryption_enabled", var("at_rest_encryption"))
                .attr("kms_key_id", cond(var("at_rest_encryption"), var("kms_key_arn"), null()))
                .attr("transit_encryption_enabled", var("transit_encryption"))
                .attr("auth_token", cond(var("transit_encryption"), call("one", vec![r("aws_secretsmanager_secret_version.auth_token[*].secret_string")]), null()))
                .attr("snapshot_retention_limit", var("snapshot_retention_days"))
                .attr("snapshot_window", s("03:00-04:00"))
                .attr("maintenance_window", s("sun:05:00-sun:06:00"))
                .attr("auto_minor_version_upgrade", true)
                .attr("tags", tags_with_name(var("name"))),
        )
        .block(
            B::resource("aws_elasticache_cluster", "memcached")
                .attr("count", cond(is_memcached(), num(1u64), num(0u64)))
                .attr("cluster_id", var("name"))
                .attr("engine", s("memcached"))
                .attr("engine_version", var("engine_version"))
                .attr("parameter_group_name", var("parameter_group_name"))
                .attr("node_type", var("node_type"))
                .attr("num_cache_nodes", var("nodes"))
                .attr("port", var("port"))
                .attr("az_mode", cond(several(), s("cross-az"), s("single-az")))
                .attr("subnet_group_name", r("aws_elasticache_subnet_group.this.name"))
                .attr("security_group_ids", list(vec![r("aws_security_group.this.id")]))
                .attr("transit_encryption_enabled", var("transit_encryption"))
                .attr("tags", tags_with_name(var("name"))),
        );

    let variables = File::new()
        .blocks(common_variables())
        .block(variable("vpc_id", ty("string"), "VPC of the cache.", None))
        .block(variable("subnet_ids", list_of(ty("string")), "Private subnets of the cache.", None))
        .block(variable("engine", ty("string"), "redis, valkey or memcached.", None))
        .block(variable("engine_version", ty("string"), "Engine version.", None))
        .block(variable("parameter_group_name", ty("string"), "Parameter group matching the engine version.", None))
        .block(variable("node_type", ty("string"), "Node type, e.g. cache.r5.large.", None))
        .block(variable("nodes", ty("number"), "Nodes: a primary and replicas (Redis, Valkey) or cluster nodes (Memcached).", None))
        .block(variable("port", ty("number"), "Port of the cache.", None))
        .block(variable(
            "automatic_failover",
            ty("bool"),
            "Whether a replica in another AZ takes over from a failed primary (needs two nodes or more).",
            None,
        ))
        .block(variable("at_rest_encryption", ty("bool"), "Whether data at rest is encrypted.", Some(true.into())))
        .block(variable(
            "transit_encryption",
            ty("bool"),
            "Whether connections use TLS (and, for Redis and Valkey, an AUTH token).",
            Some(true.into()),
        ))
        .block(variable("snapshot_retention_days", ty("number"), "Days daily snapshots are kept (Redis, Valkey).", Some(num(7u64))))
        .block(sg_rules_variable("ingress", "Who may connect to the cache, by source name."))
        .block(sg_rules_variable("egress", "Where the cache may connect (nothing by default)."))
        .block(kms_variable());

    let outputs = File::new()
        .block(output(
            "endpoint",
            call(
                "try",
                vec![
                    r("aws_elasticache_replication_group.this[0].primary_endpoint_address"),
                    r("aws_elasticache_cluster.memcached[0].configuration_endpoint"),
                ],
            ),
            "Endpoint applications connect to.",
        ))
        .block(output(
            "cluster_id",
            call(
                "try",
                vec![
                    index(call("sort", vec![r("aws_elasticache_replication_group.this[0].member_clusters")]), num(0u64)),
                    r("aws_elasticache_cluster.memcached[0].cluster_id"),
                ],
            ),
            "A member cluster (the first), for CloudWatch dimensions.",
        ))
        .block(output(
            "auth_token_secret_arn",
            call("one", vec![r("aws_secretsmanager_secret.auth_token[*].arn")]),
            "Secrets Manager secret holding the AUTH token, if any.",
        ))
        .block(output("security_group_id", r("aws_security_group.this.id"), "Security group of the cache."));

    ModuleFiles { main, variables, outputs }
}
