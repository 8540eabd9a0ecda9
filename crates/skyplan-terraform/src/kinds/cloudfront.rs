//! The cloudfront component in an environment's root: its module call, variables and outputs.

use super::TerraformKind;
use crate::ctx::*;
use crate::dsl::*;
use crate::modules::Module;
use crate::names::{price_class};
use crate::ExportError;
use hcl::Expression;
use skyplan_core::aws::Geography;
use skyplan_core::aws::OriginKind;
use skyplan_core::model::{
    ComponentView, Spec, WafScope,
};
use skyplan_core::kinds::CloudFront;
use std::collections::BTreeSet;

const OWN_MODULE: Module = Module { dir: "cloudfront", files: crate::modules::cloudfront::files };

impl TerraformKind for CloudFront {
    const MODULE: Option<Module> = Some(OWN_MODULE);

    fn part(&self, ctx: &mut Ctx, component: &ComponentView) -> Result<Part, ExportError> {
        let cdn = self;
        let geographies: BTreeSet<Geography> =
            cdn.data_out_gb.keys().chain(cdn.https_requests.keys()).chain(cdn.http_requests.keys()).copied().collect();
        let mut s3_origins = Vec::new();
        let mut alb_origins = Vec::new();
        let mut alb_domains = Vec::new();
        let mut default_origin = None;
        for origin in &cdn.origins {
            let Some(target) = ctx.component(origin) else {
                ctx.note(format!("{}: origin {origin} is left out of this environment", component.id));
                continue;
            };
            let ident = ctx.ident(origin).to_string();
            match target.spec.kind().origin() {
                Some(OriginKind::Bucket) => s3_origins.push((origin.clone(), module_out(&ident, "bucket_regional_domain_name"))),
                Some(OriginKind::LoadBalancer) => {
                    alb_origins.push((origin.clone(), index(setting(ctx, component, "alb_origin_domains"), s(origin))));
                    alb_domains.push((origin.clone(), s(format!("{origin}.example.com"))));
                }
                // The plan's checks refuse such an origin.
                None => continue,
            }
            default_origin.get_or_insert_with(|| origin.clone());
        }
        let waf = ctx
            .env
            .components
            .iter()
            .find(|c| matches!(&c.spec, Spec::Waf(w) if w.scope == WafScope::Cloudfront))
            .map(|c| module_out(ctx.ident(&c.id), "web_acl_arn"))
            .unwrap_or(Expression::Null);
        let ty_expr = object_of(vec![("price_class", ty("string")), ("alb_origin_domains", map_of(ty("string")))]);
        let value = obj(vec![("price_class", s(price_class(&geographies))), ("alb_origin_domains", obj_str(alb_domains))]);
        let Some(default_origin) = default_origin else {
            ctx.note(format!("{}: no origin in this environment, so no distribution", component.id));
            return Ok(Part::nothing());
        };
        let module = module_block(ctx, component, OWN_MODULE, ctx.name(&component.id, component.spec.kind().max_name_length()))
            .attr("s3_origins", obj_str(s3_origins))
            .attr("alb_origins", obj_str(alb_origins))
            .attr("default_origin", s(default_origin))
            .attr("price_class", setting(ctx, component, "price_class"))
            .attr("web_acl_arn", waf);
        Ok(Part {
            module: Some(module),
            variable: Some((ty_expr, describe(component), value)),
            outputs: vec![out(ctx, component, "domain_name", "Domain name of the distribution.")],
        })
    }
}

