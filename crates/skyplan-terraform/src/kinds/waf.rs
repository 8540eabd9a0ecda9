//! The waf component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::names;
use crate::ExportError;
use hcl::Expression;
use skyplan_core::model::{
    ComponentView, Kind, WafRule, WafScope,
};
use skyplan_core::kinds::Waf;
use std::collections::BTreeSet;

const OWN_MODULE: Module = Module { dir: "waf", files: crate::modules::waf::files };

impl TerraformKind for Waf {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let waf = self;
        let mut rate = Vec::new();
        let mut managed = Vec::new();
        let mut used = BTreeSet::new();
        for (priority, rule) in waf.rules.iter().enumerate() {
            let name = match rule {
                WafRule::RateLimit { name, .. } | WafRule::Managed { name } => name,
            };
            // Rule names become identifiers (WAF allows letters, digits, _ and -).
            let mut key = names::loose_identifier(name);
            let base = key.clone();
            let mut n = 2;
            while !used.insert(key.clone()) {
                key = format!("{base}_{n}");
                n += 1;
            }
            match rule {
                WafRule::RateLimit { limit, .. } => rate.push((key, obj(vec![("priority", num(priority as u64)), ("limit", num(*limit))]))),
                WafRule::Managed { name } => managed.push((key, obj(vec![("priority", num(priority as u64)), ("name", s(name))]))),
            }
        }
        let ty_expr = object_of(vec![
            ("rate_limit_rules", map_of(object_of(vec![("priority", ty("number")), ("limit", ty("number"))]))),
            ("managed_rules", map_of(object_of(vec![("priority", ty("number")), ("name", ty("string"))]))),
        ]);
        let value = obj(vec![("rate_limit_rules", obj_str(rate)), ("managed_rules", obj_str(managed))]);
        let cloudfront = waf.scope == WafScope::Cloudfront;
        let mut module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length()))
            .attr("scope", s(if cloudfront { "CLOUDFRONT" } else { "REGIONAL" }))
            .attr("rate_limit_rules", setting(ctx, component, "rate_limit_rules"))
            .attr("managed_rules", setting(ctx, component, "managed_rules"));
        if cloudfront {
            // The key of the logs lives in the plan's region; CloudFront's ACL logs
            // in us-east-1, so they use the default encryption unless both agree.
            let same_region = ctx.plan.plan().region == "us-east-1";
            module = module
                .attr("kms_key_arn", if same_region { ctx.key("logs") } else { null() })
                .attr("providers", obj(vec![("aws", r("aws.us_east_1"))]));
        } else {
            let albs: Vec<(String, Expression)> = ctx
                .env
                .components
                .iter()
                .filter(|c| c.spec.kind() == Kind::Alb)
                .map(|c| (ctx.ident(&c.id).to_string(), module_out(ctx.ident(&c.id), "arn")))
                .collect();
            module = module.attr("associated_resource_arns", obj_str(albs)).attr("kms_key_arn", ctx.key("logs"));
        }
        Ok(Part {
            module: Some(module),
            variable: Some((ty_expr, describe(component), value)),
            outputs: vec![out(ctx, component, "web_acl_arn", "ARN of the web ACL.")],
        })
    }
}

