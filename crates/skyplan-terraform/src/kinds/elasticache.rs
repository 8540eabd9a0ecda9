//! The elasticache component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use hcl::Expression;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::ExportError;
use skyplan_core::aws::CacheEngine;
use skyplan_core::model::ComponentView;
use skyplan_core::kinds::ElastiCache;

const OWN_MODULE: Module = Module { dir: "elasticache", files: crate::modules::elasticache::files };

impl TerraformKind for ElastiCache {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let cache = self;
        let (ingress, egress) = sg_rules(ctx, component);
        // The plan names no engine version: the current major of each engine.
        let (version, parameter_group, port) = match cache.engine {
            CacheEngine::Redis => ("7.1", "default.redis7", 6379),
            CacheEngine::Valkey => ("8.0", "default.valkey8", 6379),
            CacheEngine::Memcached => ("1.6.22", "default.memcached1.6", 11211),
        };
        let ty_expr = object_of(vec![
            ("engine", ty("string")),
            ("engine_version", ty("string")),
            ("parameter_group_name", ty("string")),
            ("node_type", ty("string")),
            ("nodes", ty("number")),
            ("at_rest_encryption", ty("bool")),
            ("transit_encryption", ty("bool")),
        ]);
        let value = obj(vec![
            ("engine", s(cache.engine.as_str())),
            ("engine_version", s(version)),
            ("parameter_group_name", s(parameter_group)),
            ("node_type", s(&cache.node_type)),
            ("nodes", num(cache.nodes)),
            ("at_rest_encryption", boolean(cache.encryption_at_rest)),
            ("transit_encryption", boolean(cache.encryption_in_transit)),
        ]);
        // Failover needs a replica to promote: on with two nodes or more. A
        // literal here (not an expression in the module) so scanners see it.
        let failover = cache.nodes > 1 && cache.engine != CacheEngine::Memcached;
        let mut module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length()))
            .attr("vpc_id", vpc_out(ctx, "vpc_id"))
            .attr("subnet_ids", private_subnets(ctx));
        for field in ["engine", "engine_version", "parameter_group_name", "node_type", "nodes", "at_rest_encryption", "transit_encryption"] {
            module = module.attr(field, setting(ctx, component, field));
        }
        module = module.attr("port", num(port as u32)).attr("automatic_failover", boolean(failover)).attr("ingress", ingress).attr("egress", egress).attr("kms_key_arn", ctx.key("data"));
        Ok(Part {
            module: Some(module),
            variable: Some((ty_expr, describe(component), value)),
            outputs: vec![out(ctx, component, "endpoint", "Endpoint of the cache.")],
        })
    }

    fn alarm_dimension(&self, ident: &str) -> Option<Expression> {
        Some(module_out(ident, "cluster_id"))
    }
}

