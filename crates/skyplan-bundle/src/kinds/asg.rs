//! The AWS resources a asg component implies, as the Terraform export's module makes them.

use super::{in_vpc, BundleKind};
use crate::ctx::*;
use skyplan_core::kinds::Asg as Settings;
use crate::address::{Address, ApplyValue, Attribute, Ref};
use crate::names;
use crate::resources::*;
use skyplan_core::model::{
    ComponentView, Kind,
};

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, network: Option<&Network>) {
        let (asg, network) = (self, in_vpc(network));
        let id = component.id.as_str();
        let name = ctx.name(id, component.spec.kind().max_name_length());
        let sg = security_group(
            ctx,
            component,
            network,
            "instances",
            "Instances: in from the plan's connections only",
            true,
        );
        let role_address = role(ctx, id, "this", format!("{name}-instance"), "ec2.amazonaws.com");
        attach(
            ctx,
            Address::new(id, "aws_iam_role_policy_attachment", "ssm"),
            &role_address,
            "/",
            "AmazonSSMManagedInstanceCore",
        );
        attach(
            ctx,
            Address::new(id, "aws_iam_role_policy_attachment", "cloudwatch_agent"),
            &role_address,
            "/",
            "CloudWatchAgentServerPolicy",
        );
        let statements = bucket_statements(ctx, id);
        if !statements.is_empty() {
            ctx.add(new(
                &Address::new(id, "aws_iam_role_policy", "buckets"),
                Properties::IamRolePolicy(IamRolePolicy {
                    role: Ref::name(&role_address),
                    name: "plan-buckets".into(),
                    statements,
                }),
            ));
        }
        let profile = ctx.add(new(
            &Address::new(id, "aws_iam_instance_profile", "this"),
            Properties::IamInstanceProfile(IamInstanceProfile {
                name: format!("{name}-instance"),
                role: Ref::name(&role_address),
            }),
        ));
        let ami = if names::is_graviton(&asg.instance_type) {
            "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
        } else {
            "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
        };
        // Without NAT gateways, instances reach the internet from public
        // subnets with public IPs; otherwise they stay private.
        let public = !network.has_nat;
        let template = ctx.add(new(
            &Address::new(id, "aws_launch_template", "this"),
            Properties::LaunchTemplate(LaunchTemplate {
                name: name.clone(),
                image_id: Some(ApplyValue::SsmParameter { name: ami.into() }),
                instance_type: Some(asg.instance_type.clone()),
                ebs_optimized: Some(true),
                iam_instance_profile: Some(Ref::arn(&profile)),
                associate_public_ip_address: Some(public),
                security_group_ids: vec![Ref::id(&sg)],
                metadata_options: metadata(),
                detailed_monitoring: true,
                root_volume: root_volume(asg.root_volume_gb),
                instance_tags: ctx.launched_tags(&name),
            }),
        ));
        let load_balancer = ctx
            .connections_to(id)
            .into_iter()
            .find(|(from, _)| from.spec.kind() == Kind::Alb)
            .map(|(from, _)| from.id.clone());
        let target_groups: Vec<Ref> = load_balancer
            .iter()
            .map(|lb| Ref::arn(&Address::new(lb, "aws_lb_target_group", "this")))
            .collect();
        let mut group = new(
            &Address::new(id, "aws_autoscaling_group", "this"),
            Properties::AutoscalingGroup(AutoscalingGroup {
                name: name.clone(),
                min_size: asg.min,
                max_size: asg.max,
                desired_capacity: asg.desired,
                vpc_zone_identifier: if public { &network.public_subnets } else { &network.private_subnets }
                    .iter()
                    .map(Ref::id)
                    .collect(),
                health_check_type: if target_groups.is_empty() { "EC2" } else { "ELB" }.into(),
                target_group_arns: target_groups,
                health_check_grace_period_seconds: 300,
                launch_template_id: Ref::id(&template),
                instance_refresh_min_healthy_percentage: 90,
                propagated_tags: ctx.launched_tags(&name),
            }),
        )
        .named(&name);
        if !public {
            for route in &network.nat_routes {
                group = group.after(route);
            }
        }
        let group = ctx.add(group);
        ctx.add(new(
            &Address::new(id, "aws_autoscaling_policy", "cpu"),
            Properties::AutoscalingPolicy(AutoscalingPolicy {
                name: format!("{name}-cpu"),
                autoscaling_group_name: Ref::name(&group),
                policy_type: "TargetTrackingScaling".into(),
                predefined_metric_type: "ASGAverageCPUUtilization".into(),
                resource_label: None,
                target_value: CPU_TARGET_PERCENT,
            }),
        ));
        if let Some(lb) = &load_balancer {
            ctx.add(new(
                &Address::new(id, "aws_autoscaling_policy", "requests"),
                Properties::AutoscalingPolicy(AutoscalingPolicy {
                    name: format!("{name}-requests"),
                    autoscaling_group_name: Ref::name(&group),
                    policy_type: "TargetTrackingScaling".into(),
                    predefined_metric_type: "ALBRequestCountPerTarget".into(),
                    resource_label: Some(RequestCountLabel {
                        load_balancer: Ref::new(&Address::new(lb, "aws_lb", "this"), Attribute::ArnSuffix),
                        target_group: Ref::new(&Address::new(lb, "aws_lb_target_group", "this"), Attribute::ArnSuffix),
                    }),
                    target_value: REQUESTS_PER_TARGET,
                }),
            ));
        }
        if let Some(crons) = ctx.schedule() {
            let zone = ctx.options.schedule_time_zone.clone();
            for (label, recurrence, (min, max, desired)) in [
                ("start", crons.asg_start, (asg.min, asg.max, asg.desired)),
                ("stop", crons.asg_stop, (0, 0, 0)),
            ] {
                ctx.add(new(
                    &Address::new(id, "aws_autoscaling_schedule", label),
                    Properties::AutoscalingSchedule(AutoscalingSchedule {
                        scheduled_action_name: format!("{name}-{label}"),
                        autoscaling_group_name: Ref::name(&group),
                        recurrence,
                        time_zone: zone.clone(),
                        min_size: min,
                        max_size: max,
                        desired_capacity: desired,
                    }),
                ));
            }
        }
    }

    fn alarm_dimension(&self, id: &str) -> Option<Ref> {
        Some(Ref::name(&Address::new(id, "aws_autoscaling_group", "this")))
    }
}

