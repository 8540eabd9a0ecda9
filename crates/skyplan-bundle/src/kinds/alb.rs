//! The AWS resources a alb component implies, as the Terraform export's module makes them.

use super::{in_vpc, BundleKind};
use crate::ctx::*;
use skyplan_core::kinds::Alb as Settings;
use crate::address::{Address, ApplyValue, Ref};
use crate::resources::*;
use skyplan_core::model::{
    AlbScheme, ComponentView, Kind,
};

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, network: Option<&Network>) {
        let (alb, network) = (self, in_vpc(network));
        let id = component.id.as_str();
        let name = ctx.name(id, component.spec.kind().max_name_length());
        let internal = alb.scheme == AlbScheme::Internal;
        let fronted = fronted_by_cloudfront(ctx, id);
        let sg = security_group(
            ctx,
            component,
            network,
            "alb",
            "Load balancer: HTTPS from its allowed sources, out to its targets only",
            false,
        );
        let cidrs: Vec<String> = if internal {
            vec![network.cidr.clone()]
        } else if fronted {
            Vec::new()
        } else {
            vec!["0.0.0.0/0".into()]
        };
        for cidr in &cidrs {
            for (label, port, what) in [
                ("https", 443, "HTTPS from the internet"),
                ("http", 80, "HTTP from the internet, answered with a redirect to HTTPS"),
            ] {
                let mut r = rule(&sg, what.into(), port);
                r.cidr_ipv4 = Some(cidr.clone());
                ctx.add(new(
                    &Address::keyed(id, "aws_vpc_security_group_ingress_rule", label, cidr),
                    Properties::SecurityGroupIngressRule(r),
                ));
            }
        }
        if fronted && !internal {
            let mut r = rule(&sg, "HTTPS from CloudFront origin-facing servers".into(), 443);
            r.managed_prefix_list_name = Some("com.amazonaws.global.cloudfront.origin-facing".into());
            ctx.add(new(
                &Address::new(id, "aws_vpc_security_group_ingress_rule", "cloudfront"),
                Properties::SecurityGroupIngressRule(r),
            ));
        }
        let targets: Vec<(&ComponentView, u16)> = ctx
            .connections_from(id)
            .into_iter()
            .filter(|(to, _)| to.spec.kind().in_vpc())
            .collect();
        let (target_port, target_type) = match targets.first() {
            Some((to, port)) => (*port, if to.spec.kind() == Kind::Asg { "instance" } else { "ip" }),
            None => (80, "instance"),
        };
        for (to, _) in targets.iter().skip(1) {
            ctx.note(format!(
                "{id}: only the first target ({}) is attached to the target group; attach {} yourself",
                targets[0].0.id, to.id
            ));
        }
        if let Some((to, _)) = targets.first() {
            if to.spec.kind() == Kind::Eks {
                ctx.note(format!(
                    "{id}: the target group (type ip) of {} is filled by the AWS Load Balancer Controller's TargetGroupBinding, which the bundle does not install",
                    to.id
                ));
            }
        }
        let subnets = if internal { &network.private_subnets } else { &network.public_subnets };
        let lb = ctx.add(
            new(
                &Address::new(id, "aws_lb", "this"),
                Properties::Lb(Lb {
                    name: name.clone(),
                    internal,
                    load_balancer_type: "application".into(),
                    security_groups: vec![Ref::id(&sg)],
                    subnets: subnets.iter().map(Ref::id).collect(),
                    drop_invalid_header_fields: true,
                    enable_deletion_protection: ctx.production,
                }),
            )
            .named(&name),
        );
        let tg = ctx.add(
            new(
                &Address::new(id, "aws_lb_target_group", "this"),
                Properties::LbTargetGroup(LbTargetGroup {
                    name: name.clone(),
                    port: target_port,
                    protocol: "HTTP".into(),
                    vpc_id: Ref::id(&network.vpc),
                    target_type: target_type.into(),
                    deregistration_delay_seconds: 30,
                    health_check: HealthCheck {
                        path: "/".into(),
                        matcher: "200-399".into(),
                        interval_seconds: 15,
                        healthy_threshold: 2,
                        unhealthy_threshold: 3,
                    },
                }),
            )
            .named(&name),
        );
        let certificate = match &ctx.options.certificate_arn {
            Some(arn) => ApplyValue::Literal { value: arn.clone() },
            None => ApplyValue::Input {
                name: "certificate_arn".into(),
                description: "ARN of the ACM certificate (in the bundle's region) of the load balancer's domain".into(),
            },
        };
        ctx.add(new(
            &Address::new(id, "aws_lb_listener", "https"),
            Properties::LbListener(LbListener {
                load_balancer_arn: Ref::arn(&lb),
                port: 443,
                protocol: "HTTPS".into(),
                ssl_policy: Some(SSL_POLICY.into()),
                certificate_arn: Some(certificate),
                default_action: ListenerAction::Forward {
                    target_group_arn: Ref::arn(&tg),
                },
            }),
        ));
        ctx.add(new(
            &Address::new(id, "aws_lb_listener", "http"),
            Properties::LbListener(LbListener {
                load_balancer_arn: Ref::arn(&lb),
                port: 80,
                protocol: "HTTP".into(),
                ssl_policy: None,
                certificate_arn: None,
                default_action: ListenerAction::Redirect {
                    port: "443".into(),
                    protocol: "HTTPS".into(),
                    status_code: "HTTP_301".into(),
                },
            }),
        ));
    }
}

