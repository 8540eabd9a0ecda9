//! The AWS resources a waf component implies, as the Terraform export's module makes them.

use super::BundleKind;
use crate::ctx::*;
use skyplan_core::kinds::Waf as Settings;
use crate::address::{Address, Ref};
use crate::names;
use crate::resources::*;
use skyplan_core::model::{
    ComponentView, Kind, WafScope,
};
use std::collections::BTreeSet;

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, _network: Option<&Network>) {
        let waf = self;
        let id = component.id.as_str();
        let name = ctx.name(id, component.spec.kind().max_name_length());
        let mut used = BTreeSet::new();
        let rules = waf
            .rules
            .iter()
            .enumerate()
            .map(|(priority, rule)| {
                let rule_name = match rule {
                    skyplan_core::model::WafRule::RateLimit { name, .. } | skyplan_core::model::WafRule::Managed { name } => name,
                };
                let base = names::loose_identifier(rule_name);
                let mut key = base.clone();
                let mut n = 2;
                while !used.insert(key.clone()) {
                    key = format!("{base}_{n}");
                    n += 1;
                }
                match rule {
                    skyplan_core::model::WafRule::RateLimit { limit, .. } => WafRule::RateLimit {
                        name: key,
                        priority: priority as u32,
                        limit: *limit,
                    },
                    skyplan_core::model::WafRule::Managed { name } => WafRule::Managed {
                        name: key,
                        priority: priority as u32,
                        rule_group: name.clone(),
                    },
                }
            })
            .collect();
        let cloudfront = waf.scope == WafScope::Cloudfront;
        let acl = ctx.add(
            new(
                &Address::new(id, "aws_wafv2_web_acl", "this"),
                Properties::WafWebAcl(WafWebAcl {
                    name: name.clone(),
                    description: format!("Web ACL of {name}"),
                    scope: if cloudfront { "CLOUDFRONT" } else { "REGIONAL" }.into(),
                    rules,
                }),
            )
            .optional(true),
        );
        if !cloudfront {
            let albs: Vec<String> = ctx
                .env
                .components
                .iter()
                .filter(|c| c.spec.kind() == Kind::Alb)
                .map(|c| c.id.clone())
                .collect();
            for alb in albs {
                let key = ctx.ident(&alb);
                ctx.add(
                    new(
                        &Address::keyed(id, "aws_wafv2_web_acl_association", "this", &key),
                        Properties::WafWebAclAssociation(WafWebAclAssociation {
                            resource_arn: Ref::arn(&Address::new(&alb, "aws_lb", "this")),
                            web_acl_arn: Ref::arn(&acl),
                        }),
                    )
                    .optional(true),
                );
            }
        }
    }
}

